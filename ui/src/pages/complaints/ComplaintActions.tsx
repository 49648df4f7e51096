// What can be done to a complaint: move it on (resolving needs a note), reply
// by email, add a note, log a call, record a compensation. Each form keeps its own errors.
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { COMPENSATIONS } from "../../lib/codes";
import { ipc, type Compensation, type Complaint, type ComplaintStatus } from "../../lib/ipc";
import { parseDuration } from "./labels";

const NOTE_MAX = 5_000;

/** A write that answers with the complaint as it is now. */
type Write = { (): Promise<Complaint> };

/** One write at a time per form; field refusals go on the fields, the rest to the banner. */
function useAction(onDone: (complaint: Complaint) => void) {
  const { report } = useErrors();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (what: string, write: Write): Promise<boolean> => {
    if (busy) return false;
    setBusy(what);
    try {
      onDone(await write());
      setErrors({});
      return true;
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { errors, setErrors, busy, run };
}

type Props = { complaint: Complaint; onChanged: (complaint: Complaint) => void };

export function StatusMoves({ complaint, onChanged }: Props) {
  const { t } = useTranslation();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const [note, setNote] = useState("");
  const { errors, setErrors, busy, run } = useAction(onChanged);
  if (complaint.next.length === 0) return null;

  const move = async (to: ComplaintStatus) => {
    if (to === "resolved" && note.trim() === "") {
      setErrors({ note: "resolve_note_required" });
      noteRef.current?.focus();
      return;
    }
    const done = await run(to, () => ipc.complaintTransition(complaint.summary.id, to, note.trim()));
    if (done) setNote("");
  };

  const shown = errors.note === "required" ? { ...errors, note: "resolve_note_required" } : errors;
  return (
    <div className="card form" data-testid="complaint-moves">
      <h2>{t("complaint.moves_title")}</h2>
      <FormErrors errors={shown} shown={(f) => f === "note"} />
      <div className="field">
        <label htmlFor="field-move-note">{t("complaint.move_note")}</label>
        <textarea
          {...fieldProps("note", shown, "move")}
          ref={noteRef}
          rows={2}
          maxLength={NOTE_MAX}
          data-testid="complaint-move-note"
          value={note}
          onChange={(e) => {
            setNote(e.target.value);
            setErrors({});
          }}
        />
        <p className="hint">{complaint.next.includes("resolved") ? t("complaint.move_note_hint_resolve") : t("complaint.move_note_hint")}</p>
        <FieldError field="note" errors={shown} scope="move" />
      </div>
      <div className="form-actions">
        {complaint.next.map((to) => (
          <button
            key={to}
            type="button"
            className={to === "resolved" ? "button button-primary" : "button"}
            data-testid={`complaint-move-${to}`}
            disabled={busy !== null}
            onClick={() => void move(to)}
          >
            {busy === to ? t("common.saving") : t(`complaint_move.${to}`)}
          </button>
        ))}
      </div>
    </div>
  );
}

/** A reply by email through the outbox; without an address, a pointer to the call log. */
export function ReplyForm({ complaint, onChanged }: Props) {
  const { t } = useTranslation();
  const [reply, setReply] = useState("");
  const [sent, setSent] = useState(false);
  const { errors, setErrors, busy, run } = useAction(onChanged);
  const email = complaint.customer_email;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reply.trim() === "") {
      setErrors({ reply: "required" });
      return;
    }
    if (await run("reply", () => ipc.complaintReply(complaint.summary.id, reply.trim()))) {
      setReply("");
      setSent(true);
    }
  };
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate data-testid="complaint-reply-form">
      <h3>{t("complaint.reply_title")}</h3>
      {email === null ? (
        <p className="hint" data-testid="complaint-reply-no-email">
          {t("complaint.reply_no_email")}
        </p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="field-reply-reply">{t("complaint.reply")}</label>
            <textarea
              {...fieldProps("reply", errors, "reply")}
              rows={4}
              maxLength={NOTE_MAX}
              data-testid="complaint-reply-text"
              value={reply}
              onChange={(e) => {
                setReply(e.target.value);
                setErrors({});
                setSent(false);
              }}
            />
            <p className="hint">{t("complaint.reply_hint", { email })}</p>
            <FieldError field="reply" errors={errors} scope="reply" />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" data-testid="complaint-reply-send" disabled={busy !== null}>
              {busy ? t("common.saving") : t("complaint.reply_send")}
            </button>
            {sent && (
              <p className="saved" role="status" data-testid="complaint-reply-sent">
                {t("complaint.reply_sent")}
              </p>
            )}
          </div>
        </>
      )}
    </form>
  );
}

export function NoteForm({ complaint, onChanged }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState("");
  const { errors, setErrors, busy, run } = useAction(onChanged);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (note.trim() === "") {
      setErrors({ note: "required" });
      return;
    }
    if (await run("note", () => ipc.complaintNote(complaint.summary.id, note.trim()))) setNote("");
  };
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate data-testid="complaint-note-form">
      <h3>{t("complaint.note_title")}</h3>
      <div className="field">
        <label htmlFor="field-note-note">{t("complaint.note")}</label>
        <textarea
          {...fieldProps("note", errors, "note")}
          rows={3}
          maxLength={NOTE_MAX}
          data-testid="complaint-note-text"
          value={note}
          onChange={(e) => {
            setNote(e.target.value);
            setErrors({});
          }}
        />
        <FieldError field="note" errors={errors} scope="note" />
      </div>
      <div className="form-actions">
        <button type="submit" className="button" data-testid="complaint-note-add" disabled={busy !== null}>
          {busy ? t("common.saving") : t("complaint.note_add")}
        </button>
      </div>
    </form>
  );
}

export function CallForm({ complaint, onChanged }: Props) {
  const { t } = useTranslation();
  const [duration, setDuration] = useState("");
  const [note, setNote] = useState("");
  const { errors, setErrors, busy, run } = useAction(onChanged);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const seconds = parseDuration(duration);
    if (seconds === null) {
      setErrors({ duration: "duration_invalid" });
      return;
    }
    if (await run("call", () => ipc.complaintCall(complaint.summary.id, seconds, note.trim()))) {
      setDuration("");
      setNote("");
    }
  };
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate data-testid="complaint-call-form">
      <h3>{t("complaint.call_title")}</h3>
      <FormErrors errors={errors} shown={(f) => f === "duration" || f === "note"} />
      <div className="field">
        <label htmlFor="field-call-duration">{t("complaint.call_duration_label")}</label>
        <input
          {...fieldProps("duration", errors, "call")}
          className="input-short"
          inputMode="numeric"
          autoComplete="off"
          data-testid="complaint-call-duration"
          value={duration}
          onChange={(e) => {
            setDuration(e.target.value);
            setErrors({});
          }}
        />
        <p className="hint">{t("complaint.call_duration_hint")}</p>
        <FieldError field="duration" errors={errors} scope="call" />
      </div>
      <div className="field">
        <label htmlFor="field-call-note">{t("complaint.note")}</label>
        <textarea
          {...fieldProps("note", errors, "call")}
          rows={2}
          maxLength={NOTE_MAX}
          data-testid="complaint-call-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <FieldError field="note" errors={errors} scope="call" />
      </div>
      <div className="form-actions">
        <button type="submit" className="button" data-testid="complaint-call-add" disabled={busy !== null}>
          {busy ? t("common.saving") : t("complaint.call_add")}
        </button>
      </div>
    </form>
  );
}

export function CompensationForm({ complaint, onChanged }: Props) {
  const { t } = useTranslation();
  const { currency } = useShop();
  const [kind, setKind] = useState<Compensation>("points");
  const [points, setPoints] = useState("");
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [given, setGiven] = useState(false);
  const { errors, setErrors, busy, run } = useAction(onChanged);
  const money = kind === "store_credit" || kind === "refund";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setGiven(false);
    const typed = points.trim();
    const input = {
      kind,
      // Not a whole number: sent as none, and the core says what is wrong.
      points: kind === "points" && /^\d+$/.test(typed) ? Number(typed) : null,
      amount: money ? amount.trim() : null,
      note: note.trim(),
    };
    if (await run("compensate", () => ipc.complaintCompensate(complaint.summary.id, input))) {
      setPoints("");
      setAmount("");
      setNote("");
      setGiven(true);
    }
  };
  const clear = () => {
    setErrors({});
    setGiven(false);
  };
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate data-testid="complaint-comp-form">
      <h3>{t("complaint.comp_title")}</h3>
      <FormErrors errors={errors} shown={(f) => ["kind", "points", "amount", "note"].includes(f)} />
      <div className="field-row">
        <div className="field">
          <label htmlFor="field-comp-kind">{t("complaint.comp_kind")}</label>
          <select
            {...fieldProps("kind", errors, "comp")}
            data-testid="complaint-comp-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as Compensation);
              clear();
            }}
          >
            {COMPENSATIONS.map((c) => (
              <option key={c} value={c}>
                {t(`compensation.${c}`)}
              </option>
            ))}
          </select>
        </div>
        {kind === "points" && (
          <div className="field">
            <label htmlFor="field-comp-points">{t("complaint.comp_points")}</label>
            <input
              {...fieldProps("points", errors, "comp")}
              className="input-short"
              inputMode="numeric"
              data-testid="complaint-comp-points"
              value={points}
              onChange={(e) => {
                setPoints(e.target.value);
                clear();
              }}
            />
            <FieldError field="points" errors={errors} scope="comp" />
          </div>
        )}
        {money && (
          <div className="field">
            <label htmlFor="field-comp-amount">{t("complaint.comp_amount", { currency })}</label>
            <input
              {...fieldProps("amount", errors, "comp")}
              className="input-short"
              inputMode="decimal"
              data-testid="complaint-comp-amount"
              value={amount}
              onChange={(e) => {
                setAmount(e.target.value);
                clear();
              }}
            />
            <FieldError field="amount" errors={errors} scope="comp" />
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor="field-comp-note">{t("complaint.note")}</label>
        <textarea
          {...fieldProps("note", errors, "comp")}
          rows={2}
          maxLength={NOTE_MAX}
          data-testid="complaint-comp-note"
          value={note}
          onChange={(e) => {
            setNote(e.target.value);
            clear();
          }}
        />
        <p className="hint">{t(`complaint.comp_hint.${kind}`)}</p>
        <FieldError field="note" errors={errors} scope="comp" />
      </div>
      {/* Money back or a replacement goes through a return of the order, under the shop's policy. */}
      {(kind === "refund" || kind === "replacement") && complaint.summary.order_id !== null && (
        <p className="hint">
          <a href={href(paths.returnNew(complaint.summary.order_id))} data-testid="complaint-comp-return">
            {t("complaint.comp_open_return", { order: complaint.summary.order_number ?? "" })}
          </a>
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button" data-testid="complaint-comp-add" disabled={busy !== null}>
          {busy ? t("common.saving") : t("complaint.comp_add")}
        </button>
        {given && (
          <p className="saved" role="status" data-testid="complaint-comp-given">
            {t("complaint.comp_given")}
          </p>
        )}
      </div>
    </form>
  );
}
