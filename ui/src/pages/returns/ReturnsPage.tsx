// Returns: every request, newest first, filtered by status, reason or age
// (to find the ones waiting too long), with the returns rate and the top
// reasons of the last twelve months above the list.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, navigate, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { VirtualTable } from "../../components/VirtualTable";
import { RETURN_AGES, RETURN_STATUSES } from "../../lib/codes";
import { formatDate, monthsBefore } from "../../lib/dates";
import { ipc, type Reason, type ReturnFilter, type ReturnRequest, type ReturnStats, type ReturnStatus } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";
import { usePagedRows } from "../../lib/usePagedRows";
import { useCount } from "../import/messages";
import { useReasonLabel } from "./labels";
import { ReturnStatusBadge } from "./ReturnStatusBadge";

/** The period of the summary line. */
const STATS_MONTHS = 12;

function ReturnStatsLine() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const count = useCount(locale);
  const reasonLabel = useReasonLabel();
  const [stats, setStats] = useState<ReturnStats | null>(null);

  const load = useCallback(() => {
    ipc.returnStats(monthsBefore(STATS_MONTHS)).then(setStats).catch(report);
  }, [report]);
  useEffect(load, [load]);
  useOnChanged(["returns", "orders"], load);

  if (!stats) return null;
  const rate = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(stats.rate);
  return (
    <div className="card stats-line" data-testid="returns-stats">
      <p>
        {stats.orders === 0
          ? t("returns.stats.no_orders", { count: STATS_MONTHS })
          : t("returns.stats.rate", {
              months: STATS_MONTHS,
              rate,
              returned: count(stats.orders_returned),
              orders: count(stats.orders),
            })}
      </p>
      {stats.top_reasons.length > 0 && (
        <p className="muted" data-testid="returns-top-reasons">
          {t("returns.stats.top_reasons", {
            list: stats.top_reasons.map((r) => t("returns.stats.reason_count", { reason: reasonLabel(r.reason), n: count(r.count) })).join(", "),
          })}
        </p>
      )}
    </div>
  );
}

export function ReturnsPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const reasonLabel = useReasonLabel();
  const [status, setStatus] = useState<ReturnStatus | null>(null);
  const [reasonId, setReasonId] = useState<number | null>(null);
  const [minAge, setMinAge] = useState<number | null>(null);
  const [reasons, setReasons] = useState<Reason[]>([]);

  useEffect(() => {
    ipc
      .returnPolicyGet()
      .then((policy) => setReasons(policy.reasons))
      .catch(report);
  }, [report]);

  const fetchPage = useCallback(
    (limit: number, offset: number) => {
      const filter: ReturnFilter = { status, reason_id: reasonId, min_age_days: minAge, customer_id: null };
      return ipc.returnsList(filter, limit, offset);
    },
    [status, reasonId, minAge],
  );
  const { rows, complete, loadingMore, loadMore, reload } = usePagedRows<ReturnRequest>(
    fetchPage,
    JSON.stringify([status, reasonId, minAge]),
    report,
  );
  useOnChanged(["returns", "customers"], reload);

  const filtered = status !== null || reasonId !== null || minAge !== null;
  return (
    <section className="page">
      <header className="page-header">
        <h1>{t("returns.title")}</h1>
        <a className="button" href={href(paths.settingsReturns())} data-testid="returns-policy-link">
          {t("returns.policy_link")}
        </a>
      </header>
      <ReturnStatsLine />
      <p className="muted">{t("returns.how_to_open")}</p>
      <div className="toolbar">
        <label className="inline-field">
          <span>{t("returns.filter.status")}</span>
          <select
            data-testid="returns-filter-status"
            value={status ?? ""}
            onChange={(e) => setStatus(e.target.value === "" ? null : (e.target.value as ReturnStatus))}
          >
            <option value="">{t("returns.filter.all")}</option>
            {RETURN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`return_status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t("returns.filter.reason")}</span>
          <select
            data-testid="returns-filter-reason"
            value={reasonId === null ? "" : String(reasonId)}
            onChange={(e) => setReasonId(e.target.value === "" ? null : Number(e.target.value))}
          >
            <option value="">{t("returns.filter.all")}</option>
            {reasons.map((r) => (
              <option key={r.id} value={String(r.id)}>
                {reasonLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t("returns.filter.age")}</span>
          <select
            data-testid="returns-filter-age"
            value={minAge === null ? "" : String(minAge)}
            onChange={(e) => setMinAge(e.target.value === "" ? null : Number(e.target.value))}
          >
            <option value="">{t("returns.filter.any_age")}</option>
            {RETURN_AGES.map((days) => (
              <option key={days} value={String(days)}>
                {t("returns.filter.older_than", { count: days })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <div className="card empty" data-testid="returns-empty">
          <p>{filtered ? t("returns.no_results_filter") : t("returns.empty")}</p>
        </div>
      ) : (
        <div className="card table-card">
          <VirtualTable
            rows={rows}
            rowKey={(r) => r.id}
            label={t("returns.list_label")}
            className="returns-table table-clickable"
            columns={7}
            complete={complete}
            loadingMore={loadingMore}
            onNearEnd={loadMore}
            head={
              <>
                <th scope="col" className="col-id">
                  {t("returns.col.id")}
                </th>
                <th scope="col" className="col-date">
                  {t("returns.col.date")}
                </th>
                <th scope="col" className="col-name">
                  {t("returns.col.customer")}
                </th>
                <th scope="col" className="col-number">
                  {t("returns.col.order")}
                </th>
                <th scope="col">{t("returns.col.reason")}</th>
                <th scope="col" className="col-status">
                  {t("returns.col.status")}
                </th>
                <th scope="col" className="num col-total">
                  {t("returns.col.amount")}
                </th>
              </>
            }
            rowProps={(r) => ({ "data-testid": "return-row", onClick: () => navigate(paths.returnRequest(r.id)) })}
            cells={(r) => (
              <>
                <td className="mono">
                  <a href={href(paths.returnRequest(r.id))} onClick={(e) => e.stopPropagation()}>
                    {t("returns.id", { id: r.id })}
                  </a>
                </td>
                <td className="nowrap">{formatDate(r.created_at, locale)}</td>
                <td>{r.customer_name}</td>
                <td className="mono">{r.order_number}</td>
                <td>{reasonLabel(r.reason)}</td>
                <td>
                  <ReturnStatusBadge status={r.status} />
                </td>
                <td className="num nowrap">{formatMoney(r.amount_minor, r.currency, locale)}</td>
              </>
            )}
          />
        </div>
      )}
    </section>
  );
}
