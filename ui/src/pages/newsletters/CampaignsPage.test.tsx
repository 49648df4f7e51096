import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Audience } from "../../lib/ipc";
import { campaign, FakeCore, invalid, list } from "../../test/fakeCore";
import { openApp } from "../../test/render";

const counts = (overrides: Partial<ReturnType<typeof campaign>["counts"]> = {}) => ({
  total: 100,
  remaining: 100,
  sent: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
  ...overrides,
});

describe("campaigns", () => {
  it("writes a campaign, saves it, and sends it after a confirmation that names the recipient count", async () => {
    const core = new FakeCore();
    core.lists = [list({ id: 7, name: "Novedades", subscribed: 40 })];
    core.countAudience = (audience) => ({ recipients: audience.list_id === 7 ? 38 : 120, suppressed: 2 });
    const { user } = await openApp("#/newsletters");
    await user.click(await screen.findByTestId("campaign-new"));

    await user.type(await screen.findByTestId("campaign-name"), "Rebajas");
    await user.type(screen.getByTestId("campaign-subject"), "Rebajas de verano");
    await user.type(screen.getByTestId("campaign-body"), "Hola {{{{ first_name }}");
    expect(screen.getByTestId("placeholders").textContent, "the placeholders are listed as help").toContain("{{ unsubscribe_url }}");
    await screen.findByRole("option", { name: "Lista «Novedades» (40 suscritos)" });
    await user.selectOptions(screen.getByTestId("campaign-list"), "7");
    await waitFor(() =>
      expect(screen.getByTestId("audience-count").textContent).toBe("Destinatarios: 38. Bloqueados que se saltarán: 2."),
    );

    await user.click(screen.getByTestId("campaign-save"));
    await waitFor(() => expect(core.campaigns).toHaveLength(1));
    const saved = core.campaigns[0]!;
    expect(saved.body_md).toBe("Hola {{ first_name }}");
    expect(saved.audience).toEqual({ list_id: 7, rules: [] });
    await waitFor(() => expect(window.location.hash).toBe(`#/newsletters/campaigns/${saved.id}`));

    await user.click(await screen.findByTestId("campaign-send"));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent, "the owner sees how many people will get it").toContain(
      "«Rebajas» se enviará a 38 destinatarios. Bloqueados que se saltarán: 2.",
    );
    expect(core.callsTo("campaign_start"), "nothing is sent before confirming").toHaveLength(0);
    await user.click(within(dialog).getByTestId("campaign-send-confirm"));
    await waitFor(() => expect(core.callsTo("campaign_start")).toHaveLength(1));
    expect(await screen.findByTestId("campaign-progress")).toBeTruthy();
    expect(screen.getByTestId("campaign-status").textContent).toBe("Enviando");
  });

  it("shows refused fields on the form", async () => {
    const core = new FakeCore();
    core.failures.set("campaign_create", invalid(["subject", "text_invalid"], ["audience.rules.0", "days_invalid"]));
    const { user } = await openApp("#/newsletters/campaigns/new");
    await user.type(await screen.findByTestId("campaign-name"), "Rebajas");
    await user.click(screen.getByTestId("rule-add"));
    await user.click(screen.getByTestId("campaign-save"));
    expect((await screen.findByTestId("error-subject")).textContent).toBe("El texto contiene caracteres no permitidos. Quítalos.");
    expect(screen.getByTestId("rule-error").textContent).toBe("Escribe un número de días entre 1 y 36.500.");
    expect(core.campaigns).toHaveLength(0);
  });

  it("updates the live recipient count as rules change", async () => {
    const core = new FakeCore();
    core.tags = ["vip", "mayorista"];
    const asked: Audience[] = [];
    core.countAudience = (audience) => {
      asked.push(audience);
      return { recipients: 500 - 100 * audience.rules.length, suppressed: audience.rules.length };
    };
    const { user } = await openApp("#/newsletters/campaigns/new");
    const countText = () => screen.getByTestId("audience-count").textContent;
    await waitFor(() => expect(countText()).toBe("Destinatarios: 500. Bloqueados que se saltarán: 0."));

    await user.click(screen.getByTestId("rule-add"));
    await waitFor(() => expect(countText()).toBe("Destinatarios: 400. Bloqueados que se saltarán: 1."));
    expect(asked.at(-1)?.rules).toEqual([{ kind: "last_purchase_within", days: 90 }]);

    const rule = screen.getAllByTestId("audience-rule")[0]!;
    await user.selectOptions(within(rule).getByTestId("rule-kind"), "tag");
    await user.selectOptions(within(rule).getByTestId("rule-value"), "mayorista");
    await user.click(screen.getByTestId("rule-add"));
    await waitFor(() => expect(countText()).toBe("Destinatarios: 300. Bloqueados que se saltarán: 2."));
    expect(asked.at(-1)?.rules).toEqual([
      { kind: "tag", tag: "mayorista" },
      { kind: "last_purchase_within", days: 90 },
    ]);

    const second = screen.getAllByTestId("audience-rule")[1]!;
    await user.clear(within(second).getByTestId("rule-value"));
    await user.type(within(second).getByTestId("rule-value"), "30");
    await waitFor(() => expect(asked.at(-1)?.rules[1]).toEqual({ kind: "last_purchase_within", days: 30 }));
    const countsAsked = asked.length;
    expect(countsAsked, "typing is debounced: not one count per keystroke").toBeLessThan(8);

    await user.click(within(second).getByTestId("rule-remove"));
    await waitFor(() => expect(countText()).toBe("Destinatarios: 400. Bloqueados que se saltarán: 1."));
  });

  it("previews the message in a sandboxed frame at desktop and phone widths, with its text part", async () => {
    const core = new FakeCore();
    core.messagePreview = {
      subject: "Rebajas",
      text: "Hola Ana\n\nDarse de baja: https://example.com/u/1",
      url: "preview://localhost/feed1234",
    };
    const { user } = await openApp("#/newsletters/campaigns/new");
    await user.type(await screen.findByTestId("campaign-subject"), "Rebajas");
    await user.click(screen.getByTestId("campaign-preview-open"));
    const frame = (await screen.findByTestId("preview-frame")) as HTMLIFrameElement;
    expect(frame.getAttribute("sandbox"), "no scripts, forms or navigation inside the preview").toBe("");
    expect(frame.getAttribute("src"), "the html is a separate document served by the shell").toBe(core.messagePreview.url);
    expect(core.callsTo("campaign_preview")[0]?.args.input).toMatchObject({ subject: "Rebajas" });
    expect(screen.getByTestId("preview-text").textContent).toBe(core.messagePreview.text);

    expect(frame.style.width).toBe("680px");
    await user.click(screen.getByTestId("preview-phone"));
    expect(frame.style.width, "the phone width shows the responsive layout").toBe("375px");
  });

  it("sends a test message and shows the server's reply", async () => {
    const core = new FakeCore();
    core.sendOutcome = { ok: true, outcome: "sent", code: 250, reply: "250 2.0.0 Ok: queued as 4F2A" };
    const { user } = await openApp("#/newsletters/campaigns/new");
    await user.type(await screen.findByTestId("campaign-test-to"), "yo@luna.es");
    await user.click(screen.getByTestId("campaign-test-send"));
    expect((await screen.findByTestId("campaign-test-result")).textContent).toBe(
      "Mensaje de prueba enviado: el servidor lo ha aceptado.Respuesta del servidor: 250 2.0.0 Ok: queued as 4F2A",
    );
    expect(core.callsTo("campaign_test_send")[0]?.args.to).toBe("yo@luna.es");
  });

  it("follows the sending from campaign-progress events to the end, also from other pages", async () => {
    const core = new FakeCore();
    const sending = campaign({ id: 40, name: "Rebajas", status: "sending", started_at: 1_700_000_000_000, counts: counts() });
    core.campaigns = [sending];
    await openApp("#/newsletters/campaigns/40");
    const bar = await screen.findByTestId("campaign-progress");
    expect(bar.getAttribute("role")).toBe("progressbar");
    expect(bar.getAttribute("aria-valuemax")).toBe("100");
    expect(bar.getAttribute("aria-valuenow")).toBe("0");

    await act(() => core.progress({ campaign_id: 40, sent: 50, failed: 1, skipped: 2, remaining: 47, msgs_per_s: 42.5 }));
    await waitFor(() => expect(screen.getByTestId("campaign-progress").getAttribute("aria-valuenow")).toBe("53"));
    expect(screen.getByTestId("campaign-counts").textContent).toBe(
      "Enviados: 50 · Fallidos: 1 · Saltados: 2 · Pendientes: 47 · 43 mensajes/s",
    );

    // The owner goes elsewhere: the sidebar keeps showing the sending.
    await act(async () => {
      window.location.hash = "#/customers";
    });
    await screen.findByRole("heading", { level: 1, name: "Clientes" });
    expect((await screen.findByTestId("sidebar-campaign")).textContent).toBe("Enviando «Rebajas»: 53 %");
    await act(() => core.progress({ campaign_id: 40, sent: 90, failed: 1, skipped: 2, remaining: 7, msgs_per_s: 40 }));
    await waitFor(() => expect(screen.getByTestId("sidebar-campaign").textContent).toBe("Enviando «Rebajas»: 93 %"));

    // The last messages go out while the owner is away; the core marks the campaign sent.
    core.campaigns = [
      { ...sending, status: "sent", finished_at: 1_700_000_100_000, counts: counts({ remaining: 0, sent: 97, failed: 1, skipped: 2 }) },
    ];
    await act(() => core.progress({ campaign_id: 40, sent: 97, failed: 1, skipped: 2, remaining: 0, msgs_per_s: 40 }));
    await waitFor(() => expect(screen.queryByTestId("sidebar-campaign"), "a finished campaign leaves the sidebar").toBeNull());

    await act(async () => {
      window.location.hash = "#/newsletters/campaigns/40";
    });
    const done = await screen.findByTestId("campaign-progress");
    expect(done.getAttribute("aria-valuenow"), "the bar reaches the end").toBe(done.getAttribute("aria-valuemax"));
    expect(screen.getByTestId("campaign-counts").textContent).toContain("Enviados: 97");
    expect(screen.getByTestId("campaign-status").textContent).toBe("Enviada");
  });

  it("pauses, resumes and cancels (after confirming) a sending campaign", async () => {
    const core = new FakeCore();
    core.campaigns = [campaign({ id: 41, status: "sending", counts: counts({ remaining: 60, sent: 40 }) })];
    const { user } = await openApp("#/newsletters/campaigns/41");
    await user.click(await screen.findByTestId("campaign-pause"));
    await user.click(await screen.findByTestId("campaign-resume"));
    await user.click(await screen.findByTestId("campaign-cancel"));
    expect(screen.getByRole("dialog").textContent).toContain("Los 60 destinatarios pendientes no recibirán la campaña.");
    expect(core.callsTo("campaign_cancel"), "cancelling waits for the confirmation").toHaveLength(0);
    await user.click(screen.getByTestId("campaign-cancel-confirm"));
    await waitFor(() => expect(screen.getByTestId("campaign-status").textContent).toBe("Cancelada"));
    expect(core.calls.map((c) => c.cmd).filter((c) => /^campaign_(pause|resume|cancel)$/.test(c))).toEqual([
      "campaign_pause",
      "campaign_resume",
      "campaign_cancel",
    ]);
    expect(screen.queryByTestId("campaign-pause"), "a cancelled campaign has no controls").toBeNull();
  });

  it("explains a pause by the relay with the server's words and a way to the email settings", async () => {
    const core = new FakeCore();
    core.campaigns = [
      campaign({
        id: 42,
        status: "paused",
        pause_reason: "auth_failed",
        pause_detail: "535 5.7.8 Error: authentication failed",
        counts: counts({ remaining: 90, sent: 10 }),
      }),
    ];
    const { user } = await openApp("#/newsletters/campaigns/42");
    const note = await screen.findByTestId("campaign-relay-paused");
    expect(note.textContent).toContain("no ha aceptado el usuario o la contraseña");
    expect(within(note).getByTestId("campaign-pause-detail").textContent).toBe(
      "Respuesta del servidor: 535 5.7.8 Error: authentication failed",
    );
    await user.click(within(note).getByTestId("campaign-settings-link"));
    expect(await screen.findByTestId("mail-settings")).toBeTruthy();
  });

  it("lists each recipient's outcome with translated skip reasons, filtered by state", async () => {
    const core = new FakeCore();
    core.campaigns = [campaign({ id: 43, status: "sent", counts: counts({ remaining: 0, sent: 98, failed: 1, skipped: 1 }) })];
    core.recipients = [
      { id: 1, email: "ana@example.com", name: "Ana", state: "sent", attempts: 1, last_code: 250, last_reply: "250 2.0.0 Ok", updated_at: 0 },
      { id: 2, email: "eva@example.com", name: "Eva", state: "skipped", attempts: 0, last_code: null, last_reply: "suppressed:bounced", updated_at: 0 },
      { id: 3, email: "nadie@example.com", name: "<b>Nadie</b>", state: "failed", attempts: 1, last_code: 550, last_reply: "550 5.1.1 no such user", updated_at: 0 },
    ];
    const { user } = await openApp("#/newsletters/campaigns/43");
    const rows = await screen.findAllByTestId("recipient-row");
    expect(rows.map((r) => r.textContent)).toEqual([
      "ana@example.comAnaEnviado1250 2.0.0 Ok",
      "eva@example.comEvaSaltado0Saltado: Rebote permanente",
      "nadie@example.com<b>Nadie</b>Fallido1550 5.1.1 no such user",
    ]);
    await user.selectOptions(screen.getByTestId("recipients-filter"), "failed");
    await waitFor(() => expect(screen.getAllByTestId("recipient-row")).toHaveLength(1));
    expect(core.callsTo("campaign_recipients").at(-1)?.args).toMatchObject({ id: 43, state: "failed" });
  });
});
