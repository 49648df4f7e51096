// Issues a coupon (or, with a count above 1, a batch for a campaign). Amounts
// and the percentage go to the core exactly as typed: it decides what is
// valid and names the field when it is not.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { ipc, type Coupon, type CouponInput, type CouponKind } from "../../lib/ipc";
import { COUPON_KINDS } from "./format";

type Fields = {
  prefix: string;
  kind: CouponKind;
  value: string;
  expires_on: string;
  max_uses: string;
  min_order: string;
  note: string;
  count: string;
};

const FIELDS = ["prefix", "kind", "value", "expires_on", "max_uses", "min_order", "note", "count"];
/** The largest whole number the command's arguments accept (a u32). */
const U32_MAX = 4_294_967_295;

/** A whole number as typed; null for empty, NaN for anything else. */
function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  return /^\d{1,10}$/.test(trimmed) && Number(trimmed) <= U32_MAX ? Number(trimmed) : Number.NaN;
}

export function CouponForm({
  customer,
  onIssued,
  onCancel,
}: {
  /** Issued to this customer (from their page); otherwise to anyone, one or a batch. */
  customer?: { id: number; name: string };
  onIssued: (coupons: Coupon[]) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { currency } = useShop();
  const [fields, setFields] = useState<Fields>({
    prefix: "",
    kind: "percent",
    value: "",
    expires_on: "",
    max_uses: "1",
    min_order: "",
    note: "",
    count: "1",
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields({ ...fields, [key]: value });
    // A new kind reads the value differently: its old message no longer applies.
    const cleared: string[] = key === "kind" ? ["kind", "value"] : [key];
    if (cleared.some((f) => f in errors)) {
      setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => !cleared.includes(f))));
    }
  };

  const count = customer ? 1 : wholeNumber(fields.count);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const maxUses = wholeNumber(fields.max_uses);
    const local: FieldErrors = {};
    if (Number.isNaN(maxUses)) local.max_uses = "out_of_range";
    if (count === null || Number.isNaN(count)) local.count = "out_of_range";
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return;
    }
    const input: CouponInput = {
      prefix: fields.prefix,
      kind: fields.kind,
      value: fields.value,
      expires_on: fields.expires_on || null,
      max_uses: maxUses,
      min_order: fields.min_order.trim() || null,
      customer_id: customer?.id ?? null,
      note: fields.note,
    };
    setBusy(true);
    try {
      const issued = count === 1 ? [await ipc.couponCreate(input)] : await ipc.couponsIssueBulk(input, count ?? 1);
      setErrors({});
      onIssued(issued);
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
    } finally {
      setBusy(false);
    }
  };

  const title = customer ? t("coupons.form.title_for", { name: customer.name }) : t("coupons.form.title");
  const bulk = count !== null && !Number.isNaN(count) && count > 1;
  return (
    <form className="card form coupon-form" onSubmit={submit} noValidate aria-label={title} data-testid="coupon-form">
      <h2>{title}</h2>
      <FormErrors errors={errors} shown={(f) => FIELDS.includes(f) && (f !== "count" || !customer)} />
      <div className="field-row">
        <div className="field">
          <label htmlFor="field-kind">{t("coupons.form.kind")}</label>
          <select {...fieldProps("kind", errors)} value={fields.kind} onChange={(e) => set("kind", e.target.value as CouponKind)}>
            {COUPON_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`coupon_kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-value">
            {fields.kind === "percent" ? t("coupons.form.value_percent") : t("coupons.form.value_fixed", { currency })}
          </label>
          <input
            {...fieldProps("value", errors)}
            value={fields.value}
            onChange={(e) => set("value", e.target.value)}
            inputMode="decimal"
            autoComplete="off"
            className="input-money"
          />
          <FieldError field="value" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-prefix">{t("coupons.form.prefix")}</label>
          <input
            {...fieldProps("prefix", errors)}
            value={fields.prefix}
            onChange={(e) => set("prefix", e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className="mono"
          />
          <p className="hint">{t("coupons.form.prefix_hint")}</p>
          <FieldError field="prefix" errors={errors} />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="field-expires_on">{t("coupons.form.expires_on")}</label>
          <input
            {...fieldProps("expires_on", errors)}
            type="date"
            value={fields.expires_on}
            onChange={(e) => set("expires_on", e.target.value)}
          />
          <p className="hint">{t("coupons.form.expires_hint")}</p>
          <FieldError field="expires_on" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-max_uses">{t("coupons.form.max_uses")}</label>
          <input
            {...fieldProps("max_uses", errors)}
            value={fields.max_uses}
            onChange={(e) => set("max_uses", e.target.value)}
            inputMode="numeric"
            autoComplete="off"
            className="input-qty"
          />
          <p className="hint">{t("coupons.form.max_uses_hint")}</p>
          <FieldError field="max_uses" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-min_order">{t("coupons.form.min_order", { currency })}</label>
          <input
            {...fieldProps("min_order", errors)}
            value={fields.min_order}
            onChange={(e) => set("min_order", e.target.value)}
            inputMode="decimal"
            autoComplete="off"
            className="input-money"
          />
          <p className="hint">{t("coupons.form.min_order_hint")}</p>
          <FieldError field="min_order" errors={errors} />
        </div>
        {!customer && (
          <div className="field">
            <label htmlFor="field-count">{t("coupons.form.count")}</label>
            <input
              {...fieldProps("count", errors)}
              value={fields.count}
              onChange={(e) => set("count", e.target.value)}
              inputMode="numeric"
              autoComplete="off"
              className="input-qty"
            />
            <p className="hint">{t("coupons.form.count_hint")}</p>
            <FieldError field="count" errors={errors} />
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor="field-note">{t("coupons.form.note")}</label>
        <input {...fieldProps("note", errors)} value={fields.note} onChange={(e) => set("note", e.target.value)} autoComplete="off" />
        <FieldError field="note" errors={errors} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="coupon-save" disabled={busy}>
          {busy ? t("coupons.form.issuing") : bulk ? t("coupons.form.submit_bulk", { count: count ?? 0 }) : t("coupons.form.submit")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
