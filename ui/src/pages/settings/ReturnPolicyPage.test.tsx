import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { FakeCore, invalid, returnPolicy } from "../../test/fakeCore";
import { openApp } from "../../test/render";

describe("return policy settings", () => {
  it("saves what was typed, with every reason and its id", async () => {
    const core = new FakeCore();
    core.returnPolicy = returnPolicy({ fee_kind: "fixed", fee_value: 250, policy_text: "Tienes 30 días." });
    const { user } = await openApp("#/settings/returns");
    await screen.findByTestId("return-policy");
    expect(screen.getByTestId("settings-tab-returns").getAttribute("aria-current")).toBe("page");
    expect((screen.getByTestId("policy-fee-value") as HTMLInputElement).value, "minor units shown as the amount to edit").toBe("2,50");
    expect((screen.getByTestId("policy-reason-label-0") as HTMLInputElement).placeholder, "a seeded reason shows its translation").toBe(
      "Talla incorrecta",
    );

    await user.clear(screen.getByTestId("policy-window-days"));
    await user.type(screen.getByTestId("policy-window-days"), "15");
    await user.selectOptions(screen.getByTestId("policy-fee-kind"), "percent");
    await user.type(screen.getByTestId("policy-fee-value"), "10");
    await user.click(screen.getByTestId("policy-offer-exchange"));
    await user.clear(screen.getByTestId("policy-bonus-percent"));
    await user.type(screen.getByTestId("policy-bonus-percent"), "5");
    await user.type(screen.getByTestId("policy-reason-label-0"), "Número equivocado");
    await user.click(screen.getByTestId("policy-reason-active-3"));
    await user.click(screen.getByTestId("policy-reason-add"));
    await user.type(screen.getByTestId("policy-reason-label-4"), "Llegó tarde");
    await user.click(screen.getByTestId("policy-reason-waives-4"));
    await user.type(screen.getByTestId("policy-text"), " Sin etiqueta, no.");
    await user.click(screen.getByTestId("policy-notify"));
    await user.click(screen.getByTestId("policy-save"));

    await waitFor(() => expect(core.callsTo("return_policy_save")).toHaveLength(1));
    expect(core.callsTo("return_policy_save")[0]?.args.input).toEqual({
      window_days: 15,
      fee_kind: "percent",
      fee_value: "10",
      offer_refund: true,
      offer_exchange: false,
      offer_credit: true,
      bonus_percent: 5,
      policy_text: "Tienes 30 días. Sin etiqueta, no.",
      notify_customer: true,
      reasons: [
        { id: 1, label: "Número equivocado", waives_fee: false, active: true },
        { id: 2, label: "", waives_fee: true, active: true },
        { id: 3, label: "", waives_fee: false, active: true },
        { id: 4, label: "", waives_fee: false, active: false },
        { id: null, label: "Llegó tarde", waives_fee: true, active: true },
      ],
    });
    expect((await screen.findByTestId("policy-saved")).textContent).toBe("Política de devoluciones guardada.");
    expect(screen.getAllByTestId("policy-reason"), "the new reason comes back with its id").toHaveLength(5);
  });

  it("shows each refused field's message by its code", async () => {
    const core = new FakeCore();
    core.failures.set(
      "return_policy_save",
      invalid(["window_days", "out_of_range"], ["fee_value", "percent_invalid"], ["outcomes", "outcome_required"], ["reasons.0.label", "too_long"]),
    );
    core.returnPolicy = returnPolicy({ fee_kind: "percent", fee_value: 10 });
    const { user } = await openApp("#/settings/returns");
    await user.click(await screen.findByTestId("policy-save"));
    expect((await screen.findByTestId("error-window_days")).textContent).toBe("Escribe un plazo entre 0 y 3650 días.");
    expect(screen.getByTestId("error-fee_value").textContent).toBe("Escribe un porcentaje entero entre 0 y 100.");
    expect(screen.getByTestId("error-outcomes").textContent).toBe("Ofrece al menos una solución: reembolso, cambio o vale.");
    expect(screen.getByTestId("error-reasons.0.label").textContent).toBe("El texto es demasiado largo. Acórtalo.");
    expect(screen.queryByTestId("policy-saved")).toBeNull();

    await user.clear(screen.getByTestId("policy-window-days"));
    await user.type(screen.getByTestId("policy-window-days"), "treinta");
    await user.click(screen.getByTestId("policy-save"));
    expect((await screen.findByTestId("error-window_days")).textContent, "unreadable numbers are caught before saving").toBe(
      "Escribe un número entero, sin decimales (p. ej. 30).",
    );
    expect(core.callsTo("return_policy_save")).toHaveLength(1);
  });

  it("copies the policy text for the web shop and prints it", async () => {
    const core = new FakeCore();
    core.returnPolicy = returnPolicy({ policy_text: "Tienes 30 días para devolver." });
    const { user } = await openApp("#/settings/returns");
    // After openApp: user-event installs its own clipboard stub on setup.
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await user.click(await screen.findByTestId("policy-copy"));
    expect(writeText).toHaveBeenCalledWith("Tienes 30 días para devolver.");
    expect((await screen.findByTestId("policy-copied")).textContent).toBe("Texto copiado al portapapeles.");

    let printing = false;
    // happy-dom has no print dialog; the webview's is replaced by a spy.
    const print = vi.fn(() => {
      printing = document.body.classList.contains("printing-policy");
    });
    Object.defineProperty(window, "print", { value: print, configurable: true });
    await user.click(screen.getByTestId("policy-print"));
    expect(print).toHaveBeenCalledTimes(1);
    expect(printing, "only the policy's text is printed").toBe(true);
    expect(document.body.classList.contains("printing-policy"), "the page is back to normal afterwards").toBe(false);
  });
});
