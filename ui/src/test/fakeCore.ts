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
  ErrorPayload,
  Order,
  OrderInput,
  PossibleDuplicate,
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

export class FakeCore {
  settings: Settings = { shop_name: "Zapatería Luna", country: "ES", currency: "EUR", language: "es" };
  systemLocale = "es-ES";
  currencies = ["EUR", "USD", "MXN", "CLP"];
  customers: Customer[] = [];
  orders: Order[] = [];
  calls: Call[] = [];
  /** Commands that will reject with the given payload (once each). */
  failures = new Map<string, ErrorPayload>();

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
        return this.customers
          .filter((c) => !query || `${c.name} ${c.email ?? ""} ${c.phone ?? ""}`.toLowerCase().includes(query))
          .map((c) => this.summary(c));
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
        return this.orders.filter(
          (o) => !query || o.number.toLowerCase().includes(query) || o.customer_name.toLowerCase().includes(query),
        );
      }
      case "order_create":
        return this.createOrder(args.input as OrderInput);
      default:
        throw failure("internal");
    }
  }
}
