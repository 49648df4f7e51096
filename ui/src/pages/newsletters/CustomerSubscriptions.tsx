// The customer page's newsletters section: the lists they are on, with the
// consent record (how, when, the text they agreed to) and whether their
// address is blocked.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { formatTimestamp } from "../../lib/dates";
import { ipc, type CustomerSubscription } from "../../lib/ipc";

export function CustomerSubscriptions({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const [subscriptions, setSubscriptions] = useState<CustomerSubscription[] | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let live = true;
    ipc
      .customerSubscriptions(customerId)
      .then((found) => live && setSubscriptions(found))
      .catch((err) => live && report(err));
    return () => {
      live = false;
    };
  }, [customerId, version, report]);
  useOnChanged(["lists", "customers"], reload);

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
