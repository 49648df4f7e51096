// One follow-up case opened by an unhappy answer: why, what they answered
// and wrote, and closing it with a note of what was done.
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useFieldMessage } from "../../components/FieldError";
import { formatTimestamp } from "../../lib/dates";
import { ipc, type FollowUp } from "../../lib/ipc";
import { ScoreBadge } from "./ScoreBadge";

const NOTE_MAX = 2000;

export function FollowUpCard({
  followUp,
  showCustomer,
  onClosed,
}: {
  followUp: FollowUp;
  showCustomer: boolean;
  onClosed: () => void;
}) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const fieldMessage = useFieldMessage();
  const noteId = useId();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const answer = followUp.response;

  const close = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await ipc.followUpClose(followUp.id, note);
      onClosed();
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused?.note) setError(refused.note);
      else report(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className={`card follow-up${followUp.open ? "" : " follow-up-closed"}`} data-testid="follow-up">
      <header className="follow-up-head">
        {showCustomer && (
          <h3>
            <a href={href(paths.customer(followUp.customer_id))} data-testid="follow-up-customer">
              {followUp.customer_name}
            </a>
          </h3>
        )}
        <span className="badge badge-danger" data-testid="follow-up-reason">
          {t(`follow_up_reason.${followUp.reason}`, { defaultValue: followUp.reason })}
        </span>
        <span className={`badge ${followUp.open ? "badge-warning" : "badge-success"}`}>
          {followUp.open ? t("follow_up.open") : t("follow_up.closed")}
        </span>
        <span className="muted nowrap">{t("follow_up.opened_at", { date: formatTimestamp(followUp.created_at, locale) })}</span>
      </header>
      {answer && (
        <div className="follow-up-answer">
          <p>
            <span>{t(`survey_kind.${answer.kind}.short`)}</span> <ScoreBadge kind={answer.kind} score={answer.score} />{" "}
            <span className="muted">{t(`survey_channel.${answer.channel}`)}</span>{" "}
            {answer.order_number && <span className="muted mono">{t("surveys.order_ref", { number: answer.order_number })}</span>}
          </p>
          {answer.comment ? (
            <p className="comment-text" data-testid="follow-up-comment">
              {answer.comment}
            </p>
          ) : (
            <p className="muted">{t("follow_up.no_comment")}</p>
          )}
        </div>
      )}
      {followUp.open ? (
        <form className="follow-up-close" onSubmit={(e) => void close(e)} noValidate>
          <div className="field">
            <label htmlFor={noteId}>{t("follow_up.note")}</label>
            <textarea
              id={noteId}
              rows={2}
              data-testid="follow-up-note"
              value={note}
              maxLength={NOTE_MAX}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${noteId}-error` : undefined}
              placeholder={t("follow_up.note_placeholder")}
              onChange={(e) => {
                setNote(e.target.value);
                setError(null);
              }}
            />
            {error && (
              <p className="field-error" id={`${noteId}-error`}>
                {fieldMessage(error)}
              </p>
            )}
          </div>
          <button type="submit" className="button" data-testid="follow-up-close" disabled={busy}>
            {t("follow_up.close")}
          </button>
        </form>
      ) : (
        followUp.note && (
          <p className="comment-text" data-testid="follow-up-closing-note">
            {t("follow_up.closing_note", { note: followUp.note })}
          </p>
        )
      )}
    </article>
  );
}
