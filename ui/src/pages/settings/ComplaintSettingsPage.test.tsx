import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeCore } from "../../test/fakeCore";
import { openApp } from "../../test/render";

describe("complaint settings", () => {
  it("edits the deadlines and the categories and saves them in order", async () => {
    const core = new FakeCore();
    const { user } = await openApp("#/settings/complaints");
    const form = await screen.findByTestId("complaint-settings");
    expect(screen.getByTestId("settings-tab-complaints").getAttribute("aria-current")).toBe("page");
    expect((screen.getByTestId("complaint-sla-normal") as HTMLInputElement).value).toBe("48");
    const first = screen.getByTestId("complaint-category-label-0") as HTMLInputElement;
    expect(first.value, "a built-in category has no label of its own").toBe("");
    expect(first.placeholder, "its translated name shows instead").toBe("Entrega con retraso");

    await user.clear(screen.getByTestId("complaint-sla-urgent"));
    await user.type(screen.getByTestId("complaint-sla-urgent"), "2");
    await user.type(screen.getByTestId("complaint-category-label-1"), "Roto en el envío");
    await user.click(screen.getByTestId("complaint-category-up-1"));
    await user.click(screen.getByTestId("complaint-category-remove-6"));
    await user.click(screen.getByTestId("complaint-category-add"));
    await user.type(screen.getByTestId("complaint-category-label-6"), "Envoltorio");
    await user.click(within(form).getByTestId("complaint-settings-save"));

    await waitFor(() => expect(core.callsTo("complaint_settings_save")).toHaveLength(1));
    expect(core.callsTo("complaint_settings_save")[0]?.args).toEqual({
      input: {
        sla_low_hours: 120,
        sla_normal_hours: 48,
        sla_high_hours: 24,
        sla_urgent_hours: 2,
        categories: [
          { id: 2, label: "Roto en el envío" },
          { id: 1, label: "" },
          { id: 3, label: "" },
          { id: 4, label: "" },
          { id: 5, label: "" },
          { id: 6, label: "" },
          { id: null, label: "Envoltorio" },
        ],
      },
    });
    expect(await screen.findByTestId("complaint-settings-saved")).toBeTruthy();
    expect((screen.getByTestId("complaint-category-label-6") as HTMLInputElement).value).toBe("Envoltorio");
  });

  it("shows refused fields on the fields", async () => {
    const core = new FakeCore();
    const { user } = await openApp("#/settings/complaints");
    await screen.findByTestId("complaint-settings");
    await user.clear(screen.getByTestId("complaint-sla-low"));
    await user.type(screen.getByTestId("complaint-sla-low"), "mucho");
    await user.click(screen.getByTestId("complaint-settings-save"));
    expect((await screen.findByTestId("error-sla_low_hours")).textContent).toBe("Escribe un número entero de horas entre 1 y 8760.");
    expect(core.callsTo("complaint_settings_save"), "checked before asking the core").toHaveLength(0);

    await user.clear(screen.getByTestId("complaint-sla-low"));
    await user.type(screen.getByTestId("complaint-sla-low"), "9000");
    await user.click(screen.getByTestId("complaint-category-add"));
    await user.click(screen.getByTestId("complaint-settings-save"));
    expect((await screen.findByTestId("error-sla_low_hours")).textContent).toBe("Escribe un número entero de horas entre 1 y 8760.");
    expect(screen.getByTestId("error-categories.7").textContent).toBe("Escribe el nombre de la categoría.");
  });
});
