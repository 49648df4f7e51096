// Step 2: the dry run's report. Every detected setting and every column can
// be corrected; each change runs the dry run again. Nothing is written until
// the owner confirms.
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import { DATE_ORDERS, DECIMAL_MARKS, DELIMITERS, ENCODINGS, LAYOUT_FIELDS, LAYOUTS } from "../../lib/codes";
import type { Field, ImportOptions, ImportReport, Layout, RowProblem } from "../../lib/ipc";
import { useCount, useProblemMessage } from "./messages";

/** Field name (without `mapping.`) → error code. */
export type MappingErrors = Record<string, string>;

/** Problems about a whole row: their `field` and `column` say nothing. */
const ROW_LEVEL_CODES = ["row_unreadable", "encoding_wrong"];

type Props = {
  report: ImportReport;
  /** The options on screen: the last ones asked for, which may have been refused. */
  options: ImportOptions;
  mappingErrors: MappingErrors;
  /** A dry run or the start is on its way: changes wait. */
  busy: boolean;
  onOptions: (options: ImportOptions) => void;
  onConfirm: () => void;
};

/** The new layout's fields, keeping the columns already chosen for fields both layouts have. */
export function remap(options: ImportOptions, layout: Layout): ImportOptions {
  const mapping = LAYOUT_FIELDS[layout].map((field) => ({
    field,
    column: options.mapping.find((m) => m.field === field)?.column ?? null,
  }));
  return { ...options, layout, mapping };
}

export function ImportPreview({ report, options, mappingErrors, busy, onOptions, onConfirm }: Props) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  const problemMessage = useProblemMessage();
  const fieldName = (field: Field | string) => t(`import.field.${field}`);

  const settings = [
    { key: "layout", values: LAYOUTS, value: options.layout },
    { key: "encoding", values: ENCODINGS, value: options.encoding },
    { key: "delimiter", values: DELIMITERS, value: options.delimiter },
    { key: "decimal", values: DECIMAL_MARKS, value: options.decimal },
    { key: "date_order", values: DATE_ORDERS, value: options.date_order },
  ] as const;

  const changeSetting = (key: (typeof settings)[number]["key"], value: string) => {
    if (key === "layout") onOptions(remap(options, value as Layout));
    else onOptions({ ...options, [key]: value });
  };

  const changeColumn = (field: Field, value: string) => {
    const column = value === "" ? null : Number(value);
    onOptions({ ...options, mapping: options.mapping.map((m) => (m.field === field ? { field, column } : m)) });
  };

  const mapped = new Set(options.mapping.map((m) => m.field as string));
  const orphanErrors = Object.entries(mappingErrors).filter(([field]) => !mapped.has(field));
  const refused = Object.keys(mappingErrors).length > 0;

  const sampleFields: Field[] = [];
  for (const row of report.sample) {
    for (const cell of row.cells) if (!sampleFields.includes(cell.field)) sampleFields.push(cell.field);
  }

  const { counts } = report;
  const customersOnly = report.options.layout === "customers";
  const orders = counts.orders_new + counts.orders_updated;
  const customers = counts.customers_new + counts.customers_updated;
  const nothing = orders === 0 && customers === 0;
  const hidden = report.problem_count - report.problems.length;

  const problemColumn = (p: RowProblem) =>
    p.column || (ROW_LEVEL_CODES.includes(p.code) ? t("common.none") : fieldName(p.field));

  return (
    <>
      <div className="card" data-testid="import-preview">
        <h2>{t("import.settings.title")}</h2>
        <p className="muted">{t("import.settings.hint")}</p>
        <div className="field-row">
          {settings.map((s) => (
            <div className="field" key={s.key}>
              <label htmlFor={`import-${s.key}`}>{t(`import.settings.${s.key}`)}</label>
              <select
                id={`import-${s.key}`}
                data-testid={`import-${s.key.replace("_", "-")}`}
                value={s.value}
                disabled={busy}
                onChange={(e) => changeSetting(s.key, e.target.value)}
              >
                {s.values.map((v) => (
                  <option key={v} value={v}>
                    {t(`import.${s.key}.${v}`)}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      </div>

      <div className="card">
        <h2>{t("import.mapping.title")}</h2>
        <p className="muted">{t("import.mapping.hint")}</p>
        {orphanErrors.length > 0 && (
          <div className="form-errors" role="alert">
            <ul>
              {orphanErrors.map(([field, code]) => (
                <li key={field} data-testid={`error-mapping.${field}`}>
                  {t("import.mapping.error", { field: fieldName(field), message: problemMessage(code, options) })}
                </li>
              ))}
            </ul>
          </div>
        )}
        <table className="table compact mapping-table">
          <thead>
            <tr>
              <th scope="col">{t("import.mapping.col_field")}</th>
              <th scope="col">{t("import.mapping.col_column")}</th>
            </tr>
          </thead>
          <tbody>
            {options.mapping.map((m) => {
              const error = mappingErrors[m.field];
              const id = `mapping-${m.field}`;
              return (
                <tr key={m.field} data-testid="mapping-row">
                  <th scope="row">
                    <label htmlFor={id}>{fieldName(m.field)}</label>
                  </th>
                  <td>
                    <select
                      id={id}
                      data-testid={id}
                      value={m.column === null ? "" : String(m.column)}
                      disabled={busy}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                      onChange={(e) => changeColumn(m.field, e.target.value)}
                    >
                      <option value="">{t("import.mapping.not_in_file")}</option>
                      {report.headers.map((header, i) => (
                        <option key={i} value={String(i)}>
                          {header.trim() || t("import.mapping.unnamed", { n: i + 1 })}
                        </option>
                      ))}
                    </select>
                    {error && (
                      <p className="field-error" id={`${id}-error`} data-testid={`error-mapping.${m.field}`}>
                        {problemMessage(error, options)}
                      </p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div className="card table-card">
        <h2 className="card-title">{t("import.sample.title")}</h2>
        {report.sample.length === 0 ? (
          <p className="muted card-body">{t("import.sample.empty")}</p>
        ) : (
          <table className="table compact sample-table" data-testid="import-sample">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t("import.sample.row")}
                </th>
                {sampleFields.map((f) => (
                  <th scope="col" key={f}>
                    {fieldName(f)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.sample.map((row) => (
                <tr key={row.row}>
                  <td className="num muted">{row.row}</td>
                  {sampleFields.map((f) => (
                    <td key={f}>{row.cells.find((c) => c.field === f)?.value ?? ""}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <div className="card table-card">
        <h2 className="card-title">{t("import.problems.title", { count: count(report.problem_count) })}</h2>
        {report.problems.length === 0 ? (
          <p className="muted card-body" data-testid="import-no-problems">
            {t("import.problems.none")}
          </p>
        ) : (
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
                <tr key={i} data-testid="import-problem">
                  <td className="nowrap">{t("import.problems.row", { row: p.row })}</td>
                  <td>{problemColumn(p)}</td>
                  <td>{problemMessage(p.code, report.options)}</td>
                  <td className="mono">{p.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {hidden > 0 && (
          <p className="muted table-note" data-testid="import-problems-more">
            {t("import.problems.more", { count: count(hidden) })}
          </p>
        )}
      </div>

      <div className="card">
        <h2>{t("import.counts.title")}</h2>
        <ul className="counts" data-testid="import-counts">
          {!customersOnly && (
            <>
              <li>
                {t("import.counts.orders", {
                  new: count(counts.orders_new),
                  present: count(counts.orders_present),
                  updated: count(counts.orders_updated),
                })}
              </li>
              <li>{t("import.counts.lines", { count: count(counts.lines_new) })}</li>
            </>
          )}
          <li>
            {t("import.counts.customers", {
              new: count(counts.customers_new),
              present: count(counts.customers_present),
              updated: count(counts.customers_updated),
            })}
          </li>
          <li className={counts.rows_skipped > 0 ? "warning-text" : undefined}>
            {t("import.counts.skipped", { count: count(counts.rows_skipped) })}
          </li>
        </ul>
        <div className="form-actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="import-confirm"
            disabled={busy || refused || nothing}
            onClick={onConfirm}
          >
            {customersOnly
              ? t("import.confirm_customers", { customers: count(customers) })
              : t("import.confirm_orders", { orders: count(orders), customers: count(customers) })}
          </button>
          {nothing && <p className="muted">{t("import.nothing")}</p>}
          {refused && <p className="muted">{t("import.fix_mapping")}</p>}
        </div>
      </div>
    </>
  );
}
