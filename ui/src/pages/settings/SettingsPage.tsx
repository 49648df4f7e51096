import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import { useSaveForm } from "../../app/useSaveForm";
import { FieldError, fieldProps, FormErrors } from "../../components/FieldError";
import { SaveActions } from "../../components/SaveActions";
import { SettingsFrame } from "./SettingsFrame";
import { COUNTRIES, LANGUAGE_CHOICES } from "../../lib/codes";
import { ipc, type LanguageChoice, type Settings } from "../../lib/ipc";

const FORM_FIELDS = ["shop_name", "country", "currency", "language"];

function displayNames(language: string, type: "region" | "currency"): (code: string) => string {
  try {
    const names = new Intl.DisplayNames([language], { type });
    return (code) => names.of(code) ?? code;
  } catch {
    return (code) => code;
  }
}

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const { view, apply } = useShop();
  const [fields, setFields] = useState<Settings>(
    () => view?.settings ?? { shop_name: "", country: "ES", currency: "EUR", language: "auto" },
  );
  const { errors, saving, saved, touch, submit } = useSaveForm({
    save: ipc.settingsUpdate,
    onSaved: (next) => {
      setFields(next.settings);
      apply(next);
    },
  });
  const language = i18n.language;

  const countries = useMemo(() => {
    const name = displayNames(language, "region");
    const codes = COUNTRIES.includes(fields.country) ? COUNTRIES : [...COUNTRIES, fields.country];
    return codes
      .map((code) => ({ code, name: name(code) }))
      .sort((a, b) => a.name.localeCompare(b.name, language));
  }, [language, fields.country]);

  const currencies = useMemo(() => {
    const name = displayNames(language, "currency");
    const codes = view?.currencies ?? [];
    const all = codes.includes(fields.currency) ? codes : [...codes, fields.currency];
    return all.map((code) => ({ code, name: name(code) }));
  }, [language, view, fields.currency]);

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setFields({ ...fields, [key]: value });
    touch(key);
  };

  return (
    <SettingsFrame current="shop">
      <form className="card form narrow" onSubmit={(e) => void submit(e, { input: fields })} noValidate>
        <FormErrors errors={errors} shown={(f) => FORM_FIELDS.includes(f)} />
        <div className="field">
          <label htmlFor="field-shop_name">{t("settings.shop_name")}</label>
          <input
            {...fieldProps("shop_name", errors)}
            value={fields.shop_name}
            onChange={(e) => set("shop_name", e.target.value)}
            placeholder={t("app.name")}
            autoComplete="organization"
          />
          <p className="hint">{t("settings.shop_name_hint")}</p>
          <FieldError field="shop_name" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-country">{t("settings.country")}</label>
          <select {...fieldProps("country", errors)} value={fields.country} onChange={(e) => set("country", e.target.value)}>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
          <p className="hint">{t("settings.country_hint")}</p>
          <FieldError field="country" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-currency">{t("settings.currency")}</label>
          <select {...fieldProps("currency", errors)} value={fields.currency} onChange={(e) => set("currency", e.target.value)}>
            {currencies.map((c) => (
              <option key={c.code} value={c.code}>
                {t("settings.currency_option", { code: c.code, name: c.name })}
              </option>
            ))}
          </select>
          <FieldError field="currency" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-language">{t("settings.language")}</label>
          <select
            {...fieldProps("language", errors)}
            value={fields.language}
            onChange={(e) => set("language", e.target.value as LanguageChoice)}
          >
            {LANGUAGE_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {choice === "auto"
                  ? t("settings.language_auto", { locale: view?.system_locale || t("common.unknown") })
                  : t(`language.${choice}`)}
              </option>
            ))}
          </select>
          <FieldError field="language" errors={errors} />
        </div>
        <SaveActions saving={saving} saved={saved} savedText={t("settings.saved")} saveTestId="settings-save" savedTestId="settings-saved" />
      </form>
    </SettingsFrame>
  );
}
