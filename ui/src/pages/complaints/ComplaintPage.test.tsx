import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { complaint, complaintEvent, customer, FakeCore } from "../../test/fakeCore";
import { openApp } from "../../test/render";

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

function moveButtons(): string[] {
  return screen.queryAllByTestId(/^complaint-move-(?!note)/).map((b) => b.dataset.testid ?? "");
}

function core() {
  const fake = new FakeCore();
  fake.customers = [customer({ id: 1, name: "Ana Ruiz", phone: "+34600111222" })];
  fake.complaints = [
    complaint(
      { id: 7, order_id: 10, order_number: "M00010", severity: "urgent", headline: "<img src=x onerror=alert(1)>", overdue: true },
      {
        description: "<img src=x onerror=alert(1)>\nsegunda línea",
        reply_channel: "whatsapp",
        events: [complaintEvent({ kind: "opened", status: "open", note: "<b>ojo</b>" })],
      },
    ),
  ];
  return fake;
}

describe("complaint detail", () => {
  it("shows who, what and when, with the customer's text as text", async () => {
    core();
    await openApp("#/complaints/7");
    expect((await screen.findByTestId("complaint-status")).textContent).toBe("Abierta");
    expect(screen.getByTestId("complaint-overdue").textContent).toBe("Fuera de plazo");
    expect(screen.getByTestId("complaint-customer").getAttribute("href")).toBe("#/customers/1");
    expect(screen.getByTestId("complaint-order-link").textContent).toBe("M00010");
    expect(screen.getByTestId("complaint-category-name").textContent, "a built-in category by its translated key").toBe("Llegó dañado");
    expect(screen.getByTestId("complaint-channel-name").textContent).toBe("Teléfono");
    expect(screen.getByTestId("complaint-reply-channel-name").textContent).toBe("WhatsApp");
    const description = document.getElementById("complaint-detail-description")!;
    expect(description.textContent, "line breaks kept, markup shown literally").toBe("<img src=x onerror=alert(1)>\nsegunda línea");
    expect(document.querySelector("main img"), "customer text never becomes an element").toBeNull();
    expect(screen.getByTestId("complaint-events").querySelector("b")).toBeNull();
    expect(screen.getByTestId("complaint-event").textContent).toContain("<b>ojo</b>");
  });

  it("needs a note to resolve, and moves the status on", async () => {
    const fake = core();
    const { user } = await openApp("#/complaints/7");
    await screen.findByTestId("complaint-status");
    expect(moveButtons()).toEqual(["complaint-move-in_progress", "complaint-move-waiting", "complaint-move-resolved"]);

    await user.click(screen.getByTestId("complaint-move-resolved"));
    expect((await screen.findByTestId("error-move-note")).textContent).toBe(
      "Para resolver la reclamación, escribe en la nota cómo se ha resuelto.",
    );
    expect(fake.callsTo("complaint_transition"), "no resolution without saying how").toHaveLength(0);

    await user.click(screen.getByTestId("complaint-move-in_progress"));
    await waitFor(() => expect(screen.getByTestId("complaint-status").textContent).toBe("En curso"));
    expect(fake.callsTo("complaint_transition")[0]?.args).toEqual({ id: 7, to: "in_progress", note: "" });
    expect(moveButtons()).toEqual(["complaint-move-waiting", "complaint-move-resolved"]);

    await user.type(screen.getByTestId("complaint-move-note"), "Le enviamos otra taza");
    await user.click(screen.getByTestId("complaint-move-resolved"));
    await waitFor(() => expect(screen.getByTestId("complaint-status").textContent).toBe("Resuelta"));
    expect(fake.callsTo("complaint_transition")[1]?.args).toEqual({ id: 7, to: "resolved", note: "Le enviamos otra taza" });
    expect(moveButtons(), "a resolved complaint closes or reopens").toEqual(["complaint-move-closed", "complaint-move-open"]);
    const events = screen.getAllByTestId("complaint-event");
    expect(events, "newest first").toHaveLength(3);
    expect(events[0]!.textContent).toContain("Resuelta");
    expect(events[0]!.textContent).toContain("Le enviamos otra taza");
  });

  it("shows the core's refusal of a resolution on the note", async () => {
    const fake = core();
    fake.failures.set("complaint_transition", { code: "invalid_input", message: "", fields: [{ field: "note", code: "required" }] });
    const { user } = await openApp("#/complaints/7");
    await screen.findByTestId("complaint-status");
    await user.type(screen.getByTestId("complaint-move-note"), "   x");
    await user.click(screen.getByTestId("complaint-move-resolved"));
    expect((await screen.findByTestId("error-move-note")).textContent).toContain("escribe en la nota cómo se ha resuelto");
  });

  it("adds notes, logs calls in minutes and seconds, and records compensation", async () => {
    const fake = core();
    const { user } = await openApp("#/complaints/7");
    await screen.findByTestId("complaint-status");

    await user.type(screen.getByTestId("complaint-note-text"), "Llamó otra vez");
    await user.click(screen.getByTestId("complaint-note-add"));
    await waitFor(() => expect(fake.callsTo("complaint_note")[0]?.args).toEqual({ id: 7, note: "Llamó otra vez" }));

    await user.type(screen.getByTestId("complaint-call-duration"), "cinco");
    await user.click(screen.getByTestId("complaint-call-add"));
    expect((await screen.findByTestId("error-call-duration")).textContent).toBe(
      "Escribe los minutos (5) o minutos:segundos (5:30), hasta 24 horas.",
    );
    await user.clear(screen.getByTestId("complaint-call-duration"));
    await user.type(screen.getByTestId("complaint-call-duration"), "5:30");
    await user.type(screen.getByTestId("complaint-call-note"), "Acepta esperar");
    await user.click(screen.getByTestId("complaint-call-add"));
    await waitFor(() => expect(fake.callsTo("complaint_call")[0]?.args).toEqual({ id: 7, durationS: 330, note: "Acepta esperar" }));
    await waitFor(() => expect(screen.getAllByTestId("complaint-event")[0]!.textContent).toContain("Duración: 5 min 30 s"));

    await user.type(screen.getByTestId("complaint-comp-points"), "50");
    await user.click(screen.getByTestId("complaint-comp-add"));
    await waitFor(() =>
      expect(fake.callsTo("complaint_compensate")[0]?.args).toEqual({ id: 7, input: { kind: "points", points: 50, amount: null, note: "" } }),
    );
    expect(await screen.findByTestId("complaint-comp-given")).toBeTruthy();
    expect(screen.getAllByTestId("complaint-event")[0]!.textContent).toContain("50 puntos");

    await user.selectOptions(screen.getByTestId("complaint-comp-kind"), "store_credit");
    await user.click(screen.getByTestId("complaint-comp-add"));
    expect((await screen.findByTestId("error-comp-amount")).textContent).toBe("Escribe el importe, por ejemplo 10,50.");
    await user.type(screen.getByTestId("complaint-comp-amount"), "10,50");
    await user.click(screen.getByTestId("complaint-comp-add"));
    await waitFor(() =>
      expect(fake.callsTo("complaint_compensate")[2]?.args).toEqual({
        id: 7,
        input: { kind: "store_credit", points: null, amount: "10,50", note: "" },
      }),
    );
    await waitFor(() => expect(plain(screen.getAllByTestId("complaint-event")[0]!.textContent)).toContain("Vale de compra · 10,50 €"));
    const code = fake.coupons[0]!.code;
    expect(code, "store credit is issued as a DISCULPA coupon").toMatch(/^DISCULPA-/);
    expect(fake.coupons[0]).toMatchObject({ kind: "fixed", value: 1050, max_uses: 1, customer_id: fake.complaints[0]!.summary.customer_id, source: "complaint" });
    const event = screen.getAllByTestId("complaint-event")[0]!;
    expect(within(event).getByTestId("complaint-coupon-code").textContent, "the owner reads the code on the compensation").toBe(code);
    expect(within(event).getByTestId("complaint-event-coupon").textContent).toContain("Cupón para el cliente:");
    await user.click(within(event).getByTestId("complaint-coupon-code-copy"));
    expect(await within(event).findByRole("status")).toBeTruthy();

    await user.selectOptions(screen.getByTestId("complaint-comp-kind"), "gesture");
    await user.click(screen.getByTestId("complaint-comp-add"));
    expect((await screen.findByTestId("error-comp-note")).textContent).toBe("Este campo es obligatorio.");
  });

  it("reloads when the core reports a change, and says so when the complaint does not exist", async () => {
    const fake = core();
    await openApp("#/complaints/7");
    await screen.findByTestId("complaint-status");
    fake.complaints = [complaint({ ...fake.complaints[0]!.summary, status: "waiting" })];
    await act(() => fake.changed("complaints"));
    await waitFor(() => expect(screen.getByTestId("complaint-status").textContent).toBe("Esperando al cliente"));

    window.location.hash = "#/complaints/999";
    expect((await screen.findByTestId("error-banner")).textContent).toContain("No se ha encontrado");
    expect(await screen.findByText("Esta reclamación ya no existe.")).toBeTruthy();
  });
});

describe("complaints list", () => {
  it("shows active complaints with their facts and overdue badge, filters them and opens one", async () => {
    const fake = new FakeCore();
    fake.complaints = [
      complaint({ id: 9, customer_name: "Luis Gil", customer_phone: "+34611999888", overdue: true, severity: "high", headline: "No llega" }),
      complaint({ id: 8, customer_name: "Ana Ruiz", status: "in_progress", order_number: "M00042", category: { id: 8, key: null, label: "Envoltorio" } }),
      complaint({ id: 6, status: "closed" }),
    ];
    const { user } = await openApp("#/complaints");
    const rows = await screen.findAllByTestId("complaint-row");
    expect(rows, "active by default: the closed one is left out").toHaveLength(2);
    expect(fake.callsTo("complaints_list")[0]?.args).toEqual({ filter: "active", limit: expect.any(Number), offset: 0 });
    expect(within(rows[0]!).getByTestId("complaint-overdue").textContent).toBe("Fuera de plazo");
    expect(within(rows[1]!).queryByTestId("complaint-overdue"), "only late ones carry the badge").toBeNull();
    const cells = within(rows[1]!).getAllByRole("cell").map((c) => plain(c.textContent));
    expect(cells.slice(0, 7)).toEqual(["#8", " Normal", "En curso", "Ana Ruiz · +34600111222", "Envoltorio", "Llegó roto", "M00042"]);
    expect(screen.getByTestId("nav-complaints-overdue").textContent, "the sidebar counts the overdue ones").toBe("1");
    expect(screen.getByTestId("complaint-new-button").textContent).toBe("Nueva reclamación (Ctrl+N)");

    await user.click(screen.getByTestId("complaints-filter-overdue"));
    await waitFor(() => expect(screen.getAllByTestId("complaint-row")).toHaveLength(1));
    expect(fake.callsTo("complaints_list").at(-1)?.args.filter).toBe("overdue");
    expect(screen.getByTestId("complaints-filter-overdue").getAttribute("aria-pressed")).toBe("true");

    screen.getAllByTestId("complaint-row")[0]!.focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(window.location.hash).toBe("#/complaints/9"));
  });

  it("lists a customer's complaints on their page", async () => {
    const fake = new FakeCore();
    fake.customers = [customer({ id: 1, name: "Ana Ruiz" })];
    fake.complaints = [complaint({ id: 5, customer_id: 1, overdue: true }), complaint({ id: 4, customer_id: 2 })];
    await openApp("#/customers/1");
    const section = await screen.findByTestId("customer-complaints");
    const rows = await within(section).findAllByTestId("customer-complaint");
    expect(rows, "only this customer's").toHaveLength(1);
    expect(rows[0]!.textContent).toContain("Fuera de plazo");
    expect(within(rows[0]!).getByRole("link").getAttribute("href")).toBe("#/complaints/5");
    expect(within(section).getByTestId("complaint-new-button").getAttribute("href")).toBe("#/customers/1/complaint");
  });

  it("replies by email through the outbox and keeps the reply on the timeline", async () => {
    const fake = core();
    fake.complaints[0]!.customer_email = "ana@example.com";
    const { user } = await openApp("#/complaints/7");
    await screen.findByTestId("complaint-status");
    expect(screen.getByTestId("complaint-reply-form").textContent).toContain("ana@example.com");
    await user.click(screen.getByTestId("complaint-reply-send"));
    expect(fake.callsTo("complaint_reply"), "an empty reply is not sent").toHaveLength(0);
    await user.type(screen.getByTestId("complaint-reply-text"), "Le enviamos otra taza hoy.");
    await user.click(screen.getByTestId("complaint-reply-send"));
    expect(await screen.findByTestId("complaint-reply-sent")).toBeTruthy();
    expect(fake.callsTo("complaint_reply")[0]?.args).toEqual({ id: 7, text: "Le enviamos otra taza hoy." });
    const latest = screen.getAllByTestId("complaint-event")[0]!;
    expect(latest.textContent).toContain("Respuesta por email");
    expect(latest.textContent).toContain("Le enviamos otra taza hoy.");
  });

  it("points to the call log when the customer has no email, and tags survey cases", async () => {
    const fake = core();
    fake.complaints[0]!.summary = { ...fake.complaints[0]!.summary, source: "survey", survey_kind: "nps", survey_score: 3 };
    await openApp("#/complaints/7");
    await screen.findByTestId("complaint-status");
    expect(screen.getByTestId("complaint-reply-no-email").textContent).toBe(
      "Este cliente no tiene email: respóndele por teléfono y anota la llamada.",
    );
    expect(screen.queryByTestId("complaint-reply-text")).toBeNull();
    expect(screen.getByTestId("complaint-from-survey").textContent).toBe("Encuesta · NPS 3");
  });

  it("offers a return of the linked order for a refund or a replacement", async () => {
    core();
    const { user } = await openApp("#/complaints/7");
    await screen.findByTestId("complaint-status");
    expect(screen.queryByTestId("complaint-comp-return"), "points need no return").toBeNull();
    await user.selectOptions(screen.getByTestId("complaint-comp-kind"), "refund");
    const link = screen.getByTestId("complaint-comp-return");
    expect(link.getAttribute("href")).toBe("#/orders/10/return");
    expect(link.textContent).toContain("M00010");
  });
});
