// The customers and orders lists hold 100,000+ rows: only the rows in view are
// rendered, and further pages are read from the core as the owner scrolls.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ROW_HEIGHT } from "../../components/VirtualTable";
import { customer, FakeCore, order } from "../../test/fakeCore";
import { openApp } from "../../test/render";

function manyCustomers(count: number) {
  return Array.from({ length: count }, (_, i) =>
    customer({ name: `Cliente ${String(i).padStart(4, "0")}`, created_at: 1_700_000_000_000 + i }),
  );
}

function scrollTo(element: HTMLElement, top: number) {
  element.scrollTop = top;
  fireEvent.scroll(element);
}

describe("long customer list", () => {
  it("renders the first rows of the first page and asks for the next page (offset 200) at its end", async () => {
    const core = new FakeCore();
    core.customers = manyCustomers(450);
    await openApp("#/customers");
    const rows = await screen.findAllByTestId("customer-row");
    expect(rows[0]?.textContent, "the list starts with the first customer by name").toContain("Cliente 0000");
    expect(rows.length, "rows in view are rendered even where the DOM reports no size").toBeGreaterThan(5);
    expect(rows.length, "a page of 200 is not rendered whole: only the rows in view and a margin").toBeLessThan(60);
    expect(core.callsTo("customers_list").map((c) => c.args), "the first page only, until the owner scrolls").toEqual([
      { query: "", sort: "name", limit: 200, offset: 0 },
    ]);

    const list = screen.getByRole("region", { name: "Lista de clientes" });
    await act(async () => scrollTo(list, 195 * ROW_HEIGHT));
    await waitFor(() =>
      expect(core.callsTo("customers_list").at(-1)?.args, "reaching the end of the page loads the next one").toEqual({
        query: "",
        sort: "name",
        limit: 200,
        offset: 200,
      }),
    );
    expect(await screen.findByText("Cliente 0205"), "rows of the second page join the list").toBeTruthy();
    expect(screen.queryByText("Cliente 0000"), "rows scrolled far out of view are not rendered").toBeNull();
    expect(
      screen.getAllByTestId("customer-row")[0]?.getAttribute("aria-rowindex"),
      "screen readers learn each row's place in the whole list",
    ).not.toBe("2");
  });

  it("does not ask for more when the first page was the whole list", async () => {
    const core = new FakeCore();
    core.customers = manyCustomers(30);
    await openApp("#/customers");
    await screen.findAllByTestId("customer-row");
    const list = screen.getByRole("region", { name: "Lista de clientes" });
    await act(async () => scrollTo(list, 30 * ROW_HEIGHT));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(core.callsTo("customers_list"), "a short page means there is nothing after it").toHaveLength(1);
  });

  it("sorts by newest when asked", async () => {
    const core = new FakeCore();
    core.customers = manyCustomers(5);
    const { user } = await openApp("#/customers");
    await screen.findAllByTestId("customer-row");
    await user.selectOptions(screen.getByTestId("customer-sort"), "newest");
    await waitFor(() =>
      expect(screen.getAllByTestId("customer-row")[0]?.textContent, "the newest customer comes first").toContain(
        "Cliente 0004",
      ),
    );
    expect(core.callsTo("customers_list").at(-1)?.args).toEqual({ query: "", sort: "newest", limit: 200, offset: 0 });
  });

  it("links to the import page", async () => {
    new FakeCore();
    const { user } = await openApp("#/customers");
    await user.click(screen.getByTestId("customer-import"));
    expect(await screen.findByRole("heading", { level: 1, name: "Importar y exportar" })).toBeTruthy();
  });
});

describe("orders list filters", () => {
  it("filters by status and sorts oldest first, asking the core each time", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    core.orders = [
      order({ customer_id: ana.id, customer_name: "Ana Ruiz", number: "A-1", status: "shipped", placed_on: "2024-01-10" }),
      order({ customer_id: ana.id, customer_name: "Ana Ruiz", number: "A-2", status: "paid", placed_on: "2024-02-10" }),
      order({ customer_id: ana.id, customer_name: "Ana Ruiz", number: "A-3", status: "shipped", placed_on: "2024-03-10" }),
    ];
    const { user } = await openApp("#/orders");
    expect(await screen.findAllByTestId("orders-row")).toHaveLength(3);

    await user.selectOptions(screen.getByTestId("order-status-filter"), "shipped");
    await waitFor(() => expect(screen.getAllByTestId("orders-row")).toHaveLength(2));
    expect(core.callsTo("orders_list").at(-1)?.args, "the chosen status goes to the core").toEqual({
      query: "",
      status: "shipped",
      sort: "newest",
      limit: 200,
      offset: 0,
    });
    const numbers = () => screen.getAllByTestId("orders-row").map((r) => within(r).getAllByRole("cell")[0]?.textContent);
    expect(numbers(), "newest first by default").toEqual(["A-3", "A-1"]);

    await user.selectOptions(screen.getByTestId("order-sort"), "oldest");
    await waitFor(() => expect(numbers(), "oldest first when asked").toEqual(["A-1", "A-3"]));
    expect(core.callsTo("orders_list").at(-1)?.args.sort).toBe("oldest");

    await user.selectOptions(screen.getByTestId("order-status-filter"), "");
    await waitFor(() => expect(screen.getAllByTestId("orders-row")).toHaveLength(3));
    expect(core.callsTo("orders_list").at(-1)?.args.status, "“all statuses” sends no status").toBeNull();
  });
});
