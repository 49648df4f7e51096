import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { customer, FakeCore, order } from "../../test/fakeCore";
import { openApp } from "../../test/render";

describe("customers list", () => {
  it("lists customers with their order count and last order date", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz", email: "ana@example.com", phone: "+34612345678" });
    core.customers = [ana, customer({ name: "Luis Pérez" })];
    core.orders = [order({ customer_id: ana.id, placed_on: "2024-02-03" }), order({ customer_id: ana.id, placed_on: "2023-12-01" })];
    await openApp("#/customers");
    const rows = await screen.findAllByTestId("customer-row");
    expect(rows).toHaveLength(2);
    const cells = within(rows[0]!).getAllByRole("cell").map((c) => c.textContent);
    expect(cells).toEqual(["Ana Ruiz", "ana@example.com", "+34612345678", "2", "3 feb 2024"]);
  });

  it("searches as the user types and opens a customer on click", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana, customer({ name: "Luis Pérez" })];
    const { user } = await openApp("#/customers");
    await screen.findAllByTestId("customer-row");
    await user.type(screen.getByTestId("customer-search"), "luis");
    await waitFor(() => expect(screen.getAllByTestId("customer-row")).toHaveLength(1));
    expect(core.callsTo("customers_list").at(-1)?.args, "the search asks the core with the typed text").toEqual({
      query: "luis",
      sort: "name",
      limit: 200,
      offset: 0,
    });
    expect(
      core.callsTo("customers_list").some((c) => c.args.query === "l" || c.args.query === "lu"),
      "typing is debounced, not one call per key",
    ).toBe(false);

    await user.clear(screen.getByTestId("customer-search"));
    await waitFor(() => expect(screen.getAllByTestId("customer-row")).toHaveLength(2));
    await user.click(within(screen.getAllByTestId("customer-row")[0]!).getAllByRole("cell")[2]!);
    await screen.findByTestId("customer-page");
    expect(window.location.hash).toBe(`#/customers/${ana.id}`);
  });

  it("refreshes when the core reports a change to customers", async () => {
    const core = new FakeCore();
    core.customers = [customer({ name: "Ana Ruiz" })];
    await openApp("#/customers");
    await screen.findAllByTestId("customer-row");
    core.customers = [...core.customers, customer({ name: "Luis Pérez" })];
    await act(() => core.changed("customers"));
    await waitFor(() => expect(screen.getAllByTestId("customer-row")).toHaveLength(2));
  });

  it("opens the new customer form", async () => {
    new FakeCore();
    const { user } = await openApp("#/customers");
    await user.click(screen.getByTestId("customer-new"));
    expect(await screen.findByRole("heading", { level: 1, name: "Nuevo cliente" })).toBeTruthy();
  });
});
