// An in-memory stand-in for the Rust core, answering the same commands through
// Tauri's IPC mock. It is deliberately simple: the real rules are tested in
// Rust; here we test what the UI does with the answers.
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type {
  Audience,
  AudienceCount,
  Campaign,
  CampaignInput,
  CampaignProgress,
  CampaignRecipient,
  ChangedArea,
  Customer,
  CustomerInput,
  CustomerPage,
  CustomerSummary,
  CustomerSort,
  ErrorPayload,
  ImportCounts,
  ImportFinished,
  ImportOptions,
  ImportProgress,
  ImportReport,
  List,
  ListInput,
  MailSettings,
  PreviewPage,
  Order,
  OrderInput,
  OrderSort,
  OrderStatus,
  PossibleDuplicate,
  RecipientState,
  SearchResults,
  TestReport,
  Settings,
  SettingsView,
  Subscriber,
  SubscriberImportReport,
  SubscriberInput,
  Suppression,
  CollectorView,
  FollowUp,
  PhoneAnswer,
  Response as SurveyResponse,
  SurveyAudience,
  SurveyCandidate,
  SurveyInput,
  SurveyKind,
  SurveyResults,
  SyncCounts,
  Balance,
  CustomerLoyalty,
  LedgerEntry,
  LoyaltySettings,
  LoyaltySettingsInput,
  Outcome,
  Reason,
  ReturnFilter,
  ReturnForm,
  ReturnInput,
  ReturnPolicy,
  ReturnPolicyInput,
  ReturnRequest,
  ReturnStats,
  ReturnStatus,
  Tier,
  Category,
  Complaint,
  ComplaintEvent,
  ComplaintFilter,
  ComplaintInput,
  ComplaintSettings,
  ComplaintSettingsInput,
  ComplaintStatus,
  ComplaintSummary,
  CompensationInput,
  Draft,
  BackupFile,
  Dashboard,
  MonthFigures,
  Coupon,
  CouponInput,
} from "../lib/ipc";
import { inRange, toneOf } from "../lib/surveys";
import { FakeAutomations } from "./fakeAutomations";

export type Call = { cmd: string; args: Record<string, unknown> };

export function invalid(...fields: [field: string, code: string][]): ErrorPayload {
  return {
    code: "invalid_input",
    message: "invalid input",
    fields: fields.map(([field, code]) => ({ field, code })),
  };
}

export function failure(code: string): ErrorPayload {
  return { code, message: code, fields: [] };
}

let nextId = 100;

export function customer(overrides: Partial<Customer> = {}): Customer {
  const id = overrides.id ?? nextId++;
  return {
    id,
    name: `Cliente ${id}`,
    email: null,
    phone: null,
    preferred_channel: "email",
    language: null,
    notes: "",
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_000_000,
    ...overrides,
  };
}

export function order(overrides: Partial<Order> = {}): Order {
  const id = overrides.id ?? nextId++;
  return {
    id,
    customer_id: 1,
    customer_name: "",
    source: "manual",
    number: `M${String(id).padStart(5, "0")}`,
    status: "placed",
    currency: "EUR",
    placed_on: "2024-05-10",
    delivered_on: null,
    carrier: null,
    tracking_code: null,
    tracking_url: null,
    subtotal_minor: overrides.total_minor ?? 0,
    discount_minor: 0,
    coupon_code: null,
    total_minor: 0,
    lines: [],
    ...overrides,
  };
}

export function coupon(overrides: Partial<Coupon> = {}): Coupon {
  const id = overrides.id ?? nextId++;
  return {
    id,
    code: `CUPON-${String(id).padStart(6, "2")}`,
    kind: "percent",
    value: 10,
    currency: "EUR",
    min_order_minor: 0,
    expires_on: null,
    max_uses: 1,
    uses: 0,
    customer_id: null,
    customer_name: null,
    source: "manual",
    note: "",
    created_at: 1_776_000_000_000,
    ...overrides,
  };
}

export function importOptions(overrides: Partial<ImportOptions> = {}): ImportOptions {
  return {
    layout: "generic",
    encoding: "utf8",
    delimiter: "comma",
    decimal: "comma",
    date_order: "dmy",
    mapping: [
      { field: "order_number", column: 0 },
      { field: "order_date", column: 1 },
      { field: "customer_name", column: 2 },
      { field: "email", column: 3 },
      { field: "product", column: 4 },
      { field: "quantity", column: 5 },
      { field: "unit_price", column: 6 },
      { field: "carrier", column: null },
    ],
    ...overrides,
  };
}

export function importCounts(overrides: Partial<ImportCounts> = {}): ImportCounts {
  return {
    rows: 0,
    orders_new: 0,
    orders_present: 0,
    orders_updated: 0,
    lines_new: 0,
    customers_new: 0,
    customers_present: 0,
    customers_updated: 0,
    rows_skipped: 0,
    ...overrides,
  };
}

/** A dry run's report for a small orders file; override what a test needs. */
export function importReport(overrides: Partial<ImportReport> = {}): ImportReport {
  return {
    options: importOptions(),
    headers: ["Pedido", "Fecha", "Cliente", "Email", "Producto", "Cantidad", "Precio"],
    sample: [
      {
        row: 2,
        cells: [
          { field: "order_number", value: "1001" },
          { field: "order_date", value: "2024-03-05" },
          { field: "customer_name", value: "Ana Ruiz" },
          { field: "unit_price", value: "12.50" },
        ],
      },
    ],
    problems: [],
    problem_count: 0,
    counts: importCounts({ rows: 3, orders_new: 2, lines_new: 3, customers_new: 1 }),
    committed: false,
    ...overrides,
  };
}

export function importProgress(done: number, total: number, rows: number, rowsPerS: number, dryRun = false): ImportProgress {
  return { dry_run: dryRun, progress: { rows, bytes_done: done, bytes_total: total }, rows_per_s: rowsPerS };
}

export function mailSettings(overrides: Partial<MailSettings> = {}): MailSettings {
  return {
    host: "",
    port: 587,
    security: "starttls",
    username: "",
    from_name: "",
    from_address: "",
    reply_to: "",
    per_second: 10,
    per_hour: 0,
    connections: 1,
    ...overrides,
  };
}

export function list(overrides: Partial<List> = {}): List {
  const id = overrides.id ?? nextId++;
  return {
    id,
    name: `Lista ${id}`,
    double_opt_in: false,
    consent_text: "",
    subscribed: 0,
    pending: 0,
    gone: 0,
    created_at: 1_700_000_000_000,
    ...overrides,
  };
}

export function subscriber(overrides: Partial<Subscriber> = {}): Subscriber {
  const id = overrides.id ?? nextId++;
  return {
    id,
    list_id: 1,
    email: `persona${id}@example.com`,
    name: `Persona ${id}`,
    status: "subscribed",
    suppressed: null,
    consent_at: 1_700_000_000_000,
    consent_method: "in_store",
    consent_text: "",
    confirmed_at: null,
    ...overrides,
  };
}

export function campaign(overrides: Partial<Campaign> = {}): Campaign {
  const id = overrides.id ?? nextId++;
  return {
    id,
    name: `Campaña ${id}`,
    subject: "Novedades",
    preheader: "",
    body_md: "Hola {{ first_name }}",
    audience: { list_id: null, rules: [] },
    status: "draft",
    pause_reason: null,
    pause_detail: "",
    scheduled_at: null,
    started_at: null,
    finished_at: null,
    created_at: 1_700_000_000_000,
    counts: { total: 0, remaining: 0, sent: 0, failed: 0, skipped: 0, cancelled: 0 },
    ...overrides,
  };
}

export function subscriberImportReport(overrides: Partial<SubscriberImportReport> = {}): SubscriberImportReport {
  return { rows: 0, added: 0, already_present: 0, suppressed: 0, problems: [], problem_count: 0, committed: false, ...overrides };
}

export function surveyCandidate(overrides: Partial<SurveyCandidate> = {}): SurveyCandidate {
  const id = overrides.customer_id ?? nextId++;
  return {
    customer_id: id,
    name: `Cliente ${id}`,
    email: `cliente${id}@example.com`,
    order_id: nextId++,
    order_number: `M${String(id).padStart(5, "0")}`,
    delivered_on: "2025-03-10",
    language: "es",
    excluded: null,
    ...overrides,
  };
}

export function surveyResponse(overrides: Partial<SurveyResponse> = {}): SurveyResponse {
  const id = overrides.id ?? nextId++;
  return {
    id,
    customer_id: 1,
    customer_name: "Ana Ruiz",
    kind: "nps",
    score: 9,
    comment: "",
    channel: "email",
    order_number: null,
    answered_at: 1_741_600_000_000,
    ...overrides,
  };
}

export function followUp(overrides: Partial<FollowUp> = {}): FollowUp {
  const id = overrides.id ?? nextId++;
  return {
    id,
    customer_id: 1,
    customer_name: "Ana Ruiz",
    reason: "detractor",
    response: null,
    open: true,
    note: "",
    created_at: 1_741_600_000_000,
    ...overrides,
  };
}

export function surveyResults(kind: SurveyKind = "nps", overrides: Partial<SurveyResults> = {}): SurveyResults {
  const size = kind === "nps" ? 11 : kind === "csat" ? 5 : 7;
  return {
    kind,
    overall: { group: "", answers: 0, value: null },
    asked: 0,
    response_rate: null,
    distribution: Array.from({ length: size }, () => 0),
    by_month: [],
    by_product: [],
    by_channel: [],
    ...overrides,
  };
}

/** The four reasons the core seeds (translated by code, no label of their own). */
export function seededReasons(): Reason[] {
  return [
    { id: 1, code: "wrong_size", label: "", waives_fee: false, active: true },
    { id: 2, code: "defective", label: "", waives_fee: true, active: true },
    { id: 3, code: "not_as_described", label: "", waives_fee: false, active: true },
    { id: 4, code: "changed_mind", label: "", waives_fee: false, active: true },
  ];
}

export function returnPolicy(overrides: Partial<ReturnPolicy> = {}): ReturnPolicy {
  return {
    window_days: 30,
    fee_kind: "none",
    fee_value: 0,
    offer_refund: true,
    offer_exchange: true,
    offer_credit: true,
    bonus_percent: 0,
    policy_text: "",
    notify_customer: false,
    reasons: seededReasons(),
    currency: "EUR",
    ...overrides,
  };
}

/** The workflow's next steps, as the core's `ReturnStatus::next`. */
export function nextSteps(status: ReturnStatus): ReturnStatus[] {
  switch (status) {
    case "requested":
      return ["approved", "rejected"];
    case "approved":
      return ["received", "rejected"];
    case "received":
      return ["refunded", "exchanged", "credited"];
    case "closed":
      return [];
    default:
      return ["closed"];
  }
}

export function returnRequest(overrides: Partial<ReturnRequest> = {}): ReturnRequest {
  const id = overrides.id ?? nextId++;
  const status = overrides.status ?? "requested";
  return {
    id,
    order_id: 1,
    order_number: "M00001",
    customer_id: 1,
    customer_name: "Ana Ruiz",
    status,
    reason: seededReasons()[0]!,
    outcome: "refund",
    note: "",
    currency: "EUR",
    gross_minor: 0,
    fee_minor: 0,
    bonus_minor: 0,
    amount_minor: 0,
    overridden_rules: [],
    override_reason: "",
    created_at: 1_775_000_000_000,
    updated_at: 1_775_000_000_000,
    lines: [],
    events: [{ at: 1_775_000_000_000, status: "requested", actor: "luna", note: "" }],
    next: nextSteps(status),
    ...overrides,
  };
}

export function loyaltySettings(overrides: Partial<LoyaltySettings> = {}): LoyaltySettings {
  return {
    enabled: true,
    points_per_unit: 1,
    earn_on: "delivered",
    pending_days: null,
    effective_pending_days: 30,
    redeem_points: 100,
    redeem_value_minor: 100,
    expiry_months: null,
    referrer_points: 0,
    referred_points: 0,
    referral_coupon_percent: 0,
    referral_coupon_days: 60,
    tiers: [],
    currency: "EUR",
    ...overrides,
  };
}

export function tier(overrides: Partial<Tier> = {}): Tier {
  const id = overrides.id ?? nextId++;
  return { id, name: `Nivel ${id}`, threshold_minor: 0, multiplier_percent: 100, ...overrides };
}

export function ledgerEntry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  const id = overrides.id ?? nextId++;
  return {
    id,
    kind: "earn",
    points: 0,
    order_id: null,
    order_number: null,
    return_id: null,
    note: "",
    available_at: 1_775_000_000_000,
    expires_at: null,
    shortfall: 0,
    created_at: 1_775_000_000_000,
    ...overrides,
  };
}

export function balance(overrides: Partial<Balance> = {}): Balance {
  return { total: 0, available: 0, pending: 0, expiring_soon: 0, next_expiry_at: null, available_value_minor: 0, ...overrides };
}

export function customerLoyalty(overrides: Partial<CustomerLoyalty> = {}): CustomerLoyalty {
  return {
    enabled: true,
    balance: balance(),
    tier: { tier: null, next: null, spend_minor: 0, to_next_minor: null },
    referral_code: "ANA-7K2Q",
    referred_by: null,
    referrals: 0,
    entries: [],
    currency: "EUR",
    redeem_points: 100,
    redeem_value_minor: 100,
    ...overrides,
  };
}

/** The seven categories the core seeds, translated by key. */
export function seededCategories(): Category[] {
  return ["late_delivery", "damaged", "wrong_item", "quality", "billing", "service", "other"].map((key, i) => ({ id: i + 1, key, label: "" }));
}

export function complaintSettings(overrides: Partial<ComplaintSettings> = {}): ComplaintSettings {
  return { sla_low_hours: 120, sla_normal_hours: 48, sla_high_hours: 24, sla_urgent_hours: 4, categories: seededCategories(), ...overrides };
}

/** Where a complaint may go from here, as the core's `ComplaintStatus::next`. */
export function complaintNext(status: ComplaintStatus): ComplaintStatus[] {
  switch (status) {
    case "open":
      return ["in_progress", "waiting", "resolved"];
    case "in_progress":
      return ["waiting", "resolved"];
    case "waiting":
      return ["in_progress", "resolved"];
    case "resolved":
      return ["closed", "open"];
    case "closed":
      return ["open"];
  }
}

export function complaintEvent(overrides: Partial<ComplaintEvent> = {}): ComplaintEvent {
  return {
    id: nextId++,
    at: 1_776_000_000_000,
    kind: "note",
    actor: "luna",
    note: "",
    status: null,
    duration_s: null,
    compensation: null,
    points: null,
    amount_minor: null,
    currency: null,
    coupon_code: null,
    ...overrides,
  };
}

export function complaintSummary(overrides: Partial<ComplaintSummary> = {}): ComplaintSummary {
  const id = overrides.id ?? nextId++;
  return {
    id,
    customer_id: 1,
    customer_name: "Ana Ruiz",
    customer_phone: "+34600111222",
    order_id: null,
    order_number: null,
    category: seededCategories()[1]!,
    severity: "normal",
    channel: "phone",
    status: "open",
    headline: "Llegó roto",
    due_at: 1_776_172_800_000,
    overdue: false,
    created_at: 1_776_000_000_000,
    source: "staff",
    survey_kind: null,
    survey_score: null,
    ...overrides,
  };
}

export function complaint(summary: Partial<ComplaintSummary> = {}, overrides: Partial<Omit<Complaint, "summary">> = {}): Complaint {
  const s = complaintSummary(summary);
  return {
    summary: s,
    customer_email: null,
    reply_channel: "phone",
    description: s.headline,
    next: complaintNext(s.status),
    events: [complaintEvent({ kind: "opened", at: s.created_at, status: "open" })],
    ...overrides,
  };
}

/** The `limit`/`offset` slice a list command asks for. */
function page<T>(rows: T[], args: Record<string, unknown>): T[] {
  const offset = Number(args.offset ?? 0);
  return rows.slice(offset, offset + Number(args.limit ?? rows.length));
}

/** One month of the dashboard, all zero unless told. */
export function monthFigures(month: string, overrides: Partial<MonthFigures> = {}): MonthFigures {
  return {
    month,
    orders: 0,
    returns: 0,
    complaints_opened: 0,
    complaints_resolved: 0,
    points_issued: 0,
    points_redeemed: 0,
    points_expired: 0,
    nps: null,
    csat: null,
    ces: null,
    answers: 0,
    ...overrides,
  };
}

/** The dashboard of a period: one empty row per month, no figures. */
export function dashboard(from: string, to: string, overrides: Partial<Dashboard> = {}): Dashboard {
  const months: MonthFigures[] = [];
  let [year, month] = from.split("-").map(Number) as [number, number];
  const [endYear, endMonth] = to.split("-").map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(monthFigures(`${year}-${String(month).padStart(2, "0")}`));
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return {
    from,
    to,
    months,
    nps: { value: null, answers: 0 },
    csat: { value: null, answers: 0 },
    ces: { value: null, answers: 0 },
    response_rate: null,
    surveys_sent: 0,
    orders: 0,
    customers: 0,
    repeat_customers: 0,
    repeat_rate: null,
    orders_per_customer: null,
    orders_returned: 0,
    returns_rate: null,
    top_reasons: [],
    complaints_opened: 0,
    complaints_resolved: 0,
    median_resolution_hours: null,
    complaints_overdue: 0,
    points_issued: 0,
    points_redeemed: 0,
    points_expired: 0,
    ...overrides,
  };
}

export function backupFile(overrides: Partial<BackupFile> = {}): BackupFile {
  const fileName = overrides.file_name ?? "posventa-20260420-030000-scheduled.sqlite3";
  return {
    path: `/home/luna/.local/share/posventa/backups/${fileName}`,
    file_name: fileName,
    kind: "scheduled",
    taken_at: 1_776_654_000_000,
    bytes: 2_500_000,
    ...overrides,
  };
}

export class FakeCore {
  settings: Settings = { shop_name: "Zapatería Luna", country: "ES", currency: "EUR", language: "es" };
  systemLocale = "es-ES";
  currencies = ["EUR", "USD", "MXN", "CLP"];
  customers: Customer[] = [];
  orders: Order[] = [];
  calls: Call[] = [];
  /** Commands that will reject with the given payload (once each). */
  failures = new Map<string, ErrorPayload>();

  /** What the file dialog answers (null: the owner cancelled it). */
  pickedFile: string | null = "/home/luna/pedidos.csv";
  /** The dry run's answer; `options` echoes what the UI sent (or the detected ones). */
  preview: ImportReport = importReport();
  /** While set, a dry run reports this progress and waits for the promise before answering. */
  previewHold: { progress: ImportProgress; until: Promise<void> } | null = null;
  /** Answers `import_preview` with this failure instead, while set. */
  previewFailure: ErrorPayload | null = null;
  /** Progress events sent while an import runs, before it finishes. */
  importSteps: ImportProgress[] = [importProgress(512, 1024, 1500, 3000), importProgress(1024, 1024, 3000, 3000)];
  /** How a started import ends; null keeps it running until `finishImport()` or a cancel. */
  importEnd: ImportFinished | null = { report: { ...importReport(), committed: true }, error: null };
  importRunning = false;
  /** What the save dialog answers (null: cancelled); by default the suggested name in /tmp. */
  exportPath: ((name: string) => string | null) | null = (name) => `/tmp/${name}`;

  mail: MailSettings = mailSettings();
  hasPassword = false;
  /** The last password sent with a save (null: kept). */
  savedPassword: string | null | undefined = undefined;
  outboxDir = "/home/luna/.local/share/posventa/outbox";
  /** What a test message gets back from the relay. */
  sendOutcome: TestReport = { ok: true, outcome: "sent", code: 250, reply: "250 2.0.0 Ok: queued" };

  lists: List[] = [];
  subscribers: Subscriber[] = [];
  suppressions: Suppression[] = [];
  /** The subscriber import's answer; `committed` echoes the call. */
  subscriberImport: SubscriberImportReport = subscriberImportReport();
  tags: string[] = [];
  customerTags = new Map<number, string[]>();
  /** How many people an audience selects; by default one per rule fewer than 100. */
  countAudience: (audience: Audience) => AudienceCount = (audience) => ({
    recipients: Math.max(0, 100 - 10 * audience.rules.length),
    suppressed: 2,
  });
  campaigns: Campaign[] = [];
  messagePreview: PreviewPage = {
    subject: "Novedades",
    text: "Hola Ana",
    url: "preview://localhost/0123abcd",
  };
  recipients: CampaignRecipient[] = [];

  /** Who would get a survey for a delivery window (days). */
  surveyAudienceOf: (days: number) => SurveyAudience = () => ({ included: 0, excluded: 0, candidates: [] });
  /** The figures for a kind and period. */
  surveyResultsOf: (kind: SurveyKind, from: string, to: string) => SurveyResults = (kind) => surveyResults(kind);
  /** Every answer in the store, newest first. */
  responses: SurveyResponse[] = [];
  followUps: FollowUp[] = [];
  collector: CollectorView = { state: { url: "", cursor: 0, last_sync_at: null, last_error: "" }, has_secret: false };
  collectorSecret: string | null = null;
  /** What "sync now" brings. */
  syncCounts: SyncCounts = { answers_new: 0, answers_changed: 0, unsubscribes: 0, ignored: 0 };

  /** The day the fake core takes as today, for return windows. */
  today = "2026-04-20";
  returnPolicy: ReturnPolicy = returnPolicy();
  /** Return requests, newest first. */
  returns: ReturnRequest[] = [];
  returnStats: ReturnStats = { orders: 0, orders_returned: 0, rate: 0, top_reasons: [] };
  loyaltySettings: LoyaltySettings = loyaltySettings();
  /** Each customer's points (customers not set have none). */
  loyalty = new Map<number, CustomerLoyalty>();
  /** Referral code → the customer who owns it. */
  referralCodes = new Map<string, { id: number; name: string }>();
  /** How many orders the backfill finds without points. */
  backfillCount = 0;

  complaintSettings: ComplaintSettings = complaintSettings();
  /** Complaints, newest first. */
  complaints: Complaint[] = [];
  /** Saved form drafts by name. */
  drafts = new Map<string, Draft>();
  /** The fake clock for complaints and drafts. */
  now = 1_776_000_000_000;

  /** The dashboard's answer for a period. */
  dashboardOf: (from: string, to: string) => Dashboard = (from, to) => dashboard(from, to);
  /** The backups folder, newest first. */
  backups: BackupFile[] = [];
  /** What the "choose a backup" dialog answers (null: cancelled). */
  pickedBackup: string | null = null;
  /** Where a customer's export is saved (null: the save dialog was cancelled). */
  customerExportPath: string | null = "/home/luna/cliente.zip";
  /** Automation rules, guard rails, carriers, previews and timelines. */
  automations = new FakeAutomations();

  constructor() {
    mockIPC((cmd, args) => this.handle(cmd, (args ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
  }

  callsTo(cmd: string): Call[] {
    return this.calls.filter((c) => c.cmd === cmd);
  }

  /** What the shell emits after a write. */
  async changed(area: ChangedArea): Promise<void> {
    await emit("store-changed", area);
  }

  /** What the sending worker emits while a campaign goes out. */
  async progress(progress: CampaignProgress): Promise<void> {
    await emit("campaign-progress", progress);
  }

  /** Ends the running import as the shell does: an `import-finished` event. */
  async finishImport(finished: ImportFinished | null = this.importEnd): Promise<void> {
    if (!finished) throw new Error("finishImport needs an ending");
    this.importRunning = false;
    await emit("import-finished", finished);
  }

  private async runImport(): Promise<void> {
    // After the command's answer, as the shell's background thread does.
    await Promise.resolve();
    for (const step of this.importSteps) await emit("import-progress", step);
    if (this.importEnd) await this.finishImport(this.importEnd);
  }

  private async dryRun(options: ImportOptions | null): Promise<ImportReport> {
    const hold = this.previewHold;
    if (hold) {
      await emit("import-progress", hold.progress);
      await hold.until;
    }
    if (this.previewFailure) throw this.previewFailure;
    return { ...this.preview, options: options ?? this.preview.options, committed: false };
  }

  private search(query: string): SearchResults {
    const q = query.toLowerCase();
    return {
      customers: this.customers
        .filter((c) => `${c.name} ${c.email ?? ""} ${c.phone ?? ""}`.toLowerCase().includes(q))
        .map((c) => this.summary(c)),
      orders: this.orders.filter((o) => o.number.toLowerCase().includes(q)),
    };
  }

  view(): SettingsView {
    const language = this.settings.language === "auto" ? (this.systemLocale.startsWith("es") ? "es" : "en") : this.settings.language;
    return { settings: { ...this.settings }, language, system_locale: this.systemLocale, currencies: [...this.currencies] };
  }

  private summary(c: Customer): CustomerSummary {
    const mine = this.orders.filter((o) => o.customer_id === c.id);
    const last = mine.map((o) => o.placed_on).sort().pop() ?? null;
    return { id: c.id, name: c.name, email: c.email, phone: c.phone, order_count: mine.length, last_order_on: last };
  }

  private duplicatesOf(input: Pick<CustomerInput, "email" | "phone">, exclude: number | null): PossibleDuplicate[] {
    const email = input.email?.trim().toLowerCase() || null;
    const phone = input.phone?.replace(/\s/g, "") || null;
    return this.customers
      .filter((c) => c.id !== exclude)
      .map((c) => ({
        id: c.id,
        name: c.name,
        same_email: !!email && c.email?.toLowerCase() === email,
        same_phone: !!phone && c.phone === phone,
      }))
      .filter((d) => d.same_email || d.same_phone);
  }

  private page(id: number): CustomerPage {
    const found = this.customers.find((c) => c.id === id);
    if (!found) throw failure("customer_not_found");
    return {
      customer: found,
      orders: this.orders.filter((o) => o.customer_id === id),
      duplicates: this.duplicatesOf(found, id),
      tags: this.customerTags.get(id) ?? [],
    };
  }

  private saveCustomer(input: CustomerInput, id?: number): Customer {
    if (!input.name.trim()) throw invalid(["name", "required"]);
    const saved = customer({
      ...(id !== undefined ? { id } : {}),
      name: input.name.trim(),
      email: input.email,
      phone: input.phone,
      preferred_channel: input.preferred_channel ?? "email",
      language: input.language,
      notes: input.notes ?? "",
    });
    this.customers = [...this.customers.filter((c) => c.id !== saved.id), saved];
    return saved;
  }

  private createOrder(input: OrderInput): Order {
    const owner = this.customers.find((c) => c.id === input.customer_id);
    if (!owner) throw invalid(["customer_id", "customer_unknown"]);
    const lines = input.lines.map((l) => ({
      product: l.product,
      sku: l.sku,
      quantity: Number(l.quantity),
      unit_price_minor: Math.round(Number(l.unit_price.replace(",", ".")) * 100),
    }));
    const subtotal = lines.reduce((sum, l) => sum + l.quantity * l.unit_price_minor, 0);
    const used = input.coupon?.trim() ? this.redeem(input.coupon.trim(), subtotal) : null;
    const discount = used === null ? 0 : used.kind === "percent" ? Math.round((subtotal * used.value) / 100) : Math.min(used.value, subtotal);
    const created = order({
      customer_id: owner.id,
      customer_name: owner.name,
      number: input.number ?? `M${String(this.orders.length + 1).padStart(5, "0")}`,
      status: input.status,
      currency: input.currency ?? this.settings.currency,
      placed_on: input.placed_on,
      delivered_on: input.delivered_on,
      carrier: input.carrier,
      tracking_code: input.tracking_code,
      lines,
      subtotal_minor: subtotal,
      discount_minor: discount,
      coupon_code: used?.code ?? null,
      total_minor: subtotal - discount,
    });
    this.orders = [created, ...this.orders];
    return created;
  }

  /** Coupons, newest first. */
  coupons: Coupon[] = [];

  private redeem(code: string, subtotal: number): Coupon {
    const found = this.coupons.find((c) => c.code.toLowerCase() === code.toLowerCase());
    if (!found) throw invalid(["coupon", "coupon_unknown"]);
    if (found.max_uses !== null && found.uses >= found.max_uses) throw invalid(["coupon", "coupon_used_up"]);
    if (subtotal < found.min_order_minor) throw invalid(["coupon", "coupon_minimum"]);
    const used = { ...found, uses: found.uses + 1 };
    this.coupons = this.coupons.map((c) => (c.id === found.id ? used : c));
    return used;
  }

  private issueCoupon(input: CouponInput, source: Coupon["source"]): Coupon {
    const prefix = input.prefix.trim().toUpperCase() || "CUPON";
    const problems: [string, string][] = [];
    if (!/^[A-Z0-9]{2,12}$/.test(prefix)) problems.push(["prefix", "prefix_invalid"]);
    const typed = input.value.trim();
    if (input.kind === "percent" && !/^\d+$/.test(typed)) problems.push(["value", "percent_invalid"]);
    if (input.kind === "fixed" && !/^\d+(,\d{1,2})?$/.test(typed)) problems.push(["value", "amount_malformed"]);
    if (problems.length > 0) throw invalid(...problems);
    const value = input.kind === "percent" ? Number(typed) : Math.round(Number(typed.replace(",", ".")) * 100);
    const owner = this.customers.find((c) => c.id === input.customer_id);
    const made = coupon({
      kind: input.kind,
      value,
      currency: this.settings.currency,
      min_order_minor: input.min_order ? Math.round(Number(input.min_order.replace(",", ".")) * 100) : 0,
      expires_on: input.expires_on,
      max_uses: input.max_uses,
      customer_id: owner?.id ?? null,
      customer_name: owner?.name ?? null,
      source,
      note: input.note.trim(),
      created_at: this.now,
    });
    const issued = { ...made, code: `${prefix}-${String(made.id).padStart(6, "2")}` };
    this.coupons = [issued, ...this.coupons];
    return issued;
  }

  private handleCoupons(cmd: string, args: Record<string, unknown>): { answer: unknown } | null {
    switch (cmd) {
      case "coupons_list": {
        const query = String(args.query ?? "").toLowerCase();
        const found = this.coupons.filter((c) => !query || `${c.code} ${c.note} ${c.customer_name ?? ""}`.toLowerCase().includes(query));
        return { answer: page(found, args) };
      }
      case "coupon_get": {
        const found = this.coupons.find((c) => c.id === Number(args.id));
        if (!found) throw failure("not_found");
        const orders = this.orders
          .filter((o) => o.coupon_code === found.code)
          .map((o) => ({
            order_id: o.id,
            number: o.number,
            customer_id: o.customer_id,
            customer_name: o.customer_name,
            placed_on: o.placed_on,
            currency: o.currency,
            discount_minor: o.discount_minor,
          }));
        return { answer: { coupon: found, orders } };
      }
      case "customer_coupons":
        return { answer: this.coupons.filter((c) => c.customer_id === Number(args.customerId)) };
      case "coupon_create":
        return { answer: this.issueCoupon(args.input as CouponInput, "manual") };
      case "coupons_issue_bulk": {
        const count = Number(args.count);
        if (!Number.isInteger(count) || count < 1 || count > 10_000) throw invalid(["count", "out_of_range"]);
        const input = args.input as CouponInput;
        this.issueCoupon(input, "bulk"); // validates once, as the core does
        this.coupons = this.coupons.slice(1);
        return { answer: Array.from({ length: count }, () => this.issueCoupon(input, "bulk")) };
      }
      case "coupon_disable": {
        const id = Number(args.id);
        const found = this.coupons.find((c) => c.id === id);
        if (!found) throw failure("not_found");
        const changed = { ...found, expires_on: "2000-01-01" };
        this.coupons = this.coupons.map((c) => (c.id === id ? changed : c));
        return { answer: changed };
      }
      case "coupons_save_csv":
        return { answer: (args.ids as number[]).length };
      default:
        return null;
    }
  }

  private mailView() {
    return {
      settings: { ...this.mail },
      has_password: this.hasPassword,
      relay_configured: this.mail.host !== "",
      outbox_dir: this.outboxDir,
    };
  }

  private saveList(input: ListInput, id?: number): List {
    if (!input.name.trim()) throw invalid(["name", "required"]);
    const taken = this.lists.some((l) => l.id !== id && l.name.toLowerCase() === input.name.trim().toLowerCase());
    if (taken) throw invalid(["name", "name_taken"]);
    const before = this.lists.find((l) => l.id === id);
    const saved = list({ ...before, ...(id !== undefined ? { id } : {}), ...input, name: input.name.trim() });
    this.lists = [...this.lists.filter((l) => l.id !== saved.id), saved];
    return saved;
  }

  private addSubscriber(listId: number, input: SubscriberInput) {
    const owner = this.lists.find((l) => l.id === listId);
    if (!owner) throw failure("not_found");
    if (!/^[^@\s]+@[^@\s]+$/.test(input.email.trim())) throw invalid(["email", "email_malformed"]);
    if (this.subscribers.some((s) => s.list_id === listId && s.email === input.email.trim().toLowerCase())) {
      throw invalid(["email", "already_subscribed"]);
    }
    const added = subscriber({
      list_id: listId,
      email: input.email.trim().toLowerCase(),
      name: input.name,
      consent_method: input.consent_method,
      consent_text: owner.consent_text,
      status: owner.double_opt_in ? "pending" : "subscribed",
    });
    this.subscribers = [...this.subscribers, added];
    return { subscriber: added, confirmation_queued: owner.double_opt_in };
  }

  private setSubscriber(id: number, change: Partial<Subscriber>): Subscriber {
    const found = this.subscribers.find((s) => s.id === id);
    if (!found) throw failure("not_found");
    const changed = { ...found, ...change };
    this.subscribers = this.subscribers.map((s) => (s.id === id ? changed : s));
    return changed;
  }

  private saveCampaign(input: CampaignInput, id?: number): Campaign {
    const missing = (["name", "subject"] as const).filter((f) => !input[f].trim());
    if (missing.length > 0) throw invalid(...missing.map((f): [string, string] => [f, "required"]));
    const before = this.campaigns.find((c) => c.id === id);
    const saved = campaign({ ...before, ...(id !== undefined ? { id } : {}), ...input });
    this.campaigns = [...this.campaigns.filter((c) => c.id !== saved.id), saved];
    return saved;
  }

  private setCampaign(id: number, change: (c: Campaign) => Partial<Campaign>): Campaign {
    const found = this.campaigns.find((c) => c.id === id);
    if (!found) throw failure("not_found");
    const changed = { ...found, ...change(found) };
    this.campaigns = this.campaigns.map((c) => (c.id === id ? changed : c));
    return changed;
  }

  private sendSurvey(input: SurveyInput): Campaign {
    const problems: [string, string][] = [];
    if (!input.name.trim()) problems.push(["name", "required"]);
    if (input.delivered_within_days < 1 || input.delivered_within_days > 365) problems.push(["delivered_within_days", "days_invalid"]);
    if (problems.length > 0) throw invalid(...problems);
    const { included } = this.surveyAudienceOf(input.delivered_within_days);
    if (included === 0) throw invalid(["audience", "audience_empty"]);
    const sent = campaign({
      name: input.name.trim(),
      subject: input.name.trim(),
      status: "sending",
      started_at: 1_700_000_000_000,
      counts: { total: included, remaining: included, sent: 0, failed: 0, skipped: 0, cancelled: 0 },
    });
    this.campaigns = [...this.campaigns, sent];
    return sent;
  }

  private recordPhoneAnswer(answer: PhoneAnswer): SurveyResponse {
    const problems: [string, string][] = [];
    if (!inRange(answer.kind, answer.score)) problems.push(["score", "score_out_of_range"]);
    if (answer.comment.length > 2000) problems.push(["comment", "too_long"]);
    if (problems.length > 0) throw invalid(...problems);
    const who = this.customers.find((c) => c.id === answer.customer_id);
    if (!who) throw failure("customer_not_found");
    const placed = answer.order_id === null ? null : this.orders.find((o) => o.id === answer.order_id && o.customer_id === who.id);
    if (answer.order_id !== null && !placed) throw invalid(["order_id", "order_not_found"]);
    const saved = surveyResponse({
      customer_id: who.id,
      customer_name: who.name,
      kind: answer.kind,
      score: answer.score,
      comment: answer.comment.trim(),
      channel: "phone",
      order_number: placed?.number ?? null,
      answered_at: 1_741_700_000_000,
    });
    this.responses = [saved, ...this.responses];
    if (toneOf(answer.kind, answer.score) === "low") {
      const reason = { nps: "detractor", csat: "low_csat", ces: "hard_effort" }[answer.kind];
      this.followUps = [followUp({ customer_id: who.id, customer_name: who.name, reason, response: saved }), ...this.followUps];
    }
    return saved;
  }

  private setOrderStatus(id: number, status: OrderStatus, deliveredOn: string | null): Order {
    const found = this.orders.find((o) => o.id === id);
    if (!found) throw failure("order_not_found");
    if (deliveredOn !== null && !/^\d{4}-\d{2}-\d{2}$/.test(deliveredOn)) throw invalid(["delivered_on", "date_invalid"]);
    if (deliveredOn !== null && deliveredOn < found.placed_on) throw invalid(["delivered_on", "delivered_before_placed"]);
    const delivered = deliveredOn ?? (status === "delivered" ? (found.delivered_on ?? this.today) : found.delivered_on);
    const changed = { ...found, status, delivered_on: delivered };
    this.orders = this.orders.map((o) => (o.id === id ? changed : o));
    return changed;
  }

  private saveReturnPolicy(input: ReturnPolicyInput): ReturnPolicy {
    const problems: [string, string][] = [];
    if (input.window_days < 0 || input.window_days > 3650) problems.push(["window_days", "out_of_range"]);
    let fee = 0;
    if (input.fee_kind === "percent") {
      fee = Number(input.fee_value.trim());
      if (!/^\d+$/.test(input.fee_value.trim()) || fee > 100) problems.push(["fee_value", "percent_invalid"]);
    } else if (input.fee_kind === "fixed") {
      const parsed = /^\d+(,\d{1,2})?$/.test(input.fee_value.trim()) ? Math.round(Number(input.fee_value.trim().replace(",", ".")) * 100) : null;
      if (parsed === null) problems.push(["fee_value", "amount_malformed"]);
      fee = parsed ?? 0;
    }
    if (!input.offer_refund && !input.offer_exchange && !input.offer_credit) problems.push(["outcomes", "outcome_required"]);
    input.reasons.forEach((r, i) => {
      const seeded = this.returnPolicy.reasons.find((x) => x.id === r.id);
      if (!r.label.trim() && !seeded?.code) problems.push([`reasons.${i}.label`, "required"]);
    });
    if (problems.length > 0) throw invalid(...problems);
    let next = Math.max(0, ...this.returnPolicy.reasons.map((r) => r.id)) + 1;
    const reasons = input.reasons.map((r): Reason => {
      const before = this.returnPolicy.reasons.find((x) => x.id === r.id);
      return { id: r.id ?? next++, code: before?.code ?? null, label: r.label.trim(), waives_fee: r.waives_fee, active: r.active };
    });
    this.returnPolicy = { ...input, fee_value: fee, reasons, currency: this.settings.currency };
    return this.returnPolicy;
  }

  /** The last day to return an order (`YYYY-MM-DD`): delivery (or order) day plus the window. */
  private deadlineOf(o: Order): string {
    const [y, m, d] = (o.delivered_on ?? o.placed_on).split("-").map(Number) as [number, number, number];
    const last = new Date(Date.UTC(y, m - 1, d + this.returnPolicy.window_days));
    return last.toISOString().slice(0, 10);
  }

  private returnFormOf(orderId: number): ReturnForm {
    const o = this.orders.find((x) => x.id === orderId);
    if (!o) throw failure("order_not_found");
    const deadline = this.deadlineOf(o);
    return {
      order_id: o.id,
      order_number: o.number,
      customer_name: o.customer_name,
      currency: o.currency,
      lines: o.lines.map((l, position) => ({
        position,
        product: l.product,
        sku: l.sku,
        unit_price_minor: l.unit_price_minor,
        bought: l.quantity,
        returned: this.returns
          .filter((r) => r.order_id === o.id && r.status !== "rejected")
          .flatMap((r) => r.lines.filter((rl) => rl.position === position))
          .reduce((sum, rl) => sum + rl.quantity, 0),
      })),
      deadline,
      within_window: this.today <= deadline,
      cancelled: o.status === "cancelled",
      policy: this.returnPolicy,
    };
  }

  private quoteOf(input: ReturnInput) {
    const form = this.returnFormOf(input.order_id);
    const reason = this.returnPolicy.reasons.find((r) => r.id === input.reason_id && r.active);
    const problems: [string, string][] = [];
    if (!reason) problems.push(["reason_id", "reason_unknown"]);
    if (input.lines.length === 0) problems.push(["lines", "lines_empty"]);
    input.lines.forEach((l, i) => {
      const sold = form.lines.find((x) => x.position === l.position);
      if (!sold) problems.push([`lines.${i}.position`, "line_unknown"]);
      else if (l.quantity <= 0) problems.push([`lines.${i}.quantity`, "quantity_not_positive"]);
      else if (l.quantity > sold.bought - sold.returned) problems.push([`lines.${i}.quantity`, "quantity_exceeds_bought"]);
    });
    if (problems.length > 0) throw invalid(...problems);
    const gross = input.lines.reduce((sum, l) => sum + l.quantity * (form.lines.find((x) => x.position === l.position)?.unit_price_minor ?? 0), 0);
    const p = this.returnPolicy;
    const fee = reason?.waives_fee ? 0 : p.fee_kind === "percent" ? Math.round((gross * p.fee_value) / 100) : p.fee_kind === "fixed" ? Math.min(p.fee_value, gross) : 0;
    const bonus = input.outcome === "refund" ? 0 : Math.floor((gross * p.bonus_percent) / 100);
    const offered: Record<Outcome, boolean> = { refund: p.offer_refund, exchange: p.offer_exchange, credit: p.offer_credit };
    const violations = [
      ...(form.cancelled ? ["order_cancelled"] : []),
      ...(form.within_window ? [] : ["outside_window"]),
      ...(offered[input.outcome] ? [] : ["outcome_not_offered"]),
    ];
    return {
      form,
      reason: reason!,
      quote: { currency: form.currency, gross_minor: gross, fee_minor: fee, bonus_minor: bonus, amount_minor: gross - fee + bonus, violations, deadline: form.deadline },
    };
  }

  private openReturn(input: ReturnInput): ReturnRequest {
    const { form, reason, quote } = this.quoteOf(input);
    const override = (input.override_reason ?? "").trim();
    if (quote.violations.length > 0 && override === "") {
      throw { code: "policy_refused", message: "policy", fields: quote.violations.map((code) => ({ field: "policy", code })) };
    }
    const o = this.orders.find((x) => x.id === input.order_id)!;
    const opened = returnRequest({
      order_id: o.id,
      order_number: o.number,
      customer_id: o.customer_id,
      customer_name: o.customer_name,
      reason,
      outcome: input.outcome,
      note: input.note.trim(),
      currency: quote.currency,
      gross_minor: quote.gross_minor,
      fee_minor: quote.fee_minor,
      bonus_minor: quote.bonus_minor,
      amount_minor: quote.amount_minor,
      overridden_rules: quote.violations,
      override_reason: quote.violations.length > 0 ? override : "",
      lines: input.lines.map((l) => {
        const sold = form.lines.find((x) => x.position === l.position)!;
        return { position: l.position, product: sold.product, quantity: l.quantity, unit_price_minor: sold.unit_price_minor };
      }),
      events: [{ at: 1_776_000_000_000, status: "requested", actor: "luna", note: quote.violations.length > 0 ? override : input.note.trim() }],
    });
    this.returns = [opened, ...this.returns];
    return opened;
  }

  private transitionReturn(id: number, to: ReturnStatus, note: string): ReturnRequest {
    const found = this.returns.find((r) => r.id === id);
    if (!found) throw failure("return_not_found");
    const problems: [string, string][] = [];
    if (!found.next.includes(to)) problems.push(["status", "transition_not_allowed"]);
    if (to === "rejected" && note.trim() === "") problems.push(["note", "required"]);
    if (problems.length > 0) throw invalid(...problems);
    const settled: Partial<Record<ReturnStatus, Outcome>> = { refunded: "refund", exchanged: "exchange", credited: "credit" };
    const changed: ReturnRequest = {
      ...found,
      status: to,
      outcome: settled[to] ?? found.outcome,
      next: nextSteps(to),
      updated_at: found.updated_at + 60_000,
      events: [{ at: found.updated_at + 60_000, status: to, actor: "luna", note: note.trim() }, ...found.events],
    };
    this.returns = this.returns.map((r) => (r.id === id ? changed : r));
    return changed;
  }

  private saveLoyaltySettings(input: LoyaltySettingsInput): LoyaltySettings {
    const problems: [string, string][] = [];
    if (input.redeem_points < 1 || input.redeem_points > 1_000_000) problems.push(["redeem_points", "out_of_range"]);
    const amount = (text: string) => (/^\d+(,\d{1,2})?$/.test(text.trim()) ? Math.round(Number(text.trim().replace(",", ".")) * 100) : null);
    const value = amount(input.redeem_value);
    if (value === null) problems.push(["redeem_value", "amount_malformed"]);
    if (input.expiry_months !== null && (input.expiry_months < 1 || input.expiry_months > 120)) problems.push(["expiry_months", "out_of_range"]);
    if (input.referral_coupon_percent > 90) problems.push(["referral_coupon_percent", "out_of_range"]);
    if (input.referral_coupon_days < 1 || input.referral_coupon_days > 3650) problems.push(["referral_coupon_days", "out_of_range"]);
    const thresholds: number[] = [];
    input.tiers.forEach((t, i) => {
      if (!t.name.trim()) problems.push([`tiers.${i}.name`, "required"]);
      const threshold = amount(t.threshold);
      if (threshold === null) problems.push([`tiers.${i}.threshold`, "amount_malformed"]);
      else if (thresholds.includes(threshold)) problems.push([`tiers.${i}.threshold`, "threshold_duplicate"]);
      else thresholds.push(threshold);
    });
    if (problems.length > 0) throw invalid(...problems);
    this.loyaltySettings = {
      ...input,
      effective_pending_days: input.pending_days ?? this.returnPolicy.window_days,
      redeem_value_minor: value ?? 0,
      tiers: input.tiers
        .map((t, i) => tier({ id: i + 1, name: t.name.trim(), threshold_minor: amount(t.threshold) ?? 0, multiplier_percent: t.multiplier_percent }))
        .sort((a, b) => a.threshold_minor - b.threshold_minor),
      currency: this.settings.currency,
    };
    return this.loyaltySettings;
  }

  private loyaltyOf(customerId: number): CustomerLoyalty {
    if (!this.customers.some((c) => c.id === customerId)) throw failure("customer_not_found");
    return this.loyalty.get(customerId) ?? customerLoyalty({ currency: this.settings.currency });
  }

  /** Applies a change of `points` to what is available now, as a new ledger entry. */
  private book(customerId: number, entry: LedgerEntry): Balance {
    const before = this.loyaltyOf(customerId);
    const available = before.balance.available + entry.points;
    const next: CustomerLoyalty = {
      ...before,
      balance: {
        ...before.balance,
        total: before.balance.total + entry.points,
        available,
        available_value_minor: Math.floor((available * before.redeem_value_minor) / before.redeem_points),
      },
      entries: [entry, ...before.entries],
    };
    this.loyalty.set(customerId, next);
    return next.balance;
  }

  /** As the core's lookup: every word of the query in the name (accents aside) or, digits only, in the phone. */
  private suggest(query: string): CustomerSummary[] {
    const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    const words = fold(query).split(/\s+/).filter(Boolean);
    const digits = query.replace(/\D/g, "");
    const phoneLike = /^[\d\s+\-().]+$/.test(query.trim());
    return this.customers
      .filter((c) =>
        phoneLike && digits
          ? (c.phone ?? "").replace(/\D/g, "").includes(digits)
          : words.every((w) => fold(`${c.name} ${c.email ?? ""}`).includes(w)),
      )
      .sort((a, b) => a.name.localeCompare(b.name, "es"))
      .slice(0, 8)
      .map((c) => this.summary(c));
  }

  private complaintOf(id: number): Complaint {
    const found = this.complaints.find((k) => k.summary.id === id);
    if (!found) throw failure("not_found");
    return found;
  }

  /** Appends an event (newest first) and stores the complaint. */
  private record(id: number, event: Partial<ComplaintEvent>, change: Partial<ComplaintSummary> = {}): Complaint {
    const found = this.complaintOf(id);
    this.now += 60_000;
    const summary = { ...found.summary, ...change };
    const changed: Complaint = {
      ...found,
      summary,
      next: complaintNext(summary.status),
      events: [complaintEvent({ at: this.now, ...event }), ...found.events],
    };
    this.complaints = this.complaints.map((k) => (k.summary.id === id ? changed : k));
    return changed;
  }

  private openComplaint(input: ComplaintInput): Complaint {
    const problems: [string, string][] = [];
    const who = this.customers.find((c) => c.id === input.customer_id);
    if (!who) problems.push(["customer_id", "required"]);
    const placed = input.order_id === null ? null : this.orders.find((o) => o.id === input.order_id);
    if (input.order_id !== null && placed?.customer_id !== input.customer_id) problems.push(["order_id", "order_not_customers"]);
    const category = this.complaintSettings.categories.find((c) => c.id === input.category_id);
    if (!category) problems.push(["category_id", "required"]);
    const description = input.description.trim();
    if (description === "") problems.push(["description", "required"]);
    if (problems.length > 0) throw invalid(...problems);
    const hours = this.complaintSettings[`sla_${input.severity}_hours`];
    this.now += 60_000;
    const opened = complaint(
      {
        customer_id: who!.id,
        customer_name: who!.name,
        customer_phone: who!.phone,
        order_id: placed?.id ?? null,
        order_number: placed?.number ?? null,
        category: category!,
        severity: input.severity,
        channel: input.channel,
        headline: description.split("\n")[0] ?? "",
        due_at: this.now + hours * 3_600_000,
        created_at: this.now,
      },
      { customer_email: who!.email, reply_channel: input.reply_channel, description },
    );
    opened.events = [complaintEvent({ kind: "opened", at: this.now, status: "open" })];
    this.complaints = [opened, ...this.complaints];
    return opened;
  }

  private saveComplaintSettings(input: ComplaintSettingsInput): ComplaintSettings {
    const problems: [string, string][] = [];
    for (const field of ["sla_low_hours", "sla_normal_hours", "sla_high_hours", "sla_urgent_hours"] as const) {
      if (!Number.isInteger(input[field]) || input[field] < 1 || input[field] > 8760) problems.push([field, "hours_invalid"]);
    }
    input.categories.forEach((c, i) => {
      if (c.label.trim() === "" && c.id === null) problems.push([`categories.${i}`, "required"]);
    });
    if (problems.length > 0) throw invalid(...problems);
    let next = Math.max(0, ...this.complaintSettings.categories.map((c) => c.id)) + 1;
    const categories = input.categories.map((c): Category => {
      const before = this.complaintSettings.categories.find((x) => x.id === c.id);
      return { id: c.id ?? next++, key: before?.key ?? null, label: c.label.trim() };
    });
    this.complaintSettings = { ...input, categories };
    return this.complaintSettings;
  }

  private handleComplaints(cmd: string, args: Record<string, unknown>): { answer: unknown } | null {
    const id = Number(args.id);
    switch (cmd) {
      case "customers_suggest":
        return { answer: this.suggest(String(args.query ?? "")) };
      case "complaint_settings_get":
        return { answer: this.complaintSettings };
      case "complaint_settings_save":
        return { answer: this.saveComplaintSettings(args.input as ComplaintSettingsInput) };
      case "complaint_open":
        return { answer: this.openComplaint(args.input as ComplaintInput) };
      case "complaint_get":
        return { answer: this.complaintOf(id) };
      case "complaints_list": {
        const filter = args.filter as ComplaintFilter;
        const keep = (k: ComplaintSummary) =>
          filter === "all" ||
          (filter === "active" && ["open", "in_progress", "waiting"].includes(k.status)) ||
          (filter === "overdue" && k.overdue) ||
          k.status === filter;
        return { answer: page(this.complaints.map((k) => k.summary).filter(keep), args) };
      }
      case "complaints_of_customer":
        return { answer: this.complaints.map((k) => k.summary).filter((k) => k.customer_id === Number(args.customerId)) };
      case "complaint_counts": {
        const active = this.complaints.filter((k) => ["open", "in_progress", "waiting"].includes(k.summary.status));
        return { answer: { active: active.length, overdue: active.filter((k) => k.summary.overdue).length } };
      }
      case "complaint_transition": {
        const to = args.to as ComplaintStatus;
        const note = String(args.note ?? "").trim();
        if (!this.complaintOf(id).next.includes(to)) throw invalid(["status", "transition_invalid"]);
        if (to === "resolved" && note === "") throw invalid(["note", "required"]);
        return { answer: this.record(id, { kind: "status", status: to, note }, { status: to, overdue: false }) };
      }
      case "complaint_note": {
        const note = String(args.note ?? "").trim();
        this.complaintOf(id);
        if (note === "") throw invalid(["note", "required"]);
        return { answer: this.record(id, { kind: "note", note }) };
      }
      case "complaint_reply": {
        const text = String(args.text ?? "").trim();
        if (this.complaintOf(id).customer_email === null) throw invalid(["reply", "no_email"]);
        if (text === "") throw invalid(["reply", "required"]);
        return { answer: this.record(id, { kind: "email", note: text }) };
      }
      case "complaint_call": {
        const duration = Number(args.durationS);
        this.complaintOf(id);
        if (!Number.isInteger(duration) || duration < 0 || duration > 86_400) throw invalid(["duration", "duration_invalid"]);
        return { answer: this.record(id, { kind: "call", duration_s: duration, note: String(args.note ?? "").trim() }) };
      }
      case "complaint_compensate": {
        const input = args.input as CompensationInput;
        this.complaintOf(id);
        const note = input.note.trim();
        let amount: number | null = null;
        if (input.kind === "points" && !(input.points !== null && input.points > 0)) throw invalid(["points", "points_invalid"]);
        if (input.kind === "store_credit" || input.kind === "refund") {
          const typed = (input.amount ?? "").trim();
          if (typed === "") throw invalid(["amount", "required"]);
          if (!/^\d+(,\d{1,2})?$/.test(typed)) throw invalid(["amount", "amount_malformed"]);
          amount = Math.round(Number(typed.replace(",", ".")) * 100);
        }
        if ((input.kind === "replacement" || input.kind === "gesture") && note === "") throw invalid(["note", "required"]);
        // Store credit is a single-use coupon for the customer, as in the core.
        const credit =
          input.kind === "store_credit" && amount !== null
            ? this.issueCoupon(
                {
                  prefix: "DISCULPA",
                  kind: "fixed",
                  value: input.amount ?? "",
                  expires_on: null,
                  max_uses: 1,
                  min_order: null,
                  customer_id: this.complaintOf(id).summary.customer_id,
                  note: `Reclamación #${id}`,
                },
                "complaint",
              )
            : null;
        return {
          answer: this.record(id, {
            kind: "compensation",
            compensation: input.kind,
            points: input.kind === "points" ? input.points : null,
            amount_minor: amount,
            currency: amount === null ? null : this.settings.currency,
            note,
            coupon_code: credit?.code ?? null,
          }),
        };
      }
      case "draft_save":
        this.drafts.set(String(args.name), { body: String(args.body), saved_at: this.now });
        return { answer: null };
      case "draft_load":
        return { answer: this.drafts.get(String(args.name)) ?? null };
      case "draft_discard":
        this.drafts.delete(String(args.name));
        return { answer: null };
      default:
        return null;
    }
  }

  /** Dashboard, backups and a customer's data rights. */
  private handleData(cmd: string, args: Record<string, unknown>): { answer: unknown } | null {
    switch (cmd) {
      case "dashboard":
        return { answer: this.dashboardOf(String(args.from), String(args.to)) };
      case "backups_list":
        return { answer: [...this.backups] };
      case "backup_now": {
        const made = backupFile({ file_name: `posventa-manual-${this.backups.length + 1}.sqlite3`, kind: "manual", taken_at: this.now });
        this.backups = [made, ...this.backups];
        return { answer: made };
      }
      case "backup_pick_file":
        return { answer: this.pickedBackup };
      case "backup_restore": {
        const safety = backupFile({ file_name: "posventa-before-restore.sqlite3", kind: "before_restore", taken_at: this.now });
        this.backups = [safety, ...this.backups];
        return { answer: safety };
      }
      case "customer_export": {
        this.page(Number(args.id));
        const path = this.customerExportPath;
        return { answer: path === null ? null : { path, tables: ["customers", "orders"], rows: 7 } };
      }
      case "customer_erase": {
        const id = Number(args.id);
        this.page(id);
        this.customers = this.customers.map((c) =>
          c.id === id ? { ...c, name: `#${id}`, email: null, phone: null, notes: "", language: null, preferred_channel: "none", erased_at: this.now } : c,
        );
        this.customerTags.delete(id);
        return { answer: null };
      }
      default:
        return null;
    }
  }

  private handle(cmd: string, args: Record<string, unknown>): unknown {
    this.calls.push({ cmd, args });
    const failing = this.failures.get(cmd);
    if (failing) {
      this.failures.delete(cmd);
      throw failing;
    }
    switch (cmd) {
      case "settings_get":
        return this.view();
      case "settings_update":
        this.settings = { ...(args.settings as Settings) };
        return this.view();
      case "customers_list": {
        const query = String(args.query ?? "").toLowerCase();
        const sort = (args.sort ?? "name") as CustomerSort;
        const found = this.customers.filter(
          (c) => !query || `${c.name} ${c.email ?? ""} ${c.phone ?? ""}`.toLowerCase().includes(query),
        );
        const sorted =
          sort === "name"
            ? [...found].sort((a, b) => a.name.localeCompare(b.name, "es"))
            : [...found].sort((a, b) => b.created_at - a.created_at || b.id - a.id);
        return page(sorted, args).map((c) => this.summary(c));
      }
      case "customer_page":
        return this.page(Number(args.id));
      case "customer_subscriptions": {
        const email = this.customers.find((c) => c.id === Number(args.customerId))?.email?.toLowerCase();
        return this.subscribers
          .filter((s) => email !== undefined && s.email.toLowerCase() === email)
          .map((subscriber) => ({ list_name: this.lists.find((l) => l.id === subscriber.list_id)?.name ?? "", subscriber }));
      }
      case "customer_create":
        return this.saveCustomer(args.input as CustomerInput);
      case "customer_update":
        return this.saveCustomer(args.input as CustomerInput, Number(args.id));
      case "customer_duplicates":
        return this.duplicatesOf(args.input as CustomerInput, (args.exclude as number | null) ?? null);
      case "orders_list": {
        const query = String(args.query ?? "").toLowerCase();
        const status = (args.status ?? null) as OrderStatus | null;
        const sort = (args.sort ?? "newest") as OrderSort;
        const found = this.orders.filter(
          (o) =>
            (!query || o.number.toLowerCase().includes(query) || o.customer_name.toLowerCase().includes(query)) &&
            (status === null || o.status === status),
        );
        const direction = sort === "newest" ? -1 : 1;
        return page(
          [...found].sort((a, b) => direction * a.placed_on.localeCompare(b.placed_on)),
          args,
        );
      }
      case "search":
        return this.search(String(args.query ?? ""));
      case "import_pick_file":
        return this.pickedFile;
      case "import_preview":
        return this.dryRun((args.options as ImportOptions | null) ?? null);
      case "import_start":
        if (this.importRunning) throw failure("import_running");
        this.importRunning = true;
        void this.runImport();
        return null;
      case "import_cancel":
        if (this.importRunning) {
          void Promise.resolve().then(() => this.finishImport({ report: null, error: failure("cancelled") }));
        }
        return null;
      case "export_pick_path":
        return this.exportPath ? this.exportPath(String(args.name)) : null;
      case "export_csv":
        return args.kind === "customers" ? this.customers.length : this.orders.length;
      case "order_create":
        return this.createOrder(args.input as OrderInput);
      case "mail_settings_get":
        return this.mailView();
      case "mail_settings_save": {
        const settings = args.settings as MailSettings;
        if (settings.port <= 0) throw invalid(["port", "port_invalid"]);
        this.mail = { ...settings };
        this.savedPassword = args.password as string | null;
        if (typeof args.password === "string") this.hasPassword = args.password !== "";
        return this.mailView();
      }
      case "mail_send_test":
      case "campaign_test_send":
        return this.sendOutcome;
      case "mail_open_outbox":
        return null;
      case "lists_list":
        return [...this.lists].sort((a, b) => a.name.localeCompare(b.name, "es"));
      case "list_create":
        return this.saveList(args.input as ListInput);
      case "list_update":
        return this.saveList(args.input as ListInput, Number(args.id));
      case "subscribers_list": {
        const query = String(args.query ?? "").toLowerCase();
        return page(
          this.subscribers.filter(
            (s) => s.list_id === Number(args.listId) && (!query || `${s.email} ${s.name}`.toLowerCase().includes(query)),
          ),
          args,
        );
      }
      case "subscriber_add":
        return this.addSubscriber(Number(args.listId), args.input as SubscriberInput);
      case "subscriber_unsubscribe":
        return this.setSubscriber(Number(args.id), { status: "unsubscribed", suppressed: "unsubscribed" });
      case "subscriber_confirm": {
        const found = this.subscribers.find((s) => s.id === Number(args.id));
        if (found?.status !== "pending") throw invalid(["status", "not_pending"]);
        return this.setSubscriber(found.id, { status: "subscribed", confirmed_at: 1_700_000_100_000 });
      }
      case "subscribers_import":
        return { ...this.subscriberImport, committed: Boolean(args.commit) };
      case "suppressions_list": {
        const query = String(args.query ?? "").toLowerCase();
        return page(this.suppressions.filter((s) => s.email.includes(query)), args);
      }
      case "suppression_add": {
        const email = String(args.email).trim().toLowerCase();
        if (!email.includes("@")) throw invalid(["email", "email_malformed"]);
        const added: Suppression = { email, reason: "manual", detail: "", created_at: 1_700_000_000_000 };
        this.suppressions = [added, ...this.suppressions.filter((s) => s.email !== email)];
        return added;
      }
      case "suppression_remove":
        this.suppressions = this.suppressions.filter((s) => s.email !== args.email);
        return null;
      case "audience_count":
        return this.countAudience(args.audience as Audience);
      case "tags_list":
        return this.tags;
      case "customer_set_tags": {
        const tags = (args.tags as string[]).map((tag) => tag.trim());
        const bad = tags.findIndex((tag) => tag === "" || tag.length > 60);
        if (bad >= 0) throw invalid([`tags.${bad}`, "text_invalid"]);
        const unique = [...new Set(tags)].sort((a, b) => a.localeCompare(b, "es"));
        this.customerTags.set(Number(args.id), unique);
        return unique;
      }
      case "campaigns_list":
        return [...this.campaigns].sort((a, b) => b.created_at - a.created_at || b.id - a.id);
      case "campaign_get": {
        const found = this.campaigns.find((c) => c.id === Number(args.id));
        if (!found) throw failure("not_found");
        return found;
      }
      case "campaign_create":
        return this.saveCampaign(args.input as CampaignInput);
      case "campaign_update":
        return this.saveCampaign(args.input as CampaignInput, Number(args.id));
      case "campaign_delete":
        this.campaigns = this.campaigns.filter((c) => c.id !== Number(args.id));
        return null;
      case "campaign_preview":
        return this.messagePreview;
      case "campaign_start":
        return this.setCampaign(Number(args.id), (c) => {
          const { recipients, suppressed } = this.countAudience(c.audience);
          const counts = { total: recipients + suppressed, remaining: recipients, sent: 0, failed: 0, skipped: suppressed, cancelled: 0 };
          return { status: "sending", started_at: 1_700_000_000_000, counts };
        });
      case "campaign_schedule":
        return this.setCampaign(Number(args.id), () => ({ status: "scheduled", scheduled_at: Number(args.at) }));
      case "campaign_unschedule":
        return this.setCampaign(Number(args.id), () => ({ status: "draft", scheduled_at: null }));
      case "campaign_pause":
        return this.setCampaign(Number(args.id), () => ({ status: "paused", pause_reason: "owner" }));
      case "campaign_resume":
        return this.setCampaign(Number(args.id), () => ({ status: "sending", pause_reason: null, pause_detail: "" }));
      case "campaign_cancel":
        return this.setCampaign(Number(args.id), (c) => ({
          status: "cancelled",
          counts: { ...c.counts, remaining: 0, cancelled: c.counts.cancelled + c.counts.remaining },
        }));
      case "campaign_recipients": {
        const state = (args.state ?? null) as RecipientState | null;
        return page(this.recipients.filter((r) => state === null || r.state === state), args);
      }
      case "survey_audience": {
        const days = Number(args.deliveredWithinDays);
        if (!Number.isInteger(days) || days < 1 || days > 365) throw invalid(["delivered_within_days", "days_invalid"]);
        return this.surveyAudienceOf(days);
      }
      case "survey_send":
        return this.sendSurvey(args.input as SurveyInput);
      case "survey_results":
        return this.surveyResultsOf(args.kind as SurveyKind, String(args.from), String(args.to));
      case "survey_comments": {
        const query = String(args.query ?? "").trim().toLowerCase();
        const kind = args.kind as SurveyKind;
        return this.responses
          .filter(
            (r) =>
              r.kind === kind &&
              r.comment !== "" &&
              r.comment.toLowerCase().includes(query) &&
              (!args.unhappyOnly || toneOf(kind, r.score) === "low"),
          )
          .slice(0, Number(args.limit ?? 100));
      }
      case "customer_responses":
        return this.responses.filter((r) => r.customer_id === Number(args.customerId));
      case "phone_answer_record":
        return this.recordPhoneAnswer(args.answer as PhoneAnswer);
      case "follow_ups_list": {
        const customerId = (args.customerId ?? null) as number | null;
        return this.followUps.filter((f) => (customerId === null ? f.open : f.customer_id === customerId));
      }
      case "follow_up_close": {
        const found = this.followUps.find((f) => f.id === Number(args.id));
        if (!found) throw failure("not_found");
        const note = String(args.note ?? "");
        if (note.length > 2000) throw invalid(["note", "too_long"]);
        this.followUps = this.followUps.map((f) => (f.id === found.id ? { ...f, open: false, note: note.trim() } : f));
        return null;
      }
      case "collector_get":
        return this.collector;
      case "collector_save": {
        const url = String(args.url ?? "").trim().replace(/\/+$/, "");
        if (url !== "" && !/^https:\/\/[^\s/]+/.test(url)) throw invalid(["collector_url", "url_invalid"]);
        this.collector = { ...this.collector, state: { ...this.collector.state, url, last_error: "" } };
        return this.collector;
      }
      case "collector_secret_new":
        this.collectorSecret = "ab".repeat(32);
        this.collector = { ...this.collector, has_secret: true };
        return this.collectorSecret;
      case "collector_secret_reveal":
        return this.collectorSecret;
      case "collector_sync":
        this.collector = {
          ...this.collector,
          state: { ...this.collector.state, last_sync_at: 1_741_800_000_000, last_error: "" },
        };
        return this.syncCounts;
      case "order_get": {
        const found = this.orders.find((o) => o.id === Number(args.id));
        if (!found) throw failure("order_not_found");
        return found;
      }
      case "order_set_status":
        return this.setOrderStatus(Number(args.id), args.status as OrderStatus, (args.deliveredOn ?? null) as string | null);
      case "return_policy_get":
        return this.returnPolicy;
      case "return_policy_save":
        return this.saveReturnPolicy(args.input as ReturnPolicyInput);
      case "return_form":
        return this.returnFormOf(Number(args.orderId));
      case "return_quote":
        return this.quoteOf(args.input as ReturnInput).quote;
      case "return_open":
        return this.openReturn(args.input as ReturnInput);
      case "return_transition":
        return this.transitionReturn(Number(args.id), args.to as ReturnStatus, String(args.note ?? ""));
      case "return_get": {
        const found = this.returns.find((r) => r.id === Number(args.id));
        if (!found) throw failure("return_not_found");
        return found;
      }
      case "returns_list": {
        const filter = args.filter as ReturnFilter;
        const now = 1_776_000_000_000;
        return page(
          this.returns
            .filter(
              (r) =>
                (filter.status === null || r.status === filter.status) &&
                (filter.reason_id === null || r.reason.id === filter.reason_id) &&
                (filter.customer_id === null || r.customer_id === filter.customer_id) &&
                (filter.min_age_days === null || now - r.created_at >= filter.min_age_days * 86_400_000),
            )
            .map((r) => ({ ...r, lines: [], events: [] })),
          args,
        );
      }
      case "return_stats":
        return this.returnStats;
      case "loyalty_settings_get":
        return this.loyaltySettings;
      case "loyalty_settings_save":
        return this.saveLoyaltySettings(args.input as LoyaltySettingsInput);
      case "customer_loyalty":
        return this.loyaltyOf(Number(args.customerId));
      case "loyalty_redeem": {
        const customerId = Number(args.customerId);
        const points = Number(args.points);
        const current = this.loyaltyOf(customerId);
        if (!Number.isInteger(points) || points <= 0) throw invalid(["points", "points_not_positive"]);
        if (points > current.balance.available) throw invalid(["points", "points_insufficient"]);
        const orderId = (args.orderId ?? null) as number | null;
        const number = this.orders.find((o) => o.id === orderId)?.number ?? null;
        const entry = ledgerEntry({ kind: "redeem", points: -points, order_id: orderId, order_number: number, note: String(args.note ?? "").trim() });
        const after = this.book(customerId, entry);
        return { entry_id: entry.id, points, value_minor: Math.floor((points * current.redeem_value_minor) / current.redeem_points), balance: after };
      }
      case "loyalty_redeem_coupon": {
        const customerId = Number(args.customerId);
        const points = Number(args.points);
        const current = this.loyaltyOf(customerId);
        if (!Number.isInteger(points) || points <= 0) throw invalid(["points", "points_not_positive"]);
        if (points % current.redeem_points !== 0) throw invalid(["points", "points_not_multiple"]);
        if (points > current.balance.available) throw invalid(["points", "points_insufficient"]);
        const valueMinor = (points / current.redeem_points) * current.redeem_value_minor;
        const value = `${Math.floor(valueMinor / 100)},${String(valueMinor % 100).padStart(2, "0")}`;
        const issued = this.issueCoupon(
          { prefix: "PUNTOS", kind: "fixed", value, expires_on: null, max_uses: 1, min_order: null, customer_id: customerId, note: `${points} puntos` },
          "points",
        );
        const entry = ledgerEntry({ kind: "redeem", points: -points, note: `Cupón ${issued.code}` });
        const after = this.book(customerId, entry);
        return { redemption: { entry_id: entry.id, points, value_minor: valueMinor, balance: after }, coupon: issued };
      }
      case "loyalty_adjust": {
        const customerId = Number(args.customerId);
        const points = Number(args.points);
        const reason = String(args.reason ?? "").trim();
        this.loyaltyOf(customerId);
        const problems: [string, string][] = [];
        if (!Number.isInteger(points) || points === 0) problems.push(["points", "points_invalid"]);
        if (reason === "") problems.push(["note", "required"]);
        if (problems.length > 0) throw invalid(...problems);
        return this.book(customerId, ledgerEntry({ kind: "adjust", points, note: reason }));
      }
      case "loyalty_set_referrer": {
        const customerId = Number(args.customerId);
        const current = this.loyaltyOf(customerId);
        const referrer = this.referralCodes.get(String(args.code ?? "").trim().toUpperCase());
        if (!referrer || referrer.id === customerId) throw invalid(["referral_code", "referral_code_unknown"]);
        if (current.referred_by) throw invalid(["referral_code", "referral_already_set"]);
        const { referral_coupon_percent: percent, referral_coupon_days: days } = this.loyaltySettings;
        const expires = new Date(this.now + days * 86_400_000).toISOString().slice(0, 10);
        const welcome =
          percent > 0
            ? this.issueCoupon(
                { prefix: "BIENVENIDA", kind: "percent", value: String(percent), expires_on: expires, max_uses: 1, min_order: null, customer_id: customerId, note: "Bienvenida por recomendación" },
                "referral",
              ).code
            : null;
        const linked = { ...referrer, welcome_coupon: welcome };
        this.loyalty.set(customerId, { ...current, referred_by: linked });
        return linked;
      }
      case "loyalty_backfill":
        return this.backfillCount;
      default: {
        const handled = this.handleComplaints(cmd, args) ?? this.handleData(cmd, args) ?? this.automations.handle(cmd, args) ?? this.handleCoupons(cmd, args);
        if (handled) return handled.answer;
        throw failure("internal");
      }
    }
  }
}
