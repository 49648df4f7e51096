import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { failure, FakeCore, mailSettings } from "../../test/fakeCore";
import { openApp } from "../../test/render";

describe("email settings", () => {
  it("saves the relay without ever showing the password, and shows the test reply", async () => {
    const core = new FakeCore();
    const { user, container } = await openApp("#/settings/email");
    const field = (name: string) => container.querySelector<HTMLInputElement & HTMLSelectElement>(`[name="${name}"]`)!;
    await screen.findByTestId("mail-settings");
    expect(screen.getByTestId("mail-outbox-note").textContent, "without a relay the owner learns where messages go").toContain(
      core.outboxDir,
    );

    await user.type(field("host"), "smtp.luna.es");
    await user.selectOptions(field("security"), "tls");
    expect(field("port").value, "switching to TLS follows its usual port").toBe("465");
    await user.type(field("username"), "tienda");
    await user.type(field("password"), "s3creto");
    expect(field("password").type, "the password is typed into a password field").toBe("password");
    await user.type(field("from_name"), "Zapatería Luna");
    await user.type(field("from_address"), "hola@luna.es");
    await user.clear(field("per_second"));
    await user.type(field("per_second"), "2,5");
    await user.click(screen.getByTestId("mail-save"));

    await waitFor(() => expect(core.callsTo("mail_settings_save")).toHaveLength(1));
    const args = core.callsTo("mail_settings_save")[0]?.args;
    expect(args?.settings).toEqual(
      mailSettings({
        host: "smtp.luna.es",
        port: 465,
        security: "tls",
        username: "tienda",
        from_name: "Zapatería Luna",
        from_address: "hola@luna.es",
        per_second: 2.5,
      }),
    );
    expect(args?.password, "the typed password goes to the keychain").toBe("s3creto");
    expect((await screen.findByTestId("mail-saved")).textContent).toBe("Ajustes de correo guardados.");
    expect(field("password").value, "the password is never shown back").toBe("");
    expect(screen.getByTestId("mail-password-saved").textContent).toContain("llavero del sistema");
    expect(screen.queryByTestId("mail-outbox-note"), "with a relay the outbox note goes away").toBeNull();

    core.sendOutcome = { ok: false, outcome: "permanent", code: 550, reply: "550 5.1.1 <nadie@luna.es>: Recipient address rejected" };
    await user.type(screen.getByTestId("mail-test-to"), "nadie@luna.es");
    await user.click(screen.getByTestId("mail-test-send"));
    const result = await screen.findByTestId("mail-test-result");
    expect(core.callsTo("mail_send_test")[0]?.args).toEqual({ to: "nadie@luna.es" });
    expect(result.textContent, "a refusal is said in plain words with the server's exact reply").toBe(
      "El servidor ha rechazado el mensaje (código 550).Respuesta del servidor: 550 5.1.1 <nadie@luna.es>: Recipient address rejected",
    );
  });

  it("keeps the stored password when the field is left empty, and reports a relay that refuses the login", async () => {
    const core = new FakeCore();
    core.mail = mailSettings({ host: "smtp.luna.es", from_address: "hola@luna.es" });
    core.hasPassword = true;
    const { user } = await openApp("#/settings/email");
    await user.click(await screen.findByTestId("mail-save"));
    await waitFor(() => expect(core.callsTo("mail_settings_save")).toHaveLength(1));
    expect(core.callsTo("mail_settings_save")[0]?.args.password, "null keeps the stored password").toBeNull();

    core.failures.set("mail_send_test", failure("auth_failed"));
    await user.type(screen.getByTestId("mail-test-to"), "ana@example.com");
    await user.click(screen.getByTestId("mail-test-send"));
    expect((await screen.findByTestId("mail-test-result")).textContent).toContain("no ha aceptado el usuario o la contraseña");
  });

  it("says where a test message went without a relay, and names a refused login from the test report", async () => {
    const core = new FakeCore();
    core.sendOutcome = { ok: true, outcome: "saved", code: null, reply: "/home/luna/outbox/0001.eml" };
    const { user } = await openApp("#/settings/email");
    await user.click(await screen.findByTestId("mail-open-outbox"));
    await waitFor(() => expect(core.callsTo("mail_open_outbox")).toHaveLength(1));
    await user.type(screen.getByTestId("mail-test-to"), "ana@example.com");
    await user.click(screen.getByTestId("mail-test-send"));
    expect((await screen.findByTestId("mail-test-result")).textContent).toBe(
      "Sin servidor de correo: el mensaje de prueba se ha guardado en la carpeta de salida.Archivo: /home/luna/outbox/0001.eml",
    );

    // The shell's report also names the outcome; a refused login has no SMTP code to go by.
    core.sendOutcome = { ok: false, code: null, reply: "535 5.7.8 authentication failed", outcome: "auth_failed" };
    await user.click(screen.getByTestId("mail-test-send"));
    await waitFor(() => expect(screen.getByTestId("mail-test-result").textContent).toContain("no ha aceptado el usuario o la contraseña"));
    expect(screen.getByTestId("mail-test-result").textContent).toContain("535 5.7.8 authentication failed");

    core.failures.set("mail_send_test", { code: "header_invalid", message: "bad", fields: [{ field: "to_address", code: "header_invalid" }] });
    await user.click(screen.getByTestId("mail-test-send"));
    expect((await screen.findByTestId("error-test_to")).textContent, "a bad address is said on its field").toBe(
      "El email no es válido. Escríbelo como nombre@ejemplo.com.",
    );
  });

  it("marks an unreadable port on its field without calling the core", async () => {
    const core = new FakeCore();
    const { user, container } = await openApp("#/settings/email");
    const port = (await screen.findByTestId("mail-settings")).querySelector<HTMLInputElement>('[name="port"]')!;
    await user.clear(port);
    await user.type(port, "abc");
    await user.click(screen.getByTestId("mail-save"));
    expect((await screen.findByTestId("error-port")).textContent).toBe("Escribe un puerto entre 1 y 65535 (normalmente 587 o 465).");
    expect(core.callsTo("mail_settings_save")).toHaveLength(0);
    expect(container.querySelector('[name="port"]')?.getAttribute("aria-invalid")).toBe("true");
  });
});
