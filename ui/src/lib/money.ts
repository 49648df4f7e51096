// Money arrives as integer minor units plus an ISO currency; it is turned into
// a decimal only at the moment it is shown.

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Digits after the decimal separator for `currency` (CLP 0, EUR 2). */
export function minorDigits(currency: string, locale = "en"): number {
  return formatterFor(locale, currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** `1250` EUR in `es-ES` → "12,50 €"; `1250` CLP → "$1.250". */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const formatter = formatterFor(locale, currency);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(minor / 10 ** digits);
}

/**
 * Reads an amount the way people type it ("12,50", "1.234,56", "1,234.56",
 * "7") into minor units, or null when it cannot. For showing a running total
 * only: what is saved is the typed text, which the Rust core parses (and the
 * rules here follow core's `money::parse_amount`).
 */
export function parseAmountLenient(text: string, digits: number): number | null {
  const cleaned = text.replace(/[\s']/g, "");
  if (!/^[\d.,]+$/.test(cleaned)) return null;
  const separators = [...cleaned.matchAll(/[.,]/g)];
  let decimalAt: number | null = null;
  const last = separators[separators.length - 1];
  if (last && last.index !== undefined) {
    const sep = last[0];
    const sameKind = separators.filter((m) => m[0] === sep).length;
    const after = cleaned.length - last.index - 1;
    const mixed = separators.some((m) => m[0] !== sep);
    if (mixed || (sameKind === 1 && after !== 3) || (sameKind === 1 && digits >= 3)) decimalAt = last.index;
  }
  const whole = decimalAt === null ? cleaned : cleaned.slice(0, decimalAt);
  const fraction = decimalAt === null ? "" : cleaned.slice(decimalAt + 1);
  const groups = whole.split(/[.,]/);
  if (groups.slice(1).some((g) => g.length !== 3) || (groups[0] === "" && groups.length > 1)) return null;
  if (!/^\d*$/.test(fraction) || fraction.length > digits) return null;
  const wholeValue = Number(groups.join("") || "0");
  const fractionValue = Number(fraction.padEnd(digits, "0") || "0");
  const value = wholeValue * 10 ** digits + fractionValue;
  return Number.isSafeInteger(value) ? value : null;
}

/** A positive whole quantity as typed ("3"), or null. */
export function parseQuantityLenient(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value > 0 && Number.isSafeInteger(value) ? value : null;
}

/**
 * Minor units as an amount to edit in a text field, the way the locale writes
 * it without grouping: `250` EUR in `es` → "2,50"; what the owner then types
 * is parsed by the core.
 */
export function amountText(minor: number, currency: string, locale: string): string {
  const digits = minorDigits(currency, locale);
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(minor / 10 ** digits);
}
