// Translated texts for the import's codes, shared by its panels.
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { ImportOptions } from "../../lib/ipc";

/**
 * A row problem's (or refused mapping's) message. It names the format the
 * file was read with, so "use dd/mm/yyyy" matches the date order chosen.
 */
export function useProblemMessage() {
  const { t } = useTranslation();
  return useCallback(
    (code: string, options: Pick<ImportOptions, "date_order" | "decimal"> | null) =>
      t(`import.problem.${code}`, {
        date_format: t(`import.date_format.${options?.date_order ?? "dmy"}`),
        decimal_example: t(`import.decimal_example.${options?.decimal ?? "comma"}`),
        defaultValue: t("import.problem_generic"),
      }),
    [t],
  );
}

/** Formats whole numbers the way the shop's locale writes them (12.345 / 12,345). */
export function useCount(locale: string) {
  return useCallback((n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n), [locale]);
}
