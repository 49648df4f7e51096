// Newsletters → Blocked addresses: the global suppression list. Whoever is on
// it is never mailed by any list or campaign; each entry says why (and, for a
// bounce, the server's own reply).
import { useCallback, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FieldError, fieldProps, type FieldErrors } from "../../components/FieldError";
import { VirtualTable } from "../../components/VirtualTable";
import { formatTimestamp } from "../../lib/dates";
import { ipc, type Suppression } from "../../lib/ipc";
import { useDebounced } from "../../lib/useDebounced";
import { usePagedRows } from "../../lib/usePagedRows";
import { SEARCH_DEBOUNCE_MS } from "../customers/CustomersPage";
import { NewslettersTabs } from "./NewslettersTabs";

export function SuppressionsPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const [query, setQuery] = useState("");
  const settled = useDebounced(query, SEARCH_DEBOUNCE_MS).trim();
  const [email, setEmail] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Suppression | null>(null);

  const fetchPage = useCallback((limit: number, offset: number) => ipc.suppressionsList(settled, limit, offset), [settled]);
  const { rows, complete, loadingMore, loadMore, reload } = usePagedRows<Suppression>(fetchPage, settled, report);
  useOnChanged(["lists", "campaigns"], reload);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (adding) return;
    setAdding(true);
    try {
      await ipc.suppressionAdd(email.trim());
      setEmail("");
      setErrors({});
      reload();
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors({ suppression_email: refused.email ?? Object.values(refused)[0] ?? "email_malformed" });
      else report(err);
    } finally {
      setAdding(false);
    }
  };

  const remove = async (entry: Suppression) => {
    setRemoving(null);
    try {
      await ipc.suppressionRemove(entry.email);
      reload();
    } catch (err) {
      report(err);
    }
  };

  return (
    <section className="page">
      <header className="page-header">
        <h1>{t("nav.newsletters")}</h1>
      </header>
      <NewslettersTabs current="suppressions" />
      <p className="muted">{t("suppressions.intro")}</p>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          data-testid="suppression-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("suppressions.search_placeholder")}
          aria-label={t("suppressions.search_label")}
        />
      </div>
      <form className="card form inline-form" onSubmit={add} noValidate data-testid="suppression-form">
        <div className="field">
          <label htmlFor="field-suppression_email">{t("suppressions.add_label")}</label>
          <input
            {...fieldProps("suppression_email", errors)}
            type="email"
            data-testid="suppression-email"
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              setErrors({});
            }}
            spellCheck={false}
          />
          <FieldError field="suppression_email" errors={errors} />
        </div>
        <button type="submit" className="button" data-testid="suppression-add" disabled={adding || email.trim() === ""}>
          {t("suppressions.add")}
        </button>
      </form>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <div className="card empty">
          <p>{settled ? t("suppressions.no_results", { query: settled }) : t("suppressions.empty")}</p>
        </div>
      ) : (
        <div className="card table-card">
          <VirtualTable
            rows={rows}
            rowKey={(s) => s.email}
            label={t("suppressions.list_label")}
            className="suppressions-table"
            columns={5}
            complete={complete}
            loadingMore={loadingMore}
            onNearEnd={loadMore}
            head={
              <>
                <th scope="col">{t("suppressions.col.email")}</th>
                <th scope="col">{t("suppressions.col.reason")}</th>
                <th scope="col">{t("suppressions.col.detail")}</th>
                <th scope="col">{t("suppressions.col.since")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("common.actions")}</span>
                </th>
              </>
            }
            rowProps={() => ({ "data-testid": "suppression-row" })}
            cells={(s) => (
              <>
                <td className="cell-clip">{s.email}</td>
                <td className="nowrap">{t(`suppression_reason.${s.reason}`)}</td>
                <td className="mono cell-clip" title={s.detail}>
                  {s.detail || t("common.none")}
                </td>
                <td className="nowrap">{formatTimestamp(s.created_at, locale)}</td>
                <td className="nowrap">
                  <button
                    type="button"
                    className="button-quiet"
                    data-testid="suppression-remove"
                    aria-label={t("suppressions.remove_named", { email: s.email })}
                    onClick={() => setRemoving(s)}
                  >
                    {t("suppressions.remove")}
                  </button>
                </td>
              </>
            )}
          />
        </div>
      )}
      {removing && (
        <ConfirmDialog
          title={t("suppressions.remove_title")}
          confirmLabel={t("suppressions.remove")}
          confirmTestId="suppression-remove-confirm"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => void remove(removing)}
        >
          <p>{t("suppressions.remove_text", { email: removing.email, reason: t(`suppression_reason.${removing.reason}`) })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
