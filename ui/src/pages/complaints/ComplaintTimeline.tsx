// A complaint's timeline, newest first (the core sends it in that order):
// who did what and when, with the note as text.
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import { CopyCode } from "../../components/CopyCode";
import { formatTimestamp } from "../../lib/dates";
import type { ComplaintEvent } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";
import { ComplaintStatusBadge } from "./badges";
import { useDurationText } from "./labels";

export function ComplaintTimeline({ events }: { events: ComplaintEvent[] }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const duration = useDurationText();
  return (
    <section aria-labelledby="complaint-history">
      <h2 id="complaint-history">{t("complaint.history")}</h2>
      <ol className="timeline" data-testid="complaint-events">
        {events.map((event) => (
          <li key={event.id} className="timeline-item" data-testid="complaint-event">
            <strong>{t(`complaint_event.${event.kind}`)}</strong>{" "}
            {event.status && <ComplaintStatusBadge status={event.status} />}{" "}
            <span className="muted nowrap">{formatTimestamp(event.at, locale)}</span>
            {event.actor && <span className="muted"> · {t("complaint.by", { actor: event.actor })}</span>}
            {event.duration_s !== null && <p data-testid="complaint-event-duration">{t("complaint.call_duration", { duration: duration(event.duration_s) })}</p>}
            {event.compensation && (
              <p data-testid="complaint-event-compensation">
                {t(`compensation.${event.compensation}`)}
                {event.points !== null && ` · ${t("complaint.points", { count: event.points })}`}
                {event.amount_minor !== null && event.currency && ` · ${formatMoney(event.amount_minor, event.currency, locale)}`}
              </p>
            )}
            {/* Store credit is a coupon: the code to read to the customer on the phone. */}
            {event.coupon_code && (
              <p data-testid="complaint-event-coupon">
                <span className="label">{t("complaint.comp_coupon")}</span> <CopyCode code={event.coupon_code} testId="complaint-coupon-code" />
              </p>
            )}
            {/* Typed text is data: rendered as text, line breaks kept by CSS. */}
            {event.note && <p className="notes-text">{event.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
