// Create or edit a newsletter list: its name, double opt-in, and the consent
// text subscribers agree to (kept with each subscriber's consent record).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { ipc, type List, type ListInput } from "../../lib/ipc";

const FORM_FIELDS = ["name", "double_opt_in", "consent_text"];

export function ListForm({ list, onSaved, onCancel }: { list: List | null; onSaved: (list: List) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const [fields, setFields] = useState<ListInput>(() => ({
    name: list?.name ?? "",
    double_opt_in: list?.double_opt_in ?? false,
    consent_text: list?.consent_text ?? t("lists.consent_default"),
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  const set = <K extends keyof ListInput>(key: K, value: ListInput[K]) => {
    setFields({ ...fields, [key]: value });
    if (key in errors) {
      const { [key]: _cleared, ...rest } = errors;
      setErrors(rest);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      const saved = list ? await ipc.listUpdate(list.id, fields) : await ipc.listCreate(fields);
      setErrors({});
      onSaved(saved);
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card form narrow" onSubmit={submit} noValidate data-testid="list-form">
      <h2>{list ? t("lists.edit_title") : t("lists.new_title")}</h2>
      <FormErrors errors={errors} shown={(f) => FORM_FIELDS.includes(f)} />
      <div className="field">
        <label htmlFor="field-name">{t("lists.name")}</label>
        <input
          {...fieldProps("name", errors)}
          data-testid="list-name"
          value={fields.name}
          onChange={(e) => set("name", e.target.value)}
          placeholder={t("lists.name_placeholder")}
          autoComplete="off"
          autoFocus
        />
        <FieldError field="name" errors={errors} />
      </div>
      <div className="field">
        <label className="checkbox">
          <input
            type="checkbox"
            name="double_opt_in"
            data-testid="list-double-opt-in"
            checked={fields.double_opt_in}
            onChange={(e) => set("double_opt_in", e.target.checked)}
          />
          <span>{t("lists.double_opt_in")}</span>
        </label>
        <p className="hint">{t("lists.double_opt_in_hint")}</p>
        <FieldError field="double_opt_in" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="field-consent_text">{t("lists.consent_text")}</label>
        <textarea
          {...fieldProps("consent_text", errors)}
          rows={3}
          value={fields.consent_text}
          onChange={(e) => set("consent_text", e.target.value)}
        />
        <p className="hint">{t("lists.consent_text_hint")}</p>
        <FieldError field="consent_text" errors={errors} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="list-save" disabled={saving}>
          {saving ? t("common.saving") : t("common.save")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
