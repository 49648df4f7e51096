// Importing a CSV (orders with their customers, or customers alone) and
// exporting both lists. The owner picks a file, checks a dry run (how it was
// read, which column is which, the rows with problems) and only then imports.
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { useImport } from "../../app/importer";
import { ipc, type ImportOptions, type ImportReport } from "../../lib/ipc";
import { ExportSection } from "./ExportSection";
import { ImportPreview, type MappingErrors } from "./ImportPreview";
import { ImportResult, ImportRunning, ProgressLine } from "./ImportRun";
import { useProblemMessage } from "./messages";

type Preview = {
  path: string;
  /** The last dry run that succeeded; null until the first one does. */
  report: ImportReport | null;
  /** The options last asked for (null: detect); they stay on screen when refused. */
  options: ImportOptions | null;
  /** Refused mapping fields (`mapping.order_date` → `column_required`). */
  mappingErrors: MappingErrors;
  /** Refusals not tied to a mapping row (e.g. `file` → `file_empty`). */
  fileErrors: string[];
};

export function ImportPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const importer = useImport();
  const { resetPreviewProgress } = importer;
  const problemMessage = useProblemMessage();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [starting, setStarting] = useState(false);
  // Only the newest dry run may update the screen.
  const latest = useRef(0);

  const runPreview = useCallback(
    async (path: string, options: ImportOptions | null) => {
      const token = ++latest.current;
      resetPreviewProgress();
      setPreviewing(true);
      setPreview((before) =>
        before && before.path === path
          ? { ...before, options }
          : { path, report: null, options, mappingErrors: {}, fileErrors: [] },
      );
      try {
        const next = await ipc.importPreview(path, options);
        if (token !== latest.current) return;
        setPreview({ path, report: next, options: next.options, mappingErrors: {}, fileErrors: [] });
      } catch (err) {
        if (token !== latest.current) return;
        const refused = fieldErrorsOf(err);
        if (!refused) {
          // Back to what the last good dry run showed.
          setPreview((before) => before && { ...before, options: before.report?.options ?? null });
          report(err);
          return;
        }
        const mappingErrors: MappingErrors = {};
        const fileErrors: string[] = [];
        for (const [field, code] of Object.entries(refused)) {
          if (field.startsWith("mapping.")) mappingErrors[field.slice("mapping.".length)] = code;
          else fileErrors.push(code);
        }
        setPreview((before) => ({ path, report: before?.report ?? null, options, mappingErrors, fileErrors }));
      } finally {
        if (token === latest.current) setPreviewing(false);
      }
    },
    [resetPreviewProgress, report],
  );

  const choose = async () => {
    try {
      const path = await ipc.importPickFile();
      if (path) await runPreview(path, null);
    } catch (err) {
      report(err);
    }
  };

  const confirm = async () => {
    const current = preview?.report;
    if (!preview || !current) return;
    setStarting(true);
    try {
      await importer.start(preview.path, current.options);
      setPreview(null);
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) {
        const mappingErrors: MappingErrors = {};
        for (const [field, code] of Object.entries(refused)) {
          mappingErrors[field.replace(/^mapping\./, "")] = code;
        }
        setPreview({ ...preview, mappingErrors });
      } else {
        report(err);
      }
    } finally {
      setStarting(false);
    }
  };

  const { run } = importer;
  return (
    <section className="page import-page" data-testid="import-page">
      <header className="page-header">
        <h1>{t("import.title")}</h1>
      </header>

      {run.phase === "running" ? (
        <ImportRunning progress={run.progress} onCancel={() => importer.cancel().catch(report)} />
      ) : run.phase === "finished" ? (
        <ImportResult finished={run.finished} onAgain={importer.dismiss} />
      ) : (
        <>
          <div className="card">
            <h2>{t("import.step1.title")}</h2>
            <p className="muted">{t("import.step1.hint")}</p>
            <div className="form-actions">
              <button
                type="button"
                className={preview ? "button" : "button button-primary"}
                data-testid="import-choose"
                onClick={() => void choose()}
                disabled={previewing}
              >
                {preview ? t("import.choose_other") : t("import.choose")}
              </button>
              {preview && (
                <span className="import-file mono" data-testid="import-file">
                  {preview.path}
                </span>
              )}
            </div>
            {previewing && (
              <div className="import-reading" role="status" data-testid="import-preview-progress">
                <ProgressLine progress={importer.previewProgress} label={t("import.reading")} />
              </div>
            )}
            {preview && preview.fileErrors.length > 0 && (
              <div className="form-errors" role="alert" data-testid="import-file-errors">
                <ul>
                  {preview.fileErrors.map((code) => (
                    <li key={code}>{problemMessage(code, null)}</li>
                  ))}
                </ul>
              </div>
            )}
          </div>

          {preview?.report && (
            <ImportPreview
              report={preview.report}
              options={preview.options ?? preview.report.options}
              mappingErrors={preview.mappingErrors}
              busy={previewing || starting}
              onOptions={(options) => void runPreview(preview.path, options)}
              onConfirm={() => void confirm()}
            />
          )}
          {preview && !preview.report && Object.keys(preview.mappingErrors).length > 0 && (
            <div className="form-errors" role="alert" data-testid="import-mapping-errors">
              <p>{t("import.mapping.undetected")}</p>
              <ul>
                {Object.entries(preview.mappingErrors).map(([field, code]) => (
                  <li key={field} data-testid={`error-mapping.${field}`}>
                    {t("import.mapping.error", { field: t(`import.field.${field}`), message: problemMessage(code, null) })}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}

      <ExportSection />
    </section>
  );
}
