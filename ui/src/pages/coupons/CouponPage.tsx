// One coupon: its terms, who it is for, the orders that used it, and a way
// to end it today (a leaked code, a campaign called off).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useLoaded } from "../../app/useLoaded";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { formatDate, formatDay, todayLocal } from "../../lib/dates";
import { CommandError, ipc } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";
import { CopyButton, CouponStateBadge, couponState, useCouponText } from "./format";

export function CouponPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const text = useCouponText();
  const { data, error, reload } = useLoaded(() => ipc.couponGet(id), [id], ["coupons", "orders"]);
  const [confirming, setConfirming] = useState(false);
  const [disabled, setDisabled] = useState(false);
  const missing = error instanceof CommandError && error.code === "not_found";

  if (!data) {
    return (
      <section className="page">
        <h1>{t("coupon.title")}</h1>
        <p className="muted">{missing ? t("coupon.missing") : t("common.loading")}</p>
        <a href={href(paths.coupons())}>{t("coupon.back")}</a>
      </section>
    );
  }

  const { coupon, orders } = data;
  const today = todayLocal();
  const state = couponState(coupon, today);
  const disable = async () => {
    setConfirming(false);
    try {
      await ipc.couponDisable(coupon.id, today);
      setDisabled(true);
      reload();
    } catch (err) {
      report(err);
    }
  };

  return (
    <section className="page" data-testid="coupon-page">
      <p>
        <a href={href(paths.coupons())}>{t("coupon.back")}</a>
      </p>
      <header className="page-header">
        <h1>
          <span className="visually-hidden">{t("coupon.title")} </span>
          <span className="mono" data-testid="coupon-page-code">
            {coupon.code}
          </span>
        </h1>
        <CouponStateBadge state={state} />
        <CopyButton text={coupon.code} label={t("coupons.copy_named", { code: coupon.code })} testId="coupon-page-copy" />
        {state === "active" && (
          <button type="button" className="button" data-testid="coupon-disable" onClick={() => setConfirming(true)}>
            {t("coupon.disable")}
          </button>
        )}
      </header>
      {disabled && (
        <p className="saved" role="status" data-testid="coupon-disabled">
          {t("coupon.disabled")}
        </p>
      )}
      <div className="card">
        <dl className="facts">
          <div>
            <dt>{t("coupons.col.value")}</dt>
            <dd data-testid="coupon-page-value">{text.value(coupon)}</dd>
          </div>
          <div>
            <dt>{t("coupons.col.uses")}</dt>
            <dd>{text.uses(coupon)}</dd>
          </div>
          <div>
            <dt>{t("coupons.col.expires")}</dt>
            <dd>{text.expires(coupon)}</dd>
          </div>
          <div>
            <dt>{t("coupon.min_order")}</dt>
            <dd>{coupon.min_order_minor > 0 ? formatMoney(coupon.min_order_minor, coupon.currency, locale) : t("coupon.no_minimum")}</dd>
          </div>
          <div>
            <dt>{t("coupon.issued_to")}</dt>
            <dd>
              {coupon.customer_id !== null ? (
                <a href={href(paths.customer(coupon.customer_id))}>{coupon.customer_name}</a>
              ) : (
                t("coupons.anyone")
              )}
            </dd>
          </div>
          <div>
            <dt>{t("coupon.source")}</dt>
            <dd>{t(`coupon_source.${coupon.source}`)}</dd>
          </div>
          <div>
            <dt>{t("coupon.created")}</dt>
            <dd>{formatDate(coupon.created_at, locale)}</dd>
          </div>
        </dl>
        {coupon.note && (
          <div className="notes">
            <h2>{t("coupon.note")}</h2>
            <p className="notes-text">{coupon.note}</p>
          </div>
        )}
      </div>
      <section aria-labelledby="coupon-orders-heading">
        <h2 id="coupon-orders-heading">{t("coupon.orders")}</h2>
        {orders.length === 0 ? (
          <p className="muted" data-testid="coupon-no-orders">
            {t("coupon.no_orders")}
          </p>
        ) : (
          <div className="card table-card">
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">{t("order.number")}</th>
                  <th scope="col">{t("order.placed_on")}</th>
                  <th scope="col">{t("coupons.col.customer")}</th>
                  <th scope="col" className="num">
                    {t("coupons.col.value")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {orders.map((o) => (
                  <tr key={o.order_id} data-testid="coupon-order">
                    <td className="mono">{o.number}</td>
                    <td className="nowrap">{formatDay(o.placed_on, locale)}</td>
                    <td className="cell-clip">
                      <a href={href(paths.customer(o.customer_id))}>{o.customer_name}</a>
                    </td>
                    <td className="num nowrap">{t("coupon.order_discount", { amount: formatMoney(o.discount_minor, o.currency, locale) })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {confirming && (
        <ConfirmDialog
          title={t("coupon.disable_title")}
          confirmLabel={t("coupon.disable")}
          confirmTestId="coupon-disable-confirm"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => void disable()}
        >
          <p>{t("coupon.disable_text")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
