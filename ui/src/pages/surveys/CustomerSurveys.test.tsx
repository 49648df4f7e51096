import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { customer, FakeCore, followUp, order, surveyResponse } from "../../test/fakeCore";
import { openApp } from "../../test/render";

describe("surveys on the customer page", () => {
  it("lists the customer's answers with the comment as text", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    core.responses = [
      surveyResponse({ customer_id: ana.id, kind: "csat", score: 2, comment: "<img src=x onerror=alert(1)>", channel: "email", order_number: "W-5" }),
      surveyResponse({ customer_id: ana.id, kind: "nps", score: 10, comment: "", channel: "phone" }),
      surveyResponse({ customer_id: 999, comment: "de otra persona" }),
    ];
    await openApp(`#/customers/${ana.id}`);
    const table = await screen.findByTestId("customer-responses");
    const rows = within(table).getAllByTestId("customer-response");
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain("CSAT");
    expect(rows[0]!.textContent).toContain("2 de 5");
    expect(rows[0]!.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(rows[0]!.textContent).toContain("W-5");
    expect(table.querySelector("img"), "a comment is never markup").toBeNull();
    expect(rows[1]!.textContent).toContain("Teléfono");
  });

  it("records a score heard on the phone within the kind's range, and opens its case", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    const delivered = order({ customer_id: ana.id, number: "W-42", status: "delivered", delivered_on: "2025-03-01" });
    core.orders = [order({ customer_id: ana.id, number: "W-43", status: "placed" }), delivered];
    const { user } = await openApp(`#/customers/${ana.id}`);
    expect(await screen.findByTestId("customer-responses-empty")).toBeTruthy();

    const group = screen.getByRole("radiogroup");
    expect(group.getAttribute("aria-labelledby"), "the score buttons are a named radio group").toBeTruthy();
    expect(within(group).getAllByRole("radio")).toHaveLength(11);
    expect(screen.getByRole("radio", { name: "9 de 10, promotor" })).toBeTruthy();
    await user.click(screen.getByTestId("phone-answer-score-9"));

    // A 9 is not on a 1–5 scale: switching to CSAT asks for the score again.
    await user.selectOptions(screen.getByTestId("phone-answer-kind"), "csat");
    expect(within(screen.getByRole("radiogroup")).getAllByRole("radio").map((r) => (r as HTMLInputElement).value)).toEqual([
      "1", "2", "3", "4", "5",
    ]);
    expect(screen.queryByTestId("phone-answer-score-0"), "CSAT has no 0").toBeNull();
    await user.click(screen.getByTestId("phone-answer-save"));
    expect((await screen.findByTestId("error-score")).textContent).toBe("Elige una puntuación de 1 a 5.");
    expect(core.callsTo("phone_answer_record"), "nothing saved without a score").toHaveLength(0);

    await user.click(screen.getByTestId("phone-answer-score-2"));
    expect(screen.queryByTestId("error-score")).toBeNull();
    await user.type(screen.getByTestId("phone-answer-comment"), "La talla no era la pedida");
    expect((screen.getByTestId("phone-answer-order") as HTMLSelectElement).value, "the last delivered order is suggested").toBe(
      String(delivered.id),
    );
    await user.click(screen.getByTestId("phone-answer-save"));

    await waitFor(() => expect(core.callsTo("phone_answer_record")).toHaveLength(1));
    expect(core.callsTo("phone_answer_record")[0]?.args.answer).toEqual({
      customer_id: ana.id,
      kind: "csat",
      score: 2,
      comment: "La talla no era la pedida",
      order_id: delivered.id,
    });
    const row = await screen.findByTestId("customer-response");
    expect(row.textContent).toContain("La talla no era la pedida");
    expect((screen.getByTestId("phone-answer-comment") as HTMLTextAreaElement).value, "the form is empty again").toBe("");
    expect(screen.getByTestId("phone-answer-saved").textContent).toBe("Respuesta guardada.");
    const opened = within(await screen.findByTestId("customer-follow-ups")).getByTestId("follow-up");
    expect(within(opened).getByTestId("follow-up-reason").textContent).toBe("Insatisfecho (CSAT 1–2)");
  });

  it("shows the core's refusal of a score on the score field", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    core.failures.set("phone_answer_record", {
      code: "invalid_input",
      message: "invalid",
      fields: [{ field: "score", code: "score_out_of_range" }],
    });
    const { user } = await openApp(`#/customers/${ana.id}`);
    await user.click(await screen.findByTestId("phone-answer-score-7"));
    await user.click(screen.getByTestId("phone-answer-save"));
    expect((await screen.findByTestId("error-score")).textContent).toBe("La puntuación debe estar entre 0 y 10.");
  });

  it("closes one of the customer's cases with a note and keeps it listed as closed", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    core.followUps = [
      followUp({ id: 61, customer_id: ana.id, customer_name: ana.name, response: surveyResponse({ customer_id: ana.id, score: 4 }) }),
    ];
    const { user } = await openApp(`#/customers/${ana.id}`);
    const card = within(await screen.findByTestId("customer-follow-ups")).getByTestId("follow-up");
    expect(within(card).queryByTestId("follow-up-customer"), "no link to the page we are on").toBeNull();
    await user.type(within(card).getByTestId("follow-up-note"), "Le devolvimos el envío");
    await user.click(within(card).getByTestId("follow-up-close"));
    expect((await screen.findByTestId("follow-up-closing-note")).textContent).toBe("Nota de cierre: Le devolvimos el envío");
    expect(screen.queryByTestId("follow-up-close"), "a closed case has nothing more to close").toBeNull();
    expect(core.callsTo("follow_up_close")[0]?.args).toEqual({ id: 61, note: "Le devolvimos el envío" });
  });
});
