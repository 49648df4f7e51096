import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { customer, FakeCore, order } from "../../test/fakeCore";
import { openApp } from "../../test/render";

describe("orders list", () => {
  it("shows number, date, customer link, status and total, and searches", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    core.orders = [
      order({ customer_id: ana.id, customer_name: "Ana Ruiz", number: "1042", placed_on: "2024-06-02", status: "paid", currency: "CLP", total_minor: 15990 }),
      order({ customer_id: ana.id, customer_name: "Ana Ruiz", number: "M00001", placed_on: "2024-01-15" }),
    ];
    const { user } = await openApp("#/orders");
    const rows = await screen.findAllByTestId("orders-row");
    const cells = within(rows[0]!).getAllByRole("cell").map((c) => (c.textContent ?? "").replace(/\u00a0/g, " "));
    expect(cells, "each order's total is in its own currency (CLP has no cents)").toEqual([
      "1042",
      "2 jun 2024",
      "Ana Ruiz",
      "Pagado",
      "15.990 CLP",
    ]);
    expect(within(rows[0]!).getByRole("link", { name: "Ana Ruiz" }).getAttribute("href")).toBe(`#/customers/${ana.id}`);

    await user.type(screen.getByTestId("order-search"), "M000");
    await waitFor(() => expect(screen.getAllByTestId("orders-row")).toHaveLength(1));
    expect(core.callsTo("orders_list").at(-1)?.args).toEqual({
      query: "M000",
      status: null,
      sort: "newest",
      limit: 200,
      offset: 0,
    });
  });
});
