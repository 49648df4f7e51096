// The customer page's survey section: their answers, a score heard on the
// phone typed in while they are on the line, and their follow-up cases.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import { useLoaded } from "../../app/useLoaded";
import { formatTimestamp } from "../../lib/dates";
import { ipc, type Order } from "../../lib/ipc";
import { FollowUpCard } from "./FollowUpCard";
import { PhoneAnswerForm } from "./PhoneAnswerForm";
import { ScoreBadge } from "./ScoreBadge";

export function CustomerSurveys({ customerId, orders }: { customerId: number; orders: Order[] }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  // Remounts the phone form empty after a save.
  const [formKey, setFormKey] = useState(0);
  const { data, reload } = useLoaded(
    async () => {
      const [responses, cases] = await Promise.all([ipc.customerResponses(customerId), ipc.followUpsList(customerId)]);
      return { responses, cases };
    },
    [customerId],
    ["surveys"],
  );
  const responses = data?.responses ?? null;
  const cases = data?.cases ?? [];

  return (
    <section className="surveys-section" aria-labelledby="surveys-heading" data-testid="customer-surveys">
      <header className="section-header">
        <h2 id="surveys-heading">{t("customer_surveys.title")}</h2>
      </header>
      {responses === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : responses.length === 0 ? (
        <p className="muted" data-testid="customer-responses-empty">
          {t("customer_surveys.none")}
        </p>
      ) : (
        <div className="card table-card">
          <table className="table compact" data-testid="customer-responses">
            <caption className="visually-hidden">{t("customer_surveys.answers")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("surveys.col.kind")}</th>
                <th scope="col">{t("surveys.col.score")}</th>
                <th scope="col">{t("surveys.col.comment")}</th>
                <th scope="col">{t("surveys.col.channel")}</th>
                <th scope="col">{t("surveys.col.order")}</th>
                <th scope="col">{t("surveys.col.date")}</th>
              </tr>
            </thead>
            <tbody>
              {responses.map((r) => (
                <tr key={r.id} data-testid="customer-response">
                  <td>{t(`survey_kind.${r.kind}.short`)}</td>
                  <td>
                    <ScoreBadge kind={r.kind} score={r.score} />
                  </td>
                  {/* Customer text is data: rendered as text. */}
                  <td className="comment-text">{r.comment || t("common.none")}</td>
                  <td>{t(`survey_channel.${r.channel}`)}</td>
                  <td className="mono">{r.order_number ?? t("common.none")}</td>
                  <td className="nowrap">{formatTimestamp(r.answered_at, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PhoneAnswerForm
        key={formKey}
        justSaved={formKey > 0}
        customerId={customerId}
        orders={orders}
        onSaved={() => {
          setFormKey((k) => k + 1);
          reload();
        }}
      />
      {cases.length > 0 && (
        <div className="customer-cases" data-testid="customer-follow-ups">
          <h3>{t("customer_surveys.cases")}</h3>
          {cases.map((f) => (
            <FollowUpCard key={f.id} followUp={f} showCustomer={false} onClosed={reload} />
          ))}
        </div>
      )}
    </section>
  );
}
