// Newsletters → Lists: every list with its counts; create or edit one here.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, navigate, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { ipc, type List } from "../../lib/ipc";
import { useCount } from "../import/messages";
import { ListForm } from "./ListForm";
import { NewslettersTabs } from "./NewslettersTabs";

export function ListsPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const count = useCount(locale);
  const [lists, setLists] = useState<List[] | null>(null);
  /** The list being edited; "new" for the create form. */
  const [editing, setEditing] = useState<List | "new" | null>(null);

  const load = useCallback(() => {
    ipc.listsList().then(setLists).catch(report);
  }, [report]);
  useEffect(load, [load]);
  useOnChanged(["lists"], load);

  return (
    <section className="page">
      <header className="page-header">
        <h1>{t("nav.newsletters")}</h1>
      </header>
      <NewslettersTabs current="lists" />
      <div className="section-header">
        <h2>{t("lists.title")}</h2>
        <button type="button" className="button button-primary" data-testid="list-new" onClick={() => setEditing("new")}>
          {t("lists.new")}
        </button>
      </div>
      {editing !== null && (
        <ListForm
          key={editing === "new" ? "new" : editing.id}
          list={editing === "new" ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            const created = editing === "new";
            setEditing(null);
            load();
            // A new list is empty: the next step is adding people to it.
            if (created) navigate(paths.list(saved.id));
          }}
        />
      )}
      {lists === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : lists.length === 0 ? (
        <div className="card empty">
          <p>{t("lists.empty")}</p>
        </div>
      ) : (
        <div className="card table-card">
          <table className="table lists-table" data-testid="lists-table">
            <thead>
              <tr>
                <th scope="col">{t("lists.col.name")}</th>
                <th scope="col" className="num">
                  {t("lists.col.subscribed")}
                </th>
                <th scope="col" className="num">
                  {t("lists.col.pending")}
                </th>
                <th scope="col" className="num">
                  {t("lists.col.gone")}
                </th>
                <th scope="col">{t("lists.col.double_opt_in")}</th>
                <th scope="col">{t("lists.col.consent_text")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {lists.map((l) => (
                <tr key={l.id} data-testid="list-row">
                  <td>
                    <a href={href(paths.list(l.id))}>{l.name}</a>
                  </td>
                  <td className="num">{count(l.subscribed)}</td>
                  <td className="num">{count(l.pending)}</td>
                  <td className="num">{count(l.gone)}</td>
                  <td>{l.double_opt_in ? t("common.yes") : t("common.no")}</td>
                  <td className="consent-cell">{l.consent_text || t("common.none")}</td>
                  <td className="nowrap">
                    <button
                      type="button"
                      className="button-quiet"
                      onClick={() => setEditing(l)}
                      aria-label={t("lists.edit_named", { name: l.name })}
                    >
                      {t("common.edit")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
