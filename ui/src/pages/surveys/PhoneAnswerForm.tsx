// A score heard on the phone: the kind, the score (a radio group of the
// kind's range), what they said, and optionally which of their orders it is
// about.
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { SURVEY_KINDS } from "../../lib/codes";
import { formatDay } from "../../lib/dates";
import { ipc, type Order, type SurveyKind } from "../../lib/ipc";
import { inRange, scoreRange, scoresOf, toneOf } from "../../lib/surveys";

const COMMENT_MAX = 2000;
const SHOWN = (field: string) => ["kind", "score", "comment", "order_id"].includes(field);

export function PhoneAnswerForm({
  customerId,
  orders,
  justSaved = false,
  onSaved,
}: {
  customerId: number;
  orders: Order[];
  /** The form was just emptied by a save: say so until the next change. */
  justSaved?: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const scoreLabelId = useId();
  const [kind, setKind] = useState<SurveyKind>("nps");
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  // Usually the call is about the last delivery (orders come newest first).
  const [orderId, setOrderId] = useState<number | null>(orders.find((o) => o.status === "delivered")?.id ?? null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [savedNote, setSavedNote] = useState(justSaved);
  const [low, high] = scoreRange(kind);

  const clear = (...fields: string[]) => {
    setSavedNote(false);
    if (fields.some((f) => f in errors)) setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => !fields.includes(f))));
  };

  const changeKind = (next: SurveyKind) => {
    setKind(next);
    // A 9 means something else (or nothing) on a 1–5 scale: ask again.
    if (score !== null && !inRange(next, score)) setScore(null);
    clear("kind", "score");
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (score === null || !inRange(kind, score)) {
      setErrors({ ...errors, score: score === null ? "score_required" : "score_out_of_range" });
      return;
    }
    setBusy(true);
    try {
      await ipc.phoneAnswerRecord({ customer_id: customerId, kind, score, comment, order_id: orderId });
      onSaved();
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
    } finally {
      setBusy(false);
    }
  };

  const scoreMessage = (code: string) =>
    code === "score_required" ? t("phone_answer.score_required", { low, high }) : t("phone_answer.score_out_of_range", { low, high });

  return (
    <form className="card form phone-answer" onSubmit={(e) => void submit(e)} noValidate data-testid="phone-answer-form">
      <h3>{t("customer_surveys.add")}</h3>
      <FormErrors errors={errors} shown={SHOWN} />
      <div className="field">
        <label htmlFor="field-kind">{t("phone_answer.kind")}</label>
        <select
          {...fieldProps("kind", errors)}
          data-testid="phone-answer-kind"
          value={kind}
          onChange={(e) => changeKind(e.target.value as SurveyKind)}
        >
          {SURVEY_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`survey_kind.${k}.label`)}
            </option>
          ))}
        </select>
        <p className="hint">{t(`survey_kind.${kind}.question`)}</p>
      </div>
      <div className="field">
        <span className="label" id={scoreLabelId}>
          {t("phone_answer.score", { low, high })}
        </span>
        <div
          className="score-picker"
          role="radiogroup"
          aria-labelledby={scoreLabelId}
          aria-invalid={errors.score ? true : undefined}
          aria-describedby={errors.score ? "error-score" : undefined}
          data-testid="phone-answer-scores"
        >
          {scoresOf(kind).map((s) => (
            <label key={s} className={`score-option tone-${toneOf(kind, s)}${score === s ? " checked" : ""}`}>
              <input
                type="radio"
                name="phone-answer-score"
                value={s}
                checked={score === s}
                data-testid={`phone-answer-score-${s}`}
                aria-label={t("phone_answer.score_name", { score: s, high, meaning: t(`score_tone.${kind}.${toneOf(kind, s)}`) })}
                onChange={() => {
                  setScore(s);
                  clear("score");
                }}
              />
              <span aria-hidden="true">{s}</span>
            </label>
          ))}
        </div>
        <p className="hint">{t(`survey_kind.${kind}.ends`)}</p>
        {errors.score && (
          <p className="field-error" id="error-score" data-testid="error-score">
            {scoreMessage(errors.score)}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="field-comment">{t("phone_answer.comment")}</label>
        <textarea
          {...fieldProps("comment", errors)}
          rows={3}
          maxLength={COMMENT_MAX}
          data-testid="phone-answer-comment"
          value={comment}
          onChange={(e) => {
            setComment(e.target.value);
            clear("comment");
          }}
        />
        <FieldError field="comment" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="field-order_id">{t("phone_answer.order")}</label>
        <select
          {...fieldProps("order_id", errors)}
          data-testid="phone-answer-order"
          value={orderId === null ? "" : String(orderId)}
          onChange={(e) => {
            setOrderId(e.target.value === "" ? null : Number(e.target.value));
            clear("order_id");
          }}
        >
          <option value="">{t("phone_answer.no_order")}</option>
          {orders.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {t("phone_answer.order_option", { number: o.number, date: formatDay(o.delivered_on ?? o.placed_on, locale) })}
            </option>
          ))}
        </select>
        <FieldError field="order_id" errors={errors} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="phone-answer-save" disabled={busy}>
          {busy ? t("common.saving") : t("phone_answer.save")}
        </button>
        {savedNote && (
          <p className="saved" role="status" data-testid="phone-answer-saved">
            {t("phone_answer.saved")}
          </p>
        )}
      </div>
    </form>
  );
}
