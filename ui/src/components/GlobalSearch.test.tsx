import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { customer, FakeCore, order } from "../test/fakeCore";
import { openApp } from "../test/render";
import { isApplePlatform } from "./GlobalSearch";

function phoneCall() {
  const core = new FakeCore();
  const ana = customer({ name: "Ana Ruiz", email: "ana@example.com" });
  const anabel = customer({ name: "Anabel Soto" });
  const luis = customer({ name: "Luis Pérez" });
  core.customers = [ana, anabel, luis];
  core.orders = [order({ customer_id: luis.id, customer_name: "Luis Pérez", number: "ANA-77" })];
  return { core, ana, anabel, luis };
}

describe("global search", () => {
  it("finds customers and orders as the owner types and opens the chosen customer with the arrows and Enter", async () => {
    const { core, anabel } = phoneCall();
    const { user } = await openApp("#/orders");
    await user.click(screen.getByTestId("global-search"));
    await user.keyboard("ana");
    const results = await screen.findAllByTestId("search-result");
    expect(results.map((r) => r.textContent), "customers first, then orders matching the text").toEqual([
      "Ana Ruizana@example.com",
      "Anabel Soto",
      expect.stringContaining("Pedido ANA-77"),
    ]);
    expect(core.callsTo("search").map((c) => c.args), "typing is debounced: one search for the settled text").toEqual([
      { query: "ana" },
    ]);
    expect(results[0]?.getAttribute("aria-selected"), "the first result is ready for Enter").toBe("true");

    await user.keyboard("{ArrowDown}");
    expect(screen.getAllByTestId("search-result")[1]?.getAttribute("aria-selected"), "the arrow moves the choice").toBe(
      "true",
    );
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("customer-page")).toBeTruthy();
    expect(window.location.hash, "Enter opens the chosen customer").toBe(`#/customers/${anabel.id}`);
    expect(screen.queryAllByTestId("search-result"), "the list closes once a result is opened").toHaveLength(0);
  });

  it("opens an order's customer on click and closes with Escape", async () => {
    const { luis } = phoneCall();
    const { user } = await openApp("#/customers");
    await user.click(screen.getByTestId("global-search"));
    await user.keyboard("ana-77");
    await waitFor(() => expect(screen.getAllByTestId("search-result")).toHaveLength(1));
    await user.keyboard("{Escape}");
    expect(screen.queryAllByTestId("search-result"), "Escape closes the results").toHaveLength(0);
    expect(screen.getByTestId("global-search").getAttribute("aria-expanded")).toBe("false");

    await user.keyboard("{ArrowDown}");
    await user.click(await screen.findByTestId("search-result"));
    expect(await screen.findByTestId("customer-page")).toBeTruthy();
    expect(window.location.hash, "an order opens the page of its customer").toBe(`#/customers/${luis.id}`);
  });

  it("is focused from anywhere with Ctrl+K, and shows that shortcut", async () => {
    new FakeCore();
    const { user } = await openApp("#/orders");
    expect(document.activeElement, "the orders page starts in its own search box").toBe(screen.getByTestId("order-search"));
    await user.keyboard("{Control>}k{/Control}");
    expect(document.activeElement, "Ctrl+K jumps to the global search").toBe(screen.getByTestId("global-search"));
    expect(screen.getByTestId("global-search-shortcut").textContent).toBe("Ctrl+K");
  });

  it("uses ⌘ on Apple systems only", () => {
    expect(isApplePlatform({ platform: "MacIntel", userAgent: "" })).toBe(true);
    expect(isApplePlatform({ platform: "", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)" })).toBe(true);
    expect(isApplePlatform({ platform: "Win32", userAgent: "Mozilla/5.0 (Windows NT 10.0)" })).toBe(false);
    expect(isApplePlatform({ platform: "Linux x86_64", userAgent: "" })).toBe(false);
  });
});
