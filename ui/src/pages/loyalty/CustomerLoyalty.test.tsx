import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { balance, customer, customerLoyalty, FakeCore, ledgerEntry, order, returnRequest, tier } from "../../test/fakeCore";
import { openApp } from "../../test/render";

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

/** Ana has 1200 points to spend and 300 pending; 100 points are worth 1 €. */
function withPoints() {
  const core = new FakeCore();
  const ana = customer({ name: "Ana Ruiz" });
  core.customers = [ana];
  const delivered = order({ customer_id: ana.id, number: "M00042", status: "delivered", delivered_on: "2026-04-10" });
  core.orders = [delivered];
  core.loyalty.set(
    ana.id,
    customerLoyalty({
      balance: balance({
        total: 1500,
        available: 1200,
        pending: 300,
        expiring_soon: 200,
        next_expiry_at: new Date(2026, 4, 3, 12).getTime(),
        available_value_minor: 1200,
      }),
      tier: {
        tier: tier({ name: "Plata", threshold_minor: 20000, multiplier_percent: 125 }),
        next: tier({ name: "Oro", threshold_minor: 50000, multiplier_percent: 150 }),
        spend_minor: 38000,
        to_next_minor: 12000,
      },
      referral_code: "ANA-7K2Q",
      entries: [
        ledgerEntry({ kind: "reverse", points: -40, order_number: "M00040", shortfall: 15 }),
        ledgerEntry({ kind: "earn", points: 300, order_number: "M00042", note: "<i>entrega</i>" }),
      ],
    }),
  );
  return { core, ana, delivered };
}

describe("points on the customer page", () => {
  it("shows what can be spent, what is pending, the tier's progress and the ledger newest first", async () => {
    const { ana } = withPoints();
    await openApp(`#/customers/${ana.id}`);
    const section = await screen.findByTestId("loyalty-section");
    await within(section).findByTestId("loyalty-available");
    expect(screen.getByTestId("loyalty-available").textContent).toBe("1200");
    expect(plain(screen.getByTestId("loyalty-value").textContent), "the value of the available points").toBe("(valen 12,00 €)");
    expect(screen.getByTestId("loyalty-pending").textContent).toBe("300");
    expect(screen.getByTestId("loyalty-total").textContent).toBe("1500");
    expect(plain(screen.getByTestId("loyalty-expiring").textContent)).toBe("200 caducan el 3 may 2026");
    expect(screen.getByTestId("loyalty-tier-name").textContent).toBe("Plata");
    expect(plain(screen.getByTestId("loyalty-to-next").textContent)).toContain("Faltan 120,00 € para Oro.");
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow"), "380 of the 500 € Oro needs").toBe("76");
    expect(screen.getByTestId("loyalty-referral-code").textContent).toBe("ANA-7K2Q");

    const entries = screen.getAllByTestId("loyalty-entry");
    expect(entries).toHaveLength(2);
    expect(entries[0]!.textContent).toContain("Retirados (devolución o cancelación)");
    expect(within(entries[0]!).getByTestId("loyalty-entry-points").textContent).toBe("-40");
    expect(within(entries[0]!).getByTestId("loyalty-shortfall").textContent, "a reversal that could not take everything back says so").toBe(
      "15 puntos no se pudieron recuperar (ya se habían gastado).",
    );
    expect(within(entries[1]!).getByTestId("loyalty-entry-points").textContent).toBe("+300");
    expect(entries[1]!.textContent).toContain("M00042");
    expect(entries[1]!.textContent).toContain("<i>entrega</i>");
    expect(section.querySelector("i"), "a note is text, never markup").toBeNull();
  });

  it("shows the discount before redeeming, sends the redemption and refreshes the balance", async () => {
    const { core, ana, delivered } = withPoints();
    const { user } = await openApp(`#/customers/${ana.id}`);
    await user.type(await screen.findByTestId("loyalty-redeem-points"), "500");
    expect(plain(screen.getByTestId("loyalty-redeem-value").textContent), "the owner sees the money before confirming").toBe(
      "500 puntos = 5,00 € de descuento",
    );
    expect(plain(screen.getByTestId("loyalty-redeem-submit").textContent)).toBe("Canjear por 5,00 €");
    await user.selectOptions(screen.getByTestId("loyalty-redeem-order"), String(delivered.id));
    await user.click(screen.getByTestId("loyalty-redeem-submit"));

    await waitFor(() => expect(core.callsTo("loyalty_redeem")).toHaveLength(1));
    expect(core.callsTo("loyalty_redeem")[0]?.args).toEqual({ customerId: ana.id, points: 500, orderId: delivered.id, note: "" });
    expect(plain((await screen.findByTestId("loyalty-redeemed")).textContent)).toBe("Canjeados 500 puntos: descuento de 5,00 €.");
    await waitFor(() => expect(screen.getByTestId("loyalty-available").textContent).toBe("700"));
    expect(screen.getAllByTestId("loyalty-entry")[0]!.textContent).toContain("Canjeados");
  });

  it("trades points for a coupon, shows its code and value to copy, and refuses a non-multiple on the field", async () => {
    const { core, ana } = withPoints();
    const { user } = await openApp(`#/customers/${ana.id}`);
    const form = within(await screen.findByTestId("loyalty-coupon"));
    await user.type(form.getByTestId("loyalty-coupon-points"), "150");
    await user.click(form.getByTestId("loyalty-coupon-submit"));
    expect((await form.findByTestId("error-coupon-points")).textContent, "the step of the rate, on the points field").toContain(
      "múltiplo",
    );
    expect(core.coupons, "a refused trade issues nothing").toHaveLength(0);

    await user.clear(form.getByTestId("loyalty-coupon-points"));
    await user.type(form.getByTestId("loyalty-coupon-points"), "500");
    expect(plain(form.getByTestId("loyalty-coupon-submit").textContent)).toBe("Canjear por cupón de 5,00 €");
    await user.click(form.getByTestId("loyalty-coupon-submit"));
    await waitFor(() => expect(core.callsTo("loyalty_redeem_coupon").at(-1)?.args).toEqual({ customerId: ana.id, points: 500 }));
    const code = core.coupons[0]!.code;
    expect(core.coupons[0]).toMatchObject({ kind: "fixed", value: 500, max_uses: 1, customer_id: ana.id, source: "points" });
    expect(plain((await form.findByTestId("loyalty-coupon-done")).textContent)).toContain("Cupón de 5,00 € creado (500 puntos).");
    expect(form.getByTestId("loyalty-coupon-code").textContent, "the code to give the customer").toBe(code);
    expect(code).toMatch(/^PUNTOS-/);
    await user.click(form.getByTestId("loyalty-coupon-code-copy"));
    await waitFor(() => expect(screen.getByTestId("loyalty-available").textContent).toContain("700"));
  });

  it("says when there are not enough points", async () => {
    const { core, ana } = withPoints();
    const { user } = await openApp(`#/customers/${ana.id}`);
    await user.type(await screen.findByTestId("loyalty-redeem-points"), "5000");
    await user.click(screen.getByTestId("loyalty-redeem-submit"));
    expect((await screen.findByTestId("error-redeem-points")).textContent).toBe("No tiene tantos puntos disponibles.");
    expect(core.callsTo("loyalty_redeem")).toHaveLength(1);
  });

  it("adjusts points by hand only with a reason, negative to remove", async () => {
    const { core, ana } = withPoints();
    const { user } = await openApp(`#/customers/${ana.id}`);
    await user.type(await screen.findByTestId("loyalty-adjust-points"), "-20");
    await user.click(screen.getByTestId("loyalty-adjust-submit"));
    expect((await screen.findByTestId("error-adjust-note")).textContent).toBe("Escribe el motivo del ajuste.");
    expect(core.callsTo("loyalty_adjust"), "no adjustment without a reason").toHaveLength(0);

    await user.type(screen.getByTestId("loyalty-adjust-reason"), "Puntos duplicados");
    await user.click(screen.getByTestId("loyalty-adjust-submit"));
    await waitFor(() => expect(core.callsTo("loyalty_adjust")).toHaveLength(1));
    expect(core.callsTo("loyalty_adjust")[0]?.args).toEqual({ customerId: ana.id, points: -20, reason: "Puntos duplicados" });
    expect(await screen.findByTestId("loyalty-adjusted")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("loyalty-available").textContent).toBe("1180"));
  });

  it("records who referred the customer by their code", async () => {
    const { core, ana } = withPoints();
    core.referralCodes.set("LUIS-1", { id: 77, name: "Luis Gil" });
    const { user } = await openApp(`#/customers/${ana.id}`);
    await user.type(await screen.findByTestId("loyalty-referrer-code"), "NADIE");
    await user.click(screen.getByTestId("loyalty-referrer-save"));
    expect((await screen.findByTestId("error-referrer-referral_code")).textContent).toBe("No hay ningún cliente con ese código. Revísalo.");

    await user.clear(screen.getByTestId("loyalty-referrer-code"));
    await user.type(screen.getByTestId("loyalty-referrer-code"), "luis-1");
    await user.click(screen.getByTestId("loyalty-referrer-save"));
    const referredBy = await screen.findByTestId("loyalty-referred-by");
    expect(referredBy.textContent).toContain("Luis Gil");
    expect(within(referredBy).getByRole("link").getAttribute("href")).toBe("#/customers/77");
    expect(core.callsTo("loyalty_set_referrer").at(-1)?.args).toEqual({ customerId: ana.id, code: "luis-1" });
    expect(screen.queryByTestId("loyalty-welcome-coupon"), "no welcome coupon when the shop gives none").toBeNull();
  });

  it("shows the welcome coupon the referred customer was given, to copy", async () => {
    const { core, ana } = withPoints();
    core.loyaltySettings = { ...core.loyaltySettings, referral_coupon_percent: 10, referral_coupon_days: 30 };
    core.referralCodes.set("LUIS-1", { id: 77, name: "Luis Gil" });
    const { user } = await openApp(`#/customers/${ana.id}`);
    await user.type(await screen.findByTestId("loyalty-referrer-code"), "LUIS-1");
    await user.click(screen.getByTestId("loyalty-referrer-save"));
    const welcome = await screen.findByTestId("loyalty-welcome-coupon");
    expect(welcome.textContent).toContain("Cupón de bienvenida:");
    const code = screen.getByTestId("loyalty-welcome-coupon-code").textContent ?? "";
    expect(code).toMatch(/^BIENVENIDA-/);
    const issued = core.coupons.find((c) => c.code === code);
    expect([issued?.source, issued?.customer_id, issued?.value, issued?.max_uses]).toEqual(["referral", ana.id, 10, 1]);
    expect(screen.getByTestId("loyalty-welcome-coupon-code-copy").textContent).toBe("Copiar");
  });
});

describe("returns and order actions on the customer page", () => {
  it("lists the customer's returns, each linking to its detail", async () => {
    const { core, ana } = withPoints();
    core.returns = [
      returnRequest({ id: 31, customer_id: ana.id, order_number: "M00042", status: "received", amount_minor: 1250 }),
      returnRequest({ id: 32, customer_id: 999, order_number: "W-1" }),
    ];
    await openApp(`#/customers/${ana.id}`);
    const rows = await screen.findAllByTestId("customer-return");
    expect(rows, "only this customer's returns").toHaveLength(1);
    expect(rows[0]!.textContent).toContain("Recibida");
    expect(within(rows[0]!).getByRole("link").getAttribute("href")).toBe("#/returns/31");
    expect(core.callsTo("returns_list")[0]?.args.filter).toEqual({ status: null, reason_id: null, min_age_days: null, customer_id: ana.id });
  });

  it("changes an order's status by hand with its delivery day, and starts a return from it", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    const shipped = order({
      customer_id: ana.id,
      number: "M00050",
      status: "shipped",
      placed_on: "2026-03-28",
      lines: [{ product: "Sandalia", sku: null, quantity: 1, unit_price_minor: 1250 }],
    });
    const empty = order({ customer_id: ana.id, number: "M00051", status: "placed", placed_on: "2026-03-01", lines: [] });
    core.orders = [shipped, empty];
    const { user } = await openApp(`#/customers/${ana.id}`);

    const [card, bare] = await screen.findAllByTestId("order-row");
    expect(within(card!).getByTestId("order-return").getAttribute("href")).toBe(`#/orders/${shipped.id}/return`);
    expect(within(bare!).queryByTestId("order-return"), "an order without lines has nothing to return").toBeNull();
    expect((within(card!).getByTestId("order-status-save") as HTMLButtonElement).disabled, "nothing to save yet").toBe(true);

    await user.selectOptions(within(card!).getByTestId("order-status"), "delivered");
    expect(within(card!).getByText("Al marcarlo como entregado, el cliente gana los puntos de este pedido.")).toBeTruthy();
    await user.type(within(card!).getByTestId("order-delivered-on"), "2026-04-02");
    await user.click(within(card!).getByTestId("order-status-save"));

    await waitFor(() => expect(core.callsTo("order_set_status")).toHaveLength(1));
    expect(core.callsTo("order_set_status")[0]?.args).toEqual({ id: shipped.id, status: "delivered", deliveredOn: "2026-04-02" });
    await waitFor(() => expect(screen.getAllByTestId("order-row")[0]!.textContent).toContain("2 abr 2026"));
    expect(await within(screen.getAllByTestId("order-row")[0]!).findByTestId("order-status-saved")).toBeTruthy();

    core.failures.set("order_set_status", {
      code: "invalid_input",
      message: "bad",
      fields: [{ field: "delivered_on", code: "delivered_before_placed" }],
    });
    const second = screen.getAllByTestId("order-row")[1]!;
    await user.selectOptions(within(second).getByTestId("order-status"), "cancelled");
    await user.click(within(second).getByTestId("order-status-save"));
    expect((await screen.findByTestId(`error-order-${empty.id}-delivered_on`)).textContent).toBe(
      "La entrega no puede ser anterior a la fecha del pedido.",
    );
  });
});
