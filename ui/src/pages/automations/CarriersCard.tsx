// The carriers the shipping notice knows, each with its tracking link
// (`{code}` becomes the order's tracking code). Saved as one list, in order.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSaveForm, type Checked } from "../../app/useSaveForm";
import { FieldError, fieldProps, FormErrors } from "../../components/FieldError";
import { SaveActions } from "../../components/SaveActions";
import { ipc, type Carrier } from "../../lib/ipc";

type Row = Carrier & { key: string };
const FORM_FIELDS = /^carriers\.\d+\.(name|url_pattern)$/;

let newRows = 0;

function toRows(carriers: Carrier[]): Row[] {
  return carriers.map((c, i) => ({ ...c, key: `saved-${i}-${c.name}` }));
}

function toInput(rows: Row[]): Checked<Carrier[]> {
  return { input: rows.map((r) => ({ name: r.name.trim(), url_pattern: r.url_pattern.trim() })) };
}

export function CarriersCard({ carriers }: { carriers: Carrier[] }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Row[]>(() => toRows(carriers));
  const { errors, dirty, saving, saved, touch, submit } = useSaveForm({
    save: ipc.carriersSave,
    onSaved: (next: Carrier[]) => setRows(toRows(next)),
  });
  useEffect(() => {
    if (!dirty) setRows(toRows(carriers));
    // Only a new answer from the core should reset the table.
  }, [carriers]);

  const setRow = (index: number, change: Partial<Carrier>) => {
    setRows(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
    touch(...Object.keys(change).map((k) => `carriers.${index}.${k}`), "carriers");
  };
  const add = () => {
    newRows += 1;
    setRows([...rows, { key: `new-${newRows}`, name: "", url_pattern: "" }]);
    touch("carriers");
  };
  const remove = (index: number) => {
    setRows(rows.filter((_, i) => i !== index));
    // Errors name rows by index: after a removal they would point at the wrong row.
    touch(...Object.keys(errors).filter((f) => f.startsWith("carriers")));
  };

  const cell = (row: Row, index: number, field: "name" | "url_pattern", label: string) => {
    const name = `carriers.${index}.${field}`;
    return (
      <td>
        <input
          {...fieldProps(name, errors)}
          className={field === "url_pattern" ? "mono" : undefined}
          maxLength={field === "name" ? 80 : 500}
          data-testid={`carrier-${field === "name" ? "name" : "url"}-${index}`}
          aria-label={label}
          value={row[field]}
          onChange={(e) => setRow(index, { [field]: e.target.value })}
        />
        <FieldError field={name} errors={errors} />
      </td>
    );
  };

  return (
    <form
      className="card form automation-carriers"
      onSubmit={(e) => void submit(e, toInput(rows))}
      noValidate
      aria-labelledby="automation-carriers-heading"
      data-testid="automation-carriers"
    >
      <h2 id="automation-carriers-heading">{t("automations.carriers.title")}</h2>
      <p className="muted">{t("automations.carriers.intro")}</p>
      <p className="hint">{t("automations.carriers.other_link")}</p>
      <FormErrors errors={errors} shown={(f) => FORM_FIELDS.test(f)} />
      {rows.length === 0 ? (
        <p className="muted" data-testid="carriers-empty">
          {t("automations.carriers.none")}
        </p>
      ) : (
        <table className="table compact carriers-table">
          <caption className="visually-hidden">{t("automations.carriers.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("automations.carriers.name")}</th>
              <th scope="col">{t("automations.carriers.url_pattern")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("common.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.key} data-testid="carrier-row">
                {cell(row, i, "name", t("automations.carriers.name_n", { n: i + 1 }))}
                {cell(row, i, "url_pattern", t("automations.carriers.url_pattern_n", { n: i + 1 }))}
                <td>
                  <button
                    type="button"
                    className="button button-quiet"
                    data-testid={`carrier-remove-${i}`}
                    aria-label={t("automations.carriers.remove_n", { n: i + 1 })}
                    onClick={() => remove(i)}
                  >
                    {t("automations.carriers.remove")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="form-actions">
        <button type="button" className="button" data-testid="carrier-add" onClick={add}>
          {t("automations.carriers.add")}
        </button>
      </div>
      <SaveActions
        saving={saving}
        saved={saved}
        savedText={t("automations.carriers.saved")}
        saveTestId="carriers-save"
        savedTestId="carriers-saved"
      />
    </form>
  );
}
