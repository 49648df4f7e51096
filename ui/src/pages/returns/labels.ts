// Translated texts shared by the returns pages: a reason's name, and a broken
// policy rule said with its numbers.
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import { formatDay } from "../../lib/dates";
import type { Outcome, Reason } from "../../lib/ipc";

/** The owner's label, or for a seeded reason left unnamed the translation of its code. */
export function useReasonLabel() {
  const { t } = useTranslation();
  return useCallback(
    (reason: Pick<Reason, "code" | "label">) => {
      const label = reason.label.trim();
      if (label) return label;
      return reason.code ? t(`return_reason.${reason.code}`, { defaultValue: reason.code }) : t("common.none");
    },
    [t],
  );
}

/** What a rule's message needs to name its numbers. */
export type RuleContext = {
  /** The last day of the window, `YYYY-MM-DD` ("" when unknown). */
  deadline: string;
  windowDays: number;
  /** Whether the window counts from the delivery (else from the order's date). */
  delivered: boolean;
  outcome: Outcome;
};

/** A broken rule in full: "Fuera del plazo de devolución: el plazo terminó el 4 abr 2026 (30 días desde la entrega)." */
export function useRuleMessage() {
  const { t } = useTranslation();
  const { locale } = useShop();
  return useCallback(
    (rule: string, ctx: RuleContext) => {
      switch (rule) {
        case "outside_window": {
          if (!ctx.deadline) return t("return_rule.outside_window_plain");
          const values = { deadline: formatDay(ctx.deadline, locale), count: ctx.windowDays };
          return ctx.delivered ? t("return_rule.outside_window_delivered", values) : t("return_rule.outside_window_placed", values);
        }
        case "order_cancelled":
          return t("return_rule.order_cancelled");
        case "outcome_not_offered":
          return t("return_rule.outcome_not_offered", { outcome: t(`outcome.${ctx.outcome}`) });
        default:
          return t("return_rule.unknown", { rule });
      }
    },
    [t, locale],
  );
}
