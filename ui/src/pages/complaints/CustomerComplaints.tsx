// The customer page's complaints section: theirs, each opening its detail,
// and a new one with this customer already chosen.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { formatDate } from "../../lib/dates";
import { ipc, type ComplaintSummary } from "../../lib/ipc";
import { ComplaintStatusBadge, OverdueBadge } from "./badges";
import { NewComplaintButton } from "./ComplaintsPage";
import { useCategoryLabel } from "./labels";

export function CustomerComplaints({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const categoryLabel = useCategoryLabel();
  const [complaints, setComplaints] = useState<ComplaintSummary[] | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let live = true;
    ipc
      .complaintsOfCustomer(customerId)
      .then((found) => live && setComplaints(found))
      .catch((err) => live && report(err));
    return () => {
      live = false;
    };
  }, [customerId, version, report]);
  useOnChanged(["complaints"], reload);

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
