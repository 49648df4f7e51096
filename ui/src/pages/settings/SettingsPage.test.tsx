import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeCore, invalid } from "../../test/fakeCore";
import { openApp } from "../../test/render";

describe("settings page", () => {
  it("saves the shop's settings, confirms, and follows the chosen language", async () => {
    const core = new FakeCore();
    const { user, container } = await openApp("#/settings");
    const field = (name: string) => container.querySelector<HTMLInputElement & HTMLSelectElement>(`[name="${name}"]`)!;
    expect(field("shop_name").value).toBe("Zapatería Luna");
    const country = [...field("country").options].find((o) => o.value === "MX");
    expect(country?.textContent, "countries are named in the UI language").toBe("México");
    const auto = [...field("language").options].find((o) => o.value === "auto");
    expect(auto?.textContent, "auto names the system locale it follows").toBe("Automático (sigue el sistema: es-ES)");

    await user.clear(field("shop_name"));
    await user.type(field("shop_name"), "Tienda Sol");
    await user.selectOptions(field("country"), "MX");
    await user.selectOptions(field("currency"), "MXN");
    await user.selectOptions(field("language"), "en");
    await user.click(screen.getByTestId("settings-save"));

    await waitFor(() => expect(core.callsTo("settings_update")).toHaveLength(1));
    expect(core.callsTo("settings_update")[0]?.args.settings).toEqual({
      shop_name: "Tienda Sol",
      country: "MX",
      currency: "MXN",
      language: "en",
    });
    expect((await screen.findByTestId("settings-saved")).textContent).toBe("Settings saved.");
    expect(screen.getByRole("heading", { level: 1 }).textContent, "the UI switched to English").toBe("Settings");
    expect(screen.getByRole("navigation").textContent).toContain("Tienda Sol");
  });

  it("shows refused fields on the fields", async () => {
    const core = new FakeCore();
    core.failures.set("settings_update", invalid(["country", "country_unknown"]));
    const { user } = await openApp("#/settings");
    await user.click(screen.getByTestId("settings-save"));
    expect((await screen.findByTestId("error-country")).textContent).toBe("País desconocido. Elige uno de la lista.");
    expect(screen.queryByTestId("settings-saved"), "nothing was saved").toBeNull();
  });
});
