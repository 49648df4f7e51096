// The closed sets of values the UI shows as translated labels. Tests check
// that every one has a translation, since their keys are built at run time.
import type {
  CampaignStatus,
  ConsentMethod,
  ContactChannel,
  CustomerSort,
  DateOrder,
  DecimalMark,
  Delimiter,
  Encoding,
  ExportKind,
  Field,
  Language,
  LanguageChoice,
  Layout,
  OrderSort,
  OrderStatus,
  RecipientState,
  Rule,
  SubscriberStatus,
  SuppressionReason,
  SurveyKind,
  Exclusion,
  Channel,
  EarnOn,
  EntryKind,
  FeeKind,
  Outcome,
  ReturnStatus,
  Compensation,
  ComplaintFilter,
  ComplaintInput,
  ComplaintStatus,
  EventKind,
  Severity,
  BackupKind,
} from "./bindings";
import type { ChangedArea } from "./ipc";
import type { Security } from "./mailBindings";

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
  "keyring_unavailable",
  "template_invalid",
  "header_invalid",
  "outbox_unwritable",
  "auth_failed",
  "tls_failed",
  "relay_unreachable",
  "collector_not_configured",
  "collector_unreachable",
  "collector_unauthorized",
  "collector_invalid_response",
  "secret_missing",
  "policy_refused",
  "return_not_found",
  "not_a_backup",
  "disk_full",
  "read_only",
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
  "name_taken",
  "already_subscribed",
  "not_pending",
  "list_not_found",
  "days_invalid",
  "audience_empty",
  "campaign_not_editable",
  "campaign_already_started",
  "campaign_wrong_status",
  "campaign_not_running",
  "date_in_past",
  "email_column_missing",
  "csv_malformed",
  "encoding_invalid",
  "port_invalid",
  "rate_invalid",
  "connections_invalid",
  "template_invalid",
  "header_invalid",
  "score_out_of_range",
  "order_not_found",
  "url_invalid",
  "out_of_range",
  "number_invalid",
  "percent_invalid",
  "outcome_required",
  "reason_required",
  "reason_unknown",
  "line_unknown",
  "line_repeated",
  "quantity_exceeds_bought",
  "transition_not_allowed",
  "reject_note_required",
  "adjust_reason_required",
  "amount_zero",
  "threshold_duplicate",
  "points_insufficient",
  "points_not_positive",
  "points_invalid",
  "order_unknown",
  "referral_code_unknown",
  "referral_not_new",
  "referral_already_set",
  "order_not_customers",
  "transition_invalid",
  "hours_invalid",
  "duration_invalid",
  "resolve_note_required",
  "period_invalid",
  "prefix_invalid",
  "prefix_exhausted",
  "coupon_unknown",
  "coupon_expired",
  "coupon_used_up",
  "coupon_minimum",
  "coupon_currency",
  "coupon_other_customer",
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

export const SUBSCRIBER_STATUSES: readonly SubscriberStatus[] = ["pending", "subscribed", "unsubscribed", "bounced", "complained"];
/** How consent can be given by hand (`import` is recorded by the CSV import only). */
export const CONSENT_METHODS: readonly ConsentMethod[] = ["in_store", "form", "import"];
export const MANUAL_CONSENT_METHODS: readonly ConsentMethod[] = ["in_store", "form"];
export const SUPPRESSION_REASONS: readonly SuppressionReason[] = ["unsubscribed", "bounced", "complained", "manual"];

export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = ["draft", "scheduled", "sending", "paused", "sent", "cancelled"];
export const RECIPIENT_STATES: readonly RecipientState[] = ["queued", "sending", "sent", "failed", "skipped", "cancelled"];
/** Why a campaign is paused (Campaign.pause_reason): by the owner, or by the relay. */
export const PAUSE_REASONS = ["owner", "auth_failed", "tls_failed", "relay_unreachable"] as const;
export const RELAY_PAUSE_REASONS: readonly string[] = ["auth_failed", "tls_failed", "relay_unreachable"];
export const RULE_KINDS: readonly Rule["kind"][] = ["last_purchase_within", "bought_product", "city", "language", "tag"];

export const SECURITIES: readonly Security[] = ["starttls", "tls", "none"];
/** The usual port of each kind of connection, offered when the owner switches. */
export const DEFAULT_PORTS: Record<Security, number> = { starttls: 587, tls: 465, none: 25 };

/** The placeholders a campaign's subject, preheader and body may use. */
export const PLACEHOLDERS = ["first_name", "name", "email", "shop_name", "unsubscribe_url"] as const;

export const SURVEY_KINDS: readonly SurveyKind[] = ["nps", "csat", "ces"];

/** Every list that exports to CSV, in the order the buttons show them. */
export const EXPORT_KINDS: readonly ExportKind[] = [
  "customers",
  "orders",
  "returns",
  "complaints",
  "subscribers",
  "survey_responses",
];
/** Why someone with a recent delivery does not get the survey (SurveyCandidate.excluded). */
export const EXCLUSIONS: readonly Exclusion[] = ["no_email", "suppressed", "surveyed_recently"];
/** Why an answer opened a follow-up case (FollowUp.reason). */
export const FOLLOW_UP_REASONS = ["detractor", "low_csat", "hard_effort"] as const;
/** How an answer arrived (Response.channel). */
export const SURVEY_CHANNELS: readonly Channel[] = ["email", "phone"];
/** The periods the results can cover. */
export const RESULT_PERIODS = ["month", "quarter", "year", "custom"] as const;
/** A score's band: NPS detractor / passive / promoter, and the same idea for CSAT and CES. */
export const SCORE_TONES = ["low", "mid", "high"] as const;

/** The steps of a return request, in the order of its workflow. */
export const RETURN_STATUSES: readonly ReturnStatus[] = [
  "requested", "approved", "rejected", "received", "refunded", "exchanged", "credited", "closed",
];
/** How a return is settled (the policy says which are offered). */
export const OUTCOMES: readonly Outcome[] = ["refund", "exchange", "credit"];
export const FEE_KINDS: readonly FeeKind[] = ["none", "percent", "fixed"];
/** The policy rules a request can break (Quote.violations, ReturnRequest.overridden_rules). */
export const RETURN_RULES = ["outside_window", "order_cancelled", "outcome_not_offered"] as const;
/** Codes of the reasons the core seeds; the owner's label, when given, replaces the translation. */
export const SEEDED_REASONS = ["wrong_size", "defective", "not_as_described", "changed_mind"] as const;
/** "Older than N days" choices of the returns list. */
export const RETURN_AGES = [7, 14, 30] as const;
export const EARN_ONS: readonly EarnOn[] = ["paid", "delivered"];
export const ENTRY_KINDS: readonly EntryKind[] = ["earn", "redeem", "adjust", "expire", "reverse", "referral"];

/** The steps of a complaint, in the order of its flow. */
export const COMPLAINT_STATUSES: readonly ComplaintStatus[] = ["open", "in_progress", "waiting", "resolved", "closed"];
export const SEVERITIES: readonly Severity[] = ["low", "normal", "high", "urgent"];
/** How a complaint reached the shop (a different set from a survey answer's channel). */
export const COMPLAINT_CHANNELS: readonly ComplaintInput["channel"][] = ["phone", "email", "in_store", "whatsapp", "instagram", "other"];
/** The complaints list's tabs. */
export const COMPLAINT_FILTERS: readonly ComplaintFilter[] = ["active", "overdue", "resolved", "closed", "all"];
export const COMPENSATIONS: readonly Compensation[] = ["points", "store_credit", "refund", "replacement", "gesture"];
export const COMPLAINT_EVENT_KINDS: readonly EventKind[] = ["opened", "note", "call", "email", "status", "compensation"];
/** The categories the core seeds, translated by key until the owner renames them. */
export const COMPLAINT_CATEGORY_KEYS = ["late_delivery", "damaged", "wrong_item", "quality", "billing", "service", "other"] as const;

/** Every area the core reports writes to (a restore reports them all). */
export const CHANGED_AREAS: readonly ChangedArea[] = [
  "settings", "customers", "orders", "lists", "campaigns", "mail", "surveys", "returns", "loyalty", "complaints",
];
/** Why a backup was taken (BackupFile.kind). */
export const BACKUP_KINDS: readonly BackupKind[] = ["scheduled", "manual", "before_migration", "before_restore"];
/** The periods the dashboard offers with one click (any other is typed as from/to). */
export const DASHBOARD_PRESETS = ["last_12_months", "this_year", "last_3_months"] as const;
/** The dashboard's figures, each a card that opens the list behind it. */
export const DASHBOARD_FIGURES = [
  "nps", "csat", "ces", "response_rate",
  "repeat_rate", "orders_per_customer",
  "returns_rate",
  "complaints_opened", "complaints_resolved", "median_resolution", "complaints_overdue",
  "points_issued", "points_redeemed", "points_expired",
] as const;
/** The dashboard's charts, by month. */
export const DASHBOARD_CHARTS = ["satisfaction", "orders", "returns", "complaints", "points"] as const;
