// Step 3: the import running in the background, then its result.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { percentDone } from "../../app/importer";
import { useShop } from "../../app/shop";
import type { ImportFinished, ImportProgress } from "../../lib/ipc";
import { useCount, useProblemMessage } from "./messages";

export function ProgressLine({
  progress,
  label,
  testId,
}: {
  progress: ImportProgress | null;
  label: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  const percent = percentDone(progress);
  const percentText = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(percent / 100);
  const text = progress
    ? t("import.progress", {
        percent: percentText,
        rows: count(progress.progress.rows),
        speed: count(Math.round(progress.rows_per_s)),
      })
    : t("import.starting");
  return (
    <div className="progress" data-testid={testId}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="progress-text">{text}</p>
    </div>
  );
}

export function ImportRunning({ progress, onCancel }: { progress: ImportProgress | null; onCancel: () => void }) {
  const { t } = useTranslation();
  const [cancelling, setCancelling] = useState(false);
  return (
    <div className="card" data-testid="import-running">
      <h2>{t("import.running.title")}</h2>
      <ProgressLine progress={progress} label={t("import.running.title")} testId="import-progress" />
      <p className="muted">{t("import.running.note")}</p>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          data-testid="import-cancel"
          disabled={cancelling}
          onClick={() => {
            setCancelling(true);
            onCancel();
          }}
        >
          {cancelling ? t("import.cancelling") : t("import.cancel")}
        </button>
      </div>
    </div>
  );
}

export function ImportResult({ finished, onAgain }: { finished: ImportFinished; onAgain: () => void }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  const problemMessage = useProblemMessage();
  const { report, error } = finished;
  return (
    <div
      className={`card result ${error ? "result-error" : "result-ok"}`}
      data-testid="import-result"
      role={error ? "alert" : "status"}
    >
      {error || !report ? (
        <>
          <h2>{t("import.result.failed_title")}</h2>
          <p>{t(`errors.code.${error?.code ?? "internal"}`, { defaultValue: t("errors.generic") })}</p>
          {error && error.fields.length > 0 && (
            <ul>
              {error.fields.map((f) => (
                <li key={f.field}>{problemMessage(f.code, null)}</li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <>
          <h2>{t("import.result.title")}</h2>
          <ul className="counts">
            {report.options.layout !== "customers" && (
              <li data-testid="import-result-orders">
                {t("import.result.orders", {
                  new: count(report.counts.orders_new),
                  present: count(report.counts.orders_present),
                  updated: count(report.counts.orders_updated),
                })}
              </li>
            )}
            <li data-testid="import-result-customers">
              {t("import.result.customers", {
                new: count(report.counts.customers_new),
                present: count(report.counts.customers_present),
                updated: count(report.counts.customers_updated),
              })}
            </li>
            {report.counts.rows_skipped > 0 && (
              <li>{t("import.result.skipped", { count: count(report.counts.rows_skipped) })}</li>
            )}
          </ul>
        </>
      )}
      <div className="form-actions">
        <button type="button" className="button" data-testid="import-again" onClick={onAgain}>
          {t("import.result.again")}
        </button>
      </div>
    </div>
  );
}
