// Settings → Loyalty: how points are earned (rate, on payment or delivery,
// how long they stay pending), what they are worth when redeemed, when they
// expire, referral rewards and the tiers by spend. Also the one-off award of
// points for delivered orders that have none (e.g. imported history).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { useSaveForm, type Checked } from "../../app/useSaveForm";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { SaveActions } from "../../components/SaveActions";
import { EARN_ONS } from "../../lib/codes";
import { ipc, type EarnOn, type LoyaltySettings, type LoyaltySettingsInput } from "../../lib/ipc";
import { amountText, formatMoney, minorDigits } from "../../lib/money";
import { useCount } from "../import/messages";
import { SettingsFrame, SettingsLoading } from "./SettingsFrame";

type TierRow = { key: string; name: string; threshold: string; multiplier_percent: string };

/** The form keeps numbers as typed; they are read when saving. */
type Fields = {
  enabled: boolean;
  points_per_unit: string;
  earn_on: EarnOn;
  pending_days: string;
  redeem_points: string;
  redeem_value: string;
  expiry_months: string;
  referrer_points: string;
  referred_points: string;
  referral_coupon_percent: string;
  referral_coupon_days: string;
  tiers: TierRow[];
};

const WHOLE_FIELDS = [
  "points_per_unit",
  "redeem_points",
  "referrer_points",
  "referred_points",
  "referral_coupon_percent",
  "referral_coupon_days",
] as const;
/** Left empty, these mean "same as the return window" and "never". */
const OPTIONAL_FIELDS = ["pending_days", "expiry_months"] as const;
const FORM_FIELDS = /^(enabled|points_per_unit|earn_on|pending_days|redeem_points|redeem_value|expiry_months|referrer_points|referred_points|referral_coupon_percent|referral_coupon_days|tiers\.\d+\.(name|threshold|multiplier_percent))$/;

let newRows = 0;

function toFields(s: LoyaltySettings, locale: string): Fields {
  return {
    enabled: s.enabled,
    points_per_unit: String(s.points_per_unit),
    earn_on: s.earn_on,
    pending_days: s.pending_days === null ? "" : String(s.pending_days),
    redeem_points: String(s.redeem_points),
    redeem_value: amountText(s.redeem_value_minor, s.currency, locale),
    expiry_months: s.expiry_months === null ? "" : String(s.expiry_months),
    referrer_points: String(s.referrer_points),
    referred_points: String(s.referred_points),
    referral_coupon_percent: String(s.referral_coupon_percent),
    referral_coupon_days: String(s.referral_coupon_days),
    tiers: s.tiers.map((tier) => ({
      key: `tier-${tier.id}`,
      name: tier.name,
      threshold: amountText(tier.threshold_minor, s.currency, locale),
      multiplier_percent: String(tier.multiplier_percent),
    })),
  };
}

function readWhole(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

function toInput(f: Fields): Checked<LoyaltySettingsInput> {
  const errors: FieldErrors = {};
  const whole = (field: string, text: string) => {
    const value = readWhole(text);
    if (value === null) errors[field] = "number_invalid";
    return value ?? 0;
  };
  const optional = (field: string, text: string) => (text.trim() === "" ? null : whole(field, text));
  const input: LoyaltySettingsInput = {
    enabled: f.enabled,
    points_per_unit: whole("points_per_unit", f.points_per_unit),
    earn_on: f.earn_on,
    pending_days: optional("pending_days", f.pending_days),
    redeem_points: whole("redeem_points", f.redeem_points),
    redeem_value: f.redeem_value.trim(),
    expiry_months: optional("expiry_months", f.expiry_months),
    referrer_points: whole("referrer_points", f.referrer_points),
    referred_points: whole("referred_points", f.referred_points),
    referral_coupon_percent: whole("referral_coupon_percent", f.referral_coupon_percent),
    referral_coupon_days: whole("referral_coupon_days", f.referral_coupon_days),
    tiers: f.tiers.map((tier, i) => ({
      name: tier.name.trim(),
      threshold: tier.threshold.trim(),
      multiplier_percent: whole(`tiers.${i}.multiplier_percent`, tier.multiplier_percent),
    })),
  };
  return Object.keys(errors).length > 0 ? { errors } : { input };
}

export function LoyaltySettingsPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const count = useCount(locale);
  const [settings, setSettings] = useState<LoyaltySettings | null>(null);
  const [fields, setFields] = useState<Fields | null>(null);
  const { errors, dirty, saving, saved, touch, submit } = useSaveForm({
    save: ipc.loyaltySettingsSave,
    onSaved: (next) => {
      setSettings(next);
      setFields(toFields(next, locale));
    },
  });
  const [backfill, setBackfill] = useState<"running" | number | null>(null);

  const load = () =>
    ipc
      .loyaltySettingsGet()
      .then((next) => {
        setSettings(next);
        // A change made elsewhere must not overwrite what the owner is typing.
        setFields((current) => (current && dirty ? current : toFields(next, locale)));
      })
      .catch(report);

  useEffect(() => {
    void load();
    // Loaded once; later changes arrive through store-changed (the pending days follow the return window).
  }, []);
  useOnChanged(["loyalty", "returns"], () => void load());

  if (!settings || !fields) return <SettingsLoading current="loyalty" />;

  const money = (minor: number) => formatMoney(minor, settings.currency, locale);
  const unit = money(10 ** minorDigits(settings.currency, locale));

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields({ ...fields, [key]: value });
    touch(key);
  };

  const setTier = (index: number, change: Partial<TierRow>) => {
    setFields({ ...fields, tiers: fields.tiers.map((tier, i) => (i === index ? { ...tier, ...change } : tier)) });
    touch(...Object.keys(change).map((k) => `tiers.${index}.${k}`), "tiers");
  };

  const addTier = () => {
    newRows += 1;
    setFields({ ...fields, tiers: [...fields.tiers, { key: `new-${newRows}`, name: "", threshold: "", multiplier_percent: "100" }] });
    touch("tiers");
  };

  const removeTier = (index: number) => {
    setFields({ ...fields, tiers: fields.tiers.filter((_, i) => i !== index) });
    // Errors name rows by index: after a removal they would point at the wrong row.
    touch(...Object.keys(errors).filter((f) => f.startsWith("tiers")));
  };

  const runBackfill = async () => {
    if (backfill === "running") return;
    setBackfill("running");
    try {
      setBackfill(await ipc.loyaltyBackfill());
    } catch (err) {
      setBackfill(null);
      report(err);
    }
  };

  const wholeInput = (field: (typeof WHOLE_FIELDS)[number] | (typeof OPTIONAL_FIELDS)[number], testId: string) => (
    <input
      {...fieldProps(field, errors)}
      className="input-short"
      inputMode="numeric"
      data-testid={testId}
      value={fields[field]}
      onChange={(e) => set(field, e.target.value)}
    />
  );

  /** One cell of a tier's row; its error is named by the row's index. */
  const tierCell = (
    tier: TierRow,
    index: number,
    field: "name" | "threshold" | "multiplier_percent",
    testId: string,
    label: string,
    attributes: { className?: string; inputMode?: "decimal" | "numeric"; maxLength?: number },
  ) => (
    <td>
      <input
        {...fieldProps(`tiers.${index}.${field}`, errors)}
        {...attributes}
        data-testid={testId}
        aria-label={label}
        value={tier[field]}
        onChange={(e) => setTier(index, { [field]: e.target.value })}
      />
      <FieldError field={`tiers.${index}.${field}`} errors={errors} />
    </td>
  );

  return (
    <SettingsFrame current="loyalty">
      <form className="card form narrow" onSubmit={(e) => void submit(e, toInput(fields))} noValidate data-testid="loyalty-settings">
        <h2>{t("loyalty_settings.title")}</h2>
        <p className="muted">{t("loyalty_settings.intro")}</p>
        <FormErrors errors={errors} shown={(f) => FORM_FIELDS.test(f)} />

        <label className="checkbox">
          <input
            type="checkbox"
            name="enabled"
            data-testid="loyalty-enabled"
            checked={fields.enabled}
            onChange={(e) => set("enabled", e.target.checked)}
          />
          <span>{t("loyalty_settings.enabled")}</span>
        </label>

        <h3 className="subsection">{t("loyalty_settings.earning")}</h3>
        <div className="field-row">
          <div className="field">
            <label htmlFor="field-points_per_unit">{t("loyalty_settings.points_per_unit", { unit })}</label>
            {wholeInput("points_per_unit", "loyalty-points-per-unit")}
            <FieldError field="points_per_unit" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="field-earn_on">{t("loyalty_settings.earn_on")}</label>
            <select {...fieldProps("earn_on", errors)} data-testid="loyalty-earn-on" value={fields.earn_on} onChange={(e) => set("earn_on", e.target.value as EarnOn)}>
              {EARN_ONS.map((on) => (
                <option key={on} value={on}>
                  {t(`earn_on.${on}`)}
                </option>
              ))}
            </select>
            <FieldError field="earn_on" errors={errors} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="field-pending_days">{t("loyalty_settings.pending_days")}</label>
          {wholeInput("pending_days", "loyalty-pending-days")}
          <p className="hint" data-testid="loyalty-effective-pending">
            {t("loyalty_settings.pending_days_hint", { count: settings.effective_pending_days })}
          </p>
          <FieldError field="pending_days" errors={errors} />
        </div>

        <h3 className="subsection">{t("loyalty_settings.redeeming")}</h3>
        <div className="field-row">
          <div className="field">
            <label htmlFor="field-redeem_points">{t("loyalty_settings.redeem_points")}</label>
            {wholeInput("redeem_points", "loyalty-redeem-points-setting")}
            <FieldError field="redeem_points" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="field-redeem_value">{t("loyalty_settings.redeem_value", { currency: settings.currency })}</label>
            <input
              {...fieldProps("redeem_value", errors)}
              className="input-short"
              inputMode="decimal"
              data-testid="loyalty-redeem-value-setting"
              value={fields.redeem_value}
              onChange={(e) => set("redeem_value", e.target.value)}
            />
            <FieldError field="redeem_value" errors={errors} />
          </div>
        </div>
        <p className="hint">
          {t("loyalty_settings.redeem_hint", { points: count(settings.redeem_points), value: money(settings.redeem_value_minor) })}
        </p>
        <div className="field">
          <label htmlFor="field-expiry_months">{t("loyalty_settings.expiry_months")}</label>
          {wholeInput("expiry_months", "loyalty-expiry-months")}
          <p className="hint">{t("loyalty_settings.expiry_hint")}</p>
          <FieldError field="expiry_months" errors={errors} />
        </div>

        <h3 className="subsection">{t("loyalty_settings.referrals")}</h3>
        <div className="field-row">
          <div className="field">
            <label htmlFor="field-referrer_points">{t("loyalty_settings.referrer_points")}</label>
            {wholeInput("referrer_points", "loyalty-referrer-points")}
            <FieldError field="referrer_points" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="field-referred_points">{t("loyalty_settings.referred_points")}</label>
            {wholeInput("referred_points", "loyalty-referred-points")}
            <FieldError field="referred_points" errors={errors} />
          </div>
        </div>
        <p className="hint">{t("loyalty_settings.referrals_hint")}</p>
        <div className="field-row">
          <div className="field">
            <label htmlFor="field-referral_coupon_percent">{t("loyalty_settings.referral_coupon_percent")}</label>
            {wholeInput("referral_coupon_percent", "loyalty-referral-coupon-percent")}
            <FieldError field="referral_coupon_percent" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="field-referral_coupon_days">{t("loyalty_settings.referral_coupon_days")}</label>
            {wholeInput("referral_coupon_days", "loyalty-referral-coupon-days")}
            <FieldError field="referral_coupon_days" errors={errors} />
          </div>
        </div>
        <p className="hint">{t("loyalty_settings.referral_coupon_hint")}</p>

        <h3 className="subsection">{t("loyalty_settings.tiers")}</h3>
        <p className="hint">{t("loyalty_settings.tiers_hint")}</p>
        {fields.tiers.length > 0 && (
          <table className="table compact tiers-table" data-testid="loyalty-tiers">
            <thead>
              <tr>
                <th scope="col">{t("loyalty_settings.tier_name")}</th>
                <th scope="col">{t("loyalty_settings.tier_threshold", { currency: settings.currency })}</th>
                <th scope="col">{t("loyalty_settings.tier_multiplier")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {fields.tiers.map((tier, i) => (
                <tr key={tier.key} data-testid="loyalty-tier-row">
                  {tierCell(tier, i, "name", `loyalty-tier-name-${i}`, t("loyalty_settings.tier_name_n", { n: i + 1 }), { maxLength: 60 })}
                  {tierCell(tier, i, "threshold", `loyalty-tier-threshold-${i}`, t("loyalty_settings.tier_threshold_n", { n: i + 1 }), {
                    className: "input-money",
                    inputMode: "decimal",
                  })}
                  {tierCell(tier, i, "multiplier_percent", `loyalty-tier-multiplier-${i}`, t("loyalty_settings.tier_multiplier_n", { n: i + 1 }), {
                    className: "input-qty",
                    inputMode: "numeric",
                  })}
                  <td>
                    <button
                      type="button"
                      className="button button-quiet"
                      data-testid={`loyalty-tier-remove-${i}`}
                      aria-label={t("loyalty_settings.tier_remove_n", { n: i + 1 })}
                      onClick={() => removeTier(i)}
                    >
                      {t("loyalty_settings.tier_remove")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="form-actions">
          <button type="button" className="button" data-testid="loyalty-tier-add" onClick={addTier}>
            {t("loyalty_settings.tier_add")}
          </button>
        </div>

        <SaveActions
          saving={saving}
          saved={saved}
          savedText={t("loyalty_settings.saved")}
          saveTestId="loyalty-settings-save"
          savedTestId="loyalty-settings-saved"
        />
      </form>

      <section className="card form narrow" aria-labelledby="backfill-heading" data-testid="loyalty-backfill-card">
        <h2 id="backfill-heading">{t("loyalty_settings.backfill.title")}</h2>
        <p className="muted">{t("loyalty_settings.backfill.text")}</p>
        <div className="form-actions">
          <button
            type="button"
            className="button"
            data-testid="loyalty-backfill"
            disabled={backfill === "running"}
            onClick={() => void runBackfill()}
          >
            {backfill === "running" ? t("loyalty_settings.backfill.running") : t("loyalty_settings.backfill.run")}
          </button>
          {typeof backfill === "number" && (
            <p className="saved" role="status" data-testid="loyalty-backfilled">
              {backfill === 0
                ? t("loyalty_settings.backfill.none")
                : t("loyalty_settings.backfill.done", { count: backfill, n: count(backfill) })}
            </p>
          )}
        </div>
      </section>
    </SettingsFrame>
  );
}
