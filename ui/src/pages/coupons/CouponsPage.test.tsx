import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import en from "../../i18n/en.json";
import es from "../../i18n/es.json";
import { todayLocal } from "../../lib/dates";
import { coupon, customer, FakeCore, invalid, order } from "../../test/fakeCore";
import { openApp } from "../../test/render";
import { COUPON_KINDS, COUPON_SOURCES, COUPON_STATES } from "./format";

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

function stubClipboard() {
  // After openApp: user-event installs its own clipboard stub on setup.
  const writeText = vi.fn(() => Promise.resolve());
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  return writeText;
}

async function openForm(core: FakeCore) {
  const opened = await openApp("#/coupons");
  await opened.user.click(await screen.findByTestId("coupon-new"));
  const field = (name: string) => opened.container.querySelector<HTMLInputElement & HTMLSelectElement>(`[name="${name}"]`)!;
  return { core, field, ...opened };
}

describe("coupons page", () => {
  it("lists each coupon's code, discount, uses against the limit, expiry, customer, origin and state", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    core.coupons = [
      coupon({ code: "VUELVE-7F3K9Q", kind: "percent", value: 10, max_uses: 1, uses: 0, source: "rule", customer_id: ana.id, customer_name: "Ana Ruiz", expires_on: "2999-03-31" }),
      coupon({ code: "VERANO-ABCDEF", kind: "fixed", value: 550, max_uses: null, uses: 3, source: "bulk", expires_on: "2020-01-31" }),
      coupon({ code: "CUPON-222222", max_uses: 2, uses: 2 }),
    ];
    const { user } = await openApp("#/coupons");
    const rows = await screen.findAllByTestId("coupon-row");
    expect(rows).toHaveLength(3);
    const cells = (row: HTMLElement) => [...row.querySelectorAll("td")].map((td) => plain(td.textContent));
    expect(cells(rows[0]!)).toEqual(["VUELVE-7F3K9Q Copiar", "10 %", "0 de 1", "31 mar 2999", "Ana Ruiz", "Automatización", "Activo"]);
    expect(cells(rows[1]!)).toEqual(["VERANO-ABCDEF Copiar", "5,50 €", "3 (sin límite)", "31 ene 2020", "Cualquiera", "En lote", "Caducado"]);
    expect(cells(rows[2]!).at(-1), "every use taken: used up, whatever the date").toBe("Agotado");
    expect(within(rows[0]!).getByTestId("coupon-code").getAttribute("href")).toBe(`#/coupons/${core.coupons[0]!.id}`);

    const writeText = stubClipboard();
    await user.click(within(rows[0]!).getByTestId("coupon-copy"));
    expect(writeText).toHaveBeenCalledWith("VUELVE-7F3K9Q");
  });

  it("issues one coupon with its terms as typed and offers its code to copy", async () => {
    const { core, field, user } = await openForm(new FakeCore());
    await user.selectOptions(field("kind"), "fixed");
    await user.type(field("value"), "5,50");
    await user.type(field("prefix"), "vuelve");
    await user.type(field("expires_on"), "2026-12-31");
    await user.clear(field("max_uses"));
    await user.type(field("min_order"), "30");
    await user.type(field("note"), "Clientes de la feria");
    await user.click(screen.getByTestId("coupon-save"));

    await waitFor(() => expect(core.callsTo("coupon_create")).toHaveLength(1));
    expect(core.callsTo("coupon_create")[0]!.args.input, "the core parses what was typed").toEqual({
      prefix: "vuelve",
      kind: "fixed",
      value: "5,50",
      expires_on: "2026-12-31",
      max_uses: null,
      min_order: "30",
      customer_id: null,
      note: "Clientes de la feria",
    });
    expect(core.callsTo("coupons_issue_bulk"), "one coupon is not a batch").toHaveLength(0);
    const issued = await screen.findByTestId("coupon-issued-code");
    expect(issued.textContent).toBe(core.coupons[0]!.code);
    expect(screen.queryByTestId("coupon-form"), "the form closes").toBeNull();
    expect(await screen.findAllByTestId("coupon-row"), "the list shows it").toHaveLength(1);

    const writeText = stubClipboard();
    await user.click(screen.getByTestId("coupon-issued-copy"));
    expect(writeText).toHaveBeenCalledWith(core.coupons[0]!.code);
  });

  it("shows the core's refusal on the field it names, and a use limit that is no number before asking", async () => {
    const { core, field, user, container } = await openForm(new FakeCore());
    core.failures.set("coupon_create", invalid(["value", "percent_invalid"], ["prefix", "prefix_invalid"]));
    await user.type(field("value"), "150");
    await user.click(screen.getByTestId("coupon-save"));
    expect((await screen.findByTestId("error-value")).textContent).toBe("Escribe un porcentaje entero entre 1 y 100.");
    expect(screen.getByTestId("error-prefix").textContent).toContain("de 2 a 12 letras o números");
    expect(field("value").getAttribute("aria-invalid")).toBe("true");

    await user.clear(field("max_uses"));
    await user.type(field("max_uses"), "dos");
    await user.click(screen.getByTestId("coupon-save"));
    expect((await screen.findByTestId("error-max_uses")).textContent).toContain("entre 1 y 1.000.000");
    expect(core.callsTo("coupon_create"), "nothing sent that cannot be a number").toHaveLength(1);
    expect(container.querySelectorAll(".field-error")).toHaveLength(1);
  });

  it("issues a batch for a campaign, lists its first codes and saves them all as a CSV", async () => {
    const { core, field, user } = await openForm(new FakeCore());
    await user.type(field("value"), "15");
    await user.clear(field("count"));
    await user.type(field("count"), "25");
    expect(screen.getByTestId("coupon-save").textContent).toBe("Crear 25 cupones");
    await user.click(screen.getByTestId("coupon-save"));

    await waitFor(() => expect(core.callsTo("coupons_issue_bulk")).toHaveLength(1));
    expect(core.callsTo("coupons_issue_bulk")[0]!.args.count).toBe(25);
    const panel = await screen.findByTestId("coupon-issued");
    expect(panel.textContent).toContain("25 cupones creados.");
    expect(within(panel).getByTestId("coupon-issued-codes").querySelectorAll("li"), "the first 20 on screen").toHaveLength(20);
    expect(panel.textContent).toContain("… y 5 más");

    const writeText = stubClipboard();
    await user.click(within(panel).getByTestId("coupon-copy-all"));
    const copied = (writeText.mock.calls[0] as unknown as [string])[0];
    expect(copied.split("\n"), "all 25, one per line").toHaveLength(25);

    await user.click(within(panel).getByTestId("coupon-save-csv"));
    expect((await screen.findByTestId("coupon-csv-saved")).textContent).toBe("Archivo guardado con 25 cupones.");
    expect(core.callsTo("export_pick_path")[0]!.args.name).toBe("cupones.csv");
    const saved = core.callsTo("coupons_save_csv")[0]!.args;
    expect((saved.ids as number[]).length).toBe(25);
    expect(saved).toMatchObject({ path: "/tmp/cupones.csv", semicolon: true });
  });

  it("a coupon's page lists the orders that used it and can end it today", async () => {
    const core = new FakeCore();
    const used = coupon({ code: "VUELVE-7F3K9Q", max_uses: 3, uses: 1 });
    core.coupons = [used];
    core.orders = [order({ number: "M00007", customer_name: "Ana Ruiz", coupon_code: "VUELVE-7F3K9Q", discount_minor: 250, placed_on: "2026-04-02" })];
    const { user } = await openApp(`#/coupons/${used.id}`);
    expect((await screen.findByTestId("coupon-page-code")).textContent).toBe("VUELVE-7F3K9Q");
    const row = screen.getByTestId("coupon-order");
    expect(plain(row.textContent)).toContain("M00007");
    expect(plain(row.textContent)).toContain("−2,50 €");

    await user.click(screen.getByTestId("coupon-disable"));
    await user.click(within(await screen.findByRole("dialog")).getByTestId("coupon-disable-confirm"));
    expect((await screen.findByTestId("coupon-disabled")).textContent).toBe("Cupón desactivado.");
    expect(core.callsTo("coupon_disable")[0]!.args).toEqual({ id: used.id, today: todayLocal() });
    await waitFor(() => expect(screen.getByTestId("coupon-state").textContent).toBe("Caducado"));
    expect(screen.queryByTestId("coupon-disable"), "an ended coupon cannot be ended again").toBeNull();
  });

  it("issues a coupon only one customer can use from their page", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    const { user, container } = await openApp(`#/customers/${ana.id}`);
    expect((await screen.findByTestId("customer-coupons-empty")).textContent).toBe("No tiene cupones a su nombre.");
    await user.click(screen.getByTestId("customer-coupon-new"));
    expect(screen.getByRole("form", { name: "Nuevo cupón para Ana Ruiz" })).toBeTruthy();
    expect(container.querySelector('[name="count"]'), "a customer's coupon is one coupon").toBeNull();
    await user.type(container.querySelector<HTMLInputElement>('[name="value"]')!, "20");
    await user.click(screen.getByTestId("coupon-save"));
    await waitFor(() => expect(core.callsTo("coupon_create")).toHaveLength(1));
    expect(core.callsTo("coupon_create")[0]!.args.input).toMatchObject({ customer_id: ana.id, value: "20" });
    expect((await screen.findAllByTestId("customer-coupon"))[0]!.textContent).toContain(core.coupons[0]!.code);
  });

  it("has words for every kind, origin and state in both languages", () => {
    for (const [name, tree] of [["es", es], ["en", en]] as const) {
      const missing = [
        ...COUPON_KINDS.map((k) => ["coupon_kind", k] as const),
        ...COUPON_SOURCES.map((s) => ["coupon_source", s] as const),
        ...COUPON_STATES.map((s) => ["coupon_state", s] as const),
      ].filter(([group, key]) => typeof (tree as Record<string, Record<string, unknown>>)[group]?.[key] !== "string");
      expect(missing, `${name}.json`).toEqual([]);
    }
  });
});
