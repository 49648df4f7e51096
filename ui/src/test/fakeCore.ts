// An in-memory stand-in for the Rust core, answering the same commands through
// Tauri's IPC mock. It is deliberately simple: the real rules are tested in
// Rust; here we test what the UI does with the answers.
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type {
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
  Order,
  OrderInput,
  OrderSort,
  OrderStatus,
  PossibleDuplicate,
  SearchResults,
  Settings,
  SettingsView,
} from "../lib/ipc";

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
    total_minor: 0,
    lines: [],
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

/** The `limit`/`offset` slice a list command asks for. */
function page<T>(rows: T[], args: Record<string, unknown>): T[] {
  const offset = Number(args.offset ?? 0);
  return rows.slice(offset, offset + Number(args.limit ?? rows.length));
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
      total_minor: lines.reduce((sum, l) => sum + l.quantity * l.unit_price_minor, 0),
    });
    this.orders = [created, ...this.orders];
    return created;
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
      default:
        throw failure("internal");
    }
  }
}
