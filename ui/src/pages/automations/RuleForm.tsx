// A rule's "Editar" form: when it sends (days), for what (care tips' product,
// the survey's kind), the win-back coupon, and its texts in both languages.
// An empty text means the built-in one, shown greyed out in the empty field.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSaveForm, type Checked } from "../../app/useSaveForm";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { SaveActions } from "../../components/SaveActions";
import { ipc, type AutomationRule, type RuleInput, type RuleKey } from "../../lib/ipc";
import { hasTexts, isOrderNotice, placeholdersOf, readWhole, SURVEY_RULE_KINDS } from "./rules";

const TEXT_FIELDS = ["subject_es", "body_es", "subject_en", "body_en"] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** The form keeps numbers as typed; they are read when saving. */
type Fields = {
  delay_days: string;
  condition: string;
  coupon_percent: string;
  coupon_days: string;
} & Record<TextField, string>;

function toFields(rule: AutomationRule): Fields {
  return {
    delay_days: String(rule.delay_days),
    condition: rule.condition,
    coupon_percent: String(rule.coupon_percent),
    coupon_days: String(rule.coupon_days),
    subject_es: rule.subject_es,
    body_es: rule.body_es,
    subject_en: rule.subject_en,
    body_en: rule.body_en,
  };
}

/** The fields this rule's form shows (the rest go back as they are). */
function shownFields(key: RuleKey): string[] {
  return [
    ...(isOrderNotice(key) ? [] : ["delay_days"]),
    ...(key === "care_tips" || key === "survey" ? ["condition"] : []),
    ...(key === "win_back" ? ["coupon_percent", "coupon_days"] : []),
    ...(hasTexts(key) ? TEXT_FIELDS : []),
  ];
}

function toInput(rule: AutomationRule, f: Fields): Checked<RuleInput> {
  const errors: FieldErrors = {};
  const shown = shownFields(rule.key);
  const whole = (field: "delay_days" | "coupon_percent" | "coupon_days", kept: number) => {
    if (!shown.includes(field)) return kept;
    const value = readWhole(f[field]);
    if (value === null) errors[field] = "number_invalid";
    return value ?? kept;
  };
  const input: RuleInput = {
    delay_days: whole("delay_days", rule.delay_days),
    condition: shown.includes("condition") ? f.condition.trim() : rule.condition,
    coupon_percent: whole("coupon_percent", rule.coupon_percent),
    coupon_days: whole("coupon_days", rule.coupon_days),
    subject_es: f.subject_es,
    body_es: f.body_es,
    subject_en: f.subject_en,
    body_en: f.body_en,
  };
  return Object.keys(errors).length > 0 ? { errors } : { input };
}

type Props = { rule: AutomationRule; id: string; onSaved: (rule: AutomationRule) => void };

export function RuleForm({ rule, id, onSaved }: Props) {
  const { t } = useTranslation();
  const key = rule.key;
  const [fields, setFields] = useState<Fields>(() => toFields(rule));
  const { errors, dirty, saving, saved, touch, submit } = useSaveForm({
    save: (input: RuleInput) => ipc.automationRuleSave(rule.id, input),
    onSaved: (next: AutomationRule) => {
      setFields(toFields(next));
      onSaved(next);
    },
  });
  // A change saved elsewhere shows here, unless the owner is typing.
  useEffect(() => {
    if (!dirty) setFields(toFields(rule));
    // Only a new answer from the core should reset the form.
  }, [rule]);

  const set = (field: keyof Fields, value: string) => {
    setFields({ ...fields, [field]: value });
    touch(field);
  };
  const shown = shownFields(key);
  const props = (field: string) => fieldProps(field, errors, key);
  const testId = (field: string) => `automation-${key}-${field}`;
  const withCoupon = key === "win_back" && (readWhole(fields.coupon_percent) ?? 0) > 0;

  const numberField = (field: "delay_days" | "coupon_percent" | "coupon_days", label: string, hint: string) => (
    <div className="field">
      <label htmlFor={props(field).id}>{label}</label>
      <input
        {...props(field)}
        className="input-short"
        inputMode="numeric"
        data-testid={testId(field)}
        value={fields[field]}
        onChange={(e) => set(field, e.target.value)}
      />
      <p className="hint">{hint}</p>
      <FieldError field={field} errors={errors} scope={key} />
    </div>
  );

  /** One text: empty shows the built-in one greyed out; a button takes it back (or starts from it). */
  const textField = (field: TextField, label: string, multiline: boolean) => {
    const builtIn = rule.defaults[field];
    const own = fields[field].trim() !== "";
    const common = {
      ...props(field),
      "data-testid": testId(field),
      placeholder: builtIn,
      value: fields[field],
    };
    return (
      <div className="field">
        <label htmlFor={props(field).id}>{label}</label>
        {multiline ? (
          <textarea {...common} rows={6} onChange={(e) => set(field, e.target.value)} />
        ) : (
          <input {...common} onChange={(e) => set(field, e.target.value)} />
        )}
        <p className="hint automation-text-hint">
          {own ? t("automations.form.own_text") : t("automations.form.builtin_in_use")}{" "}
          {own ? (
            <button type="button" className="button-link" data-testid={`${testId(field)}-builtin`} onClick={() => set(field, "")}>
              {t("automations.form.use_builtin")}
            </button>
          ) : (
            <button type="button" className="button-link" data-testid={`${testId(field)}-from-builtin`} onClick={() => set(field, builtIn)}>
              {t("automations.form.edit_builtin")}
            </button>
          )}
        </p>
        <FieldError field={field} errors={errors} scope={key} />
      </div>
    );
  };

  return (
    <form
      id={id}
      className="automation-form form"
      onSubmit={(e) => void submit(e, toInput(rule, fields))}
      noValidate
      data-testid={`automation-form-${key}`}
    >
      <FormErrors errors={errors} shown={(f) => shown.includes(f)} />

      {isOrderNotice(key) && <p className="hint">{t("automations.form.at_once")}</p>}
      {!isOrderNotice(key) &&
        numberField("delay_days", t(`automation_rule.${key}.delay_label`), t(`automation_rule.${key}.delay_hint`))}

      {key === "care_tips" && (
        <div className="field">
          <label htmlFor={props("condition").id}>{t("automations.form.care_condition")}</label>
          <input
            {...props("condition")}
            maxLength={120}
            data-testid={testId("condition")}
            value={fields.condition}
            onChange={(e) => set("condition", e.target.value)}
          />
          <p className="hint">{t("automations.form.care_condition_hint")}</p>
          <FieldError field="condition" errors={errors} scope={key} />
        </div>
      )}

      {key === "survey" && (
        <div className="field">
          <label htmlFor={props("condition").id}>{t("automations.form.survey_kind")}</label>
          <select {...props("condition")} data-testid={testId("condition")} value={fields.condition} onChange={(e) => set("condition", e.target.value)}>
            {!(SURVEY_RULE_KINDS as readonly string[]).includes(fields.condition) && <option value={fields.condition}>{t("automations.form.choose")}</option>}
            {SURVEY_RULE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`survey_kind.${kind}.label`)}
              </option>
            ))}
          </select>
          <p className="hint">{t("automations.form.survey_hint")}</p>
          <FieldError field="condition" errors={errors} scope={key} />
        </div>
      )}

      {key === "win_back" && (
        <div className="field-row">
          {numberField("coupon_percent", t("automations.form.coupon_percent"), t("automations.form.coupon_percent_hint"))}
          {numberField("coupon_days", t("automations.form.coupon_days"), t("automations.form.coupon_days_hint"))}
        </div>
      )}

      {hasTexts(key) ? (
        <>
          <fieldset className="plain-fieldset automation-texts">
            <legend>{t("automations.form.texts_es")}</legend>
            {textField("subject_es", t("automations.form.subject"), false)}
            {textField("body_es", t("automations.form.body"), true)}
          </fieldset>
          <fieldset className="plain-fieldset automation-texts">
            <legend>{t("automations.form.texts_en")}</legend>
            {textField("subject_en", t("automations.form.subject"), false)}
            {textField("body_en", t("automations.form.body"), true)}
          </fieldset>
          <div className="automation-placeholders">
            <p className="hint">{t("automations.form.placeholders")}</p>
            <ul className="placeholders" data-testid={testId("placeholders")}>
              {placeholdersOf(key, withCoupon).map((p) => (
                <li key={p}>
                  <code>{`{{ ${p} }}`}</code> {t(`automations.placeholder.${p}`)}
                </li>
              ))}
            </ul>
            <p className="hint">{t("automations.form.language_hint")}</p>
          </div>
        </>
      ) : (
        <p className="hint">{t("automations.form.survey_texts")}</p>
      )}

      <SaveActions
        saving={saving}
        saved={saved}
        savedText={t("automations.form.saved")}
        saveTestId={`automation-save-${key}`}
        savedTestId={`automation-saved-${key}`}
      />
    </form>
  );
}
