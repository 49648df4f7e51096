// Inline messages for refused fields, and the summary for refusals that have
// no input of their own (e.g. `customer_id`, `lines`).
import { useTranslation } from "react-i18next";

export type FieldErrors = Record<string, string>;

export function errorId(field: string): string {
  return `error-${field.replace(/\./g, "-")}`;
}

/** Attributes that tie an input to its error message. */
export function fieldProps(field: string, errors: FieldErrors) {
  const invalid = field in errors;
  return {
    name: field,
    id: `field-${field.replace(/\./g, "-")}`,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? errorId(field) : undefined,
  };
}

export function useFieldMessage() {
  const { t } = useTranslation();
  return (code: string) => t(`errors.field.${code}`, { defaultValue: t("errors.field_generic") });
}

export function FieldError({ field, errors }: { field: string; errors: FieldErrors }) {
  const message = useFieldMessage();
  const code = errors[field];
  if (!code) return null;
  return (
    <p className="field-error" id={errorId(field)} data-testid={`error-${field}`}>
      {message(code)}
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
            <li key={field}>{message(errors[field] ?? "")}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
