import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { coupon, customer, FakeCore, invalid } from "../../test/fakeCore";
import { openApp } from "../../test/render";

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

async function openOrderForm(core: FakeCore) {
  const ana = customer({ name: "Ana Ruiz" });
  core.customers = [ana];
  const opened = await openApp(`#/customers/${ana.id}`);
  await opened.user.click(await screen.findByTestId("order-new"));
  const input = (name: string) => opened.container.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  await opened.user.type(input("lines.0.product"), "Sandalia");
  await opened.user.type(input("lines.0.unit_price"), "40");
  return { ana, input, ...opened };
}

describe("a coupon on an order", () => {
  it("is sent as typed, and the order shows the code, the discount and what the customer pays", async () => {
    const core = new FakeCore();
    core.coupons = [coupon({ code: "VUELVE-7F3K9Q", kind: "percent", value: 10 })];
    const { user, input } = await openOrderForm(core);
    await user.type(input("coupon"), " vuelve-7f3k9q ");
    await user.click(screen.getByTestId("order-save"));

    await waitFor(() => expect(core.callsTo("order_create")).toHaveLength(1));
    const sent = core.callsTo("order_create")[0]!.args.input as Record<string, unknown>;
    expect(sent.coupon, "the core matches the code; the UI only trims").toBe("vuelve-7f3k9q");
    const card = await screen.findByTestId("order-row");
    expect(plain(within(card).getByTestId("order-total").textContent), "40 € less 10 %").toBe("36,00 €");
    const foot = within(card).getByTestId("order-coupon");
    expect(plain(foot.textContent)).toContain("Subtotal40,00 €");
    expect(plain(foot.textContent)).toContain("Descuento (VUELVE-7F3K9Q)−4,00 €");
  });

  it("shows the core's refusal on the coupon field and keeps the form", async () => {
    const core = new FakeCore();
    core.failures.set("order_create", invalid(["coupon", "coupon_used_up"]));
    const { user, input, container } = await openOrderForm(core);
    await user.type(input("coupon"), "VUELVE-7F3K9Q");
    await user.click(screen.getByTestId("order-save"));

    const error = await screen.findByTestId("error-coupon");
    expect(error.textContent).toBe("Este cupón ya se ha usado todas las veces que permite.");
    expect(error.closest(".field")!.contains(input("coupon")), "the message sits under the coupon field").toBe(true);
    expect(input("coupon").getAttribute("aria-invalid")).toBe("true");
    expect(container.querySelectorAll(".field-error")).toHaveLength(1);
    expect(screen.getByTestId("order-save"), "the order is not saved: the form stays").toBeTruthy();

    await user.type(input("coupon"), "X");
    expect(screen.queryByTestId("error-coupon"), "typing a new code clears the message").toBeNull();
  });

  it("an order without a coupon shows no discount", async () => {
    const core = new FakeCore();
    const { user } = await openOrderForm(core);
    await user.click(screen.getByTestId("order-save"));
    const card = await screen.findByTestId("order-row");
    expect((core.callsTo("order_create")[0]!.args.input as Record<string, unknown>).coupon).toBeNull();
    expect(within(card).queryByTestId("order-coupon")).toBeNull();
  });
});
