// The closed sets of values the UI shows as translated labels. Tests check
// that every one has a translation, since their keys are built at run time.
import type { ContactChannel, Language, LanguageChoice, OrderStatus } from "./bindings";

export const ORDER_STATUSES: readonly OrderStatus[] = ["placed", "paid", "shipped", "delivered", "cancelled"];

export const CONTACT_CHANNELS: readonly ContactChannel[] = ["email", "phone", "whatsapp", "sms", "none"];

export const LANGUAGES: readonly Language[] = ["es", "en"];

export const LANGUAGE_CHOICES: readonly LanguageChoice[] = ["auto", "es", "en"];

/** Codes of a whole failed command (ErrorPayload.code). */
export const COMMAND_ERROR_CODES = [
  "invalid_input",
  "customer_not_found",
  "order_not_found",
  "not_found",
  "database",
  "migration",
  "data_dir",
  "internal",
] as const;

/** Codes of one field's problem (FieldError.code). */
export const FIELD_ERROR_CODES = [
  "required",
  "too_long",
  "text_invalid",
  "email_malformed",
  "phone_malformed",
  "phone_invalid",
  "channel_needs_email",
  "channel_needs_phone",
  "country_unknown",
  "currency_unknown",
  "date_invalid",
  "delivered_before_placed",
  "lines_empty",
  "too_many",
  "quantity_not_positive",
  "quantity_malformed",
  "amount_malformed",
  "amount_negative",
  "amount_too_precise",
  "amount_too_large",
  "customer_unknown",
  "number_taken",
] as const;

/** Countries offered in settings (ISO 3166-1 alpha-2); names come from Intl. */
export const COUNTRIES: readonly string[] = [
  "ES", "MX", "AR", "CL", "CO", "PE", "UY", "US", "GB", "FR", "PT", "DE", "IT", "AD",
  "BO", "PY", "EC", "VE", "GT", "CR", "DO", "CH", "BE", "NL", "IE", "AT", "PA", "SV", "HN", "NI", "PR", "CU",
];
