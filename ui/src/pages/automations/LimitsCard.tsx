// The guard rails every rule obeys: the shop's time zone, its quiet hours, how
// often a customer may get a marketing message, and how far back a late run
// catches up.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSaveForm, type Checked } from "../../app/useSaveForm";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { SaveActions } from "../../components/SaveActions";
import { ipc, type AutomationSettings, type AutomationSettingsView } from "../../lib/ipc";
import { computerZone, minutesToTime, readWhole, timeToMinutes, timeZones } from "./rules";

type Fields = { time_zone: string; quiet_from: string; quiet_to: string; marketing_cap_days: string; catch_up_days: string };
const FORM_FIELDS = ["time_zone", "quiet_from", "quiet_to", "marketing_cap_days", "catch_up_days"];
const SCOPE = "limits";

function toFields(s: AutomationSettings): Fields {
  return {
    time_zone: s.time_zone,
    quiet_from: minutesToTime(s.quiet_from),
    quiet_to: minutesToTime(s.quiet_to),
    marketing_cap_days: String(s.marketing_cap_days),
    catch_up_days: String(s.catch_up_days),
  };
}

function toInput(f: Fields): Checked<AutomationSettings> {
  const errors: FieldErrors = {};
  const time = (field: "quiet_from" | "quiet_to") => {
    const minutes = timeToMinutes(f[field]);
    if (minutes === null) errors[field] = "time_invalid";
    return minutes ?? 0;
  };
  const whole = (field: "marketing_cap_days" | "catch_up_days") => {
    const value = readWhole(f[field]);
    if (value === null) errors[field] = "number_invalid";
    return value ?? 0;
  };
  const input: AutomationSettings = {
    time_zone: f.time_zone,
    quiet_from: time("quiet_from"),
    quiet_to: time("quiet_to"),
    marketing_cap_days: whole("marketing_cap_days"),
    catch_up_days: whole("catch_up_days"),
  };
  return Object.keys(errors).length > 0 ? { errors } : { input };
}

export function LimitsCard({ view, onSaved }: { view: AutomationSettingsView; onSaved: (view: AutomationSettingsView) => void }) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<Fields>(() => toFields(view.settings));
  const { errors, dirty, saving, saved, touch, submit } = useSaveForm({ save: ipc.automationSettingsSave, onSaved });
  useEffect(() => {
    if (!dirty) setFields(toFields(view.settings));
    // Only a new answer from the core should reset the form.
  }, [view]);

  const set = (field: keyof Fields, value: string) => {
    setFields({ ...fields, [field]: value });
    touch(field);
  };
  const props = (field: keyof Fields) => fieldProps(field, errors, SCOPE);
  const zones = timeZones();
  // A zone saved on another computer may be unknown to this one's list: still offered.
  if (fields.time_zone !== "" && !zones.includes(fields.time_zone)) zones.unshift(fields.time_zone);
  const computer = view.settings.time_zone === "" ? view.zone_in_effect : computerZone();
  const noQuiet = fields.quiet_from === fields.quiet_to;
  const cap = readWhole(fields.marketing_cap_days);
  const catchUp = readWhole(fields.catch_up_days);

  return (
    <form
      className="card form automation-limits"
      onSubmit={(e) => void submit(e, toInput(fields))}
      noValidate
      aria-labelledby="automation-limits-heading"
      data-testid="automation-limits"
    >
      <h2 id="automation-limits-heading">{t("automations.limits.title")}</h2>
      <p className="muted">{t("automations.limits.intro")}</p>
      <FormErrors errors={errors} shown={(f) => FORM_FIELDS.includes(f)} />

      <div className="field">
        <label htmlFor={props("time_zone").id}>{t("automations.limits.time_zone")}</label>
        <select {...props("time_zone")} data-testid="automation-time-zone" value={fields.time_zone} onChange={(e) => set("time_zone", e.target.value)}>
          <option value="">{t("automations.limits.zone_computer", { zone: computer })}</option>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
        <p className="hint">{t("automations.limits.time_zone_hint")}</p>
        <FieldError field="time_zone" errors={errors} scope={SCOPE} />
      </div>

      <fieldset className="plain-fieldset">
        <legend>{t("automations.limits.quiet")}</legend>
        <div className="field-row">
          <div className="field">
            <label htmlFor={props("quiet_from").id}>{t("automations.limits.quiet_from")}</label>
            <input
              {...props("quiet_from")}
              type="time"
              className="input-short"
              data-testid="automation-quiet-from"
              value={fields.quiet_from}
              onChange={(e) => set("quiet_from", e.target.value)}
            />
            <FieldError field="quiet_from" errors={errors} scope={SCOPE} />
          </div>
          <div className="field">
            <label htmlFor={props("quiet_to").id}>{t("automations.limits.quiet_to")}</label>
            <input
              {...props("quiet_to")}
              type="time"
              className="input-short"
              data-testid="automation-quiet-to"
              value={fields.quiet_to}
              onChange={(e) => set("quiet_to", e.target.value)}
            />
            <FieldError field="quiet_to" errors={errors} scope={SCOPE} />
          </div>
        </div>
        <p className="hint" data-testid="automation-quiet-summary">
          {noQuiet
            ? t("automations.limits.quiet_none")
            : t("automations.limits.quiet_summary", { from: fields.quiet_from, to: fields.quiet_to })}
        </p>
      </fieldset>

      <div className="field">
        <label htmlFor={props("marketing_cap_days").id}>{t("automations.limits.cap_days")}</label>
        <input
          {...props("marketing_cap_days")}
          className="input-short"
          inputMode="numeric"
          data-testid="automation-cap-days"
          value={fields.marketing_cap_days}
          onChange={(e) => set("marketing_cap_days", e.target.value)}
        />
        <p className="hint">
          {cap === 0 ? t("automations.limits.cap_none") : t("automations.limits.cap_hint", { count: cap ?? 0 })}
        </p>
        <FieldError field="marketing_cap_days" errors={errors} scope={SCOPE} />
      </div>

      <div className="field">
        <label htmlFor={props("catch_up_days").id}>{t("automations.limits.catch_up_days")}</label>
        <input
          {...props("catch_up_days")}
          className="input-short"
          inputMode="numeric"
          data-testid="automation-catch-up-days"
          value={fields.catch_up_days}
          onChange={(e) => set("catch_up_days", e.target.value)}
        />
        <p className="hint">{t("automations.limits.catch_up_hint", { count: catchUp ?? 0 })}</p>
        <FieldError field="catch_up_days" errors={errors} scope={SCOPE} />
      </div>

      <SaveActions
        saving={saving}
        saved={saved}
        savedText={t("automations.limits.saved")}
        saveTestId="automation-limits-save"
        savedTestId="automation-limits-saved"
      />
    </form>
  );
}
