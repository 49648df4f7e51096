// Surveys → Send: the kind, the campaign's name, the optional open question
// in both languages, the delivery window, and who is in or out (and why)
// before one click sends it as a campaign.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { href, navigate, paths } from "../../app/router";
import { useSending } from "../../app/sending";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FieldError, fieldProps, FormErrors, useFieldMessage, type FieldErrors } from "../../components/FieldError";
import { SURVEY_KINDS } from "../../lib/codes";
import { formatDay } from "../../lib/dates";
import { ipc, type CollectorView, type SurveyAudience, type SurveyInput, type SurveyKind } from "../../lib/ipc";
import { useDebounced } from "../../lib/useDebounced";
import { useCount } from "../import/messages";
import { SurveysHeader } from "./SurveysTabs";

export const SURVEY_AUDIENCE_DEBOUNCE_MS = 300;
export const DEFAULT_DAYS = 14;
const MAX_DAYS = 365;

type Fields = { kind: SurveyKind; name: string; follow_up_es: string; follow_up_en: string; days: string };

const SHOWN = (field: string) => ["name", "follow_up_es", "follow_up_en", "delivered_within_days"].includes(field);

/** The days as typed, or null when they are not a whole number from 1 to 365. */
function readDays(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const days = Number(trimmed);
  return days >= 1 && days <= MAX_DAYS ? days : null;
}

export function SurveySendPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const { refresh } = useSending();
  const count = useCount(locale);
  const fieldMessage = useFieldMessage();
  const suggestedName = (kind: SurveyKind) =>
    t("surveys.send.default_name", {
      kind: t(`survey_kind.${kind}.short`),
      month: new Intl.DateTimeFormat(locale, { month: "long", year: "numeric" }).format(new Date()),
    });
  const [fields, setFields] = useState<Fields>(() => ({
    kind: "nps",
    name: suggestedName("nps"),
    follow_up_es: "",
    follow_up_en: "",
    days: String(DEFAULT_DAYS),
  }));
  const [nameTouched, setNameTouched] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [audience, setAudience] = useState<SurveyAudience | null>(null);
  const [version, setVersion] = useState(0);
  const [collector, setCollector] = useState<CollectorView | null>(null);
  const [confirming, setConfirming] = useState<SurveyAudience | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    ipc
      .collectorGet()
      .then((found) => live && setCollector(found))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);

  const days = readDays(fields.days);
  const settledDays = useDebounced(days, SURVEY_AUDIENCE_DEBOUNCE_MS);
  useEffect(() => {
    if (settledDays === null) return;
    let live = true;
    ipc
      .surveyAudience(settledDays)
      .then((found) => live && setAudience(found))
      .catch((err) => {
        if (!live) return;
        const refused = fieldErrorsOf(err);
        if (refused) setErrors((current) => ({ ...current, ...refused }));
        else report(err);
      });
    return () => {
      live = false;
    };
  }, [settledDays, version, report]);
  // New orders, unsubscribes or answers change who is in.
  useOnChanged(["customers", "orders", "lists", "campaigns", "surveys"], () => setVersion((v) => v + 1));

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    const next = { ...fields, [key]: value };
    if (key === "kind" && !nameTouched) next.name = suggestedName(value as SurveyKind);
    if (key === "name") setNameTouched(true);
    setFields(next);
    const field = key === "days" ? "delivered_within_days" : key;
    if (field in errors || "audience" in errors) {
      setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => f !== field && f !== "audience")));
    }
  };

  const input = (): SurveyInput | null => {
    if (days === null) {
      setErrors({ ...errors, delivered_within_days: "days_invalid" });
      return null;
    }
    return {
      kind: fields.kind,
      name: fields.name,
      follow_up_es: fields.follow_up_es,
      follow_up_en: fields.follow_up_en,
      delivered_within_days: days,
    };
  };

  const refuse = (err: unknown) => {
    const refused = fieldErrorsOf(err);
    if (refused) setErrors(refused);
    else report(err);
  };

  const askToSend = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const ready = input();
    if (!ready) return;
    if (!fields.name.trim()) {
      setErrors({ ...errors, name: "required" });
      return;
    }
    setBusy(true);
    try {
      // A fresh count: the one on screen may be a few seconds old.
      const fresh = await ipc.surveyAudience(ready.delivered_within_days);
      setAudience(fresh);
      if (fresh.included === 0) setErrors({ ...errors, audience: "audience_empty" });
      else setConfirming(fresh);
    } catch (err) {
      refuse(err);
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    const ready = input();
    if (!ready || busy) return;
    setBusy(true);
    try {
      const campaign = await ipc.surveySend(ready);
      setConfirming(null);
      refresh();
      navigate(paths.campaign(campaign.id));
    } catch (err) {
      setConfirming(null);
      refuse(err);
    } finally {
      setBusy(false);
    }
  };

  const dayErrors: FieldErrors =
    days === null ? { delivered_within_days: errors.delivered_within_days ?? "days_invalid" } : errors;
  const daysMessage = (code: string) => (code === "days_invalid" ? t("surveys.send.days_invalid", { max: MAX_DAYS }) : fieldMessage(code));
  const audienceMessage = (code: string) => (code === "audience_empty" ? t("surveys.send.audience_empty") : fieldMessage(code));
  const listed = audience?.candidates.length ?? 0;
  const everyone = audience ? audience.included + audience.excluded : 0;

  return (
    <section className="page">
      <SurveysHeader current="send" />

      {collector && collector.state.url === "" && (
        <div className="banner banner-warning" role="note" data-testid="survey-no-collector">
          <div>
            <p>{t("surveys.send.no_collector")}</p>
            <p>
              <a href={href(paths.settingsCollector())} data-testid="survey-collector-link">
                {t("surveys.send.collector_link")}
              </a>
            </p>
          </div>
        </div>
      )}

      <form className="card form" onSubmit={(e) => void askToSend(e)} noValidate data-testid="survey-form">
        <h2>{t("surveys.send.title")}</h2>
        <FormErrors errors={Object.fromEntries(Object.entries(errors).filter(([f]) => f !== "audience"))} shown={SHOWN} />
        <div className="field">
          <label htmlFor="field-kind">{t("surveys.send.kind")}</label>
          <select
            {...fieldProps("kind", errors)}
            data-testid="survey-kind"
            value={fields.kind}
            onChange={(e) => set("kind", e.target.value as SurveyKind)}
            aria-describedby="survey-kind-help"
          >
            {SURVEY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`survey_kind.${kind}.label`)}
              </option>
            ))}
          </select>
          <ul className="kind-help hint" id="survey-kind-help" data-testid="survey-kind-help">
            {SURVEY_KINDS.map((kind) => (
              <li key={kind} className={kind === fields.kind ? "kind-current" : undefined}>
                <strong>{t(`survey_kind.${kind}.short`)}</strong> {t(`survey_kind.${kind}.explain`)}
              </li>
            ))}
          </ul>
        </div>
        <div className="field">
          <label htmlFor="field-name">{t("surveys.send.name")}</label>
          <input
            {...fieldProps("name", errors)}
            data-testid="survey-name"
            value={fields.name}
            onChange={(e) => set("name", e.target.value)}
            autoComplete="off"
          />
          <p className="hint">{t("surveys.send.name_hint")}</p>
          <FieldError field="name" errors={errors} />
        </div>
        <fieldset className="plain-fieldset">
          <legend>{t("surveys.send.follow_up")}</legend>
          <p className="hint">{t("surveys.send.follow_up_hint")}</p>
          <div className="field-row">
            <div className="field">
              <label htmlFor="field-follow_up_es">{t("surveys.send.follow_up_es")}</label>
              <input
                {...fieldProps("follow_up_es", errors)}
                data-testid="survey-follow-up-es"
                lang="es"
                value={fields.follow_up_es}
                maxLength={300}
                placeholder={t("surveys.send.follow_up_es_placeholder")}
                onChange={(e) => set("follow_up_es", e.target.value)}
              />
              <FieldError field="follow_up_es" errors={errors} />
            </div>
            <div className="field">
              <label htmlFor="field-follow_up_en">{t("surveys.send.follow_up_en")}</label>
              <input
                {...fieldProps("follow_up_en", errors)}
                data-testid="survey-follow-up-en"
                lang="en"
                value={fields.follow_up_en}
                maxLength={300}
                placeholder={t("surveys.send.follow_up_en_placeholder")}
                onChange={(e) => set("follow_up_en", e.target.value)}
              />
              <FieldError field="follow_up_en" errors={errors} />
            </div>
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="field-delivered_within_days">{t("surveys.send.days")}</label>
          <input
            {...fieldProps("delivered_within_days", dayErrors)}
            className="input-short"
            inputMode="numeric"
            data-testid="survey-days"
            value={fields.days}
            onChange={(e) => set("days", e.target.value)}
          />
          <p className="hint">{t("surveys.send.days_hint")}</p>
          {dayErrors.delivered_within_days && (
            <p className="field-error" id="error-delivered_within_days" data-testid="error-delivered_within_days">
              {daysMessage(dayErrors.delivered_within_days)}
            </p>
          )}
        </div>

        <div className="survey-audience" data-testid="survey-audience">
          <h3>{t("surveys.send.audience")}</h3>
          <p className="audience-count" role="status" aria-live="polite" data-testid="survey-included">
            {audience === null
              ? t("audience.counting")
              : t("surveys.send.counts", {
                  count: audience.included,
                  included: count(audience.included),
                  excluded: count(audience.excluded),
                })}
          </p>
          <p className="hint">{t("surveys.send.rules", { days: days ?? "—" })}</p>
          {errors.audience && (
            <p className="field-error" role="alert" data-testid="error-audience">
              {audienceMessage(errors.audience)}
            </p>
          )}
          {audience && audience.candidates.length > 0 && (
            <div className="table-card audience-table">
              <table className="table compact" data-testid="survey-candidates">
                <caption className="visually-hidden">{t("surveys.send.audience")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("surveys.col.customer")}</th>
                    <th scope="col">{t("surveys.col.order")}</th>
                    <th scope="col">{t("surveys.col.delivered")}</th>
                    <th scope="col">{t("surveys.col.language")}</th>
                    <th scope="col">{t("surveys.col.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {audience.candidates.map((c) => (
                    <tr
                      key={`${c.customer_id}-${c.order_id}`}
                      data-testid="survey-candidate"
                      data-included={c.excluded === null ? "true" : "false"}
                      className={c.excluded === null ? undefined : "row-excluded"}
                    >
                      <td>
                        <a href={href(paths.customer(c.customer_id))}>{c.name}</a>
                        {c.email && <span className="cell-sub">{c.email}</span>}
                      </td>
                      <td className="mono">{c.order_number}</td>
                      <td className="nowrap">{formatDay(c.delivered_on, locale)}</td>
                      <td>{t(`language.${c.language}`)}</td>
                      <td>
                        {c.excluded === null ? (
                          <span className="badge badge-success">{t("surveys.send.included")}</span>
                        ) : (
                          <span className="badge badge-warning" data-testid="survey-exclusion">
                            {t(`exclusion.${c.excluded}`)}
                          </span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {listed < everyone && (
                <p className="table-note muted">{t("surveys.send.first_rows", { shown: count(listed), total: count(everyone) })}</p>
              )}
            </div>
          )}
        </div>

        <div className="form-actions">
          <button type="submit" className="button button-primary" data-testid="survey-send" disabled={busy}>
            {t("surveys.send.send")}
          </button>
        </div>
      </form>

      {confirming && (
        <ConfirmDialog
          title={t("surveys.confirm.title")}
          confirmLabel={t("surveys.confirm.send", { count: confirming.included, n: count(confirming.included) })}
          confirmTestId="survey-send-confirm"
          busy={busy}
          onCancel={() => setConfirming(null)}
          onConfirm={() => void send()}
        >
          <p data-testid="survey-confirm-count">
            {t("surveys.confirm.text", {
              count: confirming.included,
              name: fields.name.trim(),
              kind: t(`survey_kind.${fields.kind}.short`),
              n: count(confirming.included),
            })}
          </p>
          <p className="muted">{t("campaign.confirm.note")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
