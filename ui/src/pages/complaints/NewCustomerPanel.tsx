// Creating the customer in place, from what was typed in the lookup: a phone
// fills the phone and asks for the name, anything else fills the name.
import { useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { ipc, type Customer } from "../../lib/ipc";
import type { NewCustomer } from "./draft";

const SCOPE = "new-customer";

/** Digits with the usual phone punctuation (spaces, +, -, parentheses). */
export function looksLikePhone(text: string): boolean {
  return /^[\d\s+\-().]+$/.test(text.trim()) && /\d/.test(text);
}

/** What the panel starts with for the text typed in the lookup. */
export function newCustomerFrom(text: string): NewCustomer {
  const trimmed = text.trim();
  return looksLikePhone(trimmed) ? { name: "", phone: trimmed } : { name: trimmed, phone: "" };
}

type Props = {
  value: NewCustomer;
  onChange: (value: NewCustomer) => void;
  onCreated: (customer: Customer) => void;
  onCancel: () => void;
};

export function NewCustomerPanel({ value, onChange, onCreated, onCancel }: Props) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  // The field still to fill gets the focus: the name after a phone, the phone after a name.
  const [focusName] = useState(() => value.name.trim() === "");

  const create = async () => {
    if (saving) return;
    setSaving(true);
    try {
      const created = await ipc.customerCreate({
        name: value.name,
        email: null,
        phone: value.phone.trim() || null,
        // As the customer form's "automatic": email if there is one, else phone.
        preferred_channel: null,
        language: null,
        notes: "",
      });
      setErrors({});
      onCreated(created);
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
    } finally {
      setSaving(false);
    }
  };

  const set = (key: keyof NewCustomer, text: string) => {
    onChange({ ...value, [key]: text });
    if (key in errors) setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => f !== key)));
  };

  // Enter creates the customer (not the complaint); Esc goes back to the lookup.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      void create();
    } else if (e.key === "Escape") {
      e.preventDefault();
      onCancel();
    }
  };

  return (
    <div className="card nested-card" role="group" aria-labelledby="new-customer-title" data-testid="complaint-new-customer">
      <h3 id="new-customer-title">{t("complaint_new.new_customer_title")}</h3>
      <FormErrors errors={errors} shown={(f) => f === "name" || f === "phone"} />
      <div className="field-row">
        <div className="field">
          <label htmlFor="complaint-new-customer-name">{t("customer.name")}</label>
          <input
            {...fieldProps("name", errors, SCOPE)}
            id="complaint-new-customer-name"
            data-testid="complaint-new-customer-name"
            autoComplete="off"
            autoFocus={focusName}
            value={value.name}
            onChange={(e) => set("name", e.target.value)}
            onKeyDown={onKeyDown}
          />
          <FieldError field="name" errors={errors} scope={SCOPE} />
        </div>
        <div className="field">
          <label htmlFor="complaint-new-customer-phone">{t("customer.phone")}</label>
          <input
            {...fieldProps("phone", errors, SCOPE)}
            id="complaint-new-customer-phone"
            data-testid="complaint-new-customer-phone"
            type="tel"
            autoComplete="off"
            autoFocus={!focusName}
            value={value.phone}
            onChange={(e) => set("phone", e.target.value)}
            onKeyDown={onKeyDown}
          />
          <FieldError field="phone" errors={errors} scope={SCOPE} />
        </div>
      </div>
      <div className="form-actions">
        <button type="button" className="button button-primary" data-testid="complaint-new-customer-save" disabled={saving} onClick={() => void create()}>
          {saving ? t("common.saving") : t("complaint_new.new_customer_save")}
        </button>
        <button type="button" className="button" data-testid="complaint-new-customer-cancel" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </div>
  );
}
