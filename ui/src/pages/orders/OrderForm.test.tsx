import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { todayLocal } from "../../lib/dates";
import { customer, FakeCore, invalid } from "../../test/fakeCore";
import { openApp } from "../../test/render";

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

async function openOrderForm() {
  const core = new FakeCore();
  const ana = customer({ name: "Ana Ruiz" });
  core.customers = [ana];
  const opened = await openApp(`#/customers/${ana.id}`);
  await opened.user.click(await screen.findByTestId("order-new"));
  const input = (name: string) => opened.container.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  return { core, ana, input, ...opened };
}

describe("order form", () => {
  it("sends the price as typed (12,50) in the shop's currency and shows the new order", async () => {
    const { core, ana, user, input } = await openOrderForm();
    expect(input("placed_on").value, "the order date defaults to today, local time").toBe(todayLocal());
    expect(input("lines.0.quantity").value).toBe("1");
    expect(input("number").getAttribute("placeholder")).toBe("Automático si lo dejas vacío");

    await user.type(input("lines.0.product"), "Sandalia");
    await user.type(input("lines.0.sku"), "SAN-38");
    await user.clear(input("lines.0.quantity"));
    await user.type(input("lines.0.quantity"), "2");
    await user.type(input("lines.0.unit_price"), "12,50");
    await user.click(screen.getByTestId("line-add"));
    await user.type(input("lines.1.product"), "Plantillas");
    await user.type(input("lines.1.unit_price"), "3");
    await user.type(input("carrier"), "Correos");
    expect(plain(screen.getByTestId("order-form-total").textContent), "2 × 12,50 + 3 = 28,00").toBe("28,00 €");

    await user.click(screen.getByTestId("order-save"));
    await waitFor(() => expect(core.callsTo("order_create")).toHaveLength(1));
    const sent = core.callsTo("order_create")[0]!.args.input as Record<string, unknown>;
    expect(sent, "the core parses the typed text; the UI must not reinterpret it").toMatchObject({
      customer_id: ana.id,
      number: null,
      status: "placed",
      placed_on: todayLocal(),
      delivered_on: null,
      carrier: "Correos",
      tracking_code: null,
      currency: null,
      lines: [
        { product: "Sandalia", sku: "SAN-38", quantity: "2", unit_price: "12,50" },
        { product: "Plantillas", sku: null, quantity: "1", unit_price: "3" },
      ],
    });
    const row = await screen.findByTestId("order-row");
    expect(plain(within(row).getByTestId("order-total").textContent)).toBe("28,00 €");
    expect(screen.queryByTestId("order-save"), "the form closes after saving").toBeNull();
  });

  it("offers the carriers table and asks for a link of its own only for another carrier", async () => {
    const { core, user, input, container } = await openOrderForm();
    await waitFor(() => expect(container.querySelectorAll("#carrier-options option").length).toBeGreaterThan(0));
    await user.type(input("carrier"), "seur");
    expect(input("tracking_url"), "a known carrier builds its own link").toBeNull();
    await user.clear(input("carrier"));
    await user.type(input("carrier"), "Mensajería Paco");
    await user.type(input("tracking_url"), "https://paco.example/7");
    await user.type(input("lines.0.product"), "Botas");
    await user.type(input("lines.0.unit_price"), "10");
    await user.click(screen.getByTestId("order-save"));
    await waitFor(() => expect(core.callsTo("order_create")).toHaveLength(1));
    const sent = core.callsTo("order_create")[0]!.args.input as Record<string, unknown>;
    expect(sent).toMatchObject({ carrier: "Mensajería Paco", tracking_url: "https://paco.example/7" });
  });

  it("puts each refused line field on that line's input and the rest in a summary", async () => {
    const { core, user, input, container } = await openOrderForm();
    core.failures.set(
      "order_create",
      invalid(["lines.1.quantity", "quantity_not_positive"], ["customer_id", "customer_unknown"]),
    );
    await user.type(input("lines.0.product"), "Sandalia");
    await user.type(input("lines.0.unit_price"), "12,50");
    await user.click(screen.getByTestId("line-add"));
    await user.type(input("lines.1.product"), "Bolso");
    await user.clear(input("lines.1.quantity"));
    await user.type(input("lines.1.quantity"), "0");
    await user.type(input("lines.1.unit_price"), "30");
    await user.type(input("lines.1.unit_price"), "{Enter}");

    const error = await screen.findByTestId("error-lines.1.quantity");
    expect(error.textContent).toBe("La cantidad debe ser 1 o más.");
    const cell = error.closest("td")!;
    expect(cell.contains(input("lines.1.quantity")), "the message sits under the second line's quantity").toBe(true);
    expect(input("lines.1.quantity").getAttribute("aria-invalid")).toBe("true");
    expect(input("lines.0.quantity").getAttribute("aria-invalid"), "the first line is fine").toBeNull();
    expect(container.querySelectorAll(".field-error"), "one inline message only").toHaveLength(1);

    const summary = screen.getByTestId("form-errors");
    expect(summary.textContent, "an error with no input of its own is listed on top").toContain(
      "El cliente de este pedido ya no existe",
    );
  });
});
