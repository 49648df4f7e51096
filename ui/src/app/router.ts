// A hand-written hash router: the app has a dozen fixed routes, and the hash
// survives reloads of the Tauri window without any server-side fallback.
import { useEffect, useState } from "react";
import { COMPLAINT_FILTERS } from "../lib/codes";
import type { ComplaintFilter } from "../lib/bindings";

export type Route =
  | { page: "customers" }
  | { page: "customer-new" }
  | { page: "customer"; id: number }
  | { page: "customer-edit"; id: number }
  | { page: "orders" }
  | { page: "return-new"; orderId: number }
  | { page: "returns" }
  | { page: "return"; id: number }
  | { page: "import" }
  | { page: "settings" }
  | { page: "settings-email"; section?: "collector" }
  | { page: "settings-returns" }
  | { page: "settings-loyalty" }
  | { page: "settings-complaints" }
  | { page: "settings-backups" }
  /** `filter`: a tab chosen by the link that opened the list (e.g. the dashboard's overdue figure). */
  | { page: "complaints"; filter?: ComplaintFilter }
  | { page: "complaint"; id: number }
  /** `customerId`: opened from a customer's page, with that customer chosen. */
  | { page: "complaint-new"; customerId: number | null }
  | { page: "campaigns" }
  | { page: "campaign-new" }
  | { page: "campaign"; id: number }
  | { page: "lists" }
  | { page: "list"; id: number }
  | { page: "suppressions" }
  | { page: "survey-send" }
  | { page: "survey-results" }
  | { page: "survey-cases" }
  | { page: "dashboard" }
  | { page: "automations" }
  | { page: "coupons" }
  | { page: "coupon"; id: number };

export const DEFAULT_PATH = "/customers";

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/\/+$/, "") || DEFAULT_PATH;
  const parts = path.split("/").filter(Boolean);
  const [first, second, third] = parts;
  const id = second !== undefined && /^\d+$/.test(second) ? Number(second) : null;
  if (first === "customers") {
    if (parts.length === 1) return { page: "customers" };
    if (parts.length === 2 && second === "new") return { page: "customer-new" };
    if (parts.length === 2 && id !== null) return { page: "customer", id };
    if (parts.length === 3 && id !== null && third === "edit") return { page: "customer-edit", id };
    if (parts.length === 3 && id !== null && third === "complaint") return { page: "complaint-new", customerId: id };
  }
  if (first === "complaints") {
    if (parts.length === 1) return { page: "complaints" };
    if (parts.length === 2 && second === "new") return { page: "complaint-new", customerId: null };
    if (parts.length === 2 && id !== null) return { page: "complaint", id };
    if (parts.length === 2 && (COMPLAINT_FILTERS as readonly string[]).includes(second ?? "")) {
      return { page: "complaints", filter: second as ComplaintFilter };
    }
  }
  if (parts.length === 1 && first === "orders") return { page: "orders" };
  if (parts.length === 3 && first === "orders" && id !== null && third === "return") return { page: "return-new", orderId: id };
  if (first === "returns") {
    if (parts.length === 1) return { page: "returns" };
    if (parts.length === 2 && id !== null) return { page: "return", id };
  }
  if (parts.length === 1 && first === "import") return { page: "import" };
  if (parts.length === 1 && first === "settings") return { page: "settings" };
  if (parts.length === 2 && first === "settings" && second === "email") return { page: "settings-email" };
  if (parts.length === 2 && first === "settings" && second === "returns") return { page: "settings-returns" };
  if (parts.length === 2 && first === "settings" && second === "loyalty") return { page: "settings-loyalty" };
  if (parts.length === 2 && first === "settings" && second === "complaints") return { page: "settings-complaints" };
  if (parts.length === 2 && first === "settings" && second === "backups") return { page: "settings-backups" };
  if (parts.length === 3 && first === "settings" && second === "email" && third === "collector") {
    return { page: "settings-email", section: "collector" };
  }
  if (first === "surveys") {
    if (parts.length === 1 || (parts.length === 2 && second === "send")) return { page: "survey-send" };
    if (parts.length === 2 && second === "results") return { page: "survey-results" };
    if (parts.length === 2 && second === "cases") return { page: "survey-cases" };
  }
  if (first === "newsletters") {
    const newsletters = parseNewsletters(parts.slice(1));
    if (newsletters) return newsletters;
  }
  if (parts.length === 1 && first === "dashboard") return { page: "dashboard" };
  if (parts.length === 1 && first === "automations") return { page: "automations" };
  if (first === "coupons") {
    if (parts.length === 1) return { page: "coupons" };
    if (parts.length === 2 && id !== null) return { page: "coupon", id };
  }
  return { page: "customers" };
}

/** `/newsletters[/campaigns[/new|/:id]|/lists[/:id]|/suppressions]`; null when malformed. */
function parseNewsletters(parts: string[]): Route | null {
  const [section, second] = parts;
  const id = second !== undefined && /^\d+$/.test(second) ? Number(second) : null;
  if (parts.length === 0) return { page: "campaigns" };
  if (section === "campaigns") {
    if (parts.length === 1) return { page: "campaigns" };
    if (parts.length === 2 && second === "new") return { page: "campaign-new" };
    if (parts.length === 2 && id !== null) return { page: "campaign", id };
  }
  if (section === "lists") {
    if (parts.length === 1) return { page: "lists" };
    if (parts.length === 2 && id !== null) return { page: "list", id };
  }
  if (parts.length === 1 && section === "suppressions") return { page: "suppressions" };
  return null;
}

export const paths = {
  customers: () => "/customers",
  customerNew: () => "/customers/new",
  customer: (id: number) => `/customers/${id}`,
  customerEdit: (id: number) => `/customers/${id}/edit`,
  orders: () => "/orders",
  /** A new return request for one order. */
  returnNew: (orderId: number) => `/orders/${orderId}/return`,
  returns: () => "/returns",
  returnRequest: (id: number) => `/returns/${id}`,
  importPage: () => "/import",
  settings: () => "/settings",
  settingsEmail: () => "/settings/email",
  /** The email settings, scrolled to the response collector. */
  settingsCollector: () => "/settings/email/collector",
  settingsReturns: () => "/settings/returns",
  settingsLoyalty: () => "/settings/loyalty",
  settingsComplaints: () => "/settings/complaints",
  settingsBackups: () => "/settings/backups",
  complaints: () => "/complaints",
  /** The complaints list on one tab (overdue, resolved…). */
  complaintsFiltered: (filter: ComplaintFilter) => `/complaints/${filter}`,
  complaint: (id: number) => `/complaints/${id}`,
  complaintNew: () => "/complaints/new",
  /** A new complaint with this customer already chosen. */
  complaintNewFor: (customerId: number) => `/customers/${customerId}/complaint`,
  campaigns: () => "/newsletters/campaigns",
  campaignNew: () => "/newsletters/campaigns/new",
  campaign: (id: number) => `/newsletters/campaigns/${id}`,
  lists: () => "/newsletters/lists",
  list: (id: number) => `/newsletters/lists/${id}`,
  suppressions: () => "/newsletters/suppressions",
  surveySend: () => "/surveys",
  surveyResults: () => "/surveys/results",
  surveyCases: () => "/surveys/cases",
  dashboard: () => "/dashboard",
  automations: () => "/automations",
  coupons: () => "/coupons",
  coupon: (id: number) => `/coupons/${id}`,
  area: (area: string) => `/${area}`,
};

/** For `href` attributes. */
export function href(path: string): string {
  return `#${path}`;
}

export function navigate(path: string): void {
  window.location.hash = path;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", update);
    update();
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}
