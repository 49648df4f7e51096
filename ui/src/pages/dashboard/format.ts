// How the dashboard writes its numbers, in the UI's locale: shares as
// percentages with one decimal, averages with one decimal, and a time to
// resolution in hours while it is short and in days once it is long.
import { useCallback } from "react";
import { useTranslation } from "react-i18next";

/** Beyond this many hours a duration reads better in days. */
const HOURS_BEFORE_DAYS = 48;

/** A share 0–100 as "12,5 %"; null (nothing to divide) is the empty mark. */
export function formatRate(value: number | null, locale: string, empty = "—"): string {
  if (value === null || !Number.isFinite(value)) return empty;
  return new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value / 100);
}

/** A mean as "1,4". */
export function formatDecimal(value: number | null, locale: string, empty = "—"): string {
  if (value === null || !Number.isFinite(value)) return empty;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/** 5.5 → "5,5 h"; 80 → "3,3 días". */
export function useDurationHours(locale: string) {
  const { t } = useTranslation();
  return useCallback(
    (hours: number | null) => {
      if (hours === null || !Number.isFinite(hours)) return t("common.none");
      const number = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
      if (hours < HOURS_BEFORE_DAYS) return t("dashboard.hours", { value: number(hours) });
      const days = Math.round((hours / 24) * 10) / 10;
      return t("dashboard.days", { count: days, value: number(days) });
    },
    [t, locale],
  );
}
