// One complaint: who and what, its status and due date, what the customer
// said (as text), what can be done next, and its timeline newest first.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { formatTimestamp } from "../../lib/dates";
import { CommandError, ipc, type Complaint } from "../../lib/ipc";
import { ComplaintStatusBadge, OverdueBadge, SeverityBadge, SurveyBadge } from "./badges";
import { CallForm, CompensationForm, NoteForm, ReplyForm, StatusMoves } from "./ComplaintActions";
import { ComplaintTimeline } from "./ComplaintTimeline";
import { useCategoryLabel } from "./labels";

export function ComplaintPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const categoryLabel = useCategoryLabel();
  const [complaint, setComplaint] = useState<Complaint | null>(null);
  const [missing, setMissing] = useState(false);
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let live = true;
    ipc
      .complaintGet(id)
      .then((found) => live && setComplaint(found))
      .catch((err) => {
        if (!live) return;
        if (err instanceof CommandError && err.code === "not_found") setMissing(true);
        report(err);
      });
    return () => {
      live = false;
    };
  }, [id, version, report]);
  useOnChanged(["complaints"], refresh);

  if (!complaint) {
    return (
      <section className="page">
        <h1>{t("complaint.title", { id })}</h1>
        <p className="muted">{missing ? t("complaint.missing") : t("common.loading")}</p>
        {missing && <a href={href(paths.complaints())}>{t("complaint.back_to_list")}</a>}
      </section>
    );
  }

  const s = complaint.summary;
  return (
    <section className="page" data-testid="complaint-page">
      <header className="page-header">
        <h1>
          {t("complaint.title", { id: s.id })} <ComplaintStatusBadge status={s.status} testId="complaint-status" />{" "}
          {s.overdue && <OverdueBadge />}
        </h1>
        <a className="button" href={href(paths.complaints())}>
          {t("complaint.back_to_list")}
        </a>
      </header>

      <div className="card">
        <dl className="facts">
          <div>
            <dt>{t("complaint.customer")}</dt>
            <dd>
              <a href={href(paths.customer(s.customer_id))} data-testid="complaint-customer">
                {s.customer_name}
              </a>
              {s.customer_phone && <span className="muted nowrap"> · {s.customer_phone}</span>}
              {complaint.customer_email && <span className="muted"> · {complaint.customer_email}</span>}
            </dd>
          </div>
          <div>
            <dt>{t("complaint.order")}</dt>
            <dd className="mono">
              {s.order_number ? (
                <a href={href(paths.customer(s.customer_id))} data-testid="complaint-order-link">
                  {s.order_number}
                </a>
              ) : (
                t("common.none")
              )}
            </dd>
          </div>
          <div>
            <dt>{t("complaint.category")}</dt>
            <dd data-testid="complaint-category-name">{categoryLabel(s.category)}</dd>
          </div>
          <div>
            <dt>{t("complaint.severity")}</dt>
            <dd>
              <SeverityBadge severity={s.severity} />
              {s.source === "survey" && " "}
              <SurveyBadge complaint={s} />
            </dd>
          </div>
          <div>
            <dt>{t("complaint.channel")}</dt>
            <dd data-testid="complaint-channel-name">{t(`complaint_channel.${s.channel}`)}</dd>
          </div>
          <div>
            <dt>{t("complaint.reply_channel")}</dt>
            <dd data-testid="complaint-reply-channel-name">{t(`channel.${complaint.reply_channel}`)}</dd>
          </div>
          <div>
            <dt>{t("complaint.opened")}</dt>
            <dd className="nowrap">{formatTimestamp(s.created_at, locale)}</dd>
          </div>
          <div>
            <dt>{t("complaint.due")}</dt>
            <dd className="nowrap" data-testid="complaint-due">
              {s.due_at === null ? t("common.none") : formatTimestamp(s.due_at, locale)}
              {s.status === "waiting" && <span className="muted"> · {t("complaint.due_paused")}</span>}
            </dd>
          </div>
        </dl>
        <div className="notes">
          <h3>{t("complaint.description")}</h3>
          {/* What the customer said is data: rendered as text, line breaks kept by CSS. */}
          <p className="notes-text" id="complaint-detail-description" data-testid="complaint-detail-description">
            {complaint.description}
          </p>
        </div>
      </div>

      <StatusMoves complaint={complaint} onChanged={setComplaint} />
      <div className="complaint-forms">
        <ReplyForm complaint={complaint} onChanged={setComplaint} />
        <NoteForm complaint={complaint} onChanged={setComplaint} />
        <CallForm complaint={complaint} onChanged={setComplaint} />
        <CompensationForm complaint={complaint} onChanged={setComplaint} />
      </div>

      <ComplaintTimeline events={complaint.events} />
    </section>
  );
}
