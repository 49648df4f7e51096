// Dates travel as `YYYY-MM-DD` calendar days. They are read as *local* days:
// `new Date("2024-03-01")` would be UTC midnight, the day before west of Greenwich.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseLocalDate(day: string): Date | null {
  const match = DAY.exec(day.trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Number(y), Number(m) - 1, Number(d));
  return date.getMonth() === Number(m) - 1 ? date : null;
}

/** "2024-03-01" → "1 mar 2024" (es) / "Mar 1, 2024" (en); unreadable text is shown as is. */
export function formatDay(day: string, locale: string): string {
  const date = parseLocalDate(day);
  return date ? new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(date) : day;
}

/** Today on this computer's calendar, as `YYYY-MM-DD`. */
export function todayLocal(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A UTC timestamp (unix ms) as local date and time: "5 mar 2024, 10:30". */
export function formatTimestamp(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(ms));
}

/** A timestamp as the value of an `<input type="datetime-local">` (local time, minutes). */
export function toDateTimeLocal(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${todayLocal(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An `<input type="datetime-local">` value, read as local time → unix ms; null when unreadable. */
export function parseDateTimeLocal(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [, y, m, d, h, min] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, m - 1, d, h, min);
  return date.getMonth() === m - 1 && date.getDate() === d ? date.getTime() : null;
}

/** A UTC timestamp (unix ms) as a local calendar day: "5 mar 2024". */
export function formatDate(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(new Date(ms));
}

/** A period of local days, `YYYY-MM-DD`, both ends included. */
export type DayRange = { from: string; to: string };

/** True when both days are real dates and `from` is not after `to`. */
export function dayRangeValid(range: DayRange): boolean {
  return parseLocalDate(range.from) !== null && parseLocalDate(range.to) !== null && range.from <= range.to;
}

/** The last `months` calendar months including this one (from the 1st), up to today. */
export function lastMonths(months: number, now: Date = new Date()): DayRange {
  return { from: todayLocal(new Date(now.getFullYear(), now.getMonth() - (months - 1), 1)), to: todayLocal(now) };
}

/** The same day `months` months earlier on this computer's calendar, as `YYYY-MM-DD`. */
export function monthsBefore(months: number, now: Date = new Date()): string {
  const date = new Date(now.getFullYear(), now.getMonth() - months, now.getDate());
  return todayLocal(date);
}
