import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { customer, FakeCore, invalid } from "../../test/fakeCore";
import { openApp } from "../../test/render";

describe("customer form", () => {
  it("shows the translated field error under the email field when the core refuses it", async () => {
    const core = new FakeCore();
    core.failures.set("customer_create", invalid(["email", "email_malformed"]));
    const { user, container } = await openApp("#/customers/new");
    await user.type(container.querySelector<HTMLInputElement>('input[name="name"]')!, "Ana Ruiz");
    await user.type(container.querySelector<HTMLInputElement>('input[name="email"]')!, "ana@");
    await user.click(screen.getByTestId("customer-save"));

    const error = await screen.findByTestId("error-email");
    expect(error.textContent, "the code is shown as a sentence in the user's language").toBe(
      "El email no es válido. Escríbelo como nombre@ejemplo.com.",
    );
    const email = container.querySelector<HTMLInputElement>('input[name="email"]')!;
    expect(error.closest(".field")?.contains(email), "the message sits with the email input").toBe(true);
    expect(email.getAttribute("aria-describedby"), "screen readers read the message with the input").toBe(error.id);
    expect(screen.queryByTestId("error-name"), "only the refused field is marked").toBeNull();
    expect(window.location.hash, "a refused save stays on the form").toBe("#/customers/new");
  });

  it("sends what was typed and opens the new customer's page", async () => {
    const core = new FakeCore();
    const { user, container } = await openApp("#/customers/new");
    await user.type(container.querySelector<HTMLInputElement>('input[name="name"]')!, "Ana Ruiz");
    await user.type(container.querySelector<HTMLInputElement>('input[name="phone"]')!, "612 345 678");
    await user.selectOptions(container.querySelector<HTMLSelectElement>('select[name="preferred_channel"]')!, "whatsapp");
    await user.selectOptions(container.querySelector<HTMLSelectElement>('select[name="language"]')!, "es");
    await user.type(container.querySelector<HTMLTextAreaElement>('textarea[name="notes"]')!, "Talla 38{Enter}Prefiere tardes");
    // Enter in a text input submits the form.
    await user.type(container.querySelector<HTMLInputElement>('input[name="name"]')!, "{Enter}");

    await waitFor(() => expect(core.callsTo("customer_create")).toHaveLength(1));
    expect(core.callsTo("customer_create")[0]?.args.input).toEqual({
      name: "Ana Ruiz",
      email: null,
      phone: "612 345 678",
      preferred_channel: "whatsapp",
      language: "es",
      notes: "Talla 38\nPrefiere tardes",
    });
    expect(await screen.findByTestId("customer-page")).toBeTruthy();
    expect(screen.getByTestId("customer-name").textContent).toBe("Ana Ruiz");
  });

  it("warns about a possible duplicate while the email is typed", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz", email: "ana@example.com" });
    core.customers = [ana];
    const { user, container } = await openApp("#/customers/new");
    await user.type(container.querySelector<HTMLInputElement>('input[name="email"]')!, "ANA@example.com");

    const warning = await screen.findByTestId("duplicate-warning");
    expect(warning.textContent).toContain("Posible duplicado: Ana Ruiz (mismo email)");
    expect(screen.getByRole("link", { name: "Ana Ruiz" }).getAttribute("href")).toBe(`#/customers/${ana.id}`);
  });

  it("edits an existing customer and cancel goes back to their page", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz", email: "ana@example.com", preferred_channel: "email" });
    core.customers = [ana];
    const { user, container } = await openApp(`#/customers/${ana.id}/edit`);
    const name = await waitFor(() => {
      const input = container.querySelector<HTMLInputElement>('input[name="name"]');
      expect(input?.value, "the form is filled with the stored details").toBe("Ana Ruiz");
      return input!;
    });
    expect(container.querySelector<HTMLSelectElement>('select[name="preferred_channel"]')!.value).toBe("email");
    await user.clear(name);
    await user.type(name, "Ana Ruiz Gil");
    await user.click(screen.getByTestId("customer-save"));
    await waitFor(() => expect(core.callsTo("customer_update")).toHaveLength(1));
    expect(core.callsTo("customer_update")[0]?.args.id).toBe(ana.id);
    expect(await screen.findByTestId("customer-page")).toBeTruthy();

    await user.click(screen.getByTestId("customer-edit"));
    await user.click(await screen.findByRole("button", { name: "Cancelar" }));
    await waitFor(() => expect(window.location.hash).toBe(`#/customers/${ana.id}`));
  });
});
