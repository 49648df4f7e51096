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
import { useDebounced } from "../lib/useDebounced";

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

export function GlobalSearch() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState("");
  const settled = useDebounced(query.trim(), GLOBAL_SEARCH_DEBOUNCE_MS);
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const apple = useMemo(() => isApplePlatform(), []);

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
  }, [apple]);

  useEffect(() => {
    if (!settled) {
      setHits(null);
      return;
    }
    let live = true;
    ipc
      .search(settled)
      .then((found) => {
        if (!live) return;
        setHits([
          ...found.customers.map((customer): Hit => ({ kind: "customer", customer })),
          ...found.orders.map((order): Hit => ({ kind: "order", order })),
        ]);
        setActive(0);
      })
      .catch((err) => live && report(err));
    // An older query's answer must not replace a newer one's.
    return () => {
      live = false;
    };
  }, [settled, report]);

  const shown = open && query.trim() !== "" && hits !== null;
  const list = shown ? hits : [];

  const pick = (hit: Hit) => {
    navigate(paths.customer(hit.kind === "customer" ? hit.customer.id : hit.order.customer_id));
    setOpen(false);
    setQuery("");
    input.current?.blur();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case "ArrowDown":
      case "ArrowUp": {
        e.preventDefault();
        setOpen(true);
        if (list.length > 0) {
          const step = e.key === "ArrowDown" ? 1 : -1;
          setActive((i) => (i + step + list.length) % list.length);
        }
        break;
      }
      case "Enter": {
        const hit = list[active];
        if (hit) {
          e.preventDefault();
          pick(hit);
        }
        break;
      }
      case "Escape":
        e.preventDefault();
        if (shown) setOpen(false);
        else setQuery("");
        break;
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
