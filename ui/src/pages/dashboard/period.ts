// The dashboard's period: a preset counted back from today (whole calendar
// months, so every month on the charts is complete but the current one), or
// any from/to typed by hand. Days are local calendar days, `YYYY-MM-DD`.
import type { DASHBOARD_PRESETS } from "../../lib/codes";
import { lastMonths, todayLocal, type DayRange } from "../../lib/dates";

export type DashboardPreset = (typeof DASHBOARD_PRESETS)[number];

/** The days a preset covers up to `now`, both ends included. */
export function presetRange(preset: DashboardPreset, now: Date = new Date()): DayRange {
  switch (preset) {
    case "this_year":
      return { from: todayLocal(new Date(now.getFullYear(), 0, 1)), to: todayLocal(now) };
    case "last_3_months":
      return lastMonths(3, now);
    case "last_12_months":
      return lastMonths(12, now);
  }
}
