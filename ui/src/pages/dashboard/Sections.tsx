// The dashboard's five areas, each with its figures and a chart by month.
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { paths } from "../../app/router";
import { useShop } from "../../app/shop";
import type { Dashboard } from "../../lib/ipc";
import { formatFigure } from "../../lib/surveys";
import { useCount } from "../import/messages";
import { useReasonLabel } from "../returns/labels";
import { FigureTile } from "./FigureTile";
import { formatDecimal, formatRate, useDurationHours } from "./format";
import { COLORS, MonthChart } from "./MonthChart";

function Section({ name, children }: { name: string; children: ReactNode }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <section className={`card dashboard-section section-${name}`} aria-labelledby={titleId} data-testid={`dashboard-section-${name}`}>
      <h2 id={titleId}>{t(`dashboard.section.${name}`)}</h2>
      {children}
    </section>
  );
}

export function SatisfactionSection({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  const answers = (n: number) => t("dashboard.answers", { count: n, n: count(n) });
  return (
    <Section name="satisfaction">
      <div className="figure-tiles">
        <FigureTile name="nps" value={formatFigure("nps", data.nps.value, locale)} detail={answers(data.nps.answers)} to={paths.surveyResults()} />
        <FigureTile name="csat" value={formatFigure("csat", data.csat.value, locale)} detail={answers(data.csat.answers)} to={paths.surveyResults()} />
        <FigureTile name="ces" value={formatFigure("ces", data.ces.value, locale)} detail={answers(data.ces.answers)} to={paths.surveyResults()} />
        <FigureTile
          name="response_rate"
          value={formatRate(data.response_rate, locale)}
          detail={t("dashboard.of_sent", { count: data.surveys_sent, n: count(data.surveys_sent) })}
          to={paths.surveyResults()}
        />
      </div>
      <MonthChart
        name="satisfaction"
        title={t("dashboard.chart.satisfaction")}
        months={data.months}
        lines
        domains={{ left: [-100, 100], right: [1, 7] }}
        series={[
          { key: "nps", label: t("dashboard.series.nps"), color: COLORS.blue, format: (v) => formatFigure("nps", v, locale) },
          { key: "csat", label: t("dashboard.series.csat"), color: COLORS.green, format: (v) => formatFigure("csat", v, locale) },
          { key: "ces", label: t("dashboard.series.ces"), color: COLORS.amber, format: (v) => formatFigure("ces", v, locale), right: true },
        ]}
      />
    </Section>
  );
}

export function CustomersSection({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  return (
    <Section name="customers">
      <div className="figure-tiles">
        <FigureTile
          name="repeat_rate"
          value={formatRate(data.repeat_rate, locale)}
          detail={t("dashboard.repeat_detail", { count: data.customers, repeat: count(data.repeat_customers), n: count(data.customers) })}
          to={paths.customers()}
        />
        <FigureTile
          name="orders_per_customer"
          value={formatDecimal(data.orders_per_customer, locale)}
          detail={t("dashboard.orders_detail", { count: data.orders, n: count(data.orders) })}
          to={paths.orders()}
        />
      </div>
      <MonthChart
        name="orders"
        title={t("dashboard.chart.orders")}
        months={data.months}
        series={[{ key: "orders", label: t("dashboard.series.orders"), color: COLORS.blue, format: (v) => count(v ?? 0) }]}
      />
    </Section>
  );
}

export function ReturnsSection({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  const reasonLabel = useReasonLabel();
  const most = Math.max(1, ...data.top_reasons.map((r) => r.count));
  return (
    <Section name="returns">
      <div className="figure-tiles">
        <FigureTile
          name="returns_rate"
          value={formatRate(data.returns_rate, locale)}
          detail={t("dashboard.returns_detail", { count: data.orders, returned: count(data.orders_returned), n: count(data.orders) })}
          to={paths.returns()}
        />
        <div className="top-reasons">
          <h3 className="figure-caption">{t("dashboard.top_reasons")}</h3>
          {data.top_reasons.length === 0 ? (
            <p className="muted">{t("dashboard.no_returns")}</p>
          ) : (
            <ol className="reason-bars" data-testid="dashboard-top-reasons">
              {data.top_reasons.map((r) => (
                <li key={r.reason.id}>
                  <span className="reason-name">{reasonLabel(r.reason)}</span>
                  <span className="reason-count">{count(r.count)}</span>
                  <span className="reason-track" aria-hidden="true">
                    <span className="reason-bar" style={{ width: `${(r.count / most) * 100}%` }} />
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
      <MonthChart
        name="returns"
        title={t("dashboard.chart.returns")}
        months={data.months}
        series={[{ key: "returns", label: t("dashboard.series.returns"), color: COLORS.amber, format: (v) => count(v ?? 0) }]}
      />
    </Section>
  );
}

export function ComplaintsSection({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  const duration = useDurationHours(locale);
  return (
    <Section name="complaints">
      <div className="figure-tiles">
        <FigureTile name="complaints_opened" value={count(data.complaints_opened)} to={paths.complaintsFiltered("all")} />
        <FigureTile name="complaints_resolved" value={count(data.complaints_resolved)} to={paths.complaintsFiltered("resolved")} />
        <FigureTile
          name="median_resolution"
          value={duration(data.median_resolution_hours)}
          detail={t("dashboard.median_detail")}
          to={paths.complaintsFiltered("resolved")}
        />
        <FigureTile
          name="complaints_overdue"
          value={count(data.complaints_overdue)}
          detail={t("dashboard.overdue_detail")}
          to={paths.complaintsFiltered("overdue")}
          alert={data.complaints_overdue > 0}
        />
      </div>
      <MonthChart
        name="complaints"
        title={t("dashboard.chart.complaints")}
        months={data.months}
        series={[
          { key: "complaints_opened", label: t("dashboard.series.opened"), color: COLORS.red, format: (v) => count(v ?? 0) },
          { key: "complaints_resolved", label: t("dashboard.series.resolved"), color: COLORS.green, format: (v) => count(v ?? 0) },
        ]}
      />
    </Section>
  );
}

export function PointsSection({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  return (
    <Section name="points">
      <div className="figure-tiles">
        <FigureTile name="points_issued" value={count(data.points_issued)} to={paths.settingsLoyalty()} />
        <FigureTile name="points_redeemed" value={count(data.points_redeemed)} to={paths.settingsLoyalty()} />
        <FigureTile name="points_expired" value={count(data.points_expired)} to={paths.settingsLoyalty()} />
      </div>
      <MonthChart
        name="points"
        title={t("dashboard.chart.points")}
        months={data.months}
        series={[
          { key: "points_issued", label: t("dashboard.series.issued"), color: COLORS.teal, format: (v) => count(v ?? 0) },
          { key: "points_redeemed", label: t("dashboard.series.redeemed"), color: COLORS.blue, format: (v) => count(v ?? 0) },
          { key: "points_expired", label: t("dashboard.series.expired"), color: COLORS.axis, format: (v) => count(v ?? 0) },
        ]}
      />
    </Section>
  );
}
