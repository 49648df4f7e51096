// The customer page's returns section: their requests, newest first, each
// opening its detail.
import { useTranslation } from "react-i18next";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useLoaded } from "../../app/useLoaded";
import { formatDate } from "../../lib/dates";
import { ipc } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";
import { useReasonLabel } from "./labels";
import { ReturnStatusBadge } from "./ReturnStatusBadge";

/** One person rarely has more; the returns list has them all. */
const SHOWN_RETURNS = 100;

export function CustomerReturns({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const reasonLabel = useReasonLabel();
  const { data: returns } = useLoaded(
    () => ipc.returnsList({ status: null, reason_id: null, min_age_days: null, customer_id: customerId }, SHOWN_RETURNS, 0),
    [customerId],
    ["returns"],
  );

  return (
    <section className="returns-section" aria-labelledby="customer-returns-heading" data-testid="customer-returns">
      <header className="section-header">
        <h2 id="customer-returns-heading">{t("customer_returns.title")}</h2>
      </header>
      {returns === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : returns.length === 0 ? (
        <p className="muted" data-testid="customer-returns-empty">
          {t("customer_returns.none")}
        </p>
      ) : (
        <div className="card table-card">
          <table className="table compact">
            <caption className="visually-hidden">{t("customer_returns.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("returns.col.id")}</th>
                <th scope="col">{t("returns.col.date")}</th>
                <th scope="col">{t("returns.col.order")}</th>
                <th scope="col">{t("returns.col.reason")}</th>
                <th scope="col">{t("returns.col.status")}</th>
                <th scope="col" className="num">
                  {t("returns.col.amount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {returns.map((r) => (
                <tr key={r.id} data-testid="customer-return">
                  <td className="mono">
                    <a href={href(paths.returnRequest(r.id))}>{t("returns.id", { id: r.id })}</a>
                  </td>
                  <td className="nowrap">{formatDate(r.created_at, locale)}</td>
                  <td className="mono">{r.order_number}</td>
                  <td>{reasonLabel(r.reason)}</td>
                  <td>
                    <ReturnStatusBadge status={r.status} />
                  </td>
                  <td className="num nowrap">{formatMoney(r.amount_minor, r.currency, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
