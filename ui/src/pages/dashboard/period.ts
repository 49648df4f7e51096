// The dashboard's period: a preset counted back from today (whole calendar
// months, so every month on the charts is complete but the current one), or
// any from/to typed by hand. Days are local calendar days, `YYYY-MM-DD`.
import type { DASHBOARD_PRESETS } from "../../lib/codes";
import { parseLocalDate, todayLocal } from "../../lib/dates";

export type DashboardPreset = (typeof DASHBOARD_PRESETS)[number];
export type Range = { from: string; to: string };

/** The days a preset covers up to `now`, both ends included. */
export function presetRange(preset: DashboardPreset, now: Date = new Date()): Range {
  const to = todayLocal(now);
  switch (preset) {
    case "this_year":
      return { from: todayLocal(new Date(now.getFullYear(), 0, 1)), to };
    case "last_3_months":
      return { from: todayLocal(new Date(now.getFullYear(), now.getMonth() - 2, 1)), to };
    case "last_12_months":
      return { from: todayLocal(new Date(now.getFullYear(), now.getMonth() - 11, 1)), to };
  }
}

/** True when both days are real dates and `from` is not after `to` (the core checks the length). */
export function rangeValid(range: Range): boolean {
  return parseLocalDate(range.from) !== null && parseLocalDate(range.to) !== null && range.from <= range.to;
}
