import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeCore, failure, invalid, list, subscriber, subscriberImportReport } from "../../test/fakeCore";
import { openApp } from "../../test/render";

describe("newsletter lists", () => {
  it("is reached from the sidebar, no longer marked as coming soon", async () => {
    new FakeCore();
    const { user } = await openApp();
    const link = screen.getByTestId("nav-newsletters");
    expect(within(link).queryByTestId("coming-soon"), "newsletters are built").toBeNull();
    await user.click(link);
    await user.click(await screen.findByTestId("newsletters-tab-lists"));
    expect(await screen.findByTestId("list-new")).toBeTruthy();
    expect(screen.getByTestId("nav-newsletters").getAttribute("aria-current")).toBe("page");
  });

  it("creates a list, and shows a taken name on the name field", async () => {
    const core = new FakeCore();
    core.lists = [list({ id: 1, name: "Novedades", subscribed: 12, pending: 3, gone: 1, double_opt_in: true })];
    const { user } = await openApp("#/newsletters/lists");
    const row = await screen.findByTestId("list-row");
    expect(row.textContent, "each list shows its counts and double opt-in").toContain("Novedades");
    expect(row.textContent).toContain("12");
    expect(row.textContent).toContain("Sí");

    await user.click(screen.getByTestId("list-new"));
    await user.type(screen.getByTestId("list-name"), "novedades");
    await user.click(screen.getByTestId("list-double-opt-in"));
    await user.click(screen.getByTestId("list-save"));
    expect((await screen.findByTestId("error-name")).textContent).toBe("Ya hay una lista con este nombre. Elige otro.");
    expect(screen.getByTestId("list-name").getAttribute("aria-invalid"), "the refused field is marked").toBe("true");
    expect(core.lists, "nothing was created").toHaveLength(1);

    await user.clear(screen.getByTestId("list-name"));
    await user.type(screen.getByTestId("list-name"), "Clientes VIP");
    await user.click(screen.getByTestId("list-save"));
    await waitFor(() => expect(core.lists).toHaveLength(2));
    const sent = core.callsTo("list_create").at(-1)?.args.input as Record<string, unknown>;
    expect(sent.name).toBe("Clientes VIP");
    expect(sent.double_opt_in).toBe(true);
    expect(String(sent.consent_text), "a consent text is offered by default").toContain("Quiero recibir");
    expect(await screen.findByTestId("list-title"), "a new list opens, ready for subscribers").toBeTruthy();
    expect(screen.getByTestId("list-title").textContent).toBe("Clientes VIP");
  });

  it("shows a hostile subscriber name as text, with status, consent and suppression", async () => {
    const core = new FakeCore();
    core.lists = [list({ id: 1, name: "Novedades" })];
    core.subscribers = [
      subscriber({ list_id: 1, email: "eva@example.com", name: "<img src=x onerror=alert(1)>", status: "bounced", suppressed: "bounced" }),
    ];
    const { container } = await openApp("#/newsletters/lists/1");
    const row = await screen.findByTestId("subscriber-row");
    expect(row.textContent, "the name is shown literally").toContain("<img src=x onerror=alert(1)>");
    expect(container.querySelector("img"), "no element was made from customer text").toBeNull();
    expect(row.textContent).toContain("Rebotado");
    expect(within(row).getByTestId("subscriber-suppressed").textContent).toBe("Bloqueado: Rebote permanente");
    expect(row.textContent).toContain("En la tienda");
  });

  it("adds a subscriber by hand, confirms a pending one and asks before unsubscribing", async () => {
    const core = new FakeCore();
    core.lists = [list({ id: 1, name: "Novedades" })];
    core.subscribers = [subscriber({ id: 5, list_id: 1, email: "pendiente@example.com", status: "pending" })];
    const { user } = await openApp("#/newsletters/lists/1");
    await user.click(await screen.findByTestId("subscriber-confirm"));
    await waitFor(() => expect(core.callsTo("subscriber_confirm")[0]?.args).toEqual({ id: 5 }));

    await user.click(await screen.findByTestId("subscriber-unsubscribe"));
    expect(core.callsTo("subscriber_unsubscribe"), "nothing happens before the owner confirms").toHaveLength(0);
    await user.click(screen.getByTestId("subscriber-unsubscribe-confirm"));
    await waitFor(() => expect(core.callsTo("subscriber_unsubscribe")).toHaveLength(1));

    await user.click(screen.getByTestId("subscriber-new"));
    await user.type(screen.getByTestId("subscriber-email"), "ana@example.com");
    await user.type(screen.getByTestId("subscriber-name"), "Ana Ruiz");
    await user.selectOptions(screen.getByTestId("subscriber-consent"), "form");
    await user.click(screen.getByTestId("subscriber-save"));
    expect((await screen.findByTestId("subscriber-added")).textContent).toBe("ana@example.com añadido a la lista.");
    expect(core.callsTo("subscriber_add")[0]?.args).toEqual({
      listId: 1,
      input: { email: "ana@example.com", name: "Ana Ruiz", consent_method: "form" },
    });
    expect(screen.getAllByTestId("subscriber-row").map((r) => r.textContent)).toEqual(
      expect.arrayContaining([expect.stringContaining("ana@example.com")]),
    );

    core.failures.set("subscriber_add", invalid(["email", "already_subscribed"]));
    await user.type(screen.getByTestId("subscriber-email"), "ana@example.com");
    await user.click(screen.getByTestId("subscriber-save"));
    expect((await screen.findByTestId("error-email")).textContent).toBe("Esta dirección ya está en la lista.");
  });

  it("imports a CSV: a dry run with row problems by row number, then the import and its result", async () => {
    const core = new FakeCore();
    core.lists = [list({ id: 1, name: "Novedades" })];
    core.pickedFile = "/home/luna/suscriptores.csv";
    core.subscriberImport = subscriberImportReport({
      rows: 5,
      added: 3,
      already_present: 1,
      suppressed: 1,
      problems: [{ row: 4, column: "Correo", field: "email", code: "email_malformed", value: "ana@@example" }],
      problem_count: 1,
    });
    const { user } = await openApp("#/newsletters/lists/1");
    await user.click(await screen.findByTestId("subscribers-import"));

    const problem = await screen.findByTestId("subscribers-import-problem");
    expect(core.callsTo("subscribers_import")[0]?.args, "first a dry run").toEqual({
      listId: 1,
      path: "/home/luna/suscriptores.csv",
      commit: false,
    });
    expect(problem.textContent, "the problem names its spreadsheet row, column and value").toBe(
      "Fila 4CorreoEl email no es válido. Escríbelo como nombre@ejemplo.com.ana@@example",
    );
    expect(screen.getByTestId("subscribers-import-summary").textContent).toBe(
      "Si importas: 3 se añadirán, 1 ya estaban, 1 están bloqueados y no recibirán mensajes.",
    );

    await user.click(screen.getByTestId("subscribers-import-confirm"));
    expect((await screen.findByTestId("subscribers-import-result")).textContent).toBe(
      "Importación terminada: 3 añadidos, 1 ya estaban, 1 bloqueados.",
    );
    expect(core.callsTo("subscribers_import")[1]?.args.commit, "then the real import").toBe(true);
  });

  it("says what is wrong with a file that has no email column", async () => {
    const core = new FakeCore();
    core.lists = [list({ id: 1, name: "Novedades" })];
    core.failures.set("subscribers_import", invalid(["file", "email_column_missing"]));
    const { user } = await openApp("#/newsletters/lists/1");
    await user.click(await screen.findByTestId("subscribers-import"));
    expect((await screen.findByTestId("subscribers-import-error")).textContent).toContain("no tiene una columna de email");
    expect(screen.queryByTestId("subscribers-import-confirm"), "nothing to confirm").toBeNull();
  });

  it("keeps the global suppression list: search, add by hand, remove after confirming", async () => {
    const core = new FakeCore();
    core.suppressions = [
      { email: "rebote@example.com", reason: "bounced", detail: "550 5.1.1 no such user", created_at: 1_700_000_000_000 },
    ];
    const { user } = await openApp("#/newsletters/suppressions");
    const row = await screen.findByTestId("suppression-row");
    expect(row.textContent, "the reason and the server's words are shown").toContain("Rebote permanente");
    expect(row.textContent).toContain("550 5.1.1 no such user");

    await user.type(screen.getByTestId("suppression-email"), "baja@example.com");
    await user.click(screen.getByTestId("suppression-add"));
    await waitFor(() => expect(screen.getAllByTestId("suppression-row")).toHaveLength(2));

    await user.click(within(screen.getAllByTestId("suppression-row")[1]!).getByTestId("suppression-remove"));
    expect(screen.getByRole("dialog").textContent).toContain("rebote@example.com");
    await user.click(screen.getByTestId("suppression-remove-confirm"));
    await waitFor(() => expect(core.callsTo("suppression_remove")[0]?.args).toEqual({ email: "rebote@example.com" }));
    await waitFor(() => expect(screen.getAllByTestId("suppression-row")).toHaveLength(1));

    core.failures.set("suppression_add", failure("database"));
    await user.type(screen.getByTestId("suppression-email"), "x@example.com");
    await user.click(screen.getByTestId("suppression-add"));
    expect(await screen.findByTestId("error-banner")).toBeTruthy();
  });
});
