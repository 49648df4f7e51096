// Exports any list (customers, orders, returns, complaints, subscribers,
// survey answers) to a CSV any spreadsheet opens.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { EXPORT_KINDS } from "../../lib/codes";
import { ipc, type ExportKind } from "../../lib/ipc";
import { useCount } from "./messages";

/** Spanish Excel reads ";" and "12,50": the default where the locale writes decimals with a comma. */
export function usesDecimalComma(locale: string): boolean {
  return new Intl.NumberFormat(locale).format(1.5).includes(",");
}

export function ExportSection() {
  const { t } = useTranslation();
  const { locale } = useShop();
  const { report } = useErrors();
  const count = useCount(locale);
  const [semicolon, setSemicolon] = useState(() => usesDecimalComma(locale));
  const [working, setWorking] = useState<ExportKind | null>(null);
  const [done, setDone] = useState<number | null>(null);

  const exportTo = async (kind: ExportKind) => {
    setDone(null);
    try {
      const path = await ipc.exportPickPath(t(`export.file_${kind}`));
      if (!path) return;
      setWorking(kind);
      setDone(await ipc.exportCsv(kind, path, semicolon));
    } catch (err) {
      report(err);
    } finally {
      setWorking(null);
    }
  };

  return (
    <div className="card" data-testid="export-section">
      <h2>{t("export.title")}</h2>
      <p className="muted">{t("export.hint")}</p>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="export-semicolon"
          checked={semicolon}
          onChange={(e) => setSemicolon(e.target.checked)}
        />
        <span>{t("export.semicolon")}</span>
      </label>
      <div className="form-actions">
        {EXPORT_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className="button"
            data-testid={`export-${kind}`}
            disabled={working !== null}
            onClick={() => void exportTo(kind)}
          >
            {working === kind ? t("export.working") : t(`export.${kind}`)}
          </button>
        ))}
        {done !== null && (
          <p className="saved" role="status" data-testid="export-done">
            {t("export.done", { count: done, rows: count(done) })}
          </p>
        )}
      </div>
    </div>
  );
}
