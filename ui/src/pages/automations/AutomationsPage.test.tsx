import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeCore } from "../../test/fakeCore";
import { automationRule, due } from "../../test/fakeAutomations";
import { openApp } from "../../test/render";

function setUp() {
  const core = new FakeCore();
  return { core, auto: core.automations };
}

describe("the automations page", () => {
  it("is an area of its own in the sidebar, with both groups of rules", async () => {
    setUp();
    const { user } = await openApp("#/customers");
    await user.click(screen.getByTestId("nav-automations"));
    expect(window.location.hash).toBe("#/automations");
    expect(await screen.findByRole("heading", { level: 1, name: "Automatizaciones" })).toBeTruthy();
    expect(screen.getByTestId("nav-automations").getAttribute("aria-current"), "the area is marked as the current one").toBe("page");
    const orders = await screen.findByTestId("automations-order-notices");
    expect(within(orders).getByRole("heading", { name: "Avisos del pedido" })).toBeTruthy();
    expect(within(orders).getByTestId("automation-rule-order_shipped")).toBeTruthy();
    const followUps = screen.getByTestId("automations-follow-ups");
    expect(within(followUps).getByRole("heading", { name: "Seguimientos" })).toBeTruthy();
    expect(within(followUps).getByTestId("automation-rule-win_back")).toBeTruthy();
    expect(screen.getByTestId("automation-when-care_tips").textContent).toBe(
      "3 días después de la entrega: consejos para usar y cuidar lo que ha comprado.",
    );
    expect(screen.getByTestId("automation-marketing-win_back").textContent).toBe("Marketing");
    expect(screen.queryByTestId("automation-marketing-order_shipped"), "order notices are not marketing").toBeNull();
  });

  it("shows who would get a rule today and switches it on only on confirm", async () => {
    const { core, auto } = setUp();
    auto.rules = auto.rules.map((r) => (r.key === "win_back" ? automationRule("win_back", { sent: 12 }) : r));
    auto.people.set("win_back", [
      due({ customer_id: 1, name: "<b>Ana</b> Ruiz", email: "ana@example.com", order_number: "W-1" }),
      due({ customer_id: 2, name: "Berta Gil", email: "berta@example.com", order_number: "W-2", capped: true }),
    ]);
    auto.quietNow = true;
    const { user } = await openApp("#/automations");
    const card = await screen.findByTestId("automation-rule-win_back");
    expect(within(card).getByTestId("automation-sent-win_back").textContent).toBe("Ha enviado 12 mensajes");
    const toggle = within(card).getByTestId("automation-toggle-win_back");
    expect(toggle.getAttribute("role")).toBe("switch");
    expect(toggle.getAttribute("aria-checked")).toBe("false");
    expect(toggle.getAttribute("aria-label"), "the switch names its rule").toBe("Activar o pausar «Recuperar clientes»");

    // Cancel: nothing is switched on.
    await user.click(toggle);
    const dialog = await screen.findByTestId("automation-preview");
    expect((await within(dialog).findByTestId("automation-preview-count")).textContent).toBe("Hoy lo recibirían 2 clientes.");
    expect(core.callsTo("automation_preview")[0]?.args).toEqual({ id: auto.rules.find((r) => r.key === "win_back")!.id });
    await user.click(within(dialog).getByTestId("confirm-cancel"));
    expect(screen.queryByTestId("automation-preview")).toBeNull();
    expect(core.callsTo("automation_rule_enable"), "cancelling the preview switches nothing on").toHaveLength(0);
    expect(toggle.getAttribute("aria-checked")).toBe("false");

    // Confirm: the rule is switched on.
    await user.click(toggle);
    const again = await screen.findByTestId("automation-preview");
    const people = await within(again).findAllByTestId("automation-preview-person");
    expect(people).toHaveLength(2);
    expect(people[0]!.textContent).toContain("<b>Ana</b> Ruiz");
    expect(people[0]!.textContent).toContain("ana@example.com");
    expect(people[0]!.textContent).toContain("Pedido W-1");
    expect(people[0]!.querySelector("b"), "a customer's name is text, never markup").toBeNull();
    expect(within(people[0]!).queryByTestId("automation-preview-capped")).toBeNull();
    expect(within(people[1]!).getByTestId("automation-preview-capped").textContent).toBe("retenido por el límite semanal");
    expect(within(again).getByTestId("automation-preview-quiet").textContent).toMatch(
      /^Ahora es horario de silencio: los primeros saldrán a las \d{1,2}:\d{2}\.$/,
    );
    await user.click(within(again).getByTestId("automation-preview-confirm"));
    await waitFor(() => expect(screen.queryByTestId("automation-preview")).toBeNull());
    expect(core.callsTo("automation_rule_enable").map((c) => c.args)).toEqual([{ id: auto.rules.find((r) => r.key === "win_back")!.id, enabled: true }]);
    await waitFor(() => expect(screen.getByTestId("automation-toggle-win_back").getAttribute("aria-checked")).toBe("true"));
  });

  it("says an order notice applies from now on when nobody would get it yet", async () => {
    setUp();
    const { user } = await openApp("#/automations");
    await user.click(await screen.findByTestId("automation-toggle-order_shipped"));
    const dialog = await screen.findByTestId("automation-preview");
    expect((await within(dialog).findByTestId("automation-preview-count")).textContent).toBe("Hoy lo recibirían 0 clientes.");
    expect(dialog.textContent).toContain("Se aplica a los pedidos que cambien de estado a partir de ahora");
    expect(within(dialog).queryAllByTestId("automation-preview-person")).toHaveLength(0);
    expect(within(dialog).queryByTestId("automation-preview-quiet"), "no quiet-hours note outside quiet hours").toBeNull();
  });

  it("speaks English when the shop does", async () => {
    const { core, auto } = setUp();
    core.settings = { ...core.settings, language: "en" };
    auto.people.set("care_tips", [due({ customer_id: 3, name: "Ann Lee", email: "ann@example.com", order_number: "W-3" })]);
    const { user } = await openApp("#/automations");
    expect(await screen.findByRole("heading", { level: 2, name: "Order notices" })).toBeTruthy();
    expect(screen.getByTestId("automation-when-care_tips").textContent).toBe("3 days after delivery: tips to use and look after what they bought.");
    await user.click(screen.getByTestId("automation-toggle-care_tips"));
    const dialog = await screen.findByTestId("automation-preview");
    expect((await within(dialog).findByTestId("automation-preview-count")).textContent).toBe("Today 1 customer would get it.");
    expect(within(dialog).getByTestId("automation-preview-confirm").textContent).toBe("Switch on");
  });

  it("pauses a rule at once, without a preview, and says its waiting messages are cancelled", async () => {
    const { core, auto } = setUp();
    auto.rules = auto.rules.map((r) => (r.key === "order_shipped" ? { ...r, enabled: true, enabled_at: 1_775_000_000_000 } : r));
    const { user } = await openApp("#/automations");
    const card = await screen.findByTestId("automation-rule-order_shipped");
    expect(card.textContent).toContain("Si la pausas, se cancelan al momento los mensajes que aún no han salido.");
    await user.click(within(card).getByTestId("automation-toggle-order_shipped"));
    await waitFor(() => expect(core.callsTo("automation_rule_enable")).toHaveLength(1));
    expect(core.callsTo("automation_rule_enable")[0]?.args).toEqual({ id: 2, enabled: false });
    expect(core.callsTo("automation_preview"), "pausing shows no preview").toHaveLength(0);
    expect(screen.queryByTestId("automation-preview")).toBeNull();
    await waitFor(() => expect(within(card).getByTestId("automation-toggle-order_shipped").getAttribute("aria-checked")).toBe("false"));
    expect(card.textContent).toContain("Pausada: los mensajes que aún no habían salido se han cancelado.");
  });

  it("puts the core's refusals on the fields of the rule's form", async () => {
    const { core } = setUp();
    const { user } = await openApp("#/automations");
    await user.click(await screen.findByTestId("automation-edit-win_back"));
    const form = screen.getByTestId("automation-form-win_back");
    const subject = within(form).getByTestId("automation-win_back-subject_es") as HTMLInputElement;
    expect(subject.value, "an empty text means the built-in one").toBe("");
    expect(subject.placeholder, "the built-in text shows in the empty field").toBe("Asunto de serie (win_back)");
    expect(within(form).getByTestId("automation-win_back-placeholders").textContent).toContain("{{ first_name }}");

    const delay = within(form).getByTestId("automation-win_back-delay_days");
    await user.clear(delay);
    await user.type(delay, "7");
    // user.type would read the braces as key names.
    fireEvent.change(within(form).getByTestId("automation-win_back-body_en"), { target: { value: "Hi {{ nickname }}" } });
    await user.click(within(form).getByTestId("automation-save-win_back"));

    expect((await within(form).findByTestId("error-win_back-delay_days")).textContent).toBe(
      "Escribe un número de días entre 0 y 3650 (para recuperar clientes, al menos 14).",
    );
    expect(within(form).getByTestId("error-win_back-body_en").textContent).toBe(
      "El mensaje tiene un marcador que no se reconoce. Usa solo los de la lista, escritos igual y entre llaves dobles.",
    );
    expect(delay.getAttribute("aria-invalid")).toBe("true");
    expect(within(form).queryByTestId("error-win_back-subject_es"), "only the refused fields are marked").toBeNull();
    expect(core.callsTo("automation_rule_save")[0]?.args).toMatchObject({ id: 7, input: { delay_days: 7, body_en: "Hi {{ nickname }}" } });
  });

  it("saves a rule's timing, condition and texts; the order notices have no delay", async () => {
    const { core } = setUp();
    const { user } = await openApp("#/automations");
    await user.click(await screen.findByTestId("automation-edit-order_placed"));
    const notice = screen.getByTestId("automation-form-order_placed");
    expect(within(notice).queryByTestId("automation-order_placed-delay_days"), "order notices send at once").toBeNull();

    await user.click(screen.getByTestId("automation-edit-care_tips"));
    const form = screen.getByTestId("automation-form-care_tips");
    await user.type(within(form).getByTestId("automation-care_tips-condition"), "cuero");
    await user.click(within(form).getByTestId("automation-care_tips-subject_es-from-builtin"));
    expect((within(form).getByTestId("automation-care_tips-subject_es") as HTMLInputElement).value).toBe("Asunto de serie (care_tips)");
    await user.click(within(form).getByTestId("automation-save-care_tips"));
    expect(await within(form).findByTestId("automation-saved-care_tips")).toBeTruthy();
    expect(core.callsTo("automation_rule_save")[0]?.args).toEqual({
      id: 4,
      input: {
        delay_days: 3,
        condition: "cuero",
        coupon_percent: 0,
        coupon_days: 30,
        subject_es: "Asunto de serie (care_tips)",
        body_es: "",
        subject_en: "",
        body_en: "",
      },
    });
    expect(screen.getByTestId("automation-rule-care_tips").textContent).toContain("Solo pedidos con un producto o referencia que contenga «cuero».");

    await user.click(screen.getByTestId("automation-edit-survey"));
    const survey = screen.getByTestId("automation-form-survey");
    await user.selectOptions(within(survey).getByTestId("automation-survey-condition"), "csat");
    expect(within(survey).queryByTestId("automation-survey-subject_es"), "the survey sends its own message").toBeNull();
    await user.click(within(survey).getByTestId("automation-save-survey"));
    await waitFor(() => expect(core.callsTo("automation_rule_save")).toHaveLength(2));
    expect(core.callsTo("automation_rule_save")[1]?.args).toMatchObject({ id: 5, input: { condition: "csat", delay_days: 7 } });
  });

  it("saves the limits, with quiet hours as minutes after midnight, and shows refusals on their fields", async () => {
    const { core, auto } = setUp();
    const { user } = await openApp("#/automations");
    const limits = await screen.findByTestId("automation-limits");
    const zone = within(limits).getByTestId("automation-time-zone") as HTMLSelectElement;
    expect(zone.options[0]!.textContent).toBe("La del ordenador (Europe/Madrid)");
    expect(zone.value).toBe("");
    expect((within(limits).getByTestId("automation-quiet-from") as HTMLInputElement).value).toBe("21:00");
    expect((within(limits).getByTestId("automation-quiet-to") as HTMLInputElement).value).toBe("09:00");

    fireEvent.change(within(limits).getByTestId("automation-quiet-from"), { target: { value: "22:30" } });
    fireEvent.change(within(limits).getByTestId("automation-quiet-to"), { target: { value: "08:15" } });
    const catchUp = within(limits).getByTestId("automation-catch-up-days");
    await user.clear(catchUp);
    await user.type(catchUp, "90");
    await user.click(within(limits).getByTestId("automation-limits-save"));
    expect((await within(limits).findByTestId("error-limits-catch_up_days")).textContent).toBe("Escribe un número de días entre 1 y 60.");
    expect(core.callsTo("automation_settings_save")[0]?.args).toEqual({
      input: { time_zone: "", quiet_from: 22 * 60 + 30, quiet_to: 8 * 60 + 15, marketing_cap_days: 7, catch_up_days: 90 },
    });

    await user.clear(catchUp);
    await user.type(catchUp, "3");
    fireEvent.change(within(limits).getByTestId("automation-quiet-to"), { target: { value: "22:30" } });
    expect(within(limits).getByTestId("automation-quiet-summary").textContent, "equal times mean no quiet hours").toContain(
      "Sin horario de silencio",
    );
    await user.click(within(limits).getByTestId("automation-limits-save"));
    expect(await within(limits).findByTestId("automation-limits-saved")).toBeTruthy();
    expect(auto.settings.settings).toEqual({ time_zone: "", quiet_from: 1350, quiet_to: 1350, marketing_cap_days: 7, catch_up_days: 3 });
  });

  it("edits the carriers' table and shows a refused row on its own cells", async () => {
    const { core, auto } = setUp();
    const { user } = await openApp("#/automations");
    const card = await screen.findByTestId("automation-carriers");
    expect(within(card).getAllByTestId("carrier-row")).toHaveLength(2);
    await user.click(within(card).getByTestId("carrier-add"));
    await user.type(within(card).getByTestId("carrier-name-2"), "correos");
    fireEvent.change(within(card).getByTestId("carrier-url-2"), { target: { value: "ftp://mal" } });
    await user.click(within(card).getByTestId("carriers-save"));
    expect((await within(card).findByTestId("error-carriers.2.name")).textContent).toBe("Ya hay un transportista con este nombre.");
    expect(within(card).getByTestId("error-carriers.2.url_pattern").textContent).toContain("{code}");
    expect(within(card).queryByTestId("error-carriers.0.name")).toBeNull();

    await user.click(within(card).getByTestId("carrier-remove-0"));
    expect(within(card).queryByTestId("error-carriers.2.name"), "a removal makes the rows' errors stale").toBeNull();
    await user.clear(within(card).getByTestId("carrier-name-1"));
    await user.type(within(card).getByTestId("carrier-name-1"), "GLS");
    fireEvent.change(within(card).getByTestId("carrier-url-1"), { target: { value: "https://gls.example/{code}" } });
    await user.click(within(card).getByTestId("carriers-save"));
    expect(await within(card).findByTestId("carriers-saved")).toBeTruthy();
    expect(core.callsTo("carriers_save")[1]?.args).toEqual({
      carriers: [
        { name: "SEUR", url_pattern: "https://seur.example/{code}" },
        { name: "GLS", url_pattern: "https://gls.example/{code}" },
      ],
    });
    expect(auto.carriers.map((c) => c.name)).toEqual(["SEUR", "GLS"]);
  });
});
