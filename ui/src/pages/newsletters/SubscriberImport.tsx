// Subscribers from a CSV file: pick it, see the dry run (row problems by row
// number, what would be added), confirm, see what was done. The dry run is
// the real import rolled back, so its numbers are what the import will do.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf } from "../../app/errors";
import { useShop } from "../../app/shop";
import { useFieldMessage } from "../../components/FieldError";
import { CommandError, ipc, type SubscriberImportReport } from "../../lib/ipc";
import { useCount } from "../import/messages";

type Step =
  | { step: "idle" }
  | { step: "reading"; path: string }
  | { step: "preview"; path: string; report: SubscriberImportReport }
  | { step: "importing"; path: string; report: SubscriberImportReport }
  | { step: "done"; report: SubscriberImportReport }
  | { step: "failed"; path: string | null; code: string; field: boolean };

export function SubscriberImport({ listId }: { listId: number }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  const fieldMessage = useFieldMessage();
  const [state, setState] = useState<Step>({ step: "idle" });

  const fail = (path: string | null, err: unknown) => {
    const refused = fieldErrorsOf(err);
    const code = refused ? (Object.values(refused)[0] ?? "invalid_input") : err instanceof CommandError ? err.code : "internal";
    setState({ step: "failed", path, code, field: refused !== null });
  };

  const pick = async () => {
    let path: string | null = null;
    try {
      path = await ipc.importPickFile();
      if (!path) return;
      setState({ step: "reading", path });
      setState({ step: "preview", path, report: await ipc.subscribersImport(listId, path, false) });
    } catch (err) {
      fail(path, err);
    }
  };

  const confirm = async (path: string, report: SubscriberImportReport) => {
    setState({ step: "importing", path, report });
    try {
      setState({ step: "done", report: await ipc.subscribersImport(listId, path, true) });
    } catch (err) {
      fail(path, err);
    }
  };

  const pickButton = (label: string) => (
    <button type="button" className="button" data-testid="subscribers-import" onClick={() => void pick()}>
      {label}
    </button>
  );

  if (state.step === "idle") return pickButton(t("subscribers.import.choose"));

  const summary = (report: SubscriberImportReport, done: boolean) =>
    t(done ? "subscribers.import.result" : "subscribers.import.would", {
      added: count(report.added),
      present: count(report.already_present),
      suppressed: count(report.suppressed),
    });

  return (
    <div className="card import-card" data-testid="subscribers-import-panel">
      <h2>{t("subscribers.import.title")}</h2>
      {"path" in state && state.path && <p className="muted import-file">{t("subscribers.import.file", { path: state.path })}</p>}
      {state.step === "reading" && (
        <p className="muted" role="status">
          {t("subscribers.import.reading")}
        </p>
      )}
      {state.step === "failed" && (
        <div className="form-errors" role="alert" data-testid="subscribers-import-error">
          <p>{state.field ? fieldMessage(state.code) : t(`errors.code.${state.code}`, { defaultValue: t("errors.generic") })}</p>
        </div>
      )}
      {(state.step === "preview" || state.step === "importing") && (
        <>
          <ProblemTable report={state.report} />
          <p data-testid="subscribers-import-summary">{summary(state.report, false)}</p>
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              data-testid="subscribers-import-confirm"
              disabled={state.step === "importing" || state.report.added === 0}
              onClick={() => void confirm(state.path, state.report)}
            >
              {state.step === "importing"
                ? t("subscribers.import.importing")
                : t("subscribers.import.confirm", { count: count(state.report.added) })}
            </button>
            {pickButton(t("subscribers.import.choose_other"))}
            <button type="button" className="button" onClick={() => setState({ step: "idle" })}>
              {t("common.cancel")}
            </button>
          </div>
        </>
      )}
      {state.step === "done" && (
        <>
          <p className="saved" role="status" data-testid="subscribers-import-result">
            {summary(state.report, true)}
          </p>
          {state.report.problem_count > 0 && <ProblemTable report={state.report} />}
          <div className="form-actions">
            {pickButton(t("subscribers.import.again"))}
            <button type="button" className="button" onClick={() => setState({ step: "idle" })}>
              {t("common.close")}
            </button>
          </div>
        </>
      )}
      {state.step === "failed" && <div className="form-actions">{pickButton(t("subscribers.import.choose_other"))}</div>}
    </div>
  );
}

function ProblemTable({ report }: { report: SubscriberImportReport }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  const fieldMessage = useFieldMessage();
  const hidden = report.problem_count - report.problems.length;
  if (report.problem_count === 0) {
    return (
      <p className="muted" data-testid="subscribers-import-no-problems">
        {t("subscribers.import.no_problems", { rows: count(report.rows) })}
      </p>
    );
  }
  return (
    <>
      <h3>{t("subscribers.import.problems", { count: count(report.problem_count), rows: count(report.rows) })}</h3>
      <table className="table compact problems-table">
        <thead>
          <tr>
            <th scope="col">{t("import.problems.col_row")}</th>
            <th scope="col">{t("import.problems.col_column")}</th>
            <th scope="col">{t("import.problems.col_problem")}</th>
            <th scope="col">{t("import.problems.col_value")}</th>
          </tr>
        </thead>
        <tbody>
          {report.problems.map((p, i) => (
            <tr key={i} data-testid="subscribers-import-problem">
              <td className="nowrap">{t("import.problems.row", { row: p.row })}</td>
              <td>{p.column || t("common.none")}</td>
              <td>{fieldMessage(p.code)}</td>
              <td className="mono">{p.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hidden > 0 && <p className="muted table-note">{t("import.problems.more", { count: count(hidden) })}</p>}
    </>
  );
}
