// The customer page's coupons: those issued to them, and a coupon for them
// (a thank-you, a goodwill gesture) that only they can use.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { href, paths } from "../../app/router";
import { useLoaded } from "../../app/useLoaded";
import { todayLocal } from "../../lib/dates";
import { ipc } from "../../lib/ipc";
import { CouponForm } from "./CouponForm";
import { CopyButton, CouponStateBadge, couponState, useCouponText } from "./format";

export function CustomerCoupons({ customerId, name }: { customerId: number; name: string }) {
  const { t } = useTranslation();
  const text = useCouponText();
  const [issuing, setIssuing] = useState(false);
  const { data: coupons, reload } = useLoaded(() => ipc.customerCoupons(customerId), [customerId], ["coupons"]);
  const today = todayLocal();

  return (
    <section className="coupons-section" aria-labelledby="customer-coupons-heading" data-testid="customer-coupons">
      <header className="section-header">
        <h2 id="customer-coupons-heading">{t("customer_coupons.title")}</h2>
        {!issuing && (
          <button type="button" className="button" data-testid="customer-coupon-new" onClick={() => setIssuing(true)}>
            {t("customer_coupons.new")}
          </button>
        )}
      </header>
      {issuing && (
        <CouponForm
          customer={{ id: customerId, name }}
          onIssued={() => {
            setIssuing(false);
            reload();
          }}
          onCancel={() => setIssuing(false)}
        />
      )}
      {coupons === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : coupons.length === 0 ? (
        <p className="muted" data-testid="customer-coupons-empty">
          {t("customer_coupons.none")}
        </p>
      ) : (
        <div className="card table-card">
          <table className="table compact">
            <caption className="visually-hidden">{t("customer_coupons.list_label")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("coupons.col.code")}</th>
                <th scope="col" className="num">
                  {t("coupons.col.value")}
                </th>
                <th scope="col">{t("coupons.col.uses")}</th>
                <th scope="col">{t("coupons.col.expires")}</th>
                <th scope="col">{t("coupons.col.state")}</th>
              </tr>
            </thead>
            <tbody>
              {coupons.map((c) => (
                <tr key={c.id} data-testid="customer-coupon">
                  <td className="nowrap">
                    <a className="mono" href={href(paths.coupon(c.id))}>
                      {c.code}
                    </a>{" "}
                    <CopyButton text={c.code} label={t("coupons.copy_named", { code: c.code })} />
                  </td>
                  <td className="num nowrap">{text.value(c)}</td>
                  <td className="nowrap">{text.uses(c)}</td>
                  <td className="nowrap">{text.expires(c)}</td>
                  <td className="nowrap">
                    <CouponStateBadge state={couponState(c, today)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
