// One return request: what comes back and why, its amounts, an exception to
// the policy if the owner made one, the steps the workflow allows from here,
// and its timeline newest first (the core sends it in that order).
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { formatTimestamp } from "../../lib/dates";
import { CommandError, ipc, type ReturnRequest, type ReturnStatus } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";
import { useReasonLabel } from "./labels";
import { ReturnAmounts } from "./ReturnAmounts";
import { ReturnStatusBadge } from "./ReturnStatusBadge";

const NOTE_MAX = 2000;
/** Settling this way takes back the loyalty points the returned units earned. */
const REVERSES_POINTS: readonly ReturnStatus[] = ["refunded", "credited"];

export function ReturnPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const reasonLabel = useReasonLabel();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const [request, setRequest] = useState<ReturnRequest | null>(null);
  const [missing, setMissing] = useState(false);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState<ReturnStatus | null>(null);
  const [reversed, setReversed] = useState(false);
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let live = true;
    ipc
      .returnGet(id)
      .then((found) => live && setRequest(found))
      .catch((err) => {
        if (!live) return;
        if (err instanceof CommandError && err.code === "return_not_found") setMissing(true);
        report(err);
      });
    return () => {
      live = false;
    };
  }, [id, version, report]);
  useOnChanged(["returns"], refresh);

  if (!request) {
    return (
      <section className="page">
        <h1>{t("return.title", { id })}</h1>
        <p className="muted">{missing ? t("return.missing") : t("common.loading")}</p>
        {missing && <a href={href(paths.returns())}>{t("return.back_to_list")}</a>}
      </section>
    );
  }

  const step = async (to: ReturnStatus) => {
    if (busy) return;
    if (to === "rejected" && note.trim() === "") {
      setErrors({ note: "reject_note_required" });
      noteRef.current?.focus();
      return;
    }
    setBusy(to);
    setReversed(false);
    try {
      const next = await ipc.returnTransition(request.id, to, note.trim());
      setRequest(next);
      setNote("");
      setErrors({});
      setReversed(REVERSES_POINTS.includes(to));
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(to === "rejected" && refused.note === "required" ? { ...refused, note: "reject_note_required" } : refused);
      else report(err);
    } finally {
      setBusy(null);
    }
  };

  const money = (minor: number) => formatMoney(minor, request.currency, locale);
  return (
    <section className="page" data-testid="return-page">
      <header className="page-header">
        <h1>
          {t("return.title", { id: request.id })} <ReturnStatusBadge status={request.status} testId="return-status" />
        </h1>
        <a className="button" href={href(paths.returns())}>
          {t("return.back_to_list")}
        </a>
      </header>

      <div className="card">
        <dl className="facts">
          <div>
            <dt>{t("return.order")}</dt>
            <dd className="mono">
              <a href={href(paths.customer(request.customer_id))} data-testid="return-order">
                {request.order_number}
              </a>
            </dd>
          </div>
          <div>
            <dt>{t("return.customer")}</dt>
            <dd>
              <a href={href(paths.customer(request.customer_id))} data-testid="return-customer">
                {request.customer_name}
              </a>
            </dd>
          </div>
          <div>
            <dt>{t("return.reason")}</dt>
            <dd data-testid="return-reason">{reasonLabel(request.reason)}</dd>
          </div>
          <div>
            <dt>{t("return.outcome")}</dt>
            <dd data-testid="return-outcome">{t(`outcome.${request.outcome}`)}</dd>
          </div>
          <div>
            <dt>{t("return.opened")}</dt>
            <dd className="nowrap">{formatTimestamp(request.created_at, locale)}</dd>
          </div>
        </dl>
        {request.note && (
          <div className="notes">
            <h3>{t("return.note")}</h3>
            {/* Typed text is data: rendered as text, line breaks kept by CSS. */}
            <p className="notes-text" data-testid="return-note">
              {request.note}
            </p>
          </div>
        )}
      </div>

      {request.overridden_rules.length > 0 && (
        <div className="card note-card" data-testid="return-override">
          <h2>{t("return.override.title")}</h2>
          <p>
            {t("return.override.rules", {
              rules: request.overridden_rules.map((rule) => t(`return_rule_short.${rule}`, { defaultValue: rule })).join(", "),
            })}
          </p>
          <p className="notes-text">{t("return.override.reason", { reason: request.override_reason })}</p>
        </div>
      )}

      <div className="card">
        <h2>{t("return.lines")}</h2>
        {request.lines.length > 0 && (
          <table className="table lines-table compact">
            <thead>
              <tr>
                <th scope="col">{t("order.line.product")}</th>
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
              {request.lines.map((line) => (
                <tr key={line.position} data-testid="return-line">
                  <td>{line.product}</td>
                  <td className="num">{line.quantity}</td>
                  <td className="num nowrap">{money(line.unit_price_minor)}</td>
                  <td className="num nowrap">{money(line.unit_price_minor * line.quantity)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <ReturnAmounts amounts={request} currency={request.currency} outcome={request.outcome} />
      </div>

      {reversed && (
        <p className="saved" role="status" data-testid="return-points-reversed">
          {t("return.points_reversed")}
        </p>
      )}

      {request.next.length > 0 && (
        <div className="card form" data-testid="return-actions">
          <h2>{t("return.next_title")}</h2>
          <FormErrors errors={errors} shown={(f) => f === "note"} />
          <div className="field">
            <label htmlFor="field-note">{t("return.step_note")}</label>
            <textarea
              {...fieldProps("note", errors)}
              ref={noteRef}
              rows={2}
              maxLength={NOTE_MAX}
              data-testid="return-step-note"
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
                setErrors({});
              }}
            />
            <p className="hint">{request.next.includes("rejected") ? t("return.step_note_hint_reject") : t("return.step_note_hint")}</p>
            <FieldError field="note" errors={errors} />
          </div>
          <div className="form-actions">
            {request.next.map((to) => (
              <button
                key={to}
                type="button"
                className={to === "rejected" ? "button button-danger" : "button button-primary"}
                data-testid={`return-next-${to}`}
                disabled={busy !== null}
                onClick={() => void step(to)}
              >
                {busy === to ? t("common.saving") : t(`return_step.${to}`)}
              </button>
            ))}
          </div>
        </div>
      )}

      <section aria-labelledby="return-history">
        <h2 id="return-history">{t("return.history")}</h2>
        <ol className="timeline" data-testid="return-events">
          {request.events.map((event, i) => (
            <li key={`${event.at}-${i}`} className="timeline-item" data-testid="return-event">
              <ReturnStatusBadge status={event.status} />{" "}
              <span className="muted nowrap">{formatTimestamp(event.at, locale)}</span>
              {event.actor && <span className="muted"> · {t("return.by", { actor: event.actor })}</span>}
              {event.note && <p className="notes-text">{event.note}</p>}
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}
