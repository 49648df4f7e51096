// The dashboard: how the after-sale is going over a period — satisfaction,
// customers who come back, returns, complaints and points — each figure a
// link to the list behind it. Any write anywhere refreshes it.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import type { FieldErrors } from "../../components/FieldError";
import { CHANGED_AREAS } from "../../lib/codes";
import { dayRangeValid, formatDay, type DayRange } from "../../lib/dates";
import { ipc, type Dashboard } from "../../lib/ipc";
import { PeriodPicker } from "./PeriodPicker";
import { presetRange, type DashboardPreset } from "./period";
import { ComplaintsSection, CustomersSection, PointsSection, ReturnsSection, SatisfactionSection } from "./Sections";

const DEFAULT_PRESET: DashboardPreset = "last_12_months";

export function DashboardPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const [preset, setPreset] = useState<DashboardPreset | null>(DEFAULT_PRESET);
  const [range, setRange] = useState<DayRange>(() => presetRange(DEFAULT_PRESET));
  const [data, setData] = useState<Dashboard | null>(null);
  const [refused, setRefused] = useState<FieldErrors>({});
  const [version, setVersion] = useState(0);
  // Both real days, in order; the core checks the length.
  const valid = dayRangeValid(range);

  useEffect(() => {
    if (!valid) return;
    let live = true;
    ipc
      .dashboard(range.from, range.to)
      .then((found) => {
        if (!live) return;
        setData(found);
        setRefused({});
      })
      .catch((err) => {
        if (!live) return;
        const fields = fieldErrorsOf(err);
        if (fields) setRefused(fields);
        else report(err);
      });
    return () => {
      live = false;
    };
  }, [range.from, range.to, valid, version, report]);
  useOnChanged([...CHANGED_AREAS], () => setVersion((v) => v + 1));

  const choosePreset = (next: DashboardPreset) => {
    setPreset(next);
    setRange(presetRange(next));
    setRefused({});
  };
  const typeRange = (next: DayRange) => {
    setPreset(null);
    setRange(next);
    setRefused({});
  };

  return (
    <section className="page page-wide" data-testid="dashboard-page">
      <header className="page-header">
        <h1>{t("dashboard.title")}</h1>
        {data && (
          <p className="muted" data-testid="dashboard-shown">
            {t("dashboard.shown", { from: formatDay(data.from, locale), to: formatDay(data.to, locale) })}
          </p>
        )}
      </header>
      <PeriodPicker preset={preset} range={range} valid={valid} errors={refused} onPreset={choosePreset} onRange={typeRange} />
      {data === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="dashboard-grid">
          <SatisfactionSection data={data} />
          <CustomersSection data={data} />
          <ReturnsSection data={data} />
          <ComplaintsSection data={data} />
          <PointsSection data={data} />
        </div>
      )}
    </section>
  );
}
