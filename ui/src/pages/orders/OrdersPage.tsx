import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { VirtualTable } from "../../components/VirtualTable";
import { ORDER_SORTS, ORDER_STATUSES } from "../../lib/codes";
import { formatDay } from "../../lib/dates";
import { ipc, type Order, type OrderSort, type OrderStatus } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";
import { useDebounced } from "../../lib/useDebounced";
import { usePagedRows } from "../../lib/usePagedRows";
import { SEARCH_DEBOUNCE_MS } from "../customers/CustomersPage";
import { StatusBadge } from "./OrderCard";

export function OrdersPage() {
  const { t } = useTranslation();
  const { locale } = useShop();
  const { report } = useErrors();
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const [sort, setSort] = useState<OrderSort>("newest");
  const settled = useDebounced(query, SEARCH_DEBOUNCE_MS).trim();

  const fetchPage = useCallback(
    (limit: number, offset: number) => ipc.ordersList(settled, limit, offset, status, sort),
    [settled, status, sort],
  );
  const { rows, complete, loadingMore, loadMore, reload } = usePagedRows<Order>(
    fetchPage,
    JSON.stringify([settled, status, sort]),
    report,
  );
  useOnChanged(["orders", "customers"], reload);

  const filtered = settled !== "" || status !== null;
  return (
    <section className="page">
      <header className="page-header">
        <h1>{t("orders.title")}</h1>
        <a className="button" href={href(paths.importPage())} data-testid="order-import">
          {t("import.open")}
        </a>
      </header>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          data-testid="order-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("orders.search_placeholder")}
          aria-label={t("orders.search_label")}
          autoFocus
        />
        <label className="inline-field">
          <span>{t("orders.status_filter")}</span>
          <select
            data-testid="order-status-filter"
            value={status ?? ""}
            onChange={(e) => setStatus(e.target.value === "" ? null : (e.target.value as OrderStatus))}
          >
            <option value="">{t("orders.status_all")}</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`order_status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t("list.sort")}</span>
          <select data-testid="order-sort" value={sort} onChange={(e) => setSort(e.target.value as OrderSort)}>
            {ORDER_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`orders.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <div className="card empty">
          <p>
            {settled
              ? t("orders.no_results", { query: settled })
              : filtered
                ? t("orders.no_results_filter")
                : t("orders.empty")}
          </p>
        </div>
      ) : (
        <div className="card table-card">
          <VirtualTable
            rows={rows}
            rowKey={(o) => o.id}
            label={t("orders.list_label")}
            className="orders-table"
            columns={5}
            complete={complete}
            loadingMore={loadingMore}
            onNearEnd={loadMore}
            head={
              <>
                <th scope="col" className="col-number">
                  {t("orders.col.number")}
                </th>
                <th scope="col" className="col-date">
                  {t("orders.col.date")}
                </th>
                <th scope="col" className="col-name">
                  {t("orders.col.customer")}
                </th>
                <th scope="col" className="col-status">
                  {t("orders.col.status")}
                </th>
                <th scope="col" className="num col-total">
                  {t("orders.col.total")}
                </th>
              </>
            }
            rowProps={() => ({ "data-testid": "orders-row" })}
            cells={(o) => (
              <>
                <td className="mono">{o.number}</td>
                <td className="nowrap">{formatDay(o.placed_on, locale)}</td>
                <td>
                  <a href={href(paths.customer(o.customer_id))}>{o.customer_name}</a>
                </td>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td className="num nowrap">{formatMoney(o.total_minor, o.currency, locale)}</td>
              </>
            )}
          />
        </div>
      )}
    </section>
  );
}
