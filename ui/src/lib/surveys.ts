// The survey rules the screens need: each kind's score range, which band a
// score falls in, how a figure is written, and the dates of a period. The
// figures themselves are computed by the core.
import type { SurveyKind } from "./bindings";
import type { RESULT_PERIODS, SCORE_TONES } from "./codes";
import { lastMonths, type DayRange } from "./dates";

export type ScoreTone = (typeof SCORE_TONES)[number];
export type ResultPeriod = (typeof RESULT_PERIODS)[number];

/** Lowest and highest score of a kind (as the core's `SurveyKind::scores`). */
export function scoreRange(kind: SurveyKind): [number, number] {
  switch (kind) {
    case "nps":
      return [0, 10];
    case "csat":
      return [1, 5];
    case "ces":
      return [1, 7];
  }
}

/** Every score of a kind, lowest first. */
export function scoresOf(kind: SurveyKind): number[] {
  const [low, high] = scoreRange(kind);
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

export function inRange(kind: SurveyKind, score: number): boolean {
  const [low, high] = scoreRange(kind);
  return Number.isInteger(score) && score >= low && score <= high;
}

/**
 * The band of a score: NPS detractor (0–6) / passive (7–8) / promoter (9–10);
 * CSAT 1–2 / 3 / 4–5; CES 1–3 / 4 / 5–7. "low" is what opens a follow-up case.
 */
export function toneOf(kind: SurveyKind, score: number): ScoreTone {
  switch (kind) {
    case "nps":
      return score <= 6 ? "low" : score <= 8 ? "mid" : "high";
    case "csat":
      return score <= 2 ? "low" : score === 3 ? "mid" : "high";
    case "ces":
      return score <= 3 ? "low" : score === 4 ? "mid" : "high";
  }
}

/**
 * A figure as the owner reads it: NPS as a signed whole number (+25, -10, 0),
 * CSAT as a percentage (75 %), CES as a mean with one decimal (5,3).
 * null (no answers) is the empty mark.
 */
export function formatFigure(kind: SurveyKind, value: number | null, locale: string, empty = "—"): string {
  if (value === null || !Number.isFinite(value)) return empty;
  switch (kind) {
    case "nps": {
      const rounded = Math.round(value);
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: "exceptZero" }).format(rounded === 0 ? 0 : rounded);
    }
    case "csat":
      return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(value / 100);
    case "ces":
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  }
}

/** A share 0–100 as a percentage, whole numbers. */
export function formatPercent(value: number | null, locale: string, empty = "—"): string {
  if (value === null || !Number.isFinite(value)) return empty;
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(value / 100);
}

/** The scale a figure lives on, for drawing bars: [lowest, highest]. */
export function figureScale(kind: SurveyKind): [number, number] {
  switch (kind) {
    case "nps":
      return [-100, 100];
    case "csat":
      return [0, 100];
    case "ces":
      return [1, 7];
  }
}

/**
 * The days a period covers, as `YYYY-MM-DD` (inclusive): this calendar month,
 * or the last 3 / 12 calendar months including this one, up to today.
 */
export function periodDates(period: Exclude<ResultPeriod, "custom">, now: Date = new Date()): DayRange {
  return lastMonths(period === "month" ? 1 : period === "quarter" ? 3 : 12, now);
}

/** "2025-03" → "mar 2025" in the locale; anything else as is. */
export function formatMonth(month: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, 1);
  return new Intl.DateTimeFormat(locale, { month: "short", year: "numeric" }).format(date);
}
