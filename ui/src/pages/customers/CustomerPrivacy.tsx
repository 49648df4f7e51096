// A customer's data rights: everything about them in a zip (access), or their
// personal data erased everywhere (erasure) after the owner types their name.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ipc, type Customer, type CustomerExport } from "../../lib/ipc";
import { useCount } from "../import/messages";

/** Compared without case, accents or extra spaces: what matters is that the owner read the name. */
function sameName(typed: string, name: string): boolean {
  const plain = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
  return plain(typed) !== "" && plain(typed) === plain(name);
}

export function CustomerPrivacy({ customer, onErased }: { customer: Customer; onErased: () => void }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const count = useCount(locale);
  const titleId = useId();
  const inputId = useId();
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<CustomerExport | null>(null);
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState("");
  const [erasing, setErasing] = useState(false);

  const exportAll = async () => {
    setExporting(true);
    try {
      const done = await ipc.customerExport(customer.id);
      // Cancelled in the save dialog: nothing to say.
      if (done) setExported(done);
    } catch (err) {
      report(err);
    } finally {
      setExporting(false);
    }
  };

  const erase = async () => {
    setErasing(true);
    try {
      await ipc.customerErase(customer.id);
      setAsking(false);
      onErased();
    } catch (err) {
      setAsking(false);
      report(err);
    } finally {
      setErasing(false);
    }
  };

  return (
    <section className="card privacy" aria-labelledby={titleId} data-testid="customer-privacy">
      <h2 id={titleId}>{t("privacy.title")}</h2>
      <p className="muted">{t("privacy.intro")}</p>
      <div className="form-actions">
        <button type="button" className="button" data-testid="customer-export" disabled={exporting} onClick={() => void exportAll()}>
          {exporting ? t("privacy.exporting") : t("privacy.export")}
        </button>
        <button
          type="button"
          className="button button-danger"
          data-testid="customer-erase"
          onClick={() => {
            setTyped("");
            setAsking(true);
          }}
        >
          {t("privacy.erase")}
        </button>
      </div>
      {exported && (
        <div className="send-result send-result-ok" role="status" data-testid="customer-export-result">
          <p>{t("privacy.exported", { count: exported.rows, rows: count(exported.rows) })}</p>
          <p className="mono outbox-path">{exported.path}</p>
        </div>
      )}

      {asking && (
        <ConfirmDialog
          title={t("privacy.erase_title", { name: customer.name })}
          confirmLabel={erasing ? t("privacy.erasing") : t("privacy.erase_confirm")}
          confirmTestId="customer-erase-confirm"
          danger
          busy={erasing}
          disabled={!sameName(typed, customer.name)}
          onCancel={() => setAsking(false)}
          onConfirm={() => void erase()}
        >
          <p>{t("privacy.erase_removes")}</p>
          <p>{t("privacy.erase_keeps")}</p>
          <p>{t("privacy.erase_no_mail")}</p>
          <p className="warning-text">{t("privacy.erase_final")}</p>
          <div className="field">
            <label htmlFor={inputId}>{t("privacy.erase_type", { name: customer.name })}</label>
            <input
              id={inputId}
              data-testid="customer-erase-confirm-input"
              autoComplete="off"
              spellCheck={false}
              autoFocus
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </div>
        </ConfirmDialog>
      )}
    </section>
  );
}
