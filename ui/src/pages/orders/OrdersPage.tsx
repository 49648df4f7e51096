import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { formatDay } from "../../lib/dates";
import { ipc, type Order } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";
import { useDebounced } from "../../lib/useDebounced";
import { SEARCH_DEBOUNCE_MS } from "../customers/CustomersPage";
import { StatusBadge } from "./OrderCard";

const PAGE_SIZE = 200;

export function OrdersPage() {
  const { t } = useTranslation();
  const { locale } = useShop();
  const { report } = useErrors();
  const [query, setQuery] = useState("");
  const settled = useDebounced(query, SEARCH_DEBOUNCE_MS);
  const [rows, setRows] = useState<Order[] | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    ipc
      .ordersList(settled.trim(), PAGE_SIZE, 0)
      .then((found) => live && setRows(found))
      .catch((err) => live && report(err));
    return () => {
      live = false;
    };
  }, [settled, version, report]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  useOnChanged(["orders", "customers"], refresh);

  return (
    <section className="page">
      <header className="page-header">
        <h1>{t("orders.title")}</h1>
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
      </div>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <div className="card empty">
          <p>{settled.trim() ? t("orders.no_results", { query: settled.trim() }) : t("orders.empty")}</p>
        </div>
      ) : (
        <div className="card table-card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("orders.col.number")}</th>
                <th scope="col">{t("orders.col.date")}</th>
                <th scope="col">{t("orders.col.customer")}</th>
                <th scope="col">{t("orders.col.status")}</th>
                <th scope="col" className="num">
                  {t("orders.col.total")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.id} data-testid="orders-row">
                  <td className="mono">{o.number}</td>
                  <td className="nowrap">{formatDay(o.placed_on, locale)}</td>
                  <td>
                    <a href={href(paths.customer(o.customer_id))}>{o.customer_name}</a>
                  </td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  <td className="num nowrap">{formatMoney(o.total_minor, o.currency, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === PAGE_SIZE && <p className="muted table-note">{t("orders.more_hint", { limit: PAGE_SIZE })}</p>}
        </div>
      )}
    </section>
  );
}
