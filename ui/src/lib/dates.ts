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
