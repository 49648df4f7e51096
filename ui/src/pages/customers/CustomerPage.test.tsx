import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { customer, FakeCore, failure, list, order, subscriber } from "../../test/fakeCore";
import { openApp } from "../../test/render";

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

describe("customer page", () => {
  it("shows contact details, notes as plain text, and orders newest first as given", async () => {
    const core = new FakeCore();
    const notes = 'Cliente VIP\n<img src=x onerror=alert(1)>\n<b>no negrita</b>';
    const ana = customer({ name: "Ana Ruiz", phone: "+34612345678", email: "ana@example.com", preferred_channel: "whatsapp", notes });
    core.customers = [ana];
    core.orders = [
      order({
        customer_id: ana.id,
        number: "M00002",
        placed_on: "2024-06-02",
        status: "shipped",
        carrier: "Correos",
        tracking_code: "PK123",
        total_minor: 2500,
        lines: [{ product: "Sandalia", sku: "SAN-38", quantity: 2, unit_price_minor: 1250 }],
      }),
      order({ customer_id: ana.id, number: "M00001", placed_on: "2024-01-15", status: "delivered", delivered_on: "2024-01-18", total_minor: 4999 }),
    ];
    await openApp(`#/customers/${ana.id}`);

    const page = await screen.findByTestId("customer-page");
    expect(screen.getByTestId("customer-name").textContent).toBe("Ana Ruiz");
    expect(screen.getByTestId("customer-phone").textContent, "the stored E.164 number, exactly").toBe("+34612345678");
    expect(page.textContent).toContain("WhatsApp");

    const shown = screen.getByTestId("customer-notes");
    expect(shown.textContent, "notes are shown literally, line breaks included").toBe(notes);
    expect(page.querySelector("img"), "markup in notes must never become an element").toBeNull();
    expect(page.querySelector("b")).toBeNull();

    const rows = screen.getAllByTestId("order-row");
    expect(rows.map((r) => within(r).getByTestId("order-number").textContent), "the core's order (newest first) is kept").toEqual([
      "M00002",
      "M00001",
    ]);
    const newest = rows[0]!;
    expect(plain(within(newest).getByTestId("order-total").textContent)).toBe("25,00 €");
    expect(newest.textContent).toContain("Enviado");
    expect(newest.textContent).toContain("Correos · PK123");
    expect(newest.textContent).toContain("2 jun 2024");
    expect(within(newest).getByText("Sandalia")).toBeTruthy();
    expect(within(newest).getByText("SAN-38")).toBeTruthy();
    expect(plain(rows[1]!.textContent)).toContain("18 ene 2024");
  });

  it("warns about other customers with the same contact details", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz", phone: "+34612345678" });
    const twin = customer({ name: "Ana R.", phone: "+34612345678" });
    core.customers = [ana, twin];
    await openApp(`#/customers/${ana.id}`);
    const warning = await screen.findByTestId("duplicate-warning");
    expect(warning.textContent).toContain("Posible duplicado: Ana R. (mismo teléfono)");
    expect(within(warning).getByRole("link").getAttribute("href")).toBe(`#/customers/${twin.id}`);
  });

  it("adds and removes tags for segments, showing them as text", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    const { user } = await openApp(`#/customers/${ana.id}`);
    await user.type(await screen.findByTestId("customer-tag-input"), "VIP");
    await user.click(screen.getByTestId("customer-tag-add"));
    await user.type(screen.getByTestId("customer-tag-input"), "<b>mayorista</b>{enter}");
    const chips = await screen.findAllByTestId("customer-tag");
    expect(chips.map((c) => c.textContent?.replace("×", ""))).toEqual(["<b>mayorista</b>", "VIP"]);
    expect(screen.getByTestId("customer-tags").querySelector("b"), "a tag is never markup").toBeNull();
    expect(core.customerTags.get(ana.id)).toEqual(["<b>mayorista</b>", "VIP"]);

    await user.click(screen.getByRole("button", { name: "Quitar la etiqueta VIP" }));
    expect((await screen.findAllByTestId("customer-tag")).length).toBe(1);
    expect(core.customerTags.get(ana.id)).toEqual(["<b>mayorista</b>"]);
  });

  it("lists the newsletters they are on with the consent record, as text", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz", email: "Ana@Example.com" });
    core.customers = [ana];
    core.lists = [list({ id: 1, name: "Novedades" }), list({ id: 2, name: "Rebajas" })];
    core.subscribers = [
      subscriber({ list_id: 1, email: "ana@example.com", consent_method: "in_store", consent_text: "<b>Sí</b>, quiero novedades" }),
      subscriber({ list_id: 2, email: "ana@example.com", status: "unsubscribed", suppressed: "unsubscribed" }),
      subscriber({ list_id: 1, email: "otra@example.com" }),
    ];
    await openApp(`#/customers/${ana.id}`);
    const rows = await screen.findAllByTestId("customer-subscription");
    expect(rows.map((r) => r.querySelector("a")?.textContent)).toEqual(["Novedades", "Rebajas"]);
    expect(rows[0]!.textContent).toContain("En la tienda");
    expect(rows[0]!.textContent).toContain("«<b>Sí</b>, quiero novedades»");
    expect(rows[0]!.querySelector("b"), "consent text is never markup").toBeNull();
    expect(within(rows[1]!).getByTestId("customer-subscription-blocked")).toBeTruthy();
  });

  it("says so when the customer does not exist", async () => {
    const core = new FakeCore();
    core.failures.set("customer_page", failure("customer_not_found"));
    await openApp("#/customers/999");
    expect((await screen.findByTestId("error-banner")).textContent).toContain("Este cliente ya no existe");
  });
});
