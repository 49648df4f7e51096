import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { customer, FakeCore, returnRequest, seededReasons } from "../../test/fakeCore";
import { openApp } from "../../test/render";

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

function nextButtons(): string[] {
  return screen.queryAllByTestId(/^return-next-/).map((b) => b.dataset.testid ?? "");
}

describe("return detail", () => {
  it("offers only the workflow's next steps and needs a note to reject", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    const request = returnRequest({
      id: 12,
      customer_id: ana.id,
      customer_name: ana.name,
      order_number: "M00042",
      reason: seededReasons()[1]!,
      gross_minor: 2500,
      amount_minor: 2500,
      lines: [{ position: 0, product: "Sandalia", quantity: 2, unit_price_minor: 1250 }],
      events: [{ at: 1_775_000_000_000, status: "requested", actor: "luna", note: "<b>rota</b>" }],
    });
    core.returns = [request];
    const { user } = await openApp("#/returns/12");

    expect((await screen.findByTestId("return-status")).textContent).toBe("Solicitada");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("Devolución #12");
    expect(screen.getByTestId("return-order").getAttribute("href"), "the order leads to its customer").toBe(`#/customers/${ana.id}`);
    expect(screen.getByTestId("return-reason").textContent).toBe("Defectuoso");
    expect(plain(screen.getByTestId("return-amount").textContent)).toBe("25,00 €");
    expect(nextButtons(), "from requested: approve or reject, nothing else").toEqual(["return-next-approved", "return-next-rejected"]);
    expect(screen.getByTestId("return-events").querySelector("b"), "an event's note is text, never markup").toBeNull();

    await user.click(screen.getByTestId("return-next-rejected"));
    expect((await screen.findByTestId("error-note")).textContent).toBe("Para rechazar la devolución, escribe el motivo en la nota.");
    expect(core.callsTo("return_transition"), "no rejection without its reason").toHaveLength(0);

    await user.type(screen.getByTestId("return-step-note"), "Usada, sin etiqueta");
    await user.click(screen.getByTestId("return-next-rejected"));
    await waitFor(() => expect(screen.getByTestId("return-status").textContent).toBe("Rechazada"));
    expect(core.callsTo("return_transition")[0]?.args).toEqual({ id: 12, to: "rejected", note: "Usada, sin etiqueta" });
    expect(nextButtons(), "a rejected return can only be closed").toEqual(["return-next-closed"]);

    const events = screen.getAllByTestId("return-event");
    expect(events, "the timeline gains the step").toHaveLength(2);
    expect(events[0]!.textContent, "newest first, with who and why").toContain("Rechazada");
    expect(events[0]!.textContent).toContain("por luna");
    expect(events[0]!.textContent).toContain("Usada, sin etiqueta");
    expect(events[1]!.textContent).toContain("Solicitada");
  });

  it("says the points were taken back after a refund, and shows the exception to the policy", async () => {
    const core = new FakeCore();
    core.customers = [customer({ id: 1, name: "Ana Ruiz" })];
    core.returns = [
      returnRequest({
        id: 13,
        status: "received",
        overridden_rules: ["outside_window"],
        override_reason: "Clienta habitual",
      }),
    ];
    const { user } = await openApp("#/returns/13");
    const override = await screen.findByTestId("return-override");
    expect(override.textContent).toContain("Reglas que incumple: fuera de plazo.");
    expect(override.textContent).toContain("Motivo: Clienta habitual");
    expect(nextButtons()).toEqual(["return-next-refunded", "return-next-exchanged", "return-next-credited"]);
    expect(screen.getByTestId("return-next-credited").textContent).toBe("Dar vale de compra");

    await user.click(screen.getByTestId("return-next-refunded"));
    expect((await screen.findByTestId("return-points-reversed")).textContent).toBe(
      "Se han retirado los puntos que habían ganado los artículos devueltos.",
    );
    expect(screen.getByTestId("return-status").textContent).toBe("Reembolsada");
    expect(core.callsTo("return_transition")[0]?.args, "the optional note may stay empty").toEqual({ id: 13, to: "refunded", note: "" });
  });

  it("says so when the return does not exist", async () => {
    new FakeCore();
    await openApp("#/returns/999");
    expect((await screen.findByTestId("error-banner")).textContent).toContain("Esta devolución ya no existe");
  });
});

describe("returns list", () => {
  it("lists requests with their facts, filters them, sums up the last year and opens one", async () => {
    const core = new FakeCore();
    const [wrongSize, defective] = seededReasons();
    core.returns = [
      returnRequest({ id: 21, customer_name: "Ana Ruiz", order_number: "M00042", status: "approved", reason: wrongSize!, amount_minor: 1250 }),
      returnRequest({ id: 20, customer_name: "Luis Gil", order_number: "W-7", status: "requested", reason: defective!, amount_minor: 3000 }),
    ];
    core.returnStats = {
      orders: 120,
      orders_returned: 6,
      rate: 0.05,
      top_reasons: [
        { reason: wrongSize!, count: 4 },
        { reason: { ...defective!, label: "Roto" }, count: 2 },
      ],
    };
    const { user } = await openApp("#/returns");

    const rows = await screen.findAllByTestId("return-row");
    expect(rows).toHaveLength(2);
    const cells = within(rows[0]!).getAllByRole("cell").map((c) => plain(c.textContent));
    expect(cells[0]).toBe("#21");
    expect(cells.slice(2)).toEqual(["Ana Ruiz", "M00042", "Talla incorrecta", "Aprobada", "12,50 €"]);
    expect(plain(screen.getByTestId("returns-stats").textContent)).toContain(
      "En los últimos 12 meses, el 5 % de los pedidos ha tenido alguna devolución (6 de 120).",
    );
    expect(screen.getByTestId("returns-top-reasons").textContent).toBe("Motivos más frecuentes: Talla incorrecta (4), Roto (2).");
    expect(core.callsTo("return_stats")[0]?.args.since, "a calendar day twelve months back").toMatch(/^\d{4}-\d{2}-\d{2}$/);

    await user.selectOptions(screen.getByTestId("returns-filter-status"), "requested");
    await waitFor(() => expect(screen.getAllByTestId("return-row")).toHaveLength(1));
    await user.selectOptions(screen.getByTestId("returns-filter-age"), "14");
    await waitFor(() =>
      expect(core.callsTo("returns_list").at(-1)?.args.filter).toEqual({
        status: "requested",
        reason_id: null,
        min_age_days: 14,
        customer_id: null,
      }),
    );

    await user.selectOptions(screen.getByTestId("returns-filter-age"), "");
    await user.click(await screen.findByText("Luis Gil"));
    await waitFor(() => expect(window.location.hash).toBe("#/returns/20"));
    expect(await screen.findByTestId("return-page")).toBeTruthy();
  });
});
