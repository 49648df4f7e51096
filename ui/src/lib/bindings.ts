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
created_at: number, updated_at: number, };

export type CustomerSummary = { id: number, name: string, email: string | null, phone: string | null, order_count: number, last_order_on: string | null, };

export type PossibleDuplicate = { id: number, name: string, same_email: boolean, same_phone: boolean, };

export type CustomerPage = { customer: Customer, 
/**
 * Newest first, with their lines.
 */
orders: Array<Order>, duplicates: Array<PossibleDuplicate>, };

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
 * Empty: the shop's currency.
 */
currency: string | null, lines: Array<OrderLineInput>, };

export type OrderLine = { product: string, sku: string | null, quantity: number, unit_price_minor: number, };

export type Order = { id: number, customer_id: number, customer_name: string, source: string, number: string, status: OrderStatus, currency: string, placed_on: string, delivered_on: string | null, carrier: string | null, tracking_code: string | null, total_minor: number, lines: Array<OrderLine>, };

export type OrderSort = "newest" | "oldest";

export type SearchResults = { customers: Array<CustomerSummary>, orders: Array<Order>, };

export type ExportKind = "customers" | "orders";

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

export const LAYOUT_FIELDS: Record<Layout, readonly Field[]> = {
  "generic": ["order_number", "order_date", "status", "customer_name", "first_name", "last_name", "email", "phone", "city", "product", "sku", "quantity", "unit_price", "line_total", "currency", "carrier", "tracking_code", "delivered_on"],
  "shopify": ["order_number", "order_date", "financial_status", "fulfillment_status", "cancelled_at", "customer_name", "email", "phone", "city", "product", "sku", "quantity", "unit_price", "currency", "delivered_on"],
  "woocommerce": ["order_number", "order_date", "status", "first_name", "last_name", "email", "phone", "city", "product", "sku", "quantity", "unit_price", "line_total", "currency"],
  "customers": ["customer_name", "first_name", "last_name", "email", "phone", "city", "language", "notes"],
};
