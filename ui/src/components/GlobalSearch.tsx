// One search box for the whole app (customers and orders), reachable from
// anywhere with Ctrl+K (⌘K on a Mac): the owner on the phone types a name,
// a number or an email and opens the customer at once.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../app/errors";
import { navigate, paths } from "../app/router";
import { useShop } from "../app/shop";
import { formatDay } from "../lib/dates";
import { ipc, type CustomerSummary, type Order } from "../lib/ipc";
import { useSearchBox } from "../lib/useSearchBox";

export const GLOBAL_SEARCH_DEBOUNCE_MS = 120;
const LIST_ID = "global-search-results";

type Hit = { kind: "customer"; customer: CustomerSummary } | { kind: "order"; order: Order };

/** True on macOS (and iOS), where the shortcut is ⌘K instead of Ctrl+K. */
export function isApplePlatform(nav: { platform?: string; userAgent?: string } = navigator): boolean {
  return /mac|iphone|ipad|ipod/i.test(nav.platform || nav.userAgent || "");
}

function optionId(index: number): string {
  return `${LIST_ID}-${index}`;
}

/** Customers first, then orders, as one list to move through. */
async function searchHits(query: string): Promise<Hit[]> {
  const found = await ipc.search(query);
  return [
    ...found.customers.map((customer): Hit => ({ kind: "customer", customer })),
    ...found.orders.map((order): Hit => ({ kind: "order", order })),
  ];
}

export function GlobalSearch() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState("");
  const apple = useMemo(() => isApplePlatform(), []);

  const box = useSearchBox({
    text: query,
    delayMs: GLOBAL_SEARCH_DEBOUNCE_MS,
    search: searchHits,
    onError: report,
    onPick: (hit) => pick(hit),
    highlightFirst: true,
    keepLastAnswer: true,
    arrowMovesOnReopen: false,
  });
  const { options: list, shown, active, setActive, setOpen } = box;

  const pick = (hit: Hit) => {
    navigate(paths.customer(hit.kind === "customer" ? hit.customer.id : hit.order.customer_id));
    setOpen(false);
    setQuery("");
    input.current?.blur();
  };

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const modifier = apple ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
      if (modifier && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [apple, setOpen]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Escape on a closed list empties the box.
    if (e.key === "Escape" && !shown) {
      e.preventDefault();
      setQuery("");
    } else {
      box.onKeyDown(e);
    }
  };

  const customers = list.filter((h) => h.kind === "customer");
  const orders = list.filter((h) => h.kind === "order");

  const option = (hit: Hit, index: number) => (
    <div
      key={hit.kind === "customer" ? `c${hit.customer.id}` : `o${hit.order.id}`}
      id={optionId(index)}
      role="option"
      aria-selected={index === active}
      className="search-option"
      data-testid="search-result"
      // Keeps the focus in the box, so the click lands before the list closes.
      onMouseDown={(e) => e.preventDefault()}
      onMouseEnter={() => setActive(index)}
      onClick={() => pick(hit)}
    >
      {hit.kind === "customer" ? (
        <>
          <span className="search-option-main">{hit.customer.name}</span>
          <span className="search-option-sub">{hit.customer.email ?? hit.customer.phone ?? ""}</span>
        </>
      ) : (
        <>
          <span className="search-option-main">{t("search.order", { number: hit.order.number })}</span>
          <span className="search-option-sub">
            {t("search.order_detail", {
              customer: hit.order.customer_name,
              date: formatDay(hit.order.placed_on, locale),
            })}
          </span>
        </>
      )}
    </div>
  );

  return (
    <div className="global-search">
      <input
        ref={input}
        type="search"
        role="combobox"
        data-testid="global-search"
        className="global-search-input"
        value={query}
        placeholder={t("search.placeholder")}
        aria-label={t("search.label")}
        aria-keyshortcuts={apple ? "Meta+K" : "Control+K"}
        aria-expanded={shown}
        aria-controls={LIST_ID}
        aria-autocomplete="list"
        aria-activedescendant={shown && list[active] ? optionId(active) : undefined}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <kbd className="shortcut" data-testid="global-search-shortcut" aria-hidden="true">
        {apple ? t("search.shortcut_apple") : t("search.shortcut_other")}
      </kbd>
      <div id={LIST_ID} role="listbox" aria-label={t("search.results")} className="search-results" hidden={!shown}>
        {shown && list.length === 0 && (
          <p className="search-empty" role="status">
            {t("search.none", { query: query.trim() })}
          </p>
        )}
        {customers.length > 0 && (
          <div role="group" aria-label={t("search.customers")}>
            <p className="search-group-title" aria-hidden="true">
              {t("search.customers")}
            </p>
            {customers.map((hit, i) => option(hit, i))}
          </div>
        )}
        {orders.length > 0 && (
          <div role="group" aria-label={t("search.orders")}>
            <p className="search-group-title" aria-hidden="true">
              {t("search.orders")}
            </p>
            {orders.map((hit, i) => option(hit, customers.length + i))}
          </div>
        )}
      </div>
    </div>
  );
}
