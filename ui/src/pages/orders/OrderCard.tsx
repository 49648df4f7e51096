// One order as shown on the customer page: heading facts, its lines, and
// (with `actions`) its status control and the way to start a return.
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import { formatDay } from "../../lib/dates";
import type { Order } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";
import { OrderActions } from "./OrderActions";

export function StatusBadge({ status }: { status: Order["status"] }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`order_status.${status}`)}</span>;
}

export function OrderCard({ order, actions = false, onChanged }: { order: Order; actions?: boolean; onChanged?: () => void }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const money = (minor: number) => formatMoney(minor, order.currency, locale);
  const shipping = [order.carrier, order.tracking_code].filter(Boolean).join(" · ");
  return (
    <article className="card order" data-testid="order-row">
      <header className="order-head">
        <h3 className="order-title">
          <span className="muted">{t("order.number_prefix")}</span>{" "}
          <span data-testid="order-number">{order.number}</span>
        </h3>
        <StatusBadge status={order.status} />
        <span className="order-total" data-testid="order-total">
          {money(order.total_minor)}
        </span>
      </header>
      <dl className="facts">
        <div>
          <dt>{t("order.placed_on")}</dt>
          <dd>{formatDay(order.placed_on, locale)}</dd>
        </div>
        <div>
          <dt>{t("order.delivered_on")}</dt>
          <dd>{order.delivered_on ? formatDay(order.delivered_on, locale) : t("common.none")}</dd>
        </div>
        <div>
          <dt>{t("order.shipping")}</dt>
          <dd>
            {shipping || t("common.none")}
            {order.tracking_url && (
              <span className="tracking-url mono" data-testid="order-tracking-url">
                {order.tracking_url}
              </span>
            )}
          </dd>
        </div>
      </dl>
      <table className="table lines-table compact">
        <thead>
          <tr>
            <th scope="col">{t("order.line.product")}</th>
            <th scope="col">{t("order.line.sku")}</th>
            <th scope="col" className="num">
              {t("order.line.quantity")}
            </th>
            <th scope="col" className="num">
              {t("order.line.unit_price")}
            </th>
            <th scope="col" className="num">
              {t("order.line.total")}
            </th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line, i) => (
            <tr key={i}>
              <td>{line.product}</td>
              <td className="mono">{line.sku ?? ""}</td>
              <td className="num">{line.quantity}</td>
              <td className="num nowrap">{money(line.unit_price_minor)}</td>
              <td className="num nowrap">{money(line.unit_price_minor * line.quantity)}</td>
            </tr>
          ))}
        </tbody>
        {order.coupon_code !== null && (
          <tfoot data-testid="order-coupon">
            <tr>
              <th scope="row" colSpan={4}>
                {t("order.subtotal")}
              </th>
              <td className="num nowrap">{money(order.subtotal_minor)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={4}>
                {t("order.discount", { code: order.coupon_code })}
              </th>
              <td className="num nowrap" data-testid="order-discount">
                {t("coupon.order_discount", { amount: money(order.discount_minor) })}
              </td>
            </tr>
            <tr>
              <th scope="row" colSpan={4}>
                {t("order.total")}
              </th>
              <td className="num nowrap">{money(order.total_minor)}</td>
            </tr>
          </tfoot>
        )}
      </table>
      {actions && <OrderActions order={order} onChanged={onChanged} />}
    </article>
  );
}
