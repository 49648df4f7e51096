// Complaints: the active ones by default (oldest due first, as the core
// sorts them), or the overdue, resolved, closed or all of them.
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, navigate, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { VirtualTable } from "../../components/VirtualTable";
import { COMPLAINT_FILTERS } from "../../lib/codes";
import { formatDate, formatTimestamp } from "../../lib/dates";
import { ipc, type ComplaintFilter, type ComplaintSummary } from "../../lib/ipc";
import { usePagedRows } from "../../lib/usePagedRows";
import { ComplaintStatusBadge, OverdueBadge, SeverityBadge, SurveyBadge } from "./badges";
import { useCategoryLabel, useNewComplaintShortcut } from "./labels";

/** The "New complaint" button, with its shortcut. */
export function NewComplaintButton({ customerId = null }: { customerId?: number | null }) {
  const { t } = useTranslation();
  const shortcut = useNewComplaintShortcut();
  return (
    <a
      className="button button-primary"
      href={href(customerId === null ? paths.complaintNew() : paths.complaintNewFor(customerId))}
      data-testid="complaint-new-button"
      aria-keyshortcuts={customerId === null ? shortcut.aria : undefined}
    >
      {customerId === null ? t("complaints.new_with_shortcut", { shortcut: shortcut.text }) : t("complaints.new")}
    </a>
  );
}

/** `initialFilter`: the tab to open on (the link's choice); the active ones otherwise. */
export function ComplaintsPage({ initialFilter = "active" }: { initialFilter?: ComplaintFilter }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const categoryLabel = useCategoryLabel();
  const [filter, setFilter] = useState<ComplaintFilter>(initialFilter);

  const fetchPage = useCallback((limit: number, offset: number) => ipc.complaintsList(filter, limit, offset), [filter]);
  const { rows, complete, loadingMore, loadMore, reload } = usePagedRows<ComplaintSummary>(fetchPage, filter, report);
  useOnChanged(["complaints", "customers", "orders"], reload);

  const open = (c: ComplaintSummary) => navigate(paths.complaint(c.id));

  return (
    <section className="page">
      <header className="page-header">
        <h1>{t("complaints.title")}</h1>
        <div className="header-actions">
          <a className="button" href={href(paths.settingsComplaints())} data-testid="complaints-settings-link">
            {t("complaints.settings_link")}
          </a>
          <NewComplaintButton />
        </div>
      </header>
      <div className="tabs" role="group" aria-label={t("complaints.filter_label")}>
        {COMPLAINT_FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            className="tab tab-button"
            data-testid={`complaints-filter-${f}`}
            aria-pressed={f === filter}
            onClick={() => setFilter(f)}
          >
            {t(`complaint_filter.${f}`)}
          </button>
        ))}
      </div>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <div className="card empty" data-testid="complaints-empty">
          <p>{t(`complaints.empty.${filter}`)}</p>
        </div>
      ) : (
        <div className="card table-card">
          <VirtualTable
            rows={rows}
            rowKey={(c) => c.id}
            label={t("complaints.list_label")}
            className="complaints-table table-clickable"
            columns={9}
            complete={complete}
            loadingMore={loadingMore}
            onNearEnd={loadMore}
            head={
              <>
                <th scope="col" className="col-id">
                  {t("complaints.col.id")}
                </th>
                <th scope="col">{t("complaints.col.severity")}</th>
                <th scope="col">{t("complaints.col.status")}</th>
                <th scope="col">{t("complaints.col.customer")}</th>
                <th scope="col">{t("complaints.col.category")}</th>
                <th scope="col">{t("complaints.col.headline")}</th>
                <th scope="col">{t("complaints.col.order")}</th>
                <th scope="col">{t("complaints.col.due")}</th>
                <th scope="col">{t("complaints.col.created")}</th>
              </>
            }
            rowProps={(c) => ({
              "data-testid": "complaint-row",
              tabIndex: 0,
              className: c.overdue ? "virtual-row row-overdue" : "virtual-row",
              onClick: () => open(c),
              onKeyDown: (e) => {
                if (e.key === "Enter" && e.target === e.currentTarget) open(c);
              },
            })}
            cells={(c) => (
              <>
                <td className="mono">
                  <a href={href(paths.complaint(c.id))} onClick={(e) => e.stopPropagation()}>
                    {t("complaints.id", { id: c.id })}
                  </a>
                </td>
                <td className="nowrap">
                  {c.overdue && <OverdueBadge />} <SeverityBadge severity={c.severity} />
                  {c.source === "survey" && " "}
                  <SurveyBadge complaint={c} />
                </td>
                <td>
                  <ComplaintStatusBadge status={c.status} />
                </td>
                <td className="cell-clip">
                  {c.customer_name}
                  {c.customer_phone && <span className="muted nowrap"> · {c.customer_phone}</span>}
                </td>
                <td>{categoryLabel(c.category)}</td>
                <td className="cell-clip">{c.headline}</td>
                <td className="mono">{c.order_number ?? t("common.none")}</td>
                <td className="nowrap">{c.due_at === null ? t("common.none") : formatTimestamp(c.due_at, locale)}</td>
                <td className="nowrap">{formatDate(c.created_at, locale)}</td>
              </>
            )}
          />
        </div>
      )}
    </section>
  );
}
