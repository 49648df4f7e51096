// Everything about one customer on one screen: contact, possible duplicates,
// their loyalty points, their coupons, their complaints, their returns, their survey answers and follow-up
// cases, the automatic messages sent to them, and their orders newest first (the core sends them in that order); then
// their data rights (export, erase). An erased customer keeps only anonymous history.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { href, paths } from "../../app/router";
import { useLoaded } from "../../app/useLoaded";
import { CommandError, ipc, type Customer } from "../../lib/ipc";
import { OrderCard } from "../orders/OrderCard";
import { OrderForm } from "../orders/OrderForm";
import { CustomerLoyalty } from "../loyalty/CustomerLoyalty";
import { CustomerCoupons } from "../coupons/CustomerCoupons";
import { CustomerComplaints } from "../complaints/CustomerComplaints";
import { CustomerReturns } from "../returns/CustomerReturns";
import { CustomerSurveys } from "../surveys/CustomerSurveys";
import { CustomerSubscriptions } from "../newsletters/CustomerSubscriptions";
import { CustomerAutomations } from "../automations/CustomerAutomations";
import { useShop } from "../../app/shop";
import { formatTimestamp } from "../../lib/dates";
import { CustomerPrivacy } from "./CustomerPrivacy";
import { CustomerTags } from "./CustomerTags";
import { DuplicateWarning } from "./DuplicateWarning";

export function CustomerPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const [ordering, setOrdering] = useState(false);
  const { data, error, reload: refresh } = useLoaded(() => ipc.customerPage(id), [id], ["customers", "orders"]);
  const missing = error instanceof CommandError && error.code === "customer_not_found";

  if (!data) {
    return (
      <section className="page">
        <h1>{t("customer.title")}</h1>
        <p className="muted">{missing ? t("customer.missing") : t("common.loading")}</p>
        {missing && <a href={href(paths.customers())}>{t("customer.back_to_list")}</a>}
      </section>
    );
  }

  const { customer, orders, duplicates, tags } = data;
  const erased = customer.erased_at != null;
  return (
    <section className="page" data-testid="customer-page">
      {erased ? (
        <header className="page-header" data-testid="customer-erased">
          <div>
            <h1 data-testid="customer-name">{t("customer.erased_title")}</h1>
            <p className="muted">{t("customer.erased_on", { id: customer.id, date: formatTimestamp(customer.erased_at ?? 0, locale) })}</p>
          </div>
        </header>
      ) : (
        <header className="page-header">
          <h1 data-testid="customer-name">{customer.name}</h1>
          <a className="button" href={href(paths.customerEdit(customer.id))} data-testid="customer-edit">
            {t("customer.edit")}
          </a>
        </header>
      )}

      {!erased && <DuplicateWarning duplicates={duplicates} />}

      {!erased && <ContactCard customer={customer} tags={tags} />}

      {/* An erased customer keeps anonymous history, and takes no new points, answers or subscriptions. */}
      {!erased && <CustomerLoyalty customerId={customer.id} orders={orders} />}

      {!erased && <CustomerCoupons customerId={customer.id} name={customer.name} />}

      <CustomerComplaints customerId={customer.id} />

      <CustomerReturns customerId={customer.id} />

      {!erased && <CustomerSurveys customerId={customer.id} orders={orders} />}

      {!erased && <CustomerSubscriptions customerId={customer.id} />}

      <CustomerAutomations customerId={customer.id} />

      <section className="orders-section" aria-labelledby="orders-heading">
        <header className="section-header">
          <h2 id="orders-heading">{t("customer.orders")}</h2>
          {!ordering && !erased && (
            <button type="button" className="button button-primary" onClick={() => setOrdering(true)} data-testid="order-new">
              {t("order.new")}
            </button>
          )}
        </header>
        {ordering && (
          <OrderForm
            customerId={customer.id}
            onSaved={() => {
              setOrdering(false);
              refresh();
            }}
            onCancel={() => setOrdering(false)}
          />
        )}
        {orders.length === 0 ? (
          <p className="muted">{t("customer.no_orders")}</p>
        ) : (
          orders.map((order) => <OrderCard key={order.id} order={order} actions onChanged={refresh} />)
        )}
      </section>

      {!erased && <CustomerPrivacy customer={customer} onErased={refresh} />}
    </section>
  );
}

/** How to reach the customer, their notes and tags. */
function ContactCard({ customer, tags }: { customer: Customer; tags: string[] }) {
  const { t } = useTranslation();
  return (
    <div className="card contact">
      <h2 className="visually-hidden">{t("customer.contact")}</h2>
      <dl className="facts">
        <div>
          <dt>{t("customer.email")}</dt>
          <dd>{customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : t("common.none")}</dd>
        </div>
        <div>
          <dt>{t("customer.phone")}</dt>
          <dd className="nowrap" data-testid="customer-phone">
            {customer.phone ?? t("common.none")}
          </dd>
        </div>
        <div>
          <dt>{t("customer.preferred_channel")}</dt>
          <dd>{t(`channel.${customer.preferred_channel}`)}</dd>
        </div>
        <div>
          <dt>{t("customer.language")}</dt>
          <dd>{customer.language ? t(`language.${customer.language}`) : t("common.none")}</dd>
        </div>
      </dl>
      {customer.notes && (
        <div className="notes">
          <h3>{t("customer.notes")}</h3>
          {/* Customer text is data: rendered as text, line breaks kept by CSS. */}
          <p className="notes-text" data-testid="customer-notes">
            {customer.notes}
          </p>
        </div>
      )}
      <CustomerTags key={tags.join("\u0000")} customerId={customer.id} tags={tags} />
    </div>
  );
}
