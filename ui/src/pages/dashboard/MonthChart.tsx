// One chart of the dashboard: figures month by month as bars or lines
// (recharts draws SVG through React, which the strict CSP allows: no style
// elements, no eval). The drawing is hidden from screen readers; the same
// numbers are in a visually hidden table, which the tests read too.
import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import type { DASHBOARD_CHARTS } from "../../lib/codes";
import type { MonthFigures } from "../../lib/ipc";
import { formatMonth } from "../../lib/surveys";

export type ChartName = (typeof DASHBOARD_CHARTS)[number];
export type MonthKey = Exclude<keyof MonthFigures, "month">;

/** The app's palette (styles.css), readable on white and told apart by more than hue alone. */
export const COLORS = {
  blue: "#1f5fa8",
  green: "#1e6b3a",
  red: "#b3261e",
  amber: "#b7791f",
  teal: "#0f7c80",
  grid: "#d9dee5",
  axis: "#5b6675",
} as const;

export type Series = {
  key: MonthKey;
  label: string;
  color: string;
  /** How a value is written in the tooltip and the table. */
  format: (value: number | null) => string;
  /** Lines only: a second scale on the right (CES 1–7 beside NPS and CSAT). */
  right?: boolean;
};

const HEIGHT = 220;
const TICK = { fontSize: 12, fill: COLORS.axis };

type Props = {
  name: ChartName;
  title: string;
  months: MonthFigures[];
  series: Series[];
  lines?: boolean;
  /** Lines only: the left and right scales. */
  domains?: { left: [number, number]; right?: [number, number] };
};

export function MonthChart({ name, title, months, series, lines = false, domains }: Props) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const titleId = useId();
  const rows = months.map((m) => ({ ...m, label: formatMonth(m.month, locale) }));
  const formatOf = (key: unknown) => series.find((s) => s.key === key)?.format ?? String;
  // Axis ticks stay short: "12 mil", "1,2 M".
  const compact = (n: number) => new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(n);
  const tooltip = (
    <Tooltip
      formatter={(value, label, item) => [formatOf(item.dataKey)(value === null || value === undefined ? null : Number(value)), label]}
    />
  );
  return (
    <figure className="chart dashboard-chart" data-testid={`dashboard-chart-${name}`} aria-labelledby={titleId}>
      <figcaption className="chart-title" id={titleId}>
        {title}
      </figcaption>
      <div className="chart-canvas" aria-hidden="true">
        <ResponsiveContainer width="100%" height={HEIGHT}>
          {lines ? (
            <LineChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke={COLORS.grid} vertical={false} />
              <XAxis dataKey="label" tick={TICK} interval="preserveStartEnd" minTickGap={12} />
              <YAxis yAxisId="left" tick={TICK} domain={domains?.left} allowDecimals={false} width={52} />
              {domains?.right && <YAxis yAxisId="right" orientation="right" tick={TICK} domain={domains.right} width={32} />}
              {tooltip}
              <Legend itemSorter={null} />
              {series.map((s) => (
                <Line
                  key={s.key}
                  yAxisId={s.right ? "right" : "left"}
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  strokeWidth={2}
                  dot={{ r: 3 }}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          ) : (
            <BarChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke={COLORS.grid} vertical={false} />
              <XAxis dataKey="label" tick={TICK} interval="preserveStartEnd" minTickGap={12} />
              <YAxis tick={TICK} allowDecimals={false} width={52} tickFormatter={compact} />
              {tooltip}
              {series.length > 1 && <Legend itemSorter={null} />}
              {series.map((s) => (
                <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} radius={[3, 3, 0, 0]} isAnimationActive={false} />
              ))}
            </BarChart>
          )}
        </ResponsiveContainer>
      </div>
      <table className="visually-hidden" data-testid={`dashboard-chart-${name}-table`}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t("dashboard.month")}</th>
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.month}>
              <th scope="row">{row.label}</th>
              {series.map((s) => (
                <td key={s.key}>{s.format(row[s.key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
