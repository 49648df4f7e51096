// The customer page's complaints section: theirs, each opening its detail,
// and a new one with this customer already chosen.
import { useTranslation } from "react-i18next";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useLoaded } from "../../app/useLoaded";
import { formatDate } from "../../lib/dates";
import { ipc } from "../../lib/ipc";
import { ComplaintStatusBadge, OverdueBadge } from "./badges";
import { NewComplaintButton } from "./ComplaintsPage";
import { useCategoryLabel } from "./labels";

export function CustomerComplaints({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const categoryLabel = useCategoryLabel();
  const { data: complaints } = useLoaded(() => ipc.complaintsOfCustomer(customerId), [customerId], ["complaints"]);

  return (
    <section className="complaints-section" aria-labelledby="customer-complaints-heading" data-testid="customer-complaints">
      <header className="section-header">
        <h2 id="customer-complaints-heading">{t("customer_complaints.title")}</h2>
        <NewComplaintButton customerId={customerId} />
      </header>
      {complaints === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : complaints.length === 0 ? (
        <p className="muted" data-testid="customer-complaints-empty">
          {t("customer_complaints.none")}
        </p>
      ) : (
        <div className="card table-card">
          <table className="table compact">
            <caption className="visually-hidden">{t("customer_complaints.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("complaints.col.id")}</th>
                <th scope="col">{t("complaints.col.created")}</th>
                <th scope="col">{t("complaints.col.status")}</th>
                <th scope="col">{t("complaints.col.category")}</th>
                <th scope="col">{t("complaints.col.headline")}</th>
              </tr>
            </thead>
            <tbody>
              {complaints.map((c) => (
                <tr key={c.id} data-testid="customer-complaint">
                  <td className="mono">
                    <a href={href(paths.complaint(c.id))}>{t("complaints.id", { id: c.id })}</a>
                  </td>
                  <td className="nowrap">{formatDate(c.created_at, locale)}</td>
                  <td className="nowrap">
                    <ComplaintStatusBadge status={c.status} /> {c.overdue && <OverdueBadge />}
                  </td>
                  <td>{categoryLabel(c.category)}</td>
                  <td className="cell-clip">{c.headline}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
