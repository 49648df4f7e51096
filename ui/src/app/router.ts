// A hand-written hash router: the app has a dozen fixed routes, and the hash
// survives reloads of the Tauri window without any server-side fallback.
import { useEffect, useState } from "react";

export const UPCOMING_AREAS = ["returns", "loyalty", "newsletters", "surveys", "complaints", "dashboard"] as const;
export type UpcomingArea = (typeof UPCOMING_AREAS)[number];

export type Route =
  | { page: "customers" }
  | { page: "customer-new" }
  | { page: "customer"; id: number }
  | { page: "customer-edit"; id: number }
  | { page: "orders" }
  | { page: "import" }
  | { page: "settings" }
  | { page: "settings-email" }
  | { page: "upcoming"; area: UpcomingArea };

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
  }
  if (parts.length === 1 && first === "orders") return { page: "orders" };
  if (parts.length === 1 && first === "import") return { page: "import" };
  if (parts.length === 1 && first === "settings") return { page: "settings" };
  if (parts.length === 2 && first === "settings" && second === "email") return { page: "settings-email" };
  if (parts.length === 1 && (UPCOMING_AREAS as readonly string[]).includes(first ?? "")) {
    return { page: "upcoming", area: first as UpcomingArea };
  }
  return { page: "customers" };
}

export const paths = {
  customers: () => "/customers",
  customerNew: () => "/customers/new",
  customer: (id: number) => `/customers/${id}`,
  customerEdit: (id: number) => `/customers/${id}/edit`,
  orders: () => "/orders",
  importPage: () => "/import",
  settings: () => "/settings",
  settingsEmail: () => "/settings/email",
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
