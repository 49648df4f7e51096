import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, navigate, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { VirtualTable } from "../../components/VirtualTable";
import { CUSTOMER_SORTS } from "../../lib/codes";
import { formatDay } from "../../lib/dates";
import { ipc, type CustomerSort, type CustomerSummary } from "../../lib/ipc";
import { useDebounced } from "../../lib/useDebounced";
import { usePagedRows } from "../../lib/usePagedRows";

export const SEARCH_DEBOUNCE_MS = 150;

export function CustomersPage() {
  const { t } = useTranslation();
  const { locale } = useShop();
  const { report } = useErrors();
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<CustomerSort>("name");
  const settled = useDebounced(query, SEARCH_DEBOUNCE_MS).trim();

  const fetchPage = useCallback(
    (limit: number, offset: number) => ipc.customersList(settled, limit, offset, sort),
    [settled, sort],
  );
  const { rows, complete, loadingMore, loadMore, reload } = usePagedRows<CustomerSummary>(
    fetchPage,
    JSON.stringify([settled, sort]),
    report,
  );
  useOnChanged(["customers", "orders"], reload);

  return (
    <section className="page">
      <header className="page-header">
        <h1>{t("customers.title")}</h1>
        <div className="header-actions">
          <a className="button" href={href(paths.importPage())} data-testid="customer-import">
            {t("import.open")}
          </a>
          <a className="button button-primary" href={href(paths.customerNew())} data-testid="customer-new">
            {t("customers.new")}
          </a>
        </div>
      </header>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          data-testid="customer-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("customers.search_placeholder")}
          aria-label={t("customers.search_label")}
          autoFocus
        />
        <label className="inline-field">
          <span>{t("list.sort")}</span>
          <select data-testid="customer-sort" value={sort} onChange={(e) => setSort(e.target.value as CustomerSort)}>
            {CUSTOMER_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`customers.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <div className="card empty">
          <p>{settled ? t("customers.no_results", { query: settled }) : t("customers.empty")}</p>
        </div>
      ) : (
        <div className="card table-card">
          <VirtualTable
            rows={rows}
            rowKey={(c) => c.id}
            label={t("customers.list_label")}
            className="table-clickable customers-table"
            columns={5}
            complete={complete}
            loadingMore={loadingMore}
            onNearEnd={loadMore}
            head={
              <>
                <th scope="col" className="col-name">
                  {t("customers.col.name")}
                </th>
                <th scope="col" className="col-email">
                  {t("customers.col.email")}
                </th>
                <th scope="col" className="col-phone">
                  {t("customers.col.phone")}
                </th>
                <th scope="col" className="num col-count">
                  {t("customers.col.orders")}
                </th>
                <th scope="col" className="col-date">
                  {t("customers.col.last_order")}
                </th>
              </>
            }
            rowProps={(c) => ({ "data-testid": "customer-row", onClick: () => navigate(paths.customer(c.id)) })}
            cells={(c) => (
              <>
                <td>
                  <a href={href(paths.customer(c.id))} onClick={(e) => e.stopPropagation()}>
                    {c.name}
                  </a>
                </td>
                <td>{c.email ?? ""}</td>
                <td className="nowrap">{c.phone ?? ""}</td>
                <td className="num">{c.order_count}</td>
                <td className="nowrap">{c.last_order_on ? formatDay(c.last_order_on, locale) : t("common.none")}</td>
              </>
            )}
          />
        </div>
      )}
    </section>
  );
}
