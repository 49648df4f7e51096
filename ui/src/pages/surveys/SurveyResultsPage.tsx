// Surveys → Results: one kind over a period — the overall figure, how the
// scores spread, month by month, by product and by channel — and the
// customers' comments.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { RESULT_PERIODS, SURVEY_KINDS } from "../../lib/codes";
import { dayRangeValid } from "../../lib/dates";
import { ipc, type SurveyKind, type SurveyResults } from "../../lib/ipc";
import { formatFigure, formatPercent, periodDates, type ResultPeriod } from "../../lib/surveys";
import { useCount } from "../import/messages";
import { DistributionChart, FigureTable, MonthChart } from "./Charts";
import { SurveyComments } from "./SurveyComments";
import { SurveysHeader } from "./SurveysTabs";

export function SurveyResultsPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const count = useCount(locale);
  const [kind, setKind] = useState<SurveyKind>("nps");
  const [period, setPeriod] = useState<ResultPeriod>("quarter");
  const [custom, setCustom] = useState(() => periodDates("quarter"));
  const [results, setResults] = useState<SurveyResults | null>(null);
  const [version, setVersion] = useState(0);

  const range = period === "custom" ? custom : periodDates(period);
  const rangeValid = dayRangeValid(range);

  useEffect(() => {
    if (!rangeValid) return;
    let live = true;
    ipc
      .surveyResults(kind, range.from, range.to)
      .then((found) => live && setResults(found))
      .catch((err) => live && report(err));
    return () => {
      live = false;
    };
  }, [kind, range.from, range.to, rangeValid, version, report]);
  useOnChanged(["surveys"], () => setVersion((v) => v + 1));

  const shown = results && results.kind === kind ? results : null;

  return (
    <section className="page">
      <SurveysHeader current="results" />

      <div className="card toolbar results-toolbar">
        <div className="field">
          <label htmlFor="results-kind">{t("surveys.results.kind")}</label>
          <select id="results-kind" data-testid="survey-results-kind" value={kind} onChange={(e) => setKind(e.target.value as SurveyKind)}>
            {SURVEY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`survey_kind.${k}.label`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="results-period">{t("surveys.results.period")}</label>
          <select
            id="results-period"
            data-testid="survey-results-period"
            value={period}
            onChange={(e) => setPeriod(e.target.value as ResultPeriod)}
          >
            {RESULT_PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`result_period.${p}`)}
              </option>
            ))}
          </select>
        </div>
        {period === "custom" && (
          <>
            <div className="field">
              <label htmlFor="results-from">{t("surveys.results.from")}</label>
              <input
                id="results-from"
                type="date"
                data-testid="survey-results-from"
                value={custom.from}
                aria-invalid={!rangeValid || undefined}
                onChange={(e) => setCustom({ ...custom, from: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="results-to">{t("surveys.results.to")}</label>
              <input
                id="results-to"
                type="date"
                data-testid="survey-results-to"
                value={custom.to}
                aria-invalid={!rangeValid || undefined}
                onChange={(e) => setCustom({ ...custom, to: e.target.value })}
              />
            </div>
          </>
        )}
      </div>
      {!rangeValid && (
        <p className="field-error" role="alert" data-testid="survey-results-range-error">
          {t("surveys.results.range_invalid")}
        </p>
      )}

      {shown === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <>
          <div className="card results-overall" data-testid="survey-results">
            <div className="figure-big">
              <span className="figure-caption">{t(`survey_kind.${kind}.figure`)}</span>
              <span className="figure-value" data-testid="survey-results-value">
                {formatFigure(kind, shown.overall.value, locale)}
              </span>
              <span className="hint">{t(`survey_kind.${kind}.formula`)}</span>
            </div>
            <dl className="facts results-facts">
              <div>
                <dt>{t("surveys.results.answers")}</dt>
                <dd data-testid="survey-results-answers">{count(shown.overall.answers)}</dd>
              </div>
              <div>
                <dt>{t("surveys.results.asked")}</dt>
                <dd data-testid="survey-results-asked">{count(shown.asked)}</dd>
              </div>
              <div>
                <dt>{t("surveys.results.rate")}</dt>
                <dd data-testid="survey-results-rate">{formatPercent(shown.response_rate, locale)}</dd>
              </div>
            </dl>
            {shown.overall.answers === 0 && <p className="muted">{t("surveys.results.empty")}</p>}
          </div>

          {shown.overall.answers > 0 && (
            <>
              <div className="card charts">
                <DistributionChart kind={kind} distribution={shown.distribution} />
                <MonthChart kind={kind} months={shown.by_month} />
              </div>
              <div className="card figure-tables">
                <FigureTable
                  kind={kind}
                  rows={shown.by_product}
                  caption={t("surveys.results.by_product")}
                  groupHeader={t("surveys.results.product")}
                  testId="survey-by-product"
                />
                <FigureTable
                  kind={kind}
                  rows={shown.by_channel}
                  caption={t("surveys.results.by_channel")}
                  groupHeader={t("surveys.results.channel")}
                  groupLabel={(group) => t(`survey_channel.${group}`, { defaultValue: group })}
                  testId="survey-by-channel"
                />
              </div>
            </>
          )}
        </>
      )}

      <SurveyComments kind={kind} version={version} />
    </section>
  );
}
