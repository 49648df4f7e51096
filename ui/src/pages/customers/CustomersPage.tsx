import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, navigate, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { formatDay } from "../../lib/dates";
import { ipc, type CustomerSummary } from "../../lib/ipc";
import { useDebounced } from "../../lib/useDebounced";

export const SEARCH_DEBOUNCE_MS = 150;
const PAGE_SIZE = 200;

export function CustomersPage() {
  const { t } = useTranslation();
  const { locale } = useShop();
  const { report } = useErrors();
  const [query, setQuery] = useState("");
  const settled = useDebounced(query, SEARCH_DEBOUNCE_MS);
  const [rows, setRows] = useState<CustomerSummary[] | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    ipc
      .customersList(settled.trim(), PAGE_SIZE, 0)
      .then((found) => live && setRows(found))
      .catch((err) => live && report(err));
    // A slower answer to an older query must not overwrite a newer one.
    return () => {
      live = false;
    };
  }, [settled, version, report]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  useOnChanged(["customers", "orders"], refresh);

  return (
    <section className="page">
      <header className="page-header">
        <h1>{t("customers.title")}</h1>
        <a className="button button-primary" href={href(paths.customerNew())} data-testid="customer-new">
          {t("customers.new")}
        </a>
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
      </div>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <div className="card empty">
          <p>{settled.trim() ? t("customers.no_results", { query: settled.trim() }) : t("customers.empty")}</p>
        </div>
      ) : (
        <div className="card table-card">
          <table className="table table-clickable">
            <thead>
              <tr>
                <th scope="col">{t("customers.col.name")}</th>
                <th scope="col">{t("customers.col.email")}</th>
                <th scope="col">{t("customers.col.phone")}</th>
                <th scope="col" className="num">
                  {t("customers.col.orders")}
                </th>
                <th scope="col">{t("customers.col.last_order")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-testid="customer-row" onClick={() => navigate(paths.customer(c.id))}>
                  <td>
                    <a href={href(paths.customer(c.id))} onClick={(e) => e.stopPropagation()}>
                      {c.name}
                    </a>
                  </td>
                  <td>{c.email ?? ""}</td>
                  <td className="nowrap">{c.phone ?? ""}</td>
                  <td className="num">{c.order_count}</td>
                  <td className="nowrap">{c.last_order_on ? formatDay(c.last_order_on, locale) : t("common.none")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === PAGE_SIZE && <p className="muted table-note">{t("customers.more_hint", { limit: PAGE_SIZE })}</p>}
        </div>
      )}
    </section>
  );
}
