import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { customer, FakeCore } from "../../test/fakeCore";
import { sent } from "../../test/fakeAutomations";
import { openApp } from "../../test/render";

describe("automatic messages on the customer page", () => {
  it("lists why, when, for which order and coupon, and how each went, translated", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    core.automations.timeline.set(ana.id, [
      sent({ id: 5, rule: "win_back", order_number: "W-9", coupon_code: "VUELVE-7K2Q", state: "queued" }),
      sent({ id: 4, rule: "order_shipped", order_number: "<i>W-8</i>", state: "sent" }),
      sent({ id: 3, rule: "care_tips", order_number: "W-8", state: "failed" }),
      sent({ id: 2, rule: "review_request", state: "skipped" }),
      sent({ id: 1, rule: "order_placed", order_number: "W-8", state: "cancelled" }),
    ]);
    await openApp(`#/customers/${ana.id}`);
    const section = await screen.findByTestId("customer-automations");
    expect(within(section).getByRole("heading", { name: "Mensajes automáticos" })).toBeTruthy();
    const rows = await within(section).findAllByTestId("customer-automation-row");
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => within(r).getByTestId("customer-automation-rule").textContent)).toEqual([
      "Recuperar clientes",
      "Pedido enviado",
      "Consejos de uso",
      "Petición de reseña",
      "Pedido recibido",
    ]);
    expect(rows.map((r) => within(r).getByTestId("customer-automation-state").textContent)).toEqual([
      "Pendiente",
      "Enviado",
      "Fallido",
      "No enviado",
      "Cancelado",
    ]);
    expect(rows[0]!.textContent).toContain("W-9");
    expect(rows[0]!.textContent).toContain("VUELVE-7K2Q");
    expect(rows[0]!.textContent, "the date and time are shown").toMatch(/2026/);
    expect(rows[1]!.textContent).toContain("<i>W-8</i>");
    expect(rows[1]!.querySelector("i"), "an order number is text, never markup").toBeNull();
    expect(core.callsTo("automation_timeline")[0]?.args).toEqual({ customerId: ana.id });
  });

  it("says when nothing was sent yet, and reloads when the outbox reports progress", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    await openApp(`#/customers/${ana.id}`);
    expect((await screen.findByTestId("customer-automations-empty")).textContent).toBe(
      "Todavía no se le ha enviado ningún mensaje automático.",
    );
    core.automations.timeline.set(ana.id, [sent({ rule: "order_delivered", state: "queued" })]);
    await core.changed("campaigns");
    const row = await screen.findByTestId("customer-automation-row");
    expect(within(row).getByTestId("customer-automation-state").textContent).toBe("Pendiente");
    core.automations.timeline.set(ana.id, [sent({ rule: "order_delivered", state: "sent" })]);
    await core.changed("mail");
    await waitFor(() => expect(screen.getByTestId("customer-automation-state").textContent).toBe("Enviado"));
    core.automations.timeline.set(ana.id, [sent({ rule: "order_delivered", state: "failed" })]);
    await core.changed("automations");
    await waitFor(() => expect(screen.getByTestId("customer-automation-state").textContent).toBe("Fallido"));
  });
});
