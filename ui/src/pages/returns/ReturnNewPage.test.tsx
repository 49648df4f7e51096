import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { customer, FakeCore, order, returnPolicy, returnRequest, seededReasons } from "../../test/fakeCore";
import { openApp } from "../../test/render";

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

/** Ana's order of two sandals and a bag; the fake core's today is 2026-04-20. */
function shop(deliveredOn: string | null) {
  const core = new FakeCore();
  const ana = customer({ name: "Ana Ruiz" });
  core.customers = [ana];
  const bought = order({
    customer_id: ana.id,
    customer_name: ana.name,
    number: "M00042",
    status: deliveredOn ? "delivered" : "shipped",
    placed_on: "2026-03-01",
    delivered_on: deliveredOn,
    lines: [
      { product: "Sandalia", sku: "SAN-38", quantity: 2, unit_price_minor: 1250 },
      { product: "Bolso", sku: null, quantity: 1, unit_price_minor: 3000 },
    ],
  });
  core.orders = [bought];
  return { core, ana, bought };
}

describe("new return", () => {
  it("names a broken rule with its numbers, asks for the reason of the exception, and records it", async () => {
    const { core, bought } = shop("2026-03-05");
    const { user } = await openApp(`#/orders/${bought.id}/return`);

    await screen.findByTestId("return-form");
    expect(screen.getByTestId("return-order-number").textContent).toBe("M00042");
    expect(screen.getByTestId("return-customer").textContent).toBe("Ana Ruiz");
    expect(plain(screen.getByTestId("return-deadline").textContent), "30 days from the delivery on 5 March").toContain("4 abr 2026");
    expect(screen.getByTestId("return-window").textContent).toBe("Fuera de plazo");
    expect(screen.getAllByTestId("return-line")).toHaveLength(2);
    expect((screen.getByTestId("return-qty-0") as HTMLInputElement).value, "nothing is returned until the owner says so").toBe("0");
    expect((screen.getByTestId("return-qty-0") as HTMLInputElement).max).toBe("2");

    const reasons = [...(screen.getByTestId("return-reason") as HTMLSelectElement).options].map((o) => o.textContent);
    expect(reasons, "seeded reasons are shown translated").toContain("Talla incorrecta");

    expect((screen.getByTestId("return-reason") as HTMLSelectElement).value, "the first active reason is proposed").toBe("1");
    // Typed over the 0, as a person would: the quote follows without picking anything else.
    await user.type(screen.getByTestId("return-qty-0"), "1");
    expect((screen.getByTestId("return-qty-0") as HTMLInputElement).value).toBe("1");

    const violation = await screen.findByTestId("return-violation");
    expect(plain(violation.textContent), "the message names the rule, the last day and the window").toBe(
      "Fuera del plazo de devolución: el plazo terminó el 4 abr 2026 (30 días desde la entrega).",
    );
    expect(plain(screen.getByTestId("return-amount").textContent), "one sandal at 12,50 €, no fee").toBe("12,50 €");

    await user.click(screen.getByTestId("return-submit"));
    expect((await screen.findByTestId("error-override_reason")).textContent).toBe(
      "Escribe por qué aceptas esta devolución aunque incumpla la política.",
    );
    expect(core.callsTo("return_open"), "a request that breaks the policy is not sent without a reason").toHaveLength(0);
    expect(document.activeElement, "the owner is taken to the missing reason").toBe(screen.getByTestId("return-override-reason"));

    await user.type(screen.getByTestId("return-override-reason"), "Clienta habitual, viajaba");
    await user.type(screen.getByTestId("return-note"), "Le aprieta");
    await user.click(screen.getByTestId("return-submit"));

    await waitFor(() => expect(core.callsTo("return_open")).toHaveLength(1));
    expect(core.callsTo("return_open")[0]?.args.input).toEqual({
      order_id: bought.id,
      lines: [{ position: 0, quantity: 1 }],
      reason_id: 1,
      outcome: "refund",
      note: "Le aprieta",
      override_reason: "Clienta habitual, viajaba",
    });
    const opened = core.returns[0]!;
    await waitFor(() => expect(window.location.hash).toBe(`#/returns/${opened.id}`));
    expect((await screen.findByTestId("return-override")).textContent).toContain("Clienta habitual, viajaba");
  });

  it("sends no override when the request keeps to the policy", async () => {
    const { core, bought } = shop("2026-04-10");
    const { user } = await openApp(`#/orders/${bought.id}/return`);
    await screen.findByTestId("return-form");
    expect(screen.getByTestId("return-window").textContent).toBe("Dentro del plazo");

    await user.clear(screen.getByTestId("return-qty-1"));
    await user.type(screen.getByTestId("return-qty-1"), "1");
    await user.selectOptions(screen.getByTestId("return-reason"), "2");
    await user.selectOptions(screen.getByTestId("return-outcome"), "credit");
    expect(plain((await screen.findByTestId("return-amount")).textContent)).toBe("30,00 €");
    expect(screen.queryByTestId("return-violation")).toBeNull();
    expect(screen.queryByTestId("return-override-reason"), "no exception to explain").toBeNull();

    await user.click(screen.getByTestId("return-submit"));
    await waitFor(() => expect(core.callsTo("return_open")).toHaveLength(1));
    expect(core.callsTo("return_open")[0]?.args.input).toMatchObject({
      lines: [{ position: 1, quantity: 1 }],
      reason_id: 2,
      outcome: "credit",
      override_reason: null,
    });
  });

  it("shows the policy's refusal, with the rule, and takes the owner to the override field", async () => {
    const { core, bought } = shop("2026-04-10");
    // The policy changed between the quote and the click.
    core.failures.set("return_open", {
      code: "policy_refused",
      message: "policy",
      fields: [{ field: "policy", code: "order_cancelled" }],
    });
    const { user } = await openApp(`#/orders/${bought.id}/return`);
    await user.clear(await screen.findByTestId("return-qty-0"));
    await user.type(screen.getByTestId("return-qty-0"), "2");
    await user.selectOptions(screen.getByTestId("return-reason"), "1");
    await screen.findByTestId("return-amount");
    await user.click(screen.getByTestId("return-submit"));

    const refused = await screen.findByTestId("return-refused");
    expect(refused.textContent).toContain("El pedido está cancelado: la política no admite devoluciones de pedidos cancelados.");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("return-override-reason")));
    expect(window.location.hash, "nothing was opened").toBe(`#/orders/${bought.id}/return`);
  });

  it("marks more units than are left on the line, offers only active reasons and offered outcomes", async () => {
    const { core, bought } = shop("2026-04-10");
    const reasons = seededReasons().map((r) => (r.code === "changed_mind" ? { ...r, active: false } : r));
    core.returnPolicy = returnPolicy({ offer_exchange: false, reasons: [...reasons, { id: 9, code: null, label: "Llegó tarde", waives_fee: true, active: true }] });
    core.returns = [
      returnRequest({ order_id: bought.id, lines: [{ position: 0, product: "Sandalia", quantity: 1, unit_price_minor: 1250 }] }),
    ];
    const { user } = await openApp(`#/orders/${bought.id}/return`);
    const row = (await screen.findAllByTestId("return-line"))[0]!;
    expect(within(row).getAllByRole("cell").map((c) => c.textContent).slice(2, 4), "bought 2, 1 already returned").toEqual(["2", "1"]);

    await user.clear(screen.getByTestId("return-qty-0"));
    await user.type(screen.getByTestId("return-qty-0"), "2");
    expect((await screen.findByTestId("error-quantity.0")).textContent).toBe(
      "Son más unidades de las que quedan por devolver en esta línea.",
    );

    const reasonNames = [...(screen.getByTestId("return-reason") as HTMLSelectElement).options].map((o) => o.textContent);
    expect(reasonNames, "inactive reasons are not offered").toEqual(["Talla incorrecta", "Defectuoso", "No es como se describía", "Llegó tarde"]);
    const outcomes = [...(screen.getByTestId("return-outcome") as HTMLSelectElement).options].map((o) => o.value);
    expect(outcomes, "exchange is not offered by this policy").toEqual(["refund", "credit"]);

    await user.click(screen.getByTestId("return-submit"));
    expect(core.callsTo("return_open"), "an impossible quantity is not sent").toHaveLength(0);
    expect(core.callsTo("return_quote"), "nor quoted").toHaveLength(0);
  });

  it("says the rule in English too", async () => {
    const { core, bought } = shop(null);
    core.settings.language = "en";
    const { user } = await openApp(`#/orders/${bought.id}/return`);
    await user.clear(await screen.findByTestId("return-qty-0"));
    await user.type(screen.getByTestId("return-qty-0"), "1");
    await user.selectOptions(screen.getByTestId("return-reason"), "1");
    expect(plain((await screen.findByTestId("return-violation")).textContent), "without a delivery the window counts from the order").toBe(
      "Outside the return window: it ended on 31 Mar 2026 (30 days from the order date, as no delivery is recorded).",
    );
    expect(screen.getByTestId("return-submit").textContent).toBe("Open return");
  });
});
