// Inline messages for refused fields, and the summary for refusals that have
// no input of their own (e.g. `customer_id`, `lines`).
import { useTranslation } from "react-i18next";

export type FieldErrors = Record<string, string>;

/**
 * `scope` keeps ids unique when one page holds several forms with the same
 * field names (the customer page's redeem and adjust forms both have `note`).
 */
export function errorId(field: string, scope?: string): string {
  return `error-${scope ? `${scope}-` : ""}${field.replace(/\./g, "-")}`;
}

/** Attributes that tie an input to its error message. */
export function fieldProps(field: string, errors: FieldErrors, scope?: string) {
  const invalid = field in errors;
  return {
    name: field,
    id: `field-${scope ? `${scope}-` : ""}${field.replace(/\./g, "-")}`,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? errorId(field, scope) : undefined,
  };
}

/**
 * The message for a field's code. When the field is given, a message written
 * for that field (`errors.for_field.<field without indexes>.<code>`, e.g. the
 * allowed range of `window_days`) wins over the code's general one.
 */
export function useFieldMessage() {
  const { t } = useTranslation();
  return (code: string, field?: string) => {
    const general = `errors.field.${code}`;
    const keys = field ? [`errors.for_field.${field.replace(/\.\d+(?=\.|$)/g, "")}.${code}`, general] : [general];
    return t(keys, { defaultValue: t("errors.field_generic") });
  };
}

export function FieldError({ field, errors, scope }: { field: string; errors: FieldErrors; scope?: string }) {
  const message = useFieldMessage();
  const code = errors[field];
  if (!code) return null;
  return (
    <p className="field-error" id={errorId(field, scope)} data-testid={`error-${scope ? `${scope}-` : ""}${field}`}>
      {message(code, field)}
    </p>
  );
}

/** Lists the errors of fields without an input, and says when fields are marked. */
export function FormErrors({ errors, shown }: { errors: FieldErrors; shown: (field: string) => boolean }) {
  const { t } = useTranslation();
  const message = useFieldMessage();
  const fields = Object.keys(errors);
  if (fields.length === 0) return null;
  const orphans = fields.filter((f) => !shown(f));
  return (
    <div className="form-errors" role="alert" data-testid="form-errors">
      {orphans.length < fields.length && <p>{t("form.check_marked_fields")}</p>}
      {orphans.length > 0 && (
        <ul>
          {orphans.map((field) => (
            <li key={field}>{message(errors[field] ?? "", field)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
