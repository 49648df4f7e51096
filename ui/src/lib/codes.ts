// The closed sets of values the UI shows as translated labels. Tests check
// that every one has a translation, since their keys are built at run time.
import type {
  ContactChannel,
  CustomerSort,
  DateOrder,
  DecimalMark,
  Delimiter,
  Encoding,
  Field,
  Language,
  LanguageChoice,
  Layout,
  OrderSort,
  OrderStatus,
} from "./bindings";

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
  "file_unreadable",
  "cancelled",
  "import_running",
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

export const LAYOUTS: readonly Layout[] = ["generic", "shopify", "woocommerce", "customers"];
export const ENCODINGS: readonly Encoding[] = ["utf8", "windows1252"];
export const DELIMITERS: readonly Delimiter[] = ["comma", "semicolon", "tab"];
export const DECIMAL_MARKS: readonly DecimalMark[] = ["point", "comma"];
export const DATE_ORDERS: readonly DateOrder[] = ["dmy", "mdy", "ymd"];

/** Every field an import understands, in the order of the core's enum. */
export const IMPORT_FIELDS: readonly Field[] = [
  "order_number", "order_date", "status", "financial_status", "fulfillment_status", "cancelled_at",
  "customer_name", "first_name", "last_name", "email", "phone", "city", "product", "sku", "quantity",
  "unit_price", "line_total", "currency", "carrier", "tracking_code", "delivered_on", "language", "notes",
];

/** The fields of each layout, generated from the core (`Layout::fields`). */
export { LAYOUT_FIELDS } from "./bindings";

/** Codes of one row's problem in an import (RowProblem.code), and of a refused mapping or file. */
export const IMPORT_PROBLEM_CODES = [
  "required",
  "too_long",
  "text_invalid",
  "email_malformed",
  "phone_malformed",
  "phone_invalid",
  "date_invalid",
  "delivered_before_placed",
  "status_unknown",
  "currency_unknown",
  "quantity_not_positive",
  "quantity_malformed",
  "amount_malformed",
  "amount_negative",
  "amount_too_precise",
  "amount_too_large",
  "customer_missing",
  "language_unknown",
  "row_unreadable",
  "encoding_wrong",
  "column_required",
  "column_unknown",
  "file_empty",
  "file_unreadable",
] as const;

export const CUSTOMER_SORTS: readonly CustomerSort[] = ["name", "newest"];
export const ORDER_SORTS: readonly OrderSort[] = ["newest", "oldest"];
