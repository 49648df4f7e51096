import { afterEach, describe, expect, it } from "vitest";
import { dayRangeValid, formatDay, lastMonths, monthsBefore, parseDateTimeLocal, parseLocalDate, toDateTimeLocal, todayLocal } from "./dates";

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe("dates", () => {
  it("reads YYYY-MM-DD as a local calendar day, also west of Greenwich", () => {
    // In Mexico City, UTC midnight of 1 March is still 29 February.
    process.env.TZ = "America/Mexico_City";
    const day = parseLocalDate("2024-03-01");
    expect(day?.getDate(), "a UTC parse would show the day before").toBe(1);
    expect(day?.getMonth()).toBe(2);
    expect(formatDay("2024-03-01", "es-MX")).toBe("1 mar 2024");
    expect(formatDay("2024-03-01", "en-US")).toBe("Mar 1, 2024");
  });

  it("refuses impossible days and shows unreadable text as is", () => {
    expect(parseLocalDate("2023-02-30")).toBeNull();
    expect(formatDay("not a date", "es-ES")).toBe("not a date");
  });

  it("gives today on the local calendar", () => {
    expect(todayLocal(new Date(2024, 0, 5, 23, 59))).toBe("2024-01-05");
  });

  it("counts months back on the local calendar, across a year", () => {
    expect(monthsBefore(12, new Date(2026, 3, 20, 23, 30)), "the returns summary's last twelve months").toBe("2025-04-20");
    expect(monthsBefore(3, new Date(2026, 1, 10))).toBe("2025-11-10");
  });

  it("gives the last whole calendar months up to today, across a year", () => {
    const now = new Date(2026, 0, 31, 23, 30);
    expect(lastMonths(1, now), "this month alone starts on its 1st").toEqual({ from: "2026-01-01", to: "2026-01-31" });
    expect(lastMonths(3, now), "the dashboard's and the survey results' three months").toEqual({ from: "2025-11-01", to: "2026-01-31" });
  });

  it("takes a period only when both ends are real days in order", () => {
    expect(dayRangeValid({ from: "2025-01-01", to: "2025-01-01" }), "one day is a period").toBe(true);
    expect(dayRangeValid({ from: "2025-02-01", to: "2025-01-31" }), "from after to").toBe(false);
    expect(dayRangeValid({ from: "2025-02-30", to: "2025-03-01" }), "a day that does not exist").toBe(false);
    expect(dayRangeValid({ from: "", to: "2025-03-01" }), "an end still being typed").toBe(false);
  });
});

describe("date-time inputs", () => {
  it("round-trips a local date and time through unix milliseconds", () => {
    const ms = parseDateTimeLocal("2030-03-05T09:07");
    expect(ms, "a well-formed value is read as local time").toBe(new Date(2030, 2, 5, 9, 7).getTime());
    expect(toDateTimeLocal(ms as number)).toBe("2030-03-05T09:07");
    expect(parseDateTimeLocal("2030-02-30T10:00"), "a day that does not exist is refused").toBeNull();
    expect(parseDateTimeLocal(""), "an empty input is not a date").toBeNull();
  });
});
