// New and edit customer. Email and phone are checked for duplicates as they are
// typed; the core validates and normalises everything on save.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { href, navigate, paths } from "../../app/router";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { CONTACT_CHANNELS, LANGUAGES } from "../../lib/codes";
import { ipc, type ContactChannel, type Customer, type CustomerInput, type Language, type PossibleDuplicate } from "../../lib/ipc";
import { useDebounced } from "../../lib/useDebounced";
import { DuplicateWarning } from "./DuplicateWarning";

export const DUPLICATE_CHECK_DEBOUNCE_MS = 300;

type Fields = {
  name: string;
  email: string;
  phone: string;
  preferred_channel: ContactChannel | "";
  language: Language | "";
  notes: string;
};

const FORM_FIELDS = ["name", "email", "phone", "preferred_channel", "language", "notes"];

const EMPTY: Fields = { name: "", email: "", phone: "", preferred_channel: "", language: "", notes: "" };

function fromCustomer(c: Customer): Fields {
  return {
    name: c.name,
    email: c.email ?? "",
    phone: c.phone ?? "",
    preferred_channel: c.preferred_channel,
    language: c.language ?? "",
    notes: c.notes,
  };
}

function toInput(f: Fields): CustomerInput {
  return {
    name: f.name,
    email: f.email.trim() || null,
    phone: f.phone.trim() || null,
    preferred_channel: f.preferred_channel || null,
    language: f.language || null,
    notes: f.notes,
  };
}

export function CustomerForm({ id }: { id?: number }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const editing = id !== undefined;
  const [fields, setFields] = useState<Fields | null>(editing ? null : EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [duplicates, setDuplicates] = useState<PossibleDuplicate[]>([]);
  const [loadFailed, setLoadFailed] = useState(false);

  useEffect(() => {
    if (id === undefined) return;
    let live = true;
    ipc
      .customerPage(id)
      .then((page) => live && setFields(fromCustomer(page.customer)))
      .catch((err) => {
        if (!live) return;
        setLoadFailed(true);
        report(err);
      });
    return () => {
      live = false;
    };
  }, [id, report]);

  // Debounce a string: an object would be new on every render and never settle.
  const contactKey = useDebounced(`${fields?.email.trim() ?? ""}\n${fields?.phone.trim() ?? ""}`, DUPLICATE_CHECK_DEBOUNCE_MS);
  useEffect(() => {
    const [email = "", phone = ""] = contactKey.split("\n");
    if (!email && !phone) {
      setDuplicates([]);
      return;
    }
    let live = true;
    ipc
      .customerDuplicates({ ...toInput(EMPTY), email: email || null, phone: phone || null }, id ?? null)
      .then((found) => live && setDuplicates(found))
      // Only a hint: a failed check must not get in the way of typing.
      .catch(() => live && setDuplicates([]));
    return () => {
      live = false;
    };
  }, [contactKey, id]);

  if (!fields) {
    return (
      <section className="page">
        <h1>{t("customers.edit_title")}</h1>
        <p className="muted">{loadFailed ? t("customer.load_failed") : t("common.loading")}</p>
        {loadFailed && <a href={href(paths.customers())}>{t("customer.back_to_list")}</a>}
      </section>
    );
  }

  // Updates from the previous state: keystrokes faster than a render must
  // not overwrite each other with a stale copy of the fields.
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields((previous) => (previous === null ? previous : { ...previous, [key]: value }));
    setErrors((previous) => {
      if (!(key in previous)) return previous;
      const { [key]: _cleared, ...rest } = previous;
      return rest;
    });
  };

  const cancel = () => navigate(id === undefined ? paths.customers() : paths.customer(id));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      const input = toInput(fields);
      const saved = id === undefined ? await ipc.customerCreate(input) : await ipc.customerUpdate(id, input);
      setErrors({});
      navigate(paths.customer(saved.id));
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="page">
      <header className="page-header">
        <h1>{editing ? t("customers.edit_title") : t("customers.new_title")}</h1>
      </header>
      <form className="card form" onSubmit={submit} noValidate>
        <FormErrors errors={errors} shown={(f) => FORM_FIELDS.includes(f)} />
        <div className="field">
          <label htmlFor="field-name">{t("customer.name")}</label>
          <input
            {...fieldProps("name", errors)}
            value={fields.name}
            onChange={(e) => set("name", e.target.value)}
            autoComplete="off"
            required
            autoFocus
          />
          <FieldError field="name" errors={errors} />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="field-email">{t("customer.email")}</label>
            <input
              {...fieldProps("email", errors)}
              type="email"
              value={fields.email}
              onChange={(e) => set("email", e.target.value)}
              autoComplete="off"
            />
            <FieldError field="email" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="field-phone">{t("customer.phone")}</label>
            <input
              {...fieldProps("phone", errors)}
              type="tel"
              value={fields.phone}
              onChange={(e) => set("phone", e.target.value)}
              autoComplete="off"
            />
            <p className="hint">{t("customer.phone_hint")}</p>
            <FieldError field="phone" errors={errors} />
          </div>
        </div>
        <DuplicateWarning duplicates={duplicates} />
        <div className="field-row">
          <div className="field">
            <label htmlFor="field-preferred_channel">{t("customer.preferred_channel")}</label>
            <select
              {...fieldProps("preferred_channel", errors)}
              value={fields.preferred_channel}
              onChange={(e) => set("preferred_channel", e.target.value as Fields["preferred_channel"])}
            >
              <option value="">{t("channel.auto")}</option>
              {CONTACT_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}`)}
                </option>
              ))}
            </select>
            <FieldError field="preferred_channel" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="field-language">{t("customer.language")}</label>
            <select
              {...fieldProps("language", errors)}
              value={fields.language}
              onChange={(e) => set("language", e.target.value as Fields["language"])}
            >
              <option value="">{t("common.none")}</option>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`language.${l}`)}
                </option>
              ))}
            </select>
            <FieldError field="language" errors={errors} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="field-notes">{t("customer.notes")}</label>
          <textarea
            {...fieldProps("notes", errors)}
            rows={5}
            value={fields.notes}
            onChange={(e) => set("notes", e.target.value)}
          />
          <FieldError field="notes" errors={errors} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" data-testid="customer-save" disabled={saving}>
            {saving ? t("common.saving") : t("common.save")}
          </button>
          <button type="button" className="button" onClick={cancel}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </section>
  );
}
