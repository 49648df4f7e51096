// The customer page's newsletters section: the lists they are on, with the
// consent record (how, when, the text they agreed to) and whether their
// address is blocked.
import { useTranslation } from "react-i18next";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useLoaded } from "../../app/useLoaded";
import { formatTimestamp } from "../../lib/dates";
import { ipc } from "../../lib/ipc";

export function CustomerSubscriptions({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const { data: subscriptions } = useLoaded(() => ipc.customerSubscriptions(customerId), [customerId], ["lists", "customers"]);

  return (
    <section aria-labelledby="customer-subscriptions-heading" data-testid="customer-subscriptions">
      <header className="section-header">
        <h2 id="customer-subscriptions-heading">{t("customer_subscriptions.title")}</h2>
      </header>
      {subscriptions === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : subscriptions.length === 0 ? (
        <p className="muted" data-testid="customer-subscriptions-empty">
          {t("customer_subscriptions.none")}
        </p>
      ) : (
        <ul className="card plain-list">
          {subscriptions.map(({ list_name, subscriber: s }) => (
            <li key={s.id} data-testid="customer-subscription">
              <a href={href(paths.list(s.list_id))}>{list_name}</a>{" "}
              <span className="badge">{t(`subscriber_status.${s.status}`)}</span>{" "}
              {s.suppressed && (
                <span className="badge badge-danger" data-testid="customer-subscription-blocked">
                  {t("subscribers.suppressed", { reason: t(`suppression_reason.${s.suppressed}`) })}
                </span>
              )}
              <p className="muted">
                {t("customer_subscriptions.consent", {
                  method: t(`consent_method.${s.consent_method}`),
                  date: formatTimestamp(s.consent_at, locale),
                  email: s.email,
                })}
              </p>
              {/* What they agreed to, as the owner wrote it: text, never markup. */}
              {s.consent_text && <p className="notes-text">«{s.consent_text}»</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
