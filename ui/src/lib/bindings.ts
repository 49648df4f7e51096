// Generated from the Rust types by crates/core/src/bindings.rs. Do not edit.

export type ErrorPayload = { code: string, message: string, fields: Array<FieldError>, };

export type FieldError = { field: string, code: string, };

export type LanguageChoice = "auto" | "es" | "en";

export type Language = "es" | "en";

export type Settings = { shop_name: string, country: string, currency: string, language: LanguageChoice, };

export type SettingsView = { settings: Settings, 
/**
 * The language the UI shows now.
 */
language: Language, 
/**
 * The operating system's locale, e.g. `es-ES`.
 */
system_locale: string, currencies: Array<string>, };

export type ContactChannel = "email" | "phone" | "whatsapp" | "sms" | "none";

export type CustomerInput = { name: string, email: string | null, phone: string | null, preferred_channel: ContactChannel | null, language: Language | null, notes: string | null, };

export type Customer = { id: number, name: string, email: string | null, 
/**
 * E.164, e.g. `+34612345678`.
 */
phone: string | null, preferred_channel: ContactChannel, language: Language | null, notes: string, 
/**
 * Unix milliseconds, UTC.
 */
created_at: number, updated_at: number, 
/**
 * When the customer's personal data was erased at their request.
 */
erased_at?: number, };

export type CustomerSummary = { id: number, name: string, email: string | null, phone: string | null, order_count: number, last_order_on: string | null, };

export type PossibleDuplicate = { id: number, name: string, same_email: boolean, same_phone: boolean, };

export type CustomerPage = { customer: Customer, 
/**
 * Newest first, with their lines.
 */
orders: Array<Order>, duplicates: Array<PossibleDuplicate>, 
/**
 * Free-form labels for segments ("VIP", "mayorista").
 */
tags: Array<string>, };

export type CustomerSort = "name" | "newest";

export type OrderStatus = "placed" | "paid" | "shipped" | "delivered" | "cancelled";

export type OrderLineInput = { product: string, sku: string | null, quantity: string, unit_price: string, };

export type OrderInput = { customer_id: number, 
/**
 * Empty: the next manual number (M00001…).
 */
number: string | null, status: OrderStatus, 
/**
 * YYYY-MM-DD
 */
placed_on: string, delivered_on: string | null, carrier: string | null, tracking_code: string | null, 
/**
 * The shop's own tracking link, for a carrier without a pattern in the
 * carriers table; empty: built from the carrier's pattern.
 */
tracking_url: string | null, 
/**
 * Empty: the shop's currency.
 */
currency: string | null, lines: Array<OrderLineInput>, 
/**
 * A coupon code to redeem on this order; empty: none.
 */
coupon: string | null, };

export type OrderLine = { product: string, sku: string | null, quantity: number, unit_price_minor: number, };

export type Order = { id: number, customer_id: number, customer_name: string, source: string, number: string, status: OrderStatus, currency: string, placed_on: string, delivered_on: string | null, carrier: string | null, tracking_code: string | null, 
/**
 * The sum of the lines.
 */
subtotal_minor: number, 
/**
 * What the coupon took off (0 without one).
 */
discount_minor: number, 
/**
 * The coupon redeemed on this order.
 */
coupon_code: string | null, 
/**
 * Where the customer follows the parcel: the shop's own link, or the
 * carrier's pattern with the tracking code.
 */
tracking_url: string | null, 
/**
 * What the customer pays: the lines less the discount.
 */
total_minor: number, lines: Array<OrderLine>, };

export type OrderSort = "newest" | "oldest";

export type CouponKind = "percent" | "fixed";

export type CouponSource = "manual" | "rule" | "bulk" | "complaint" | "points" | "referral";

export type CouponInput = { 
/**
 * 2–12 letters or digits; empty: [`DEFAULT_PREFIX`].
 */
prefix: string, kind: CouponKind, 
/**
 * A whole percentage ("10") or an amount in the shop's currency ("5,50").
 */
value: string, 
/**
 * Last valid day, `YYYY-MM-DD`; empty: never expires.
 */
expires_on: string | null, 
/**
 * Empty: no limit.
 */
max_uses: number | null, 
/**
 * The smallest order (before the discount) it applies to; empty: any.
 */
min_order: string | null, 
/**
 * Only this customer may use it.
 */
customer_id: number | null, note: string, };

export type Coupon = { id: number, code: string, kind: CouponKind, 
/**
 * A percentage, or minor units of `currency`.
 */
value: number, currency: string, min_order_minor: number, 
/**
 * Last valid day (the shop's calendar); None: never expires.
 */
expires_on: string | null, max_uses: number | null, uses: number, customer_id: number | null, customer_name: string | null, source: CouponSource, note: string, created_at: number, };

export type CouponOrder = { order_id: number, number: string, customer_id: number, customer_name: string, placed_on: string, currency: string, discount_minor: number, };

export type CouponView = { coupon: Coupon, orders: Array<CouponOrder>, };

export type SearchResults = { customers: Array<CustomerSummary>, orders: Array<Order>, };

export type ExportKind = "customers" | "orders" | "returns" | "complaints" | "subscribers" | "survey_responses";

export type Layout = "generic" | "shopify" | "woocommerce" | "customers";

export type Field = "order_number" | "order_date" | "status" | "financial_status" | "fulfillment_status" | "cancelled_at" | "customer_name" | "first_name" | "last_name" | "email" | "phone" | "city" | "product" | "sku" | "quantity" | "unit_price" | "line_total" | "currency" | "carrier" | "tracking_code" | "delivered_on" | "language" | "notes";

export type Encoding = "utf8" | "windows1252";

export type DecimalMark = "point" | "comma";

export type DateOrder = "dmy" | "mdy" | "ymd";

export type Delimiter = "comma" | "semicolon" | "tab";

export type FieldMapping = { field: Field, column: number | null, };

export type ImportOptions = { layout: Layout, encoding: Encoding, delimiter: Delimiter, decimal: DecimalMark, date_order: DateOrder, mapping: Array<FieldMapping>, };

export type RowProblem = { row: number, 
/**
 * The column's header in the file (empty for a missing column).
 */
column: string, field: Field, code: string, value: string, };

export type ImportCounts = { rows: number, orders_new: number, orders_present: number, orders_updated: number, lines_new: number, customers_new: number, customers_present: number, customers_updated: number, 
/**
 * Rows left out because they (or another row of their order) have a problem.
 */
rows_skipped: number, };

export type SampleCell = { field: Field, value: string, };

export type SampleRow = { row: number, cells: Array<SampleCell>, };

export type ImportReport = { options: ImportOptions, headers: Array<string>, sample: Array<SampleRow>, 
/**
 * The first problems (at most `MAX_PROBLEMS`), in row order.
 */
problems: Array<RowProblem>, problem_count: number, counts: ImportCounts, 
/**
 * False for a dry run: nothing was written.
 */
committed: boolean, };

export type Progress = { rows: number, bytes_done: number, bytes_total: number, };

export type ImportProgress = { dry_run: boolean, progress: Progress, rows_per_s: number, };

export type ImportFinished = { report: ImportReport | null, error: ErrorPayload | null, };

export type SubscriberStatus = "pending" | "subscribed" | "unsubscribed" | "bounced" | "complained";

export type ConsentMethod = "form" | "in_store" | "import";

export type SuppressionReason = "unsubscribed" | "bounced" | "complained" | "manual";

export type ListInput = { name: string, double_opt_in: boolean, 
/**
 * The consent text shown to subscribers ("Quiero recibir novedades…").
 */
consent_text: string, };

export type List = { id: number, name: string, double_opt_in: boolean, consent_text: string, subscribed: number, pending: number, 
/**
 * Unsubscribed, bounced or complained.
 */
gone: number, created_at: number, };

export type SubscriberInput = { email: string, name: string, consent_method: ConsentMethod, };

export type Subscriber = { id: number, list_id: number, email: string, name: string, status: SubscriberStatus, 
/**
 * Set when the address is on the suppression list: it is never mailed.
 */
suppressed: SuppressionReason | null, consent_at: number, consent_method: ConsentMethod, consent_text: string, confirmed_at: number | null, };

export type SubscriberAdded = { subscriber: Subscriber, 
/**
 * True when a double opt-in confirmation message was queued.
 */
confirmation_queued: boolean, };

export type Suppression = { email: string, reason: SuppressionReason, 
/**
 * E.g. the server's reply to a bounced message.
 */
detail: string, created_at: number, };

export type CustomerSubscription = { list_name: string, subscriber: Subscriber, };

export type SubscriberImportReport = { rows: number, added: number, already_present: number, 
/**
 * Added, but on the suppression list: they will not be mailed.
 */
suppressed: number, problems: Array<RowProblem>, problem_count: number, committed: boolean, };

export type Rule = { "kind": "last_purchase_within", days: number, } | { "kind": "bought_product", text: string, } | { "kind": "city", city: string, } | { "kind": "language", language: Language, } | { "kind": "tag", tag: string, };

export type Audience = { list_id: number | null, rules: Array<Rule>, };

export type AudienceCount = { 
/**
 * Distinct addresses that will be mailed.
 */
recipients: number, 
/**
 * Matched, but on the suppression list: skipped.
 */
suppressed: number, };

export type CampaignStatus = "draft" | "scheduled" | "sending" | "paused" | "sent" | "cancelled";

export type CampaignInput = { name: string, subject: string, preheader: string, body_md: string, audience: Audience, };

export type CampaignCounts = { total: number, 
/**
 * Queued or being sent right now.
 */
remaining: number, sent: number, failed: number, skipped: number, cancelled: number, };

export type Campaign = { id: number, name: string, subject: string, preheader: string, body_md: string, audience: Audience, status: CampaignStatus, 
/**
 * Why it is paused: `owner`, `auth_failed`, `tls_failed`, `relay_unreachable`.
 */
pause_reason: string | null, 
/**
 * The server's own words when the relay paused it.
 */
pause_detail: string, scheduled_at: number | null, started_at: number | null, finished_at: number | null, created_at: number, counts: CampaignCounts, };

export type RecipientState = "queued" | "sending" | "sent" | "failed" | "skipped" | "cancelled";

export type CampaignRecipient = { id: number, email: string, name: string, state: RecipientState, attempts: number, last_code: number | null, 
/**
 * The server's reply, or why it was skipped (`suppressed:bounced`…).
 */
last_reply: string, updated_at: number, };

export type SurveyKind = "nps" | "csat" | "ces";

export type Channel = "email" | "phone";

export type SurveyInput = { kind: SurveyKind, 
/**
 * Shown in the app's campaign list.
 */
name: string, 
/**
 * Optional open question on the thank-you page, per language.
 */
follow_up_es: string, follow_up_en: string, 
/**
 * Customers whose order was delivered within this many days.
 */
delivered_within_days: number, };

export type Exclusion = "no_email" | "suppressed" | "surveyed_recently";

export type SurveyCandidate = { customer_id: number, name: string, email: string | null, order_id: number, order_number: string, delivered_on: string, language: Language, 
/**
 * None: included.
 */
excluded: Exclusion | null, };

export type SurveyAudience = { included: number, excluded: number, 
/**
 * The first people (included first), for the preview table.
 */
candidates: Array<SurveyCandidate>, };

export type PhoneAnswer = { customer_id: number, kind: SurveyKind, score: number, comment: string, order_id: number | null, };

export type Response = { id: number, customer_id: number, customer_name: string, kind: SurveyKind, score: number, comment: string, channel: Channel, order_number: string | null, answered_at: number, };

export type Figure = { group: string, answers: number, value: number | null, };

export type SurveyResults = { kind: SurveyKind, overall: Figure, 
/**
 * People asked by email in the period, and the share who answered.
 */
asked: number, response_rate: number | null, 
/**
 * Answers per score, from the lowest score up.
 */
distribution: Array<number>, by_month: Array<Figure>, by_product: Array<Figure>, by_channel: Array<Figure>, };

export type FollowUp = { id: number, customer_id: number, customer_name: string, 
/**
 * `detractor`, `low_csat`, `hard_effort`.
 */
reason: string, response: Response | null, open: boolean, note: string, created_at: number, };

export type SyncCounts = { answers_new: number, answers_changed: number, unsubscribes: number, 
/**
 * Events for links this store does not know (or repeats).
 */
ignored: number, };

export type CollectorState = { 
/**
 * Empty: no collector; survey buttons are `mailto:` replies.
 */
url: string, cursor: number, last_sync_at: number | null, last_error: string, };

export type FeeKind = "none" | "percent" | "fixed";

export type Outcome = "refund" | "exchange" | "credit";

export type ReturnStatus = "requested" | "approved" | "rejected" | "received" | "refunded" | "exchanged" | "credited" | "closed";

export type Reason = { id: number, 
/**
 * Seeded reasons have a code the UI translates.
 */
code: string | null, 
/**
 * The owner's own wording (overrides the code's translation).
 */
label: string, waives_fee: boolean, active: boolean, };

export type ReturnPolicy = { window_days: number, fee_kind: FeeKind, 
/**
 * Percent, or minor units of the shop's currency.
 */
fee_value: number, offer_refund: boolean, offer_exchange: boolean, offer_credit: boolean, bonus_percent: number, policy_text: string, notify_customer: boolean, reasons: Array<Reason>, currency: string, };

export type ReasonInput = { id: number | null, label: string, waives_fee: boolean, active: boolean, };

export type ReturnPolicyInput = { window_days: number, fee_kind: FeeKind, 
/**
 * A percent ("10") or an amount as typed ("2,50").
 */
fee_value: string, offer_refund: boolean, offer_exchange: boolean, offer_credit: boolean, bonus_percent: number, policy_text: string, notify_customer: boolean, reasons: Array<ReasonInput>, };

export type ReturnLineInput = { position: number, quantity: number, };

export type ReturnInput = { order_id: number, lines: Array<ReturnLineInput>, reason_id: number, outcome: Outcome, note: string, 
/**
 * Required when the request breaks a policy rule.
 */
override_reason: string | null, };

export type Quote = { currency: string, gross_minor: number, fee_minor: number, bonus_minor: number, amount_minor: number, 
/**
 * Rule codes: `outside_window`, `order_cancelled`, `outcome_not_offered`.
 */
violations: Array<string>, 
/**
 * The last day of the return window (YYYY-MM-DD).
 */
deadline: string, };

export type ReturnableLine = { position: number, product: string, sku: string | null, unit_price_minor: number, bought: number, 
/**
 * Already in other (not rejected) returns.
 */
returned: number, };

export type ReturnForm = { order_id: number, order_number: string, customer_name: string, currency: string, lines: Array<ReturnableLine>, deadline: string, within_window: boolean, cancelled: boolean, policy: ReturnPolicy, };

export type ReturnLine = { position: number, product: string, quantity: number, unit_price_minor: number, };

export type ReturnEvent = { at: number, status: ReturnStatus, actor: string, note: string, };

export type ReturnRequest = { id: number, order_id: number, order_number: string, customer_id: number, customer_name: string, status: ReturnStatus, reason: Reason, outcome: Outcome, note: string, currency: string, gross_minor: number, fee_minor: number, bonus_minor: number, amount_minor: number, overridden_rules: Array<string>, override_reason: string, created_at: number, updated_at: number, 
/**
 * Empty in lists.
 */
lines: Array<ReturnLine>, 
/**
 * Newest first; empty in lists.
 */
events: Array<ReturnEvent>, next: Array<ReturnStatus>, };

export type ReturnFilter = { status: ReturnStatus | null, reason_id: number | null, 
/**
 * Only requests opened at least this many days ago.
 */
min_age_days: number | null, customer_id: number | null, };

export type ReasonCount = { reason: Reason, count: number, };

export type ReturnStats = { orders: number, 
/**
 * Orders with at least one return that was not rejected.
 */
orders_returned: number, rate: number, top_reasons: Array<ReasonCount>, };

export type EarnOn = "paid" | "delivered";

export type Tier = { id: number, name: string, threshold_minor: number, multiplier_percent: number, };

export type LoyaltySettings = { enabled: boolean, points_per_unit: number, earn_on: EarnOn, 
/**
 * None: the return window.
 */
pending_days: number | null, 
/**
 * The pending period in force (the return window when not set).
 */
effective_pending_days: number, redeem_points: number, redeem_value_minor: number, expiry_months: number | null, referrer_points: number, referred_points: number, 
/**
 * The welcome coupon given to a referred customer when linked (0: none).
 */
referral_coupon_percent: number, 
/**
 * How many days that coupon is valid from the day of linking.
 */
referral_coupon_days: number, 
/**
 * Lowest threshold first.
 */
tiers: Array<Tier>, currency: string, };

export type TierInput = { name: string, 
/**
 * Money as typed ("300", "1.000,00").
 */
threshold: string, multiplier_percent: number, };

export type LoyaltySettingsInput = { enabled: boolean, points_per_unit: number, earn_on: EarnOn, pending_days: number | null, redeem_points: number, 
/**
 * Money as typed.
 */
redeem_value: string, expiry_months: number | null, referrer_points: number, referred_points: number, 
/**
 * 0–90; 0: no welcome coupon.
 */
referral_coupon_percent: number, 
/**
 * 1–3650.
 */
referral_coupon_days: number, tiers: Array<TierInput>, };

export type EntryKind = "earn" | "redeem" | "adjust" | "expire" | "reverse" | "referral";

export type LedgerEntry = { id: number, kind: EntryKind, points: number, order_id: number | null, order_number: string | null, return_id: number | null, note: string, available_at: number, expires_at: number | null, 
/**
 * Points a reversal could not take back.
 */
shortfall: number, created_at: number, };

export type Balance = { 
/**
 * The sum of the ledger.
 */
total: number, 
/**
 * Spendable now.
 */
available: number, 
/**
 * Earned, not yet spendable (the return window).
 */
pending: number, 
/**
 * Spendable points that expire within 30 days.
 */
expiring_soon: number, next_expiry_at: number | null, 
/**
 * What `available` is worth, in minor units of the shop's currency.
 */
available_value_minor: number, };

export type TierStatus = { tier: Tier | null, next: Tier | null, 
/**
 * Spend over the last 12 months, net of refunded returns.
 */
spend_minor: number, to_next_minor: number | null, };

export type Referrer = { id: number, name: string, 
/**
 * The code of the welcome coupon the referred customer was given.
 */
welcome_coupon: string | null, };

export type CustomerLoyalty = { enabled: boolean, balance: Balance, tier: TierStatus, referral_code: string, referred_by: Referrer | null, referrals: number, 
/**
 * Newest first.
 */
entries: Array<LedgerEntry>, currency: string, redeem_points: number, redeem_value_minor: number, };

export type Redemption = { entry_id: number, points: number, 
/**
 * The discount, in minor units of the shop's currency.
 */
value_minor: number, balance: Balance, };

export type PointsCoupon = { redemption: Redemption, coupon: Coupon, };

export type ExpiryRun = { entries: number, points: number, };

export type Severity = "low" | "normal" | "high" | "urgent";

export type ComplaintChannel = "phone" | "email" | "in_store" | "whatsapp" | "instagram" | "other";

export type ComplaintStatus = "open" | "in_progress" | "waiting" | "resolved" | "closed";

export type Category = { id: number, 
/**
 * A built-in category's key, translated by the UI unless renamed.
 */
key: string | null, 
/**
 * The owner's name for it; empty for an untouched built-in one.
 */
label: string, };

export type ComplaintSettings = { sla_low_hours: number, sla_normal_hours: number, sla_high_hours: number, sla_urgent_hours: number, categories: Array<Category>, };

export type CategoryInput = { id: number | null, label: string, };

export type ComplaintSettingsInput = { sla_low_hours: number, sla_normal_hours: number, sla_high_hours: number, sla_urgent_hours: number, categories: Array<CategoryInput>, };

export type ComplaintInput = { customer_id: number, order_id: number | null, category_id: number, severity: Severity, channel: ComplaintChannel, reply_channel: ContactChannel, description: string, };

export type EventKind = "opened" | "note" | "call" | "email" | "status" | "compensation";

export type ComplaintSource = "staff" | "survey";

export type Compensation = "points" | "store_credit" | "refund" | "replacement" | "gesture";

export type ComplaintEvent = { id: number, at: number, kind: EventKind, actor: string, note: string, status: ComplaintStatus | null, duration_s: number | null, compensation: Compensation | null, points: number | null, amount_minor: number | null, currency: string | null, 
/**
 * Store credit: the code of the coupon it was given as, to read to
 * the customer. Kept on the event's last line (`Cupón CODE`), so it
 * needs no column and goes with the note when the customer is erased.
 */
coupon_code: string | null, };

export type ComplaintSummary = { id: number, customer_id: number, customer_name: string, customer_phone: string | null, order_id: number | null, order_number: string | null, category: Category, severity: Severity, channel: ComplaintChannel, status: ComplaintStatus, 
/**
 * The first line of what the customer said.
 */
headline: string, due_at: number | null, 
/**
 * Past its due date and not paused, resolved or closed.
 */
overdue: boolean, created_at: number, source: ComplaintSource, 
/**
 * For a complaint opened by a survey answer: the survey and the score.
 */
survey_kind: SurveyKind | null, survey_score: number | null, };

export type Complaint = { summary: ComplaintSummary, customer_email: string | null, reply_channel: ContactChannel, description: string, 
/**
 * Where it may go from here.
 */
next: Array<ComplaintStatus>, 
/**
 * Newest first.
 */
events: Array<ComplaintEvent>, };

export type ComplaintFilter = "active" | "overdue" | "resolved" | "closed" | "all";

export type CompensationInput = { kind: Compensation, 
/**
 * Points to credit (kind `points`).
 */
points: number | null, 
/**
 * Money as typed ("10,50"), in the shop's currency (store credit, refund).
 */
amount: string | null, note: string, };

export type ComplaintCounts = { active: number, overdue: number, };

export type Draft = { body: string, 
/**
 * Milliseconds since the epoch, from the file's modification time.
 */
saved_at: number, };

export type BackupKind = "scheduled" | "manual" | "before_migration" | "before_restore";

export type BackupFile = { path: string, file_name: string, kind: BackupKind, 
/**
 * Milliseconds since the epoch (UTC), from the file name.
 */
taken_at: number, bytes: number, };

export type MonthFigures = { 
/**
 * `YYYY-MM`.
 */
month: string, orders: number, returns: number, complaints_opened: number, complaints_resolved: number, points_issued: number, points_redeemed: number, points_expired: number, nps: number | null, csat: number | null, ces: number | null, answers: number, };

export type SurveyFigure = { value: number | null, answers: number, };

export type Dashboard = { from: string, to: string, months: Array<MonthFigures>, nps: SurveyFigure, csat: SurveyFigure, ces: SurveyFigure, 
/**
 * Answers by email per survey email sent in the period, in percent.
 */
response_rate: number | null, surveys_sent: number, 
/**
 * Orders placed in the period (not cancelled).
 */
orders: number, 
/**
 * Customers with an order in the period.
 */
customers: number, 
/**
 * Of those, customers with two or more orders in the period.
 */
repeat_customers: number, 
/**
 * Percent.
 */
repeat_rate: number | null, orders_per_customer: number | null, 
/**
 * Orders of the period with a return that was not rejected.
 */
orders_returned: number, 
/**
 * Percent of the period's orders.
 */
returns_rate: number | null, top_reasons: Array<ReasonCount>, complaints_opened: number, complaints_resolved: number, 
/**
 * Over complaints resolved in the period.
 */
median_resolution_hours: number | null, 
/**
 * Now, whatever the period.
 */
complaints_overdue: number, points_issued: number, points_redeemed: number, points_expired: number, };

export type CustomerExport = { path: string, 
/**
 * Tables with at least one row, in the order written.
 */
tables: Array<string>, rows: number, };

export type RuleKey = "order_placed" | "order_shipped" | "order_delivered" | "care_tips" | "survey" | "review_request" | "win_back" | "points_expiring";

export type AutomationSettings = { 
/**
 * An IANA name (`Europe/Madrid`); empty: the computer's.
 */
time_zone: string, 
/**
 * Quiet hours, minutes after midnight; equal: no quiet hours.
 */
quiet_from: number, quiet_to: number, 
/**
 * At most one marketing message per customer in this many days (0: no cap).
 */
marketing_cap_days: number, 
/**
 * How far back a late run still sends what it missed.
 */
catch_up_days: number, };

export type AutomationSettingsView = { settings: AutomationSettings, 
/**
 * The zone in effect (the computer's when none is set).
 */
zone_in_effect: string, };

export type RuleTexts = { subject_es: string, body_es: string, subject_en: string, body_en: string, };

export type AutomationRule = { id: number, key: RuleKey, enabled: boolean, enabled_at: number | null, delay_days: number, 
/**
 * Care tips: only orders with a product or SKU containing this. Survey:
 * the survey kind (`nps`, `csat`, `ces`).
 */
condition: string, 
/**
 * Win-back: a coupon of this percent (0: none), valid this many days.
 */
coupon_percent: number, coupon_days: number, 
/**
 * Empty: the built-in text in that language.
 */
subject_es: string, body_es: string, subject_en: string, body_en: string, marketing: boolean, sent: number, 
/**
 * The built-in texts, shown where the shop's are empty.
 */
defaults: RuleTexts, };

export type RuleInput = { delay_days: number, condition: string, coupon_percent: number, coupon_days: number, subject_es: string, body_es: string, subject_en: string, body_en: string, };

export type Carrier = { name: string, 
/**
 * `{code}` becomes the tracking code.
 */
url_pattern: string, };

export type Due = { customer_id: number, name: string, email: string, 
/**
 * The triggering event, unique per customer and rule.
 */
trigger: string, order_id: number | null, order_number: string | null, 
/**
 * Held back today by the per-customer cap of marketing messages.
 */
capped: boolean, };

export type Preview = { rule: AutomationRule, total: number, capped: number, 
/**
 * The first `PREVIEW_MAX`.
 */
people: Array<Due>, 
/**
 * Quiet hours now: the first messages leave when they end.
 */
quiet_now: boolean, sends_from: number, };

export type RunReport = { queued: number, capped: number, 
/**
 * Nothing was sent: quiet hours.
 */
quiet: boolean, };

export type Sent = { id: number, rule: RuleKey, at: number, trigger: string, order_number: string | null, coupon_code: string | null, 
/**
 * The outbox's state: queued, sent, failed, skipped, cancelled.
 */
state: string | null, };

export const LAYOUT_FIELDS: Record<Layout, readonly Field[]> = {
  "generic": ["order_number", "order_date", "status", "customer_name", "first_name", "last_name", "email", "phone", "city", "product", "sku", "quantity", "unit_price", "line_total", "currency", "carrier", "tracking_code", "delivered_on"],
  "shopify": ["order_number", "order_date", "financial_status", "fulfillment_status", "cancelled_at", "customer_name", "email", "phone", "city", "product", "sku", "quantity", "unit_price", "currency", "delivered_on"],
  "woocommerce": ["order_number", "order_date", "status", "first_name", "last_name", "email", "phone", "city", "product", "sku", "quantity", "unit_price", "line_total", "currency"],
  "customers": ["customer_name", "first_name", "last_name", "email", "phone", "city", "language", "notes"],
};
