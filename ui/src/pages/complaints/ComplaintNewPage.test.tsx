import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { customer, FakeCore, order } from "../../test/fakeCore";
import { openApp } from "../../test/render";

function ana() {
  return customer({ id: 1, name: "Ana Ruiz", phone: "+34600111222", email: "ana@example.com", preferred_channel: "whatsapp" });
}

function core() {
  const fake = new FakeCore();
  fake.customers = [ana(), customer({ id: 2, name: "Luis Gil", phone: "+34611999888" })];
  fake.orders = [
    order({ id: 10, customer_id: 1, number: "M00010", placed_on: "2026-03-01", total_minor: 2500 }),
    order({ id: 11, customer_id: 1, number: "M00011", placed_on: "2026-04-02", total_minor: 4000 }),
  ];
  return fake;
}

const draftState = (fake: FakeCore) => JSON.parse(fake.drafts.get("complaint")?.body ?? "null") as Record<string, unknown> | null;

describe("new complaint", () => {
  it("finds the customer by a phone fragment, picks with the keyboard and saves with Enter", async () => {
    const fake = core();
    const { user } = await openApp("#/complaints/new");
    const lookup = await screen.findByTestId("complaint-customer-query");
    expect(document.activeElement, "the lookup has the focus: the owner types at once").toBe(lookup);

    await user.keyboard("600 11");
    const options = await screen.findAllByTestId("complaint-customer-option");
    expect(options, "a phone fragment typed with spaces finds the customer").toHaveLength(1);
    expect(options[0]!.textContent).toContain("Ana Ruiz");
    expect(options[0]!.textContent).toContain("+34600111222");
    expect(fake.callsTo("customers_suggest").at(-1)?.args).toEqual({ query: "600 11" });
    expect(lookup.getAttribute("aria-expanded")).toBe("true");

    await user.keyboard("{ArrowDown}");
    expect(lookup.getAttribute("aria-activedescendant"), "the highlight is announced").toBe(options[0]!.id);
    await user.keyboard("{Enter}");
    expect((await screen.findByTestId("complaint-customer-chosen")).textContent).toContain("Ana Ruiz");
    const orderSelect = screen.getByTestId("complaint-order") as HTMLSelectElement;
    await waitFor(() => expect(document.activeElement, "after the pick the focus moves on to the order").toBe(orderSelect));
    await waitFor(() => expect(orderSelect.options).toHaveLength(3));
    expect([...orderSelect.options].map((o) => o.value), "no order first, then newest first").toEqual(["", "11", "10"]);
    expect(orderSelect.value, "no order by default").toBe("");
    await waitFor(() =>
      expect((screen.getByTestId("complaint-reply-channel") as HTMLSelectElement).value, "the customer's preferred channel").toBe("whatsapp"),
    );

    await user.selectOptions(orderSelect, "11");
    await user.selectOptions(screen.getByTestId("complaint-severity"), "high");
    await user.click(screen.getByTestId("complaint-description"));
    await user.keyboard("Llegó roto{Enter}y sin caja");
    expect((screen.getByTestId("complaint-description") as HTMLTextAreaElement).value, "Enter in the description is a new line").toBe(
      "Llegó roto\ny sin caja",
    );
    expect(fake.callsTo("complaint_open"), "Enter in the description does not save").toHaveLength(0);

    screen.getByTestId("complaint-severity").focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/complaints\/\d+$/));
    expect(fake.callsTo("complaint_open")[0]?.args).toEqual({
      input: {
        customer_id: 1,
        order_id: 11,
        category_id: 1,
        severity: "high",
        channel: "phone",
        reply_channel: "whatsapp",
        description: "Llegó roto\ny sin caja",
      },
    });
    const commands = fake.calls.map((c) => c.cmd);
    expect(commands.lastIndexOf("draft_discard"), "the draft goes once the complaint is saved").toBeGreaterThan(commands.indexOf("complaint_open"));
    expect(fake.drafts.has("complaint")).toBe(false);
    const id = fake.complaints[0]!.summary.id;
    expect(window.location.hash).toBe(`#/complaints/${id}`);
    expect(await screen.findByRole("heading", { level: 1, name: new RegExp(`Reclamación #${id}`) })).toBeTruthy();
  });

  it("creates the customer in place when nothing matches a typed phone", async () => {
    const fake = core();
    const { user } = await openApp("#/complaints/new");
    await screen.findByTestId("complaint-customer-query");
    await user.keyboard("699 888 777");
    const create = await screen.findByTestId("complaint-customer-create");
    expect(screen.queryAllByTestId("complaint-customer-option"), "nobody has that phone").toHaveLength(0);
    expect(create.textContent).toBe("Crear cliente «699 888 777»");
    await user.keyboard("{Enter}");

    const name = await screen.findByTestId("complaint-new-customer-name");
    expect(document.activeElement, "the phone is filled in: the name is asked for").toBe(name);
    expect((screen.getByTestId("complaint-new-customer-phone") as HTMLInputElement).value).toBe("699 888 777");

    await user.keyboard("{Enter}");
    expect((await screen.findByTestId("error-new-customer-name")).textContent, "the core's refusal is shown on the field").toBe(
      "Este campo es obligatorio.",
    );
    await user.keyboard("Marta Pérez{Enter}");
    await waitFor(() => expect(fake.callsTo("customer_create")).toHaveLength(2));
    expect(fake.callsTo("customer_create")[1]?.args).toEqual({
      input: { name: "Marta Pérez", email: null, phone: "699 888 777", preferred_channel: null, language: null, notes: "" },
    });
    expect((await screen.findByTestId("complaint-customer-chosen")).textContent).toContain("Marta Pérez");
    expect(fake.callsTo("complaint_open"), "creating the customer does not save the complaint").toHaveLength(0);
  });

  it("fills the name when the typed text is not a phone", async () => {
    new FakeCore();
    const { user } = await openApp("#/complaints/new");
    await screen.findByTestId("complaint-customer-query");
    await user.keyboard("Rosa Luna");
    await screen.findByTestId("complaint-customer-create");
    await user.keyboard("{ArrowDown}{Enter}");
    expect(((await screen.findByTestId("complaint-new-customer-name")) as HTMLInputElement).value).toBe("Rosa Luna");
    expect(document.activeElement, "the phone is what is missing").toBe(screen.getByTestId("complaint-new-customer-phone"));
  });

  it("saves a draft as it is typed, and restores it when the form opens again", async () => {
    const fake = core();
    const { user, unmount } = await openApp("#/complaints/new");
    await screen.findByTestId("complaint-customer-query");
    await user.click(screen.getByTestId("complaint-description"));
    await user.keyboard("No funciona la cremallera");
    await waitFor(() => expect(draftState(fake)?.description, "the draft follows the typing").toBe("No funciona la cremallera"));
    expect(fake.callsTo("draft_save").every((c) => c.args.name === "complaint")).toBe(true);
    unmount();

    window.location.hash = "";
    const again = await openApp("#/customers");
    const banner = await screen.findByTestId("draft-banner");
    expect(banner.textContent, "any page offers the unsaved complaint").toContain("Hay una reclamación sin guardar de");
    await again.user.click(within(banner).getByTestId("draft-banner-open"));
    expect(await screen.findByTestId("complaint-draft-restored")).toBeTruthy();
    expect((screen.getByTestId("complaint-description") as HTMLTextAreaElement).value).toBe("No funciona la cremallera");
    expect(screen.queryByTestId("draft-banner"), "no banner on the form itself").toBeNull();

    await again.user.click(screen.getByTestId("complaint-draft-discard"));
    await waitFor(() => expect(fake.drafts.has("complaint"), "discarding deletes the draft").toBe(false));
    expect((screen.getByTestId("complaint-description") as HTMLTextAreaElement).value).toBe("");
    expect(screen.queryByTestId("complaint-draft-restored")).toBeNull();
  });

  it("restores a chosen customer and order from the draft", async () => {
    const fake = core();
    fake.drafts.set("complaint", {
      saved_at: fake.now,
      body: JSON.stringify({
        query: "600",
        customer: { id: 1, name: "Ana Ruiz", phone: "+34600111222", email: null },
        creating: null,
        order_id: 10,
        category_id: 3,
        severity: "urgent",
        channel: "email",
        reply_channel: "email",
        description: "Talla equivocada",
      }),
    });
    await openApp("#/complaints/new");
    expect((await screen.findByTestId("complaint-customer-chosen")).textContent).toContain("Ana Ruiz");
    await waitFor(() => expect((screen.getByTestId("complaint-order") as HTMLSelectElement).value).toBe("10"));
    expect((screen.getByTestId("complaint-category") as HTMLSelectElement).value).toBe("3");
    expect((screen.getByTestId("complaint-severity") as HTMLSelectElement).value).toBe("urgent");
    expect((screen.getByTestId("complaint-channel") as HTMLSelectElement).value).toBe("email");
    expect((screen.getByTestId("complaint-reply-channel") as HTMLSelectElement).value, "the draft's choice, not the customer's default").toBe("email");
  });

  it("asks before discarding what was typed when Esc is pressed", async () => {
    const fake = core();
    const { user } = await openApp("#/complaints/new");
    await screen.findByTestId("complaint-customer-query");
    await user.click(screen.getByTestId("complaint-description"));
    await user.keyboard("Algo");
    await user.keyboard("{Escape}");
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog.textContent).toContain("¿Descartar esta reclamación?");
    await user.click(within(dialog).getByTestId("confirm-cancel"));
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
    expect(window.location.hash, "cancelling stays on the form").toBe("#/complaints/new");

    await user.keyboard("{Escape}");
    await user.click(await screen.findByTestId("complaint-discard-confirm"));
    await waitFor(() => expect(window.location.hash).toBe("#/complaints"));
    expect(fake.drafts.has("complaint"), "confirming discards the draft").toBe(false);
  });

  it("leaves at once on Esc when nothing was typed", async () => {
    core();
    const { user } = await openApp("#/complaints/new");
    await screen.findByTestId("complaint-customer-query");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(window.location.hash).toBe("#/complaints"));
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
  });

  it("opens from anywhere with Ctrl+N, and from a customer's page with that customer chosen", async () => {
    const fake = core();
    const { user } = await openApp("#/customers");
    expect(screen.getByTestId("nav-complaints").getAttribute("title"), "the sidebar shows the shortcut").toBe("Nueva reclamación (Ctrl+N)");
    await user.keyboard("{Control>}n{/Control}");
    expect(await screen.findByRole("heading", { level: 1, name: "Nueva reclamación" })).toBeTruthy();
    expect(window.location.hash).toBe("#/complaints/new");

    window.location.hash = "#/customers/1";
    const section = await screen.findByTestId("customer-complaints");
    await user.click(within(section).getByTestId("complaint-new-button"));
    expect((await screen.findByTestId("complaint-customer-chosen")).textContent).toContain("Ana Ruiz");
    expect(fake.drafts.size, "nothing typed, nothing saved").toBe(0);
  });

  it("says which field the core refused", async () => {
    core();
    const { user } = await openApp("#/complaints/new");
    await screen.findByTestId("complaint-customer-query");
    await user.click(screen.getByTestId("complaint-save"));
    expect((await screen.findByTestId("error-customer_id")).textContent).toBe("Busca y elige al cliente, o créalo desde la búsqueda.");

    await user.click(screen.getByTestId("complaint-customer-query"));
    await user.keyboard("Ana");
    await screen.findByTestId("complaint-customer-option");
    await user.keyboard("{Enter}");
    await screen.findByTestId("complaint-customer-chosen");
    await user.click(screen.getByTestId("complaint-save"));
    expect((await screen.findByTestId("error-description")).textContent).toBe("Escribe lo que cuenta el cliente.");
  });
});
