// Settings → Complaints: how many hours each severity has before a complaint
// is overdue, and the categories offered (built-in ones keep their translated
// name until renamed; a removed one stays on the complaints that used it).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { useOnChanged } from "../../app/useOnChanged";
import { useSaveForm, type Checked } from "../../app/useSaveForm";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { SaveActions } from "../../components/SaveActions";
import { SEVERITIES } from "../../lib/codes";
import { ipc, type ComplaintSettings, type ComplaintSettingsInput, type Severity } from "../../lib/ipc";
import { useCategoryLabel } from "../complaints/labels";
import { SettingsFrame, SettingsLoading } from "./SettingsFrame";

type CategoryRow = { key: string; id: number | null; builtIn: string | null; label: string };
type HoursField = `sla_${Severity}_hours`;
type Fields = Record<HoursField, string> & { categories: CategoryRow[] };

const FORM_FIELDS = /^(sla_(low|normal|high|urgent)_hours|categories(\.\d+)?)$/;

let newRows = 0;

function hoursField(severity: Severity): HoursField {
  return `sla_${severity}_hours`;
}

function toFields(settings: ComplaintSettings): Fields {
  return {
    sla_low_hours: String(settings.sla_low_hours),
    sla_normal_hours: String(settings.sla_normal_hours),
    sla_high_hours: String(settings.sla_high_hours),
    sla_urgent_hours: String(settings.sla_urgent_hours),
    categories: settings.categories.map((c) => ({ key: `category-${c.id}`, id: c.id, builtIn: c.key, label: c.label })),
  };
}

function toInput(f: Fields): Checked<ComplaintSettingsInput> {
  const errors: FieldErrors = {};
  const hours = Object.fromEntries(
    SEVERITIES.map((s) => {
      const text = f[hoursField(s)].trim();
      if (!/^\d+$/.test(text)) errors[hoursField(s)] = "hours_invalid";
      return [hoursField(s), Number(text)];
    }),
  ) as Record<HoursField, number>;
  if (Object.keys(errors).length > 0) return { errors };
  return { input: { ...hours, categories: f.categories.map((c) => ({ id: c.id, label: c.label.trim() })) } };
}

export function ComplaintSettingsPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const categoryLabel = useCategoryLabel();
  const [fields, setFields] = useState<Fields | null>(null);
  const { errors, dirty, saving, saved, touch, submit } = useSaveForm({
    save: ipc.complaintSettingsSave,
    onSaved: (next) => setFields(toFields(next)),
  });

  const load = () =>
    ipc
      .complaintSettingsGet()
      // A change made elsewhere must not overwrite what the owner is typing.
      .then((next) => setFields((current) => (current && dirty ? current : toFields(next))))
      .catch(report);

  useEffect(() => {
    void load();
    // Loaded once; later changes arrive through store-changed "complaints".
  }, []);
  useOnChanged(["complaints"], () => void load());

  if (!fields) return <SettingsLoading current="complaints" />;

  const setCategories = (categories: CategoryRow[], ...touched: string[]) => {
    setFields({ ...fields, categories });
    // Rows move: errors by index no longer point at the right row.
    touch("categories", ...touched, ...fields.categories.map((_, i) => `categories.${i}`));
  };

  const move = (index: number, step: -1 | 1) => {
    const next = [...fields.categories];
    const [row] = next.splice(index, 1);
    if (!row) return;
    next.splice(index + step, 0, row);
    setCategories(next);
  };

  const add = () => {
    newRows += 1;
    setCategories([...fields.categories, { key: `new-${newRows}`, id: null, builtIn: null, label: "" }]);
  };

  return (
    <SettingsFrame current="complaints">
      <form className="card form narrow" onSubmit={(e) => void submit(e, toInput(fields))} noValidate data-testid="complaint-settings">
        <h2>{t("complaint_settings.title")}</h2>
        <p className="muted">{t("complaint_settings.intro")}</p>
        <FormErrors errors={errors} shown={(f) => FORM_FIELDS.test(f)} />

        <h3 className="subsection">{t("complaint_settings.sla_title")}</h3>
        <p className="hint">{t("complaint_settings.sla_hint")}</p>
        <div className="field-row">
          {SEVERITIES.map((s) => {
            const field = hoursField(s);
            return (
              <div className="field" key={s}>
                <label htmlFor={`field-${field}`}>{t("complaint_settings.sla_hours", { severity: t(`severity.${s}`) })}</label>
                <input
                  {...fieldProps(field, errors)}
                  className="input-short"
                  inputMode="numeric"
                  data-testid={`complaint-sla-${s}`}
                  value={fields[field]}
                  onChange={(e) => {
                    setFields({ ...fields, [field]: e.target.value });
                    touch(field);
                  }}
                />
                <FieldError field={field} errors={errors} />
              </div>
            );
          })}
        </div>

        <h3 className="subsection">{t("complaint_settings.categories")}</h3>
        <p className="hint">{t("complaint_settings.categories_hint")}</p>
        <ol className="plain-list category-list" data-testid="complaint-categories">
          {fields.categories.map((c, i) => {
            const field = `categories.${i}`;
            const last = i === fields.categories.length - 1;
            return (
              <li key={c.key} className="category-row" data-testid="complaint-category-row">
                <input
                  {...fieldProps(field, errors)}
                  data-testid={`complaint-category-label-${i}`}
                  aria-label={t("complaint_settings.category_n", { n: i + 1 })}
                  placeholder={c.builtIn ? categoryLabel({ key: c.builtIn, label: "" }) : ""}
                  maxLength={60}
                  value={c.label}
                  onChange={(e) => setCategories(fields.categories.map((r, j) => (j === i ? { ...r, label: e.target.value } : r)), field)}
                />
                <button
                  type="button"
                  className="button button-quiet"
                  data-testid={`complaint-category-up-${i}`}
                  aria-label={t("complaint_settings.move_up_n", { n: i + 1 })}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button-quiet"
                  data-testid={`complaint-category-down-${i}`}
                  aria-label={t("complaint_settings.move_down_n", { n: i + 1 })}
                  disabled={last}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button button-quiet"
                  data-testid={`complaint-category-remove-${i}`}
                  aria-label={t("complaint_settings.remove_n", { n: i + 1 })}
                  disabled={fields.categories.length === 1}
                  onClick={() => setCategories(fields.categories.filter((_, j) => j !== i))}
                >
                  ×
                </button>
                <FieldError field={field} errors={errors} />
              </li>
            );
          })}
        </ol>
        <FieldError field="categories" errors={errors} />
        <div className="form-actions">
          <button type="button" className="button" data-testid="complaint-category-add" onClick={add}>
            {t("complaint_settings.category_add")}
          </button>
        </div>

        <SaveActions
          saving={saving}
          saved={saved}
          savedText={t("complaint_settings.saved")}
          saveTestId="complaint-settings-save"
          savedTestId="complaint-settings-saved"
        />
      </form>
    </SettingsFrame>
  );
}
