import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { SurveyAudience } from "../../lib/ipc";
import { FakeCore, followUp, surveyCandidate, surveyResponse, surveyResults } from "../../test/fakeCore";
import { openApp } from "../../test/render";

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

/** Two people in, three out (one for each reason); a wider window brings one more in. */
function audienceFor(days: number): SurveyAudience {
  const candidates = [
    surveyCandidate({ customer_id: 1, name: "Ana Ruiz", order_number: "W-1001", delivered_on: "2025-03-10", language: "es" }),
    surveyCandidate({ customer_id: 2, name: "John Smith", order_number: "W-1002", delivered_on: "2025-03-09", language: "en" }),
    ...(days > 14 ? [surveyCandidate({ customer_id: 6, name: "Eva Gil", order_number: "W-0990" })] : []),
    surveyCandidate({ customer_id: 3, name: "Sin Correo", email: null, order_number: "W-1003", excluded: "no_email" }),
    surveyCandidate({ customer_id: 4, name: "Baja", order_number: "W-1004", excluded: "suppressed" }),
    surveyCandidate({ customer_id: 5, name: "Repetido", order_number: "W-1005", excluded: "surveyed_recently" }),
  ];
  const included = candidates.filter((c) => c.excluded === null).length;
  return { included, excluded: candidates.length - included, candidates };
}

describe("surveys: send", () => {
  it("previews who is in and who is out, with the reason, and follows the delivery window", async () => {
    const core = new FakeCore();
    core.surveyAudienceOf = audienceFor;
    const { user } = await openApp("#/surveys");
    expect(screen.getByTestId("nav-surveys").getAttribute("aria-current"), "the area is built and current").toBe("page");
    expect(screen.getByTestId("surveys-tab-send").getAttribute("aria-current")).toBe("page");

    await waitFor(() => expect(screen.getByTestId("survey-included").textContent).toBe("2 la recibirán; 3 se quedan fuera."));
    expect(core.callsTo("survey_audience")[0]?.args, "the default window is 14 days").toEqual({ deliveredWithinDays: 14 });
    const rows = screen.getAllByTestId("survey-candidate");
    expect(rows.map((r) => r.dataset.included), "included people first, as the core sends them").toEqual([
      "true", "true", "false", "false", "false",
    ]);
    expect(plain(rows[1]!.textContent)).toContain("John Smith");
    expect(rows[1]!.textContent).toContain("W-1002");
    expect(rows[1]!.textContent, "the customer's language decides which question they get").toContain("Inglés");
    expect(plain(rows[0]!.textContent)).toContain("10 mar 2025");
    expect(rows.slice(2).map((r) => within(r).getByTestId("survey-exclusion").textContent)).toEqual([
      "Fuera: sin email",
      "Fuera: se dio de baja o su email rebota",
      "Fuera: encuestado en los últimos 180 días",
    ]);

    const days = screen.getByTestId("survey-days");
    await user.clear(days);
    await user.type(days, "30");
    await waitFor(() => expect(screen.getByTestId("survey-included").textContent).toBe("3 la recibirán; 3 se quedan fuera."));
    expect(core.callsTo("survey_audience").at(-1)?.args).toEqual({ deliveredWithinDays: 30 });
    expect(core.callsTo("survey_audience").length, "typing is debounced: not one preview per keystroke").toBeLessThanOrEqual(3);

    await user.clear(days);
    await user.type(days, "400");
    expect((await screen.findByTestId("error-delivered_within_days")).textContent).toBe("Escribe un número de días entre 1 y 365.");
    expect(days.getAttribute("aria-invalid")).toBe("true");
  });

  it("sends after a confirmation that names the count, then opens the campaign's page", async () => {
    const core = new FakeCore();
    core.surveyAudienceOf = audienceFor;
    const { user } = await openApp("#/surveys");
    await waitFor(() => expect(screen.getByTestId("survey-included").textContent).toContain("2 la recibirán"));

    await user.selectOptions(screen.getByTestId("survey-kind"), "csat");
    expect((screen.getByTestId("survey-name") as HTMLInputElement).value, "the suggested name follows the kind").toMatch(/^Encuesta CSAT de /);
    await user.clear(screen.getByTestId("survey-name"));
    await user.type(screen.getByTestId("survey-name"), "CSAT marzo");
    await user.type(screen.getByTestId("survey-follow-up-es"), "¿Qué mejorarías?");
    await user.type(screen.getByTestId("survey-follow-up-en"), "What would you improve?");
    await user.click(screen.getByTestId("survey-send"));

    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("«CSAT marzo» (CSAT) se enviará ahora a 2 clientes.");
    expect(core.callsTo("survey_send"), "nothing is sent before confirming").toHaveLength(0);
    await user.click(within(dialog).getByTestId("survey-send-confirm"));

    await waitFor(() => expect(core.callsTo("survey_send")).toHaveLength(1));
    expect(core.callsTo("survey_send")[0]?.args.input).toEqual({
      kind: "csat",
      name: "CSAT marzo",
      follow_up_es: "¿Qué mejorarías?",
      follow_up_en: "What would you improve?",
      delivered_within_days: 14,
    });
    const sent = core.campaigns[0]!;
    await waitFor(() => expect(window.location.hash).toBe(`#/newsletters/campaigns/${sent.id}`));
    expect(await screen.findByTestId("campaign-progress"), "the campaign page follows the sending").toBeTruthy();
  });

  it("says who would get nothing, and puts refused fields on the form", async () => {
    const core = new FakeCore();
    core.surveyAudienceOf = () => ({ included: 0, excluded: 1, candidates: [surveyCandidate({ excluded: "no_email" })] });
    const { user } = await openApp("#/surveys");
    await waitFor(() => expect(screen.getByTestId("survey-included").textContent).toBe("0 la recibirán; 1 se quedan fuera."));
    await user.click(screen.getByTestId("survey-send"));
    expect((await screen.findByTestId("error-audience")).textContent).toContain("Nadie recibiría esta encuesta");
    expect(screen.queryByRole("dialog"), "no confirmation for nobody").toBeNull();

    core.surveyAudienceOf = audienceFor;
    core.failures.set("survey_send", {
      code: "invalid_input",
      message: "invalid",
      fields: [{ field: "follow_up_en", code: "text_invalid" }],
    });
    await act(() => core.changed("orders"));
    await waitFor(() => expect(screen.getByTestId("survey-included").textContent).toContain("2 la recibirán"));
    await user.click(screen.getByTestId("survey-send"));
    await user.click(await screen.findByTestId("survey-send-confirm"));
    expect((await screen.findByTestId("error-follow_up_en")).textContent).toBe("El texto contiene caracteres no permitidos. Quítalos.");
    expect(window.location.hash).toBe("#/surveys");
  });

  it("explains reply-by-email links when no collector is set up, with a way to set one up", async () => {
    const core = new FakeCore();
    const { user } = await openApp("#/surveys");
    const note = await screen.findByTestId("survey-no-collector");
    expect(note.textContent).toContain("enlaces para responder por correo");
    await user.click(within(note).getByTestId("survey-collector-link"));
    expect(await screen.findByTestId("collector-settings")).toBeTruthy();
    expect(window.location.hash).toBe("#/settings/email/collector");

    core.collector = { state: { ...core.collector.state, url: "https://encuestas.luna.es" }, has_secret: true };
    await act(async () => {
      window.location.hash = "#/surveys";
    });
    await screen.findByTestId("survey-form");
    await waitFor(() => expect(core.callsTo("collector_get").length).toBeGreaterThanOrEqual(2));
    expect(screen.queryByTestId("survey-no-collector"), "with a collector there is nothing to explain").toBeNull();
  });
});

describe("surveys: results", () => {
  it("shows NPS as a signed whole number and CSAT as a percentage, with answers, asked and response rate", async () => {
    const core = new FakeCore();
    core.surveyResultsOf = (kind) =>
      kind === "nps"
        ? surveyResults("nps", {
            overall: { group: "", answers: 12, value: 33.333 },
            asked: 40,
            response_rate: 25,
            distribution: [1, 0, 0, 0, 0, 0, 1, 2, 2, 3, 3],
            by_month: [
              { group: "2025-01", answers: 5, value: -20 },
              { group: "2025-02", answers: 7, value: 71.4 },
            ],
            by_product: [{ group: "BOT-1", answers: 9, value: 44.4 }],
            by_channel: [
              { group: "email", answers: 10, value: 40 },
              { group: "phone", answers: 2, value: 0 },
            ],
          })
        : surveyResults(kind, {
            overall: { group: "", answers: 8, value: 75 },
            asked: 10,
            response_rate: 80,
            distribution: [1, 1, 0, 3, 3],
          });
    const { user } = await openApp("#/surveys/results");

    await waitFor(() => expect(screen.getByTestId("survey-results-value").textContent).toBe("+33"));
    expect(screen.getByTestId("survey-results-answers").textContent).toBe("12");
    expect(screen.getByTestId("survey-results-asked").textContent).toBe("40");
    expect(plain(screen.getByTestId("survey-results-rate").textContent)).toBe("25 %");
    const asked = core.callsTo("survey_results")[0]?.args;
    expect(asked?.kind).toBe("nps");
    expect(String(asked?.from), "the default period is the last 3 months").toMatch(/^\d{4}-\d{2}-01$/);

    const chart = within(screen.getByTestId("survey-distribution")).getByRole("img");
    expect(chart.getAttribute("aria-label"), "the chart's numbers are there for screen readers").toContain("0: 1 respuesta; 1: 0 respuestas");
    expect(screen.getByTestId("survey-distribution").textContent).toContain("detractor (0–6): 2");
    expect(screen.getByTestId("survey-distribution").textContent).toContain("promotor (9–10): 6");
    expect(within(screen.getByTestId("survey-by-month")).getByRole("img").getAttribute("aria-label")).toContain("-20 (5 respuestas)");
    const channels = screen.getAllByTestId("survey-by-channel-row").map((r) => plain(r.textContent));
    expect(channels).toEqual(["Enlace del email10+40", "Teléfono20"]);
    expect(screen.getByTestId("survey-by-product-row").textContent).toBe("BOT-19+44");

    await user.selectOptions(screen.getByTestId("survey-results-kind"), "csat");
    await waitFor(() => expect(plain(screen.getByTestId("survey-results-value").textContent)).toBe("75 %"));
    expect(screen.getByTestId("survey-results-answers").textContent).toBe("8");
    expect(plain(screen.getByTestId("survey-results-rate").textContent)).toBe("80 %");

    await user.selectOptions(screen.getByTestId("survey-results-period"), "custom");
    const from = screen.getByTestId("survey-results-from");
    await user.clear(from);
    await user.type(from, "2025-01-01");
    const to = screen.getByTestId("survey-results-to");
    await user.clear(to);
    await user.type(to, "2025-01-31");
    await waitFor(() => expect(core.callsTo("survey_results").at(-1)?.args).toEqual({ kind: "csat", from: "2025-01-01", to: "2025-01-31" }));
  });

  it("shows comments as text, filters them, and links each to the customer", async () => {
    const core = new FakeCore();
    const hostile = "<img src=x onerror=alert(1)>";
    core.responses = [
      surveyResponse({ id: 1, customer_id: 7, customer_name: "<b>Eva</b>", score: 2, comment: hostile, order_number: "W-77" }),
      surveyResponse({ id: 2, customer_id: 8, customer_name: "Luis", score: 10, comment: "Todo perfecto", channel: "phone" }),
      surveyResponse({ id: 3, customer_id: 9, customer_name: "Sin texto", score: 5, comment: "" }),
    ];
    const { user } = await openApp("#/surveys/results");
    const list = await screen.findByTestId("survey-comments");
    await waitFor(() => expect(within(list).getAllByTestId("survey-comment")).toHaveLength(2));
    const first = within(list).getAllByTestId("survey-comment")[0]!;
    expect(within(first).getByTestId("survey-comment-text").textContent, "a comment is shown literally").toBe(hostile);
    expect(list.querySelector("img"), "markup in a comment never becomes an element").toBeNull();
    expect(list.querySelector("b")).toBeNull();
    expect(within(first).getByTestId("survey-comment-customer").getAttribute("href")).toBe("#/customers/7");
    expect(first.textContent).toContain("2 de 10");
    expect(first.textContent).toContain("Pedido W-77");
    expect(first.textContent).toContain("Enlace del email");

    await user.click(screen.getByTestId("survey-comments-unhappy"));
    await waitFor(() => expect(within(list).getAllByTestId("survey-comment")).toHaveLength(1));
    expect(core.callsTo("survey_comments").at(-1)?.args).toMatchObject({ kind: "nps", unhappyOnly: true });
    await user.click(screen.getByTestId("survey-comments-unhappy"));
    await user.type(screen.getByTestId("survey-comments-filter"), "perfecto");
    await waitFor(() => expect(within(list).getAllByTestId("survey-comment").map((c) => c.textContent)).toEqual([
      expect.stringContaining("Todo perfecto"),
    ]));
    expect(core.callsTo("survey_comments").at(-1)?.args).toMatchObject({ query: "perfecto", unhappyOnly: false });
  });
});

describe("surveys: cases", () => {
  it("lists every open case with the reason, the answer and a link, and closes one with a note", async () => {
    const core = new FakeCore();
    core.followUps = [
      followUp({
        id: 51,
        customer_id: 7,
        customer_name: "Eva Gil",
        reason: "detractor",
        response: surveyResponse({ customer_id: 7, score: 3, comment: "Llegó roto\n<script>x</script>", order_number: "W-9" }),
      }),
      followUp({ id: 52, customer_id: 8, customer_name: "Luis", reason: "hard_effort", response: surveyResponse({ kind: "ces", score: 2 }) }),
    ];
    const { user } = await openApp("#/surveys/cases");
    const cases = await screen.findAllByTestId("follow-up");
    expect(cases).toHaveLength(2);
    expect(screen.getByTestId("follow-ups-count").textContent).toBe("2 casos abiertos");
    expect(within(cases[0]!).getByTestId("follow-up-reason").textContent).toBe("Detractor (NPS 0–6)");
    expect(within(cases[1]!).getByTestId("follow-up-reason").textContent).toBe("Le costó (CES 1–3)");
    expect(within(cases[0]!).getByTestId("follow-up-comment").textContent).toBe("Llegó roto\n<script>x</script>");
    expect(cases[0]!.querySelector("script")).toBeNull();
    expect(within(cases[0]!).getByTestId("follow-up-customer").getAttribute("href")).toBe("#/customers/7");

    await user.type(within(cases[0]!).getByTestId("follow-up-note"), "Llamada; enviamos otro");
    await user.click(within(cases[0]!).getByTestId("follow-up-close"));
    await waitFor(() => expect(screen.getAllByTestId("follow-up")).toHaveLength(1));
    expect(core.callsTo("follow_up_close")[0]?.args).toEqual({ id: 51, note: "Llamada; enviamos otro" });
    expect(screen.getByTestId("follow-ups-count").textContent).toBe("1 caso abierto");

    await user.click(within(screen.getByTestId("follow-up")).getByTestId("follow-up-close"));
    expect(await screen.findByTestId("follow-ups-empty")).toBeTruthy();
  });
});

describe("surveys in English", () => {
  it("speaks English on every tab", async () => {
    const core = new FakeCore();
    core.settings.language = "en";
    core.surveyAudienceOf = audienceFor;
    core.surveyResultsOf = (kind) =>
      surveyResults(kind, { overall: { group: "", answers: 4, value: -25 }, distribution: [0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1] });
    const { user } = await openApp("#/surveys");
    await waitFor(() => expect(screen.getByTestId("survey-included").textContent).toBe("2 will receive it; 3 left out."));
    expect(screen.getAllByTestId("survey-exclusion")[0]?.textContent).toBe("Left out: no email");
    await user.click(screen.getByTestId("surveys-tab-results"));
    await waitFor(() => expect(screen.getByTestId("survey-results-value").textContent).toBe("-25"));
    expect(screen.getByTestId("survey-distribution").textContent).toContain("detractor (0–6): 2");
    await user.click(screen.getByTestId("surveys-tab-cases"));
    expect((await screen.findByTestId("follow-ups-empty")).textContent).toBe("No open cases. Well done!");
  });
});
