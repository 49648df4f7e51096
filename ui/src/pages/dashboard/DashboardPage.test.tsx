import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { dashboard, FakeCore, invalid, monthFigures } from "../../test/fakeCore";
import { openApp } from "../../test/render";
import { presetRange } from "./period";

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

/** A period's figures as the core would send them. */
function figures(from: string, to: string) {
  const base = dashboard(from, to);
  return dashboard(from, to, {
    months: base.months.map((m, i) =>
      i === base.months.length - 1 ? monthFigures(m.month, { orders: 42, nps: 30, csat: 80, ces: 5.25, complaints_opened: 3, complaints_resolved: 2 }) : m,
    ),
    nps: { value: 32.4, answers: 120 },
    csat: { value: 81.2, answers: 90 },
    ces: { value: 5.34, answers: 1 },
    response_rate: 23.44,
    surveys_sent: 512,
    orders: 300,
    customers: 200,
    repeat_customers: 25,
    repeat_rate: 12.5,
    orders_per_customer: 1.5,
    orders_returned: 9,
    returns_rate: 3,
    top_reasons: [
      { reason: { id: 1, code: "wrong_size", label: "", waives_fee: false, active: true }, count: 6 },
      { reason: { id: 9, code: null, label: "Llegó tarde", waives_fee: false, active: true }, count: 3 },
    ],
    complaints_opened: 14,
    complaints_resolved: 11,
    median_resolution_hours: 80,
    complaints_overdue: 2,
    points_issued: 12_500,
    points_redeemed: 4_000,
    points_expired: 300,
  });
}

const value = (name: string) => plain(within(screen.getByTestId(`dashboard-figure-${name}`)).getByTestId("figure-value").textContent);

describe("dashboard", () => {
  beforeEach(() => {
    // Only the calendar is faked: "today" is 20 April 2026, 10:00 local time.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2026, 3, 20, 10, 0));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("asks for the last 12 months by default and shows every figure in the locale", async () => {
    const core = new FakeCore();
    core.dashboardOf = figures;
    await openApp("#/dashboard");
    await screen.findByTestId("dashboard-figure-nps");

    expect(core.callsTo("dashboard")[0]?.args, "from the first day of the month 11 months ago up to today, local days").toEqual({
      from: "2025-05-01",
      to: "2026-04-20",
    });
    expect((screen.getByTestId("dashboard-from") as HTMLInputElement).value).toBe("2025-05-01");
    expect((screen.getByTestId("dashboard-to") as HTMLInputElement).value).toBe("2026-04-20");
    expect(screen.getByTestId("dashboard-preset-last_12_months").getAttribute("aria-pressed")).toBe("true");

    expect(value("nps"), "NPS as a signed whole number").toBe("+32");
    expect(value("csat")).toBe("81 %");
    expect(value("ces")).toBe("5,3");
    expect(plain(screen.getByTestId("dashboard-figure-ces").textContent), "a single answer is singular").toContain("1 respuesta");
    expect(value("response_rate"), "percentages with one decimal").toBe("23,4 %");
    expect(plain(screen.getByTestId("dashboard-figure-response_rate").textContent)).toContain("de 512 encuestas enviadas");
    expect(value("repeat_rate")).toBe("12,5 %");
    expect(plain(screen.getByTestId("dashboard-figure-repeat_rate").textContent)).toContain("25 de 200 clientes");
    expect(value("orders_per_customer")).toBe("1,5");
    expect(value("returns_rate")).toBe("3,0 %");
    expect(value("complaints_opened")).toBe("14");
    expect(value("complaints_resolved")).toBe("11");
    expect(value("median_resolution"), "80 hours read better in days").toBe("3,3 días");
    expect(value("complaints_overdue")).toBe("2");
    expect(screen.getByTestId("dashboard-figure-complaints_overdue").className, "overdue complaints stand out").toContain("figure-alert");
    expect(value("points_issued")).toBe("12.500");
    expect(value("points_redeemed")).toBe("4000");
    expect(value("points_expired")).toBe("300");

    const reasons = within(screen.getByTestId("dashboard-top-reasons")).getAllByRole("listitem");
    expect(reasons.map((r) => r.textContent), "a seeded reason is translated, the owner's own wording kept").toEqual([
      "Talla incorrecta6",
      "Llegó tarde3",
    ]);

    const table = screen.getByTestId("dashboard-chart-orders-table");
    const rows = within(table).getAllByRole("row");
    expect(rows, "a header and one row per month").toHaveLength(13);
    expect(plain(rows[12]?.textContent), "the chart's numbers are there as text").toBe("abr 202642");
    const satisfaction = within(screen.getByTestId("dashboard-chart-satisfaction-table")).getAllByRole("row");
    expect(plain(satisfaction[12]?.textContent)).toBe("abr 2026+3080 %5,3");
    expect(plain(satisfaction[1]?.textContent), "a month without answers shows the empty mark").toBe("may 2025———");
    for (const chart of ["satisfaction", "orders", "returns", "complaints", "points"]) {
      expect(screen.getByTestId(`dashboard-chart-${chart}`), `the ${chart} chart is drawn`).toBeTruthy();
    }
  });

  it("shows the empty mark when there is nothing to measure", async () => {
    new FakeCore();
    await openApp("#/dashboard");
    await screen.findByTestId("dashboard-figure-nps");
    expect(value("nps")).toBe("—");
    expect(value("response_rate")).toBe("—");
    expect(value("median_resolution")).toBe("—");
    expect(screen.getByTestId("dashboard-figure-complaints_overdue").className).not.toContain("figure-alert");
  });

  it("asks again when the period changes, and not for an impossible one", async () => {
    const core = new FakeCore();
    const { user } = await openApp("#/dashboard");
    await screen.findByTestId("dashboard-figure-nps");

    await user.click(screen.getByTestId("dashboard-preset-this_year"));
    await waitFor(() => expect(core.callsTo("dashboard").at(-1)?.args).toEqual({ from: "2026-01-01", to: "2026-04-20" }));
    await user.click(screen.getByTestId("dashboard-preset-last_3_months"));
    await waitFor(() => expect(core.callsTo("dashboard").at(-1)?.args).toEqual({ from: "2026-02-01", to: "2026-04-20" }));

    fireEvent.change(screen.getByTestId("dashboard-from"), { target: { value: "2024-07-15" } });
    await waitFor(() => expect(core.callsTo("dashboard").at(-1)?.args).toEqual({ from: "2024-07-15", to: "2026-04-20" }));
    expect(screen.getByTestId("dashboard-preset-last_3_months").getAttribute("aria-pressed"), "typed days are no preset").toBe("false");
    expect(plain(screen.getByTestId("dashboard-shown").textContent)).toBe("Del 15 jul 2024 al 20 abr 2026");

    const asked = core.callsTo("dashboard").length;
    fireEvent.change(screen.getByTestId("dashboard-to"), { target: { value: "2024-01-01" } });
    expect(await screen.findByTestId("dashboard-range-error")).toBeTruthy();
    expect(core.callsTo("dashboard"), "an end before the start is not sent").toHaveLength(asked);
  });

  it("shows the core's refusal of a period on its field", async () => {
    const core = new FakeCore();
    await openApp("#/dashboard");
    await screen.findByTestId("dashboard-figure-nps");
    core.failures.set("dashboard", invalid(["from", "period_invalid"]));
    fireEvent.change(screen.getByTestId("dashboard-from"), { target: { value: "2001-01-01" } });
    expect((await screen.findByTestId("error-dashboard-from")).textContent).toContain("no puede pasar de 10 años");
    expect(screen.queryByTestId("error-banner"), "a refused field is not a failure of the app").toBeNull();
  });

  it("refreshes when anything is written", async () => {
    const core = new FakeCore();
    await openApp("#/dashboard");
    await screen.findByTestId("dashboard-figure-nps");
    const asked = core.callsTo("dashboard").length;
    core.dashboardOf = figures;
    await act(() => core.changed("complaints"));
    await waitFor(() => expect(value("complaints_opened")).toBe("14"));
    expect(core.callsTo("dashboard").length).toBeGreaterThan(asked);
  });

  it("opens the list behind each figure", async () => {
    const core = new FakeCore();
    core.dashboardOf = figures;
    const { user } = await openApp("#/dashboard");
    await screen.findByTestId("dashboard-figure-nps");
    const links = Object.fromEntries(
      ["nps", "response_rate", "repeat_rate", "orders_per_customer", "returns_rate", "complaints_opened", "complaints_resolved", "complaints_overdue", "points_issued"].map(
        (name) => [name, screen.getByTestId(`dashboard-figure-${name}`).getAttribute("href")],
      ),
    );
    expect(links).toEqual({
      nps: "#/surveys/results",
      response_rate: "#/surveys/results",
      repeat_rate: "#/customers",
      orders_per_customer: "#/orders",
      returns_rate: "#/returns",
      complaints_opened: "#/complaints/all",
      complaints_resolved: "#/complaints/resolved",
      complaints_overdue: "#/complaints/overdue",
      points_issued: "#/settings/loyalty",
    });

    await user.click(screen.getByTestId("dashboard-figure-complaints_overdue"));
    await waitFor(() => expect(screen.getByTestId("complaints-filter-overdue").getAttribute("aria-pressed")).toBe("true"));
    await waitFor(() => expect(core.callsTo("complaints_list").at(-1)?.args.filter, "the list opens on the overdue ones").toBe("overdue"));
  });
});

describe("dashboard periods", () => {
  it("count whole months back from today, on the local calendar", () => {
    const now = new Date(2026, 0, 31, 23, 30);
    expect(presetRange("last_12_months", now)).toEqual({ from: "2025-02-01", to: "2026-01-31" });
    expect(presetRange("last_3_months", now)).toEqual({ from: "2025-11-01", to: "2026-01-31" });
    expect(presetRange("this_year", now)).toEqual({ from: "2026-01-01", to: "2026-01-31" });
  });
});
