// Small hand-made charts for survey results: CSS bars, no chart library.
// Every chart carries its numbers as text for screen readers (an aria-label
// or the table it draws in).
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import type { Figure, SurveyKind } from "../../lib/ipc";
import { formatFigure, formatMonth, scoresOf, toneOf } from "../../lib/surveys";
import { SCORE_TONES } from "../../lib/codes";
import { useCount } from "../import/messages";

/** How far a figure fills its bar, 0–1; NPS is drawn both ways from the middle (-1–1). */
function share(kind: SurveyKind, value: number): number {
  if (kind === "nps") return Math.max(-1, Math.min(1, value / 100));
  if (kind === "csat") return Math.max(0, Math.min(1, value / 100));
  return Math.max(0, Math.min(1, value / 7));
}

/** Answers per score, lowest first, coloured by band (NPS: detractor, passive, promoter). */
export function DistributionChart({ kind, distribution }: { kind: SurveyKind; distribution: number[] }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  const scores = scoresOf(kind);
  const most = Math.max(1, ...distribution);
  const label = scores
    .map((score, i) => t("surveys.results.bar_score", { score, count: distribution[i] ?? 0, n: count(distribution[i] ?? 0) }))
    .join("; ");
  const byTone = SCORE_TONES.map((tone) => ({
    tone,
    n: scores.reduce((sum, score, i) => sum + (toneOf(kind, score) === tone ? (distribution[i] ?? 0) : 0), 0),
  }));
  return (
    <figure className="chart" data-testid="survey-distribution">
      <figcaption className="chart-title">{t("surveys.results.distribution")}</figcaption>
      <div className="score-bars" role="img" aria-label={t("surveys.results.distribution_label", { list: label })}>
        {scores.map((score, i) => {
          const n = distribution[i] ?? 0;
          return (
            <div key={score} className="score-col" aria-hidden="true">
              <span className="score-n">{count(n)}</span>
              <span className="score-track">
                <span className={`score-bar tone-${toneOf(kind, score)}`} style={{ height: `${(n / most) * 100}%` }} />
              </span>
              <span className="score-label">{score}</span>
            </div>
          );
        })}
      </div>
      <ul className="chart-legend">
        {byTone.map(({ tone, n }) => (
          <li key={tone}>
            <span className={`swatch tone-${tone}`} aria-hidden="true" />
            {t("surveys.results.legend", { tone: t(`score_tone.${kind}.${tone}`), range: t(`score_range.${kind}.${tone}`), n: count(n) })}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** The figure month by month, as columns (NPS above or below zero). */
export function MonthChart({ kind, months }: { kind: SurveyKind; months: Figure[] }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  if (months.length === 0) return null;
  const label = months
    .map((m) =>
      t("surveys.results.month_point", {
        month: formatMonth(m.group, locale),
        value: formatFigure(kind, m.value, locale),
        count: m.answers,
        n: count(m.answers),
      }),
    )
    .join("; ");
  return (
    <figure className="chart" data-testid="survey-by-month">
      <figcaption className="chart-title">{t("surveys.results.by_month")}</figcaption>
      <div className={`month-bars${kind === "nps" ? " diverging" : ""}`} role="img" aria-label={label}>
        {months.map((m) => {
          const part = m.value === null ? 0 : share(kind, m.value);
          const style =
            kind === "nps"
              ? part >= 0
                ? { bottom: "50%", height: `${part * 50}%` }
                : { top: "50%", height: `${-part * 50}%` }
              : { bottom: 0, height: `${part * 100}%` };
          return (
            <div key={m.group} className="month-col" aria-hidden="true">
              <span className="month-value">{formatFigure(kind, m.value, locale)}</span>
              <span className="month-track">
                <span className={`month-bar${part < 0 ? " negative" : ""}`} style={style} />
              </span>
              <span className="month-label">{formatMonth(m.group, locale)}</span>
              <span className="month-n">{t("surveys.results.answers_short", { count: m.answers, n: count(m.answers) })}</span>
            </div>
          );
        })}
      </div>
    </figure>
  );
}

/** Figures per group (product, channel) as a table with a bar in each row. */
export function FigureTable({
  kind,
  rows,
  caption,
  groupHeader,
  groupLabel,
  testId,
}: {
  kind: SurveyKind;
  rows: Figure[];
  caption: string;
  groupHeader: string;
  groupLabel?: (group: string) => string;
  testId: string;
}) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  return (
    <table className="table compact figure-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{groupHeader}</th>
          <th scope="col" className="num">
            {t("surveys.results.answers_col")}
          </th>
          <th scope="col" className="num">
            {t(`survey_kind.${kind}.figure`)}
          </th>
          <th scope="col" className="bar-col">
            <span className="visually-hidden">{t("surveys.results.bar_col")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4} className="muted">
              {t("surveys.results.no_rows")}
            </td>
          </tr>
        ) : (
          rows.map((row) => {
            const part = row.value === null ? 0 : share(kind, row.value);
            return (
              <tr key={row.group} data-testid={`${testId}-row`}>
                <th scope="row" className="cell-clip">
                  {groupLabel ? groupLabel(row.group) : row.group}
                </th>
                <td className="num">{count(row.answers)}</td>
                <td className="num nowrap">{formatFigure(kind, row.value, locale)}</td>
                <td className="bar-col" aria-hidden="true">
                  <span className={`row-track${kind === "nps" ? " diverging" : ""}`}>
                    <span
                      className={`row-bar${part < 0 ? " negative" : ""}`}
                      style={
                        kind === "nps"
                          ? part >= 0
                            ? { left: "50%", width: `${part * 50}%` }
                            : { right: "50%", width: `${-part * 50}%` }
                          : { left: 0, width: `${part * 100}%` }
                      }
                    />
                  </span>
                </td>
              </tr>
            );
          })
        )}
      </tbody>
    </table>
  );
}
