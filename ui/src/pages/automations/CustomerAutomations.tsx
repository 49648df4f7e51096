// The customer page's automatic messages: which rule sent what (and why),
// when, for which order, with which coupon, and how the sending went.
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import { useLoaded } from "../../app/useLoaded";
import { formatTimestamp } from "../../lib/dates";
import { ipc } from "../../lib/ipc";
import { SEND_STATES, useRuleWords } from "./rules";

/** The outbox reports its progress as "campaigns" (the engine) and "mail" (the relay's settings). */
const AREAS = ["automations", "mail", "campaigns"] as const;

const TONES: Record<string, string> = { sent: "badge-success", failed: "badge-danger", skipped: "badge-warning", cancelled: "badge-warning" };

export function CustomerAutomations({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const words = useRuleWords();
  const { data: sent } = useLoaded(() => ipc.automationTimeline(customerId), [customerId], [...AREAS]);

  const state = (code: string | null) =>
    code !== null && (SEND_STATES as readonly string[]).includes(code) ? t(`automation_state.${code}`) : t("common.none");

  return (
    <section className="automations-section" aria-labelledby="customer-automations-heading" data-testid="customer-automations">
      <header className="section-header">
        <h2 id="customer-automations-heading">{t("customer_automations.title")}</h2>
      </header>
      {sent === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : sent.length === 0 ? (
        <p className="muted" data-testid="customer-automations-empty">
          {t("customer_automations.none")}
        </p>
      ) : (
        <div className="card table-card">
          <table className="table compact">
            <caption className="visually-hidden">{t("customer_automations.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("customer_automations.col.rule")}</th>
                <th scope="col">{t("customer_automations.col.at")}</th>
                <th scope="col">{t("customer_automations.col.order")}</th>
                <th scope="col">{t("customer_automations.col.coupon")}</th>
                <th scope="col">{t("customer_automations.col.state")}</th>
              </tr>
            </thead>
            <tbody>
              {sent.map((s) => (
                <tr key={s.id} data-testid="customer-automation-row">
                  <td data-testid="customer-automation-rule">{words.name(s.rule)}</td>
                  <td className="nowrap">{formatTimestamp(s.at, locale)}</td>
                  <td className="mono">{s.order_number ?? t("common.none")}</td>
                  <td className="mono">{s.coupon_code ?? t("common.none")}</td>
                  <td className="nowrap">
                    <span className={`badge ${TONES[s.state ?? ""] ?? ""}`} data-testid="customer-automation-state">
                      {state(s.state)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
