// The only module that talks to the Tauri shell. Pages call these typed
// functions; payload types are generated from Rust (bindings.ts).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
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

  customersList: (query: string, limit: number, offset: number) =>
    call<CustomerSummary[]>("customers_list", { query, limit, offset }),
  customerPage: (id: number) => call<CustomerPage>("customer_page", { id }),
  customerCreate: (input: CustomerInput) => call<Customer>("customer_create", { input }),
  customerUpdate: (id: number, input: CustomerInput) => call<Customer>("customer_update", { id, input }),
  customerDuplicates: (input: CustomerInput, exclude: number | null) =>
    call<PossibleDuplicate[]>("customer_duplicates", { input, exclude }),

  ordersList: (query: string, limit: number, offset: number) =>
    call<Order[]>("orders_list", { query, limit, offset }),
  orderGet: (id: number) => call<Order>("order_get", { id }),
  orderCreate: (input: OrderInput) => call<Order>("order_create", { input }),
};

/** Calls `handler` whenever the shell reports a write to one of `areas`. */
export function onChanged(areas: ChangedArea[], handler: () => void): Promise<UnlistenFn> {
  return listen<ChangedArea>("store-changed", (event) => {
    if (areas.includes(event.payload)) handler();
  });
}
