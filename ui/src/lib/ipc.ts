// The only module that talks to the Tauri shell. Pages call these typed
// functions; payload types are generated from Rust (bindings.ts).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
  Customer,
  CustomerInput,
  CustomerPage,
  CustomerSort,
  CustomerSummary,
  ErrorPayload,
  ExportKind,
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
} from "./bindings";

export * from "./bindings";

/** Areas whose data changed; lists refresh when their area is named. */
export type ChangedArea = "settings" | "customers" | "orders";

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
};

export function onImportProgress(handler: (progress: ImportProgress) => void): Promise<UnlistenFn> {
  return listen<ImportProgress>("import-progress", (event) => handler(event.payload));
}

export function onImportFinished(handler: (finished: ImportFinished) => void): Promise<UnlistenFn> {
  return listen<ImportFinished>("import-finished", (event) => handler(event.payload));
}

/** Calls `handler` whenever the shell reports a write to one of `areas`. */
export function onChanged(areas: ChangedArea[], handler: () => void): Promise<UnlistenFn> {
  return listen<ChangedArea>("store-changed", (event) => {
    if (areas.includes(event.payload)) handler();
  });
}
