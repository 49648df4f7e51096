import { act, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeCore, failure } from "./test/fakeCore";
import { openApp } from "./test/render";

describe("app shell", () => {
  it("lists the areas in order, every one of them built", async () => {
    new FakeCore();
    await openApp();
    const nav = screen.getByRole("navigation");
    const links = within(nav).getAllByRole("link");
    expect(links.map((l) => l.dataset.testid), "the sidebar follows the product's order of areas").toEqual([
      "nav-customers",
      "nav-orders",
      "nav-import",
      "nav-returns",
      "nav-coupons",
      "nav-newsletters",
      "nav-surveys",
      "nav-automations",
      "nav-complaints",
      "nav-dashboard",
      "nav-settings",
    ]);
    expect(within(nav).queryByTestId("coming-soon"), "no area is marked as coming any more").toBeNull();
    expect(screen.getByTestId("nav-customers").getAttribute("aria-current"), "the current area is marked").toBe("page");
  });

  it("opens the dashboard from the sidebar", async () => {
    new FakeCore();
    const { user } = await openApp();
    await user.click(screen.getByTestId("nav-dashboard"));
    expect(await screen.findByRole("heading", { level: 1, name: "Panel" })).toBeTruthy();
    expect(await screen.findByTestId("dashboard-page")).toBeTruthy();
    expect(screen.getByTestId("nav-dashboard").getAttribute("aria-current"), "the dashboard is the current area").toBe("page");
  });

  it("shows the shop name, or Posventa when it is empty", async () => {
    const core = new FakeCore();
    core.settings.shop_name = "";
    await openApp();
    expect(screen.getByRole("navigation").textContent).toContain("Posventa");
  });

  it("speaks English when the settings say so", async () => {
    const core = new FakeCore();
    core.settings.language = "en";
    await openApp("#/customers");
    expect(await screen.findByRole("heading", { level: 1, name: "Customers" })).toBeTruthy();
    expect(screen.getByTestId("nav-settings").textContent).toBe("Settings");
    expect(screen.getByTestId("nav-dashboard").textContent).toBe("Dashboard");
  });

  it("switches language when the settings change", async () => {
    const core = new FakeCore();
    await openApp("#/customers");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Clientes");
    core.settings = { ...core.settings, language: "en", shop_name: "Moon Shoes" };
    await act(() => core.changed("settings"));
    expect(await screen.findByRole("heading", { level: 1, name: "Customers" })).toBeTruthy();
    expect(screen.getByRole("navigation").textContent).toContain("Moon Shoes");
  });

  it("reports a failed command in a translated, dismissible banner", async () => {
    const core = new FakeCore();
    core.failures.set("customers_list", failure("database"));
    const { user } = await openApp("#/customers");
    const banner = await screen.findByTestId("error-banner");
    expect(banner.textContent).toContain("No se ha podido leer o guardar en la base de datos");
    await user.click(within(banner).getByRole("button", { name: "Cerrar aviso" }));
    expect(screen.queryByTestId("error-banner"), "dismissing removes the banner").toBeNull();
  });

  it("falls back to a generic message for an unknown error code", async () => {
    const core = new FakeCore();
    core.failures.set("customers_list", failure("disk_on_fire"));
    await openApp("#/customers");
    expect((await screen.findByTestId("error-banner")).textContent).toContain("Algo ha fallado");
  });
});
