import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeCore, invalid, loyaltySettings, tier } from "../../test/fakeCore";
import { openApp } from "../../test/render";

describe("loyalty settings", () => {
  it("saves what was typed: empty pending days follow the return window, empty expiry never expires", async () => {
    const core = new FakeCore();
    core.loyaltySettings = loyaltySettings({
      pending_days: 10,
      effective_pending_days: 10,
      expiry_months: 24,
      redeem_value_minor: 100,
      tiers: [tier({ name: "Plata", threshold_minor: 30000, multiplier_percent: 125 })],
    });
    const { user } = await openApp("#/settings/loyalty");
    await screen.findByTestId("loyalty-settings");
    expect(screen.getByTestId("settings-tab-loyalty").getAttribute("aria-current")).toBe("page");
    expect((screen.getByTestId("loyalty-tier-threshold-0") as HTMLInputElement).value).toBe("300,00");
    expect((screen.getByTestId("loyalty-redeem-value-setting") as HTMLInputElement).value).toBe("1,00");

    await user.clear(screen.getByTestId("loyalty-points-per-unit"));
    await user.type(screen.getByTestId("loyalty-points-per-unit"), "2");
    await user.selectOptions(screen.getByTestId("loyalty-earn-on"), "paid");
    await user.clear(screen.getByTestId("loyalty-pending-days"));
    await user.clear(screen.getByTestId("loyalty-redeem-points-setting"));
    await user.type(screen.getByTestId("loyalty-redeem-points-setting"), "500");
    await user.clear(screen.getByTestId("loyalty-redeem-value-setting"));
    await user.type(screen.getByTestId("loyalty-redeem-value-setting"), "5,00");
    await user.clear(screen.getByTestId("loyalty-expiry-months"));
    await user.clear(screen.getByTestId("loyalty-referrer-points"));
    await user.type(screen.getByTestId("loyalty-referrer-points"), "200");
    await user.clear(screen.getByTestId("loyalty-referred-points"));
    await user.type(screen.getByTestId("loyalty-referred-points"), "100");
    expect((screen.getByTestId("loyalty-referral-coupon-percent") as HTMLInputElement).value, "no welcome coupon by default").toBe("0");
    expect(screen.getByText("Cupón de bienvenida para el amigo: % (0 = ninguno)")).toBeTruthy();
    await user.clear(screen.getByTestId("loyalty-referral-coupon-percent"));
    await user.type(screen.getByTestId("loyalty-referral-coupon-percent"), "10");
    await user.clear(screen.getByTestId("loyalty-referral-coupon-days"));
    await user.type(screen.getByTestId("loyalty-referral-coupon-days"), "30");
    await user.click(screen.getByTestId("loyalty-tier-add"));
    await user.type(screen.getByTestId("loyalty-tier-name-1"), "Oro");
    await user.type(screen.getByTestId("loyalty-tier-threshold-1"), "600");
    await user.clear(screen.getByTestId("loyalty-tier-multiplier-1"));
    await user.type(screen.getByTestId("loyalty-tier-multiplier-1"), "150");
    await user.click(screen.getByTestId("loyalty-settings-save"));

    await waitFor(() => expect(core.callsTo("loyalty_settings_save")).toHaveLength(1));
    expect(core.callsTo("loyalty_settings_save")[0]?.args.input).toEqual({
      enabled: true,
      points_per_unit: 2,
      earn_on: "paid",
      pending_days: null,
      redeem_points: 500,
      redeem_value: "5,00",
      expiry_months: null,
      referrer_points: 200,
      referred_points: 100,
      referral_coupon_percent: 10,
      referral_coupon_days: 30,
      tiers: [
        { name: "Plata", threshold: "300,00", multiplier_percent: 125 },
        { name: "Oro", threshold: "600", multiplier_percent: 150 },
      ],
    });
    expect((await screen.findByTestId("loyalty-settings-saved")).textContent).toBe("Programa de puntos guardado.");
    expect(screen.getByTestId("loyalty-effective-pending").textContent, "empty pending days follow the return window, named in days").toBe(
      "Déjalo vacío para usar el plazo de devolución. Ahora: 30 días.",
    );
  });

  it("shows refused fields by code and removes a tier", async () => {
    const core = new FakeCore();
    core.loyaltySettings = loyaltySettings({
      tiers: [tier({ name: "Plata", threshold_minor: 30000 }), tier({ name: "Oro", threshold_minor: 60000 })],
    });
    core.failures.set(
      "loyalty_settings_save",
      invalid(["expiry_months", "out_of_range"], ["redeem_value", "amount_zero"], ["tiers.1.threshold", "threshold_duplicate"], ["tiers.0.name", "required"]),
    );
    const { user } = await openApp("#/settings/loyalty");
    await user.click(await screen.findByTestId("loyalty-settings-save"));
    expect((await screen.findByTestId("error-expiry_months")).textContent).toBe(
      "Escribe entre 1 y 120 meses, o déjalo vacío para que no caduquen.",
    );
    expect(screen.getByTestId("error-redeem_value").textContent).toBe("El importe debe ser mayor que 0.");
    expect(screen.getByTestId("error-tiers.1.threshold").textContent).toBe("Ya hay un nivel con este gasto mínimo. Usa otro importe.");
    expect(screen.getByTestId("error-tiers.0.name").textContent).toBe("Escribe el nombre del nivel.");

    await user.click(screen.getByTestId("loyalty-tier-remove-1"));
    expect(screen.getAllByTestId("loyalty-tier-row")).toHaveLength(1);
    expect(screen.queryByTestId("error-tiers.1.threshold"), "a removed row takes its error with it").toBeNull();

    await user.clear(screen.getByTestId("loyalty-points-per-unit"));
    await user.type(screen.getByTestId("loyalty-points-per-unit"), "1,5");
    await user.click(screen.getByTestId("loyalty-settings-save"));
    expect((await screen.findByTestId("error-points_per_unit")).textContent).toBe("Escribe un número entero, sin decimales (p. ej. 30).");
    expect(core.callsTo("loyalty_settings_save"), "an unreadable number is not sent").toHaveLength(1);
  });

  it("refuses a welcome coupon out of range by field", async () => {
    const core = new FakeCore();
    const { user } = await openApp("#/settings/loyalty");
    await user.clear(await screen.findByTestId("loyalty-referral-coupon-percent"));
    await user.type(screen.getByTestId("loyalty-referral-coupon-percent"), "95");
    await user.clear(screen.getByTestId("loyalty-referral-coupon-days"));
    await user.type(screen.getByTestId("loyalty-referral-coupon-days"), "0");
    await user.click(screen.getByTestId("loyalty-settings-save"));
    expect((await screen.findByTestId("error-referral_coupon_percent")).textContent).toBe("Escribe un porcentaje entre 0 y 90 (0 = sin cupón).");
    expect(screen.getByTestId("error-referral_coupon_days").textContent).toBe("Escribe entre 1 y 3650 días.");
    expect(core.loyaltySettings.referral_coupon_percent, "nothing saved").toBe(0);
  });

  it("awards points for orders delivered before and says how many earned", async () => {
    const core = new FakeCore();
    core.backfillCount = 37;
    const { user } = await openApp("#/settings/loyalty");
    await user.click(await screen.findByTestId("loyalty-backfill"));
    expect((await screen.findByTestId("loyalty-backfilled")).textContent).toBe("37 pedidos han recibido sus puntos.");
    expect(core.callsTo("loyalty_backfill")).toHaveLength(1);
  });
});
