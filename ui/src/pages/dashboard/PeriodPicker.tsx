// The dashboard's period: one click for the usual ones, or any two days.
import { useTranslation } from "react-i18next";
import { FieldError, fieldProps, type FieldErrors } from "../../components/FieldError";
import { DASHBOARD_PRESETS } from "../../lib/codes";
import type { DayRange } from "../../lib/dates";
import type { DashboardPreset } from "./period";

type Props = {
  /** The preset in use; null when the days were typed. */
  preset: DashboardPreset | null;
  range: DayRange;
  valid: boolean;
  /** What the core refused (`from` / `to`). */
  errors: FieldErrors;
  onPreset: (preset: DashboardPreset) => void;
  onRange: (range: DayRange) => void;
};

export function PeriodPicker({ preset, range, valid, errors, onPreset, onRange }: Props) {
  const { t } = useTranslation();
  return (
    <div className="card toolbar dashboard-toolbar">
      <div className="dashboard-presets" role="group" aria-label={t("dashboard.period")}>
        {DASHBOARD_PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            className="button"
            aria-pressed={p === preset}
            data-testid={`dashboard-preset-${p}`}
            onClick={() => onPreset(p)}
          >
            {t(`dashboard.preset.${p}`)}
          </button>
        ))}
      </div>
      <div className="field">
        <label htmlFor="field-dashboard-from">{t("dashboard.from")}</label>
        <input
          {...fieldProps("from", errors, "dashboard")}
          type="date"
          data-testid="dashboard-from"
          value={range.from}
          aria-invalid={!valid || "from" in errors || undefined}
          onChange={(e) => onRange({ ...range, from: e.target.value })}
        />
        <FieldError field="from" errors={errors} scope="dashboard" />
      </div>
      <div className="field">
        <label htmlFor="field-dashboard-to">{t("dashboard.to")}</label>
        <input
          {...fieldProps("to", errors, "dashboard")}
          type="date"
          data-testid="dashboard-to"
          value={range.to}
          aria-invalid={!valid || "to" in errors || undefined}
          onChange={(e) => onRange({ ...range, to: e.target.value })}
        />
        <FieldError field="to" errors={errors} scope="dashboard" />
      </div>
      {!valid && (
        <p className="field-error dashboard-range-error" role="alert" data-testid="dashboard-range-error">
          {t("dashboard.range_invalid")}
        </p>
      )}
    </div>
  );
}
