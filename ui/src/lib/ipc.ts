// The only module that talks to the Tauri shell. Pages call these typed
// functions; payload types are generated from Rust (bindings.ts).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
  Audience,
  AudienceCount,
  Campaign,
  CampaignInput,
  CampaignRecipient,
  Customer,
  CustomerInput,
  CustomerPage,
  CustomerSort,
  CustomerSummary,
  CustomerSubscription,
  ErrorPayload,
  ExportKind,
  ImportFinished,
  ImportOptions,
  ImportProgress,
  ImportReport,
  List,
  ListInput,
  Order,
  OrderInput,
  OrderSort,
  OrderStatus,
  PhoneAnswer,
  PossibleDuplicate,
  RecipientState,
  Response as SurveyResponse,
  SearchResults,
  Settings,
  SettingsView,
  Subscriber,
  SubscriberAdded,
  SubscriberImportReport,
  SubscriberInput,
  Suppression,
  SurveyAudience,
  SurveyInput,
  SurveyKind,
  SurveyResults,
  FollowUp,
  SyncCounts,
  Balance,
  CustomerLoyalty,
  LoyaltySettings,
  LoyaltySettingsInput,
  Quote,
  Redemption,
  PointsCoupon,
  Referrer,
  ReturnFilter,
  ReturnForm,
  ReturnInput,
  ReturnPolicy,
  ReturnPolicyInput,
  ReturnRequest,
  ReturnStats,
  ReturnStatus,
  Complaint,
  ComplaintCounts,
  ComplaintFilter,
  ComplaintInput,
  ComplaintSettings,
  ComplaintSettingsInput,
  ComplaintStatus,
  ComplaintSummary,
  CompensationInput,
  Draft,
  Dashboard,
  BackupFile,
  CustomerExport,
  Coupon,
  CouponInput,
  CouponView,
  AutomationRule,
  AutomationSettings,
  AutomationSettingsView,
  Carrier,
  Preview,
  RuleInput,
  Sent,
} from "./bindings";
import type {
  CampaignProgress,
  CollectorView,
  MailSettings,
  MailSettingsView,
  PreviewPage,
  TestReport,
} from "./mailBindings";

export * from "./bindings";
export * from "./mailBindings";

/** Areas whose data changed; lists refresh when their area is named. */
export type ChangedArea =
  | "settings"
  | "customers"
  | "orders"
  | "lists"
  | "campaigns"
  | "mail"
  | "surveys"
  | "returns"
  | "loyalty"
  | "coupons"
  | "automations"
  | "complaints";

/** A command failed: `code` (and each field's code) is stable and translated by the UI. */
export class CommandError extends Error {
  readonly payload: ErrorPayload;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.payload = payload;
  }
  get code(): string {
    return this.payload.code;
  }
  /** Field name → error code, for putting messages on form fields. */
  fieldCodes(): Record<string, string> {
    return Object.fromEntries(this.payload.fields.map((f) => [f.field, f.code]));
  }
}

function isPayload(value: unknown): value is ErrorPayload {
  return typeof value === "object" && value !== null && "code" in value && "fields" in value;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    if (isPayload(err)) throw new CommandError(err);
    throw new CommandError({ code: "internal", message: String(err), fields: [] });
  }
}

export const ipc = {
  settingsGet: () => call<SettingsView>("settings_get"),
  settingsUpdate: (settings: Settings) => call<SettingsView>("settings_update", { settings }),

  customersList: (query: string, limit: number, offset: number, sort: CustomerSort = "name") =>
    call<CustomerSummary[]>("customers_list", { query, sort, limit, offset }),
  customerPage: (id: number) => call<CustomerPage>("customer_page", { id }),
  customerCreate: (input: CustomerInput) => call<Customer>("customer_create", { input }),
  customerUpdate: (id: number, input: CustomerInput) => call<Customer>("customer_update", { id, input }),
  customerDuplicates: (input: CustomerInput, exclude: number | null) =>
    call<PossibleDuplicate[]>("customer_duplicates", { input, exclude }),

  ordersList: (
    query: string,
    limit: number,
    offset: number,
    status: OrderStatus | null = null,
    sort: OrderSort = "newest",
  ) => call<Order[]>("orders_list", { query, status, sort, limit, offset }),
  orderGet: (id: number) => call<Order>("order_get", { id }),
  orderCreate: (input: OrderInput) => call<Order>("order_create", { input }),
  /**
   * A status change by hand. Delivering earns the order's loyalty points,
   * cancelling takes them back; `deliveredOn` null keeps (or sets today as) the delivery day.
   */
  orderSetStatus: (id: number, status: OrderStatus, deliveredOn: string | null) =>
    call<Order>("order_set_status", { id, status, deliveredOn }),

  /** Customers and orders matching a fragment (name, email, phone, order number). */
  search: (query: string) => call<SearchResults>("search", { query }),

  /** Opens the native file dialog; null when the owner cancels. */
  importPickFile: () => call<string | null>("import_pick_file"),
  /** Dry run: detects the layout when `options` is null; writes nothing. */
  importPreview: (path: string, options: ImportOptions | null) =>
    call<ImportReport>("import_preview", { path, options }),
  /** Starts the import in the background; watch onImportProgress / onImportFinished. */
  importStart: (path: string, options: ImportOptions) => call<null>("import_start", { path, options }),
  importCancel: () => call<null>("import_cancel"),

  /** Opens the native save dialog with a suggested file name; null when cancelled. */
  exportPickPath: (name: string) => call<string | null>("export_pick_path", { name }),
  /** Writes the CSV and returns the number of data rows. */
  exportCsv: (kind: ExportKind, path: string, semicolon: boolean) =>
    call<number>("export_csv", { kind, path, semicolon }),

  /** The relay settings; the password itself never leaves the OS credential store. */
  mailSettingsGet: () => call<MailSettingsView>("mail_settings_get"),
  /** `password`: null keeps the stored one, "" removes it. */
  mailSettingsSave: (settings: MailSettings, password: string | null) =>
    call<MailSettingsView>("mail_settings_save", { settings, password }),
  /** Sends one message through the saved relay (or into the outbox folder). */
  mailSendTest: (to: string) => call<TestReport>("mail_send_test", { to }),
  /** Opens the folder of .eml files in the system's file manager. */
  mailOpenOutbox: () => call<null>("mail_open_outbox"),

  listsList: () => call<List[]>("lists_list"),
  listCreate: (input: ListInput) => call<List>("list_create", { input }),
  listUpdate: (id: number, input: ListInput) => call<List>("list_update", { id, input }),
  subscribersList: (listId: number, query: string, limit: number, offset: number) =>
    call<Subscriber[]>("subscribers_list", { listId, query, limit, offset }),
  subscriberAdd: (listId: number, input: SubscriberInput) =>
    call<SubscriberAdded>("subscriber_add", { listId, input }),
  subscriberUnsubscribe: (id: number) => call<Subscriber>("subscriber_unsubscribe", { id }),
  subscriberConfirm: (id: number) => call<Subscriber>("subscriber_confirm", { id }),
  /** `commit` false is a dry run: the same report, nothing written. */
  subscribersImport: (listId: number, path: string, commit: boolean) =>
    call<SubscriberImportReport>("subscribers_import", { listId, path, commit }),

  suppressionsList: (query: string, limit: number, offset: number) =>
    call<Suppression[]>("suppressions_list", { query, limit, offset }),
  suppressionAdd: (email: string) => call<Suppression>("suppression_add", { email }),
  suppressionRemove: (email: string) => call<null>("suppression_remove", { email }),

  audienceCount: (audience: Audience) => call<AudienceCount>("audience_count", { audience }),
  tagsList: () => call<string[]>("tags_list"),
  /** Replaces a customer's tags; returns them as stored (sorted, no repeats). */
  customerSetTags: (id: number, tags: string[]) => call<string[]>("customer_set_tags", { id, tags }),

  campaignsList: () => call<Campaign[]>("campaigns_list"),
  campaignGet: (id: number) => call<Campaign>("campaign_get", { id }),
  campaignCreate: (input: CampaignInput) => call<Campaign>("campaign_create", { input }),
  campaignUpdate: (id: number, input: CampaignInput) => call<Campaign>("campaign_update", { id, input }),
  campaignDelete: (id: number) => call<null>("campaign_delete", { id }),
  /** The message as a sample recipient would get it. */
  campaignPreview: (input: CampaignInput) => call<PreviewPage>("campaign_preview", { input }),
  campaignTestSend: (input: CampaignInput, to: string) => call<TestReport>("campaign_test_send", { input, to }),
  campaignStart: (id: number) => call<Campaign>("campaign_start", { id }),
  /** `at`: UTC unix milliseconds. */
  campaignSchedule: (id: number, at: number) => call<Campaign>("campaign_schedule", { id, at }),
  campaignUnschedule: (id: number) => call<Campaign>("campaign_unschedule", { id }),
  campaignPause: (id: number) => call<Campaign>("campaign_pause", { id }),
  campaignResume: (id: number) => call<Campaign>("campaign_resume", { id }),
  campaignCancel: (id: number) => call<Campaign>("campaign_cancel", { id }),
  campaignRecipients: (id: number, state: RecipientState | null, limit: number, offset: number) =>
    call<CampaignRecipient[]>("campaign_recipients", { id, state, limit, offset }),

  /** Who would get a survey now (customers with an order delivered in the window), and who is left out and why. */
  surveyAudience: (deliveredWithinDays: number) => call<SurveyAudience>("survey_audience", { deliveredWithinDays }),
  /** Sends the survey as a campaign at once; follow it on the campaign's page. */
  surveySend: (input: SurveyInput) => call<Campaign>("survey_send", { input }),
  /** Figures for answers given between `from` and `to` (`YYYY-MM-DD`, inclusive). */
  surveyResults: (kind: SurveyKind, from: string, to: string) => call<SurveyResults>("survey_results", { kind, from, to }),
  /** Answers with a comment, newest first. */
  surveyComments: (kind: SurveyKind, query: string, unhappyOnly: boolean, limit: number) =>
    call<SurveyResponse[]>("survey_comments", { kind, query, unhappyOnly, limit }),
  customerResponses: (customerId: number) => call<SurveyResponse[]>("customer_responses", { customerId }),
  /** A score heard on the phone. */
  phoneAnswerRecord: (answer: PhoneAnswer) => call<SurveyResponse>("phone_answer_record", { answer }),
  /** One customer's follow-up cases (open and closed), or with null every open case. */
  followUpsList: (customerId: number | null) => call<FollowUp[]>("follow_ups_list", { customerId }),
  followUpClose: (id: number, note: string) => call<null>("follow_up_close", { id, note }),

  collectorGet: () => call<CollectorView>("collector_get"),
  /** `url` empty turns the collector off (score buttons become reply-by-email links). */
  collectorSave: (url: string) => call<CollectorView>("collector_save", { url }),
  /** Makes a new shared secret (kept in the OS keychain) and returns it as 64 hex characters. */
  collectorSecretNew: () => call<string>("collector_secret_new"),
  /** The stored secret, to copy into the collector's configuration; null when there is none. */
  collectorSecretReveal: () => call<string | null>("collector_secret_reveal"),
  /** Fetches the collector's new events now and applies them. */
  collectorSync: () => call<SyncCounts>("collector_sync"),

  returnPolicyGet: () => call<ReturnPolicy>("return_policy_get"),
  /** Every reason goes back with its id (null for a new one): reasons are deactivated, never deleted. */
  returnPolicySave: (input: ReturnPolicyInput) => call<ReturnPolicy>("return_policy_save", { input }),
  /** An order's lines with what is left to return, its deadline and the policy in force. */
  returnForm: (orderId: number) => call<ReturnForm>("return_form", { orderId }),
  /** Amounts and broken policy rules for a request, without opening it. */
  returnQuote: (input: ReturnInput) => call<Quote>("return_quote", { input }),
  /** Opens a request; refused with `policy_refused` when it breaks a rule and `override_reason` is empty. */
  returnOpen: (input: ReturnInput) => call<ReturnRequest>("return_open", { input }),
  /** One step of the workflow (`to` must be in the request's `next`); rejecting needs a note. */
  returnTransition: (id: number, to: ReturnStatus, note: string) =>
    call<ReturnRequest>("return_transition", { id, to, note }),
  /** A request with its lines and its events newest first. */
  returnGet: (id: number) => call<ReturnRequest>("return_get", { id }),
  returnsList: (filter: ReturnFilter, limit: number, offset: number) =>
    call<ReturnRequest[]>("returns_list", { filter, limit, offset }),
  /** Returns rate and top reasons for orders since `since` (`YYYY-MM-DD`). */
  returnStats: (since: string) => call<ReturnStats>("return_stats", { since }),

  loyaltySettingsGet: () => call<LoyaltySettings>("loyalty_settings_get"),
  loyaltySettingsSave: (input: LoyaltySettingsInput) => call<LoyaltySettings>("loyalty_settings_save", { input }),
  /** Balance, tier, referral and the ledger (newest first) of one customer. */
  customerLoyalty: (customerId: number) => call<CustomerLoyalty>("customer_loyalty", { customerId }),
  /** Spends available points as a discount, optionally on one of the customer's orders. */
  loyaltyRedeem: (customerId: number, points: number, orderId: number | null, note: string) =>
    call<Redemption>("loyalty_redeem", { customerId, points, orderId, note }),
  loyaltyRedeemCoupon: (customerId: number, points: number) => call<PointsCoupon>("loyalty_redeem_coupon", { customerId, points }),
  /** Adds (or, negative, removes) points by hand; the reason is mandatory. */
  loyaltyAdjust: (customerId: number, points: number, reason: string) =>
    call<Balance>("loyalty_adjust", { customerId, points, reason }),
  /** Records who recommended a new customer, by that person's referral code. */
  loyaltySetReferrer: (customerId: number, code: string) => call<Referrer>("loyalty_set_referrer", { customerId, code }),
  /** Earns points for delivered orders that have none (e.g. imported history); returns how many orders earned. */
  loyaltyBackfill: () => call<number>("loyalty_backfill"),

  /** Live lookup while typing (at most 8): phone fragments in any format, names without caring for accents. */
  customersSuggest: (query: string) => call<CustomerSummary[]>("customers_suggest", { query }),
  complaintSettingsGet: () => call<ComplaintSettings>("complaint_settings_get"),
  /** Categories go back in order with their id (null for a new one); a missing one is archived. */
  complaintSettingsSave: (input: ComplaintSettingsInput) => call<ComplaintSettings>("complaint_settings_save", { input }),
  complaintOpen: (input: ComplaintInput) => call<Complaint>("complaint_open", { input }),
  /** A complaint with what may come next and its timeline newest first. */
  complaintGet: (id: number) => call<Complaint>("complaint_get", { id }),
  complaintsList: (filter: ComplaintFilter, limit: number, offset: number) =>
    call<ComplaintSummary[]>("complaints_list", { filter, limit, offset }),
  complaintsOfCustomer: (customerId: number) => call<ComplaintSummary[]>("complaints_of_customer", { customerId }),
  complaintCounts: () => call<ComplaintCounts>("complaint_counts"),
  /** One step of the status flow (`to` must be in `next`); resolving needs a note. */
  complaintTransition: (id: number, to: ComplaintStatus, note: string) =>
    call<Complaint>("complaint_transition", { id, to, note }),
  complaintNote: (id: number, note: string) => call<Complaint>("complaint_note", { id, note }),
  /** A phone call with the customer; `durationS` in seconds. */
  /** A reply by email: queued in the outbox, on the timeline. Field "reply": no_email | required. */
  complaintReply: (id: number, text: string) => call<Complaint>("complaint_reply", { id, text }),
  /** The lists a customer is on, with each consent record. */
  customerSubscriptions: (customerId: number) =>
    call<CustomerSubscription[]>("customer_subscriptions", { customerId }),
  complaintCall: (id: number, durationS: number, note: string) => call<Complaint>("complaint_call", { id, durationS, note }),
  /** Points go to the loyalty ledger in the same write; amounts are typed in the shop's currency. */
  complaintCompensate: (id: number, input: CompensationInput) => call<Complaint>("complaint_compensate", { id, input }),

  /** A form's state kept on disk as it is typed, so closing the window loses nothing. */
  draftSave: (name: string, body: string) => call<null>("draft_save", { name, body }),
  draftLoad: (name: string) => call<Draft | null>("draft_load", { name }),
  draftDiscard: (name: string) => call<null>("draft_discard", { name }),

  /** The dashboard's figures for `from`..=`to` (local days, `YYYY-MM-DD`, inclusive), month by month. */
  dashboard: (from: string, to: string) => call<Dashboard>("dashboard", { from, to }),

  /** The copies in the backups folder, newest first. */
  backupsList: () => call<BackupFile[]>("backups_list"),
  backupNow: () => call<BackupFile>("backup_now"),
  /** Opens the native file dialog in the backups folder; null when the owner cancels. */
  backupPickFile: () => call<string | null>("backup_pick_file"),
  /**
   * Replaces the store with the copy at `path`; returns the safety copy taken
   * of the data that was there. Refused with `not_a_backup` (nothing changed).
   */
  backupRestore: (path: string) => call<BackupFile>("backup_restore", { path }),

  /** Everything about one customer in a zip, through the native save dialog; null when cancelled. */
  customerExport: (id: number) => call<CustomerExport | null>("customer_export", { id }),
  /** Erases the customer's personal data everywhere; orders, points and scores stay as anonymous figures. */
  customerErase: (id: number) => call<null>("customer_erase", { id }),

  /** Coupons newest first; `query` matches a fragment of the code, the note or the customer's name. */
  couponsList: (query: string, limit: number, offset: number) => call<Coupon[]>("coupons_list", { query, limit, offset }),
  /** One coupon with the orders that used it. */
  couponGet: (id: number) => call<CouponView>("coupon_get", { id }),
  /** The coupons issued to one customer, newest first. */
  customerCoupons: (customerId: number) => call<Coupon[]>("customer_coupons", { customerId }),
  couponCreate: (input: CouponInput) => call<Coupon>("coupon_create", { input }),
  /** `count` coupons alike but for their codes (a campaign's batch), all or none. */
  couponsIssueBulk: (input: CouponInput, count: number) => call<Coupon[]>("coupons_issue_bulk", { input, count }),
  /** Ends a coupon: its last valid day becomes the day before `today` (local, `YYYY-MM-DD`). */
  couponDisable: (id: number, today: string) => call<Coupon>("coupon_disable", { id, today }),
  /** Writes the coupons `ids` to a CSV at `path` (from exportPickPath); returns how many. */
  couponsSaveCsv: (ids: number[], path: string, semicolon: boolean) =>
    call<number>("coupons_save_csv", { ids, path, semicolon }),
  automationSettingsGet: () => call<AutomationSettingsView>("automation_settings_get"),
  automationSettingsSave: (input: AutomationSettings) => call<AutomationSettingsView>("automation_settings_save", { input }),
  /** Every rule, switched on or not, with how many messages it sent and its built-in texts. */
  automationRules: () => call<AutomationRule[]>("automation_rules"),
  /** Timing, condition and texts; empty texts mean the built-in ones. Field errors name the input's fields. */
  automationRuleSave: (id: number, input: RuleInput) => call<AutomationRule>("automation_rule_save", { id, input }),
  /** Switching on counts from now; pausing cancels the rule's messages that have not left yet. */
  automationRuleEnable: (id: number, enabled: boolean) => call<AutomationRule>("automation_rule_enable", { id, enabled }),
  /** Who would get the rule's message today, as if switched on now; writes nothing. */
  automationPreview: (id: number) => call<Preview>("automation_preview", { id }),
  /** A customer's automatic messages, newest first. */
  automationTimeline: (customerId: number) => call<Sent[]>("automation_timeline", { customerId }),
  carriersGet: () => call<Carrier[]>("carriers_get"),
  /** Replaces the carriers with `carriers`, in their order. */
  carriersSave: (carriers: Carrier[]) => call<Carrier[]>("carriers_save", { carriers }),
};

export function onImportProgress(handler: (progress: ImportProgress) => void): Promise<UnlistenFn> {
  return listen<ImportProgress>("import-progress", (event) => handler(event.payload));
}

export function onImportFinished(handler: (finished: ImportFinished) => void): Promise<UnlistenFn> {
  return listen<ImportFinished>("import-finished", (event) => handler(event.payload));
}

/** A sending campaign's counts, several times a second while it runs. */
export function onCampaignProgress(handler: (progress: CampaignProgress) => void): Promise<UnlistenFn> {
  return listen<CampaignProgress>("campaign-progress", (event) => handler(event.payload));
}

/** Calls `handler` whenever the shell reports a write to one of `areas`. */
export function onChanged(areas: ChangedArea[], handler: () => void): Promise<UnlistenFn> {
  return listen<ChangedArea>("store-changed", (event) => {
    if (areas.includes(event.payload)) handler();
  });
}
