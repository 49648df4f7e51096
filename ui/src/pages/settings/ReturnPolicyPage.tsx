// Settings → Returns: the shop's written return policy. The window, the
// restocking fee and the outcomes offered are what the core checks every
// request against; the text is what customers read (copied to the web shop
// or printed for the counter). Reasons are never deleted, only switched off,
// since past returns point at them.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { useSaveForm, type Checked } from "../../app/useSaveForm";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { SaveActions } from "../../components/SaveActions";
import { FEE_KINDS } from "../../lib/codes";
import { ipc, type FeeKind, type ReturnPolicy, type ReturnPolicyInput } from "../../lib/ipc";
import { amountText } from "../../lib/money";
import { SettingsFrame, SettingsLoading } from "./SettingsFrame";

type ReasonRow = { key: string; id: number | null; code: string | null; label: string; waives_fee: boolean; active: boolean };

/** The form keeps numbers as typed; they are read when saving. */
type Fields = Omit<ReturnPolicyInput, "window_days" | "bonus_percent" | "reasons"> & {
  window_days: string;
  bonus_percent: string;
  reasons: ReasonRow[];
};

const FORM_FIELDS = /^(window_days|fee_kind|fee_value|outcomes|bonus_percent|policy_text|notify_customer|reasons\.\d+\.label)$/;

let newRows = 0;

function toFields(policy: ReturnPolicy, locale: string): Fields {
  return {
    window_days: String(policy.window_days),
    fee_kind: policy.fee_kind,
    fee_value:
      policy.fee_kind === "percent" ? String(policy.fee_value) : policy.fee_kind === "fixed" ? amountText(policy.fee_value, policy.currency, locale) : "",
    offer_refund: policy.offer_refund,
    offer_exchange: policy.offer_exchange,
    offer_credit: policy.offer_credit,
    bonus_percent: String(policy.bonus_percent),
    policy_text: policy.policy_text,
    notify_customer: policy.notify_customer,
    reasons: policy.reasons.map((r) => ({ key: `reason-${r.id}`, ...r })),
  };
}

/** A whole number as typed, or null. */
function readWhole(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

function toInput(f: Fields): Checked<ReturnPolicyInput> {
  const windowDays = readWhole(f.window_days);
  const bonus = readWhole(f.bonus_percent);
  const errors: FieldErrors = {};
  if (windowDays === null) errors.window_days = "number_invalid";
  if (bonus === null) errors.bonus_percent = "number_invalid";
  if (windowDays === null || bonus === null) return { errors };
  return {
    input: {
      ...f,
      window_days: windowDays,
      bonus_percent: bonus,
      fee_value: f.fee_kind === "none" ? "0" : f.fee_value.trim(),
      reasons: f.reasons.map((r) => ({ id: r.id, label: r.label.trim(), waives_fee: r.waives_fee, active: r.active })),
    },
  };
}

export function ReturnPolicyPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const [policy, setPolicy] = useState<ReturnPolicy | null>(null);
  const [fields, setFields] = useState<Fields | null>(null);
  const { errors, dirty, saving, saved, touch, submit } = useSaveForm({
    save: ipc.returnPolicySave,
    onSaved: (next) => {
      setPolicy(next);
      setFields(toFields(next, locale));
    },
  });
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);

  const load = () =>
    ipc
      .returnPolicyGet()
      .then((next) => {
        setPolicy(next);
        // A change made elsewhere must not overwrite what the owner is typing.
        setFields((current) => (current && dirty ? current : toFields(next, locale)));
      })
      .catch(report);

  useEffect(() => {
    void load();
    // Loaded once; later changes arrive through store-changed "returns".
  }, []);
  useOnChanged(["returns"], () => void load());

  if (!policy || !fields) return <SettingsLoading current="returns" />;

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields({ ...fields, [key]: value });
    touch(key, key.startsWith("offer_") ? "outcomes" : key);
  };

  const setReason = (index: number, change: Partial<ReasonRow>) => {
    setFields({ ...fields, reasons: fields.reasons.map((r, i) => (i === index ? { ...r, ...change } : r)) });
    touch(`reasons.${index}.label`, "reasons");
  };

  const addReason = () => {
    newRows += 1;
    setFields({
      ...fields,
      reasons: [...fields.reasons, { key: `new-${newRows}`, id: null, code: null, label: "", waives_fee: false, active: true }],
    });
    touch("reasons");
  };

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(fields.policy_text);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  };

  const print = () => {
    // Only the policy's text is printed (styles.css, @media print).
    document.body.classList.add("printing-policy");
    try {
      window.print();
    } finally {
      document.body.classList.remove("printing-policy");
    }
  };

  const feeKindChanged = (kind: FeeKind) => {
    setFields({ ...fields, fee_kind: kind, fee_value: kind === fields.fee_kind ? fields.fee_value : "" });
    touch("fee_kind", "fee_value");
  };

  /** A whole number of days or percent, typed as text and read when saving. */
  const wholeField = (field: "window_days" | "bonus_percent", testId: string, label: string, hint: string) => (
    <div className="field">
      <label htmlFor={`field-${field}`}>{label}</label>
      <input
        {...fieldProps(field, errors)}
        className="input-short"
        inputMode="numeric"
        data-testid={testId}
        value={fields[field]}
        onChange={(e) => set(field, e.target.value)}
      />
      <p className="hint">{hint}</p>
      <FieldError field={field} errors={errors} />
    </div>
  );

  return (
    <SettingsFrame current="returns">
      <form className="card form narrow" onSubmit={(e) => void submit(e, toInput(fields))} noValidate data-testid="return-policy">
        <h2>{t("return_policy.title")}</h2>
        <p className="muted">{t("return_policy.intro")}</p>
        <FormErrors errors={errors} shown={(f) => FORM_FIELDS.test(f)} />

        {wholeField("window_days", "policy-window-days", t("return_policy.window_days"), t("return_policy.window_days_hint"))}

        <div className="field-row">
          <div className="field">
            <label htmlFor="field-fee_kind">{t("return_policy.fee_kind")}</label>
            <select
              {...fieldProps("fee_kind", errors)}
              data-testid="policy-fee-kind"
              value={fields.fee_kind}
              onChange={(e) => feeKindChanged(e.target.value as FeeKind)}
            >
              {FEE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`fee_kind.${k}`)}
                </option>
              ))}
            </select>
            <FieldError field="fee_kind" errors={errors} />
          </div>
          {fields.fee_kind !== "none" && (
            <div className="field">
              <label htmlFor="field-fee_value">
                {fields.fee_kind === "percent"
                  ? t("return_policy.fee_percent")
                  : t("return_policy.fee_amount", { currency: policy.currency })}
              </label>
              <input
                {...fieldProps("fee_value", errors)}
                className="input-short"
                inputMode="decimal"
                data-testid="policy-fee-value"
                value={fields.fee_value}
                onChange={(e) => set("fee_value", e.target.value)}
              />
              <FieldError field="fee_value" errors={errors} />
            </div>
          )}
        </div>
        <p className="hint">{t("return_policy.fee_hint")}</p>

        <fieldset className="plain-fieldset" aria-describedby={errors.outcomes ? "error-outcomes" : undefined}>
          <legend>{t("return_policy.outcomes")}</legend>
          {(["offer_refund", "offer_exchange", "offer_credit"] as const).map((key) => (
            <label key={key} className="checkbox">
              <input
                type="checkbox"
                name={key}
                data-testid={`policy-${key.replace("_", "-")}`}
                checked={fields[key]}
                onChange={(e) => set(key, e.target.checked)}
              />
              <span>{t(`return_policy.${key}`)}</span>
            </label>
          ))}
          <FieldError field="outcomes" errors={errors} />
        </fieldset>

        {wholeField("bonus_percent", "policy-bonus-percent", t("return_policy.bonus_percent"), t("return_policy.bonus_hint"))}

        <h3 className="subsection">{t("return_policy.reasons")}</h3>
        <p className="hint">{t("return_policy.reasons_hint")}</p>
        <table className="table compact reasons-table" data-testid="policy-reasons">
          <thead>
            <tr>
              <th scope="col">{t("return_policy.reason_label")}</th>
              <th scope="col">{t("return_policy.reason_waives_fee")}</th>
              <th scope="col">{t("return_policy.reason_active")}</th>
            </tr>
          </thead>
          <tbody>
            {fields.reasons.map((r, i) => (
              <tr key={r.key} data-testid="policy-reason">
                <td>
                  <input
                    {...fieldProps(`reasons.${i}.label`, errors)}
                    data-testid={`policy-reason-label-${i}`}
                    aria-label={t("return_policy.reason_label_n", { n: i + 1 })}
                    placeholder={r.code ? t(`return_reason.${r.code}`, { defaultValue: r.code }) : ""}
                    maxLength={80}
                    value={r.label}
                    onChange={(e) => setReason(i, { label: e.target.value })}
                  />
                  <FieldError field={`reasons.${i}.label`} errors={errors} />
                </td>
                <td>
                  <input
                    type="checkbox"
                    data-testid={`policy-reason-waives-${i}`}
                    aria-label={t("return_policy.reason_waives_fee_n", { n: i + 1 })}
                    checked={r.waives_fee}
                    onChange={(e) => setReason(i, { waives_fee: e.target.checked })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    data-testid={`policy-reason-active-${i}`}
                    aria-label={t("return_policy.reason_active_n", { n: i + 1 })}
                    checked={r.active}
                    onChange={(e) => setReason(i, { active: e.target.checked })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="form-actions">
          <button type="button" className="button" data-testid="policy-reason-add" onClick={addReason}>
            {t("return_policy.reason_add")}
          </button>
        </div>

        <h3 className="subsection">{t("return_policy.text_title")}</h3>
        <div className="field">
          <label htmlFor="field-policy_text">{t("return_policy.policy_text")}</label>
          <textarea
            {...fieldProps("policy_text", errors)}
            rows={10}
            data-testid="policy-text"
            value={fields.policy_text}
            onChange={(e) => {
              set("policy_text", e.target.value);
              setCopied(null);
            }}
          />
          <p className="hint">{t("return_policy.policy_text_hint")}</p>
          <FieldError field="policy_text" errors={errors} />
        </div>
        <div className="form-actions">
          <button type="button" className="button" data-testid="policy-copy" disabled={fields.policy_text.trim() === ""} onClick={() => void copy()}>
            {t("return_policy.copy")}
          </button>
          <button type="button" className="button" data-testid="policy-print" disabled={fields.policy_text.trim() === ""} onClick={print}>
            {t("return_policy.print")}
          </button>
          {copied && (
            <p className="muted" role="status" data-testid="policy-copied">
              {copied === "copied" ? t("return_policy.copied") : t("return_policy.copy_failed")}
            </p>
          )}
        </div>
        {/* What window.print() shows: the text alone, as data. */}
        <div className="policy-print" aria-hidden="true">
          {fields.policy_text}
        </div>

        <label className="checkbox">
          <input
            type="checkbox"
            name="notify_customer"
            data-testid="policy-notify"
            checked={fields.notify_customer}
            onChange={(e) => set("notify_customer", e.target.checked)}
          />
          <span>{t("return_policy.notify_customer")}</span>
        </label>
        <p className="hint">{t("return_policy.notify_hint")}</p>

        <SaveActions saving={saving} saved={saved} savedText={t("return_policy.saved")} saveTestId="policy-save" savedTestId="policy-saved" />
      </form>
    </SettingsFrame>
  );
}
