import { describe, expect, it } from "vitest";
import { formatFigure, formatMonth, inRange, periodDates, scoresOf, toneOf } from "./surveys";

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("survey rules on screen", () => {
  it("knows each kind's scores", () => {
    expect(scoresOf("nps")).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(scoresOf("csat")).toEqual([1, 2, 3, 4, 5]);
    expect(scoresOf("ces")).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(inRange("csat", 0), "CSAT starts at 1").toBe(false);
    expect(inRange("nps", 0)).toBe(true);
    expect(inRange("ces", 8)).toBe(false);
  });

  it("puts scores in the bands that open follow-up cases", () => {
    expect([6, 7, 8, 9].map((s) => toneOf("nps", s))).toEqual(["low", "mid", "mid", "high"]);
    expect([2, 3, 4].map((s) => toneOf("csat", s))).toEqual(["low", "mid", "high"]);
    expect([3, 4, 5].map((s) => toneOf("ces", s))).toEqual(["low", "mid", "high"]);
  });

  it("writes NPS signed, CSAT as a percentage and CES with one decimal", () => {
    expect(formatFigure("nps", 33.333, "es-ES")).toBe("+33");
    expect(formatFigure("nps", -12.6, "es-ES")).toBe("-13");
    expect(formatFigure("nps", 0.2, "es-ES"), "zero carries no sign").toBe("0");
    expect(formatFigure("nps", -0.2, "es-ES"), "minus zero is zero").toBe("0");
    expect(plain(formatFigure("csat", 75, "es-ES"))).toBe("75 %");
    expect(formatFigure("csat", 75, "en-US")).toBe("75%");
    expect(formatFigure("ces", 5.25, "es-ES")).toBe("5,3");
    expect(formatFigure("ces", 5, "en-US")).toBe("5.0");
    expect(formatFigure("nps", null, "es-ES"), "no answers, no figure").toBe("—");
  });

  it("turns periods into calendar days", () => {
    const now = new Date(2025, 2, 15);
    expect(periodDates("month", now)).toEqual({ from: "2025-03-01", to: "2025-03-15" });
    expect(periodDates("quarter", now)).toEqual({ from: "2025-01-01", to: "2025-03-15" });
    expect(periodDates("year", now)).toEqual({ from: "2024-04-01", to: "2025-03-15" });
    expect(formatMonth("2025-03", "en-US")).toBe("Mar 2025");
  });
});
