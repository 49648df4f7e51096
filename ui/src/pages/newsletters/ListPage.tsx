// One newsletter list: its consent settings, its subscribers (paged as the
// owner scrolls), adding someone by hand, and importing a CSV file.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { VirtualTable } from "../../components/VirtualTable";
import { MANUAL_CONSENT_METHODS } from "../../lib/codes";
import { formatTimestamp } from "../../lib/dates";
import { ipc, type ConsentMethod, type List, type Subscriber, type SubscriberInput } from "../../lib/ipc";
import { useDebounced } from "../../lib/useDebounced";
import { usePagedRows } from "../../lib/usePagedRows";
import { useCount } from "../import/messages";
import { SEARCH_DEBOUNCE_MS } from "../customers/CustomersPage";
import { ListForm } from "./ListForm";
import { NewslettersTabs } from "./NewslettersTabs";
import { SubscriberImport } from "./SubscriberImport";

const STATUS_BADGE: Record<string, string> = {
  pending: "badge-warning",
  subscribed: "badge-success",
  unsubscribed: "",
  bounced: "badge-danger",
  complained: "badge-danger",
};

export function ListPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const count = useCount(locale);
  const [list, setList] = useState<List | null | "missing">(null);
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [query, setQuery] = useState("");
  const [leaving, setLeaving] = useState<Subscriber | null>(null);
  const settled = useDebounced(query, SEARCH_DEBOUNCE_MS).trim();

  const loadList = useCallback(() => {
    ipc
      .listsList()
      .then((lists) => setList(lists.find((l) => l.id === id) ?? "missing"))
      .catch(report);
  }, [id, report]);
  useEffect(loadList, [loadList]);

  const fetchPage = useCallback(
    (limit: number, offset: number) => ipc.subscribersList(id, settled, limit, offset),
    [id, settled],
  );
  const { rows, complete, loadingMore, loadMore, reload } = usePagedRows<Subscriber>(fetchPage, `${id}\n${settled}`, report);
  useOnChanged(["lists"], () => {
    loadList();
    reload();
  });

  if (list === null) {
    return (
      <section className="page">
        <h1>{t("nav.newsletters")}</h1>
        <p className="muted">{t("common.loading")}</p>
      </section>
    );
  }
  if (list === "missing") {
    return (
      <section className="page">
        <h1>{t("nav.newsletters")}</h1>
        <p className="muted">{t("lists.missing")}</p>
        <a href={href(paths.lists())}>{t("lists.back")}</a>
      </section>
    );
  }

  const act = async (action: () => unknown) => {
    try {
      await action();
      loadList();
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
      <NewslettersTabs current="lists" />
      <p>
        <a href={href(paths.lists())}>{t("lists.back")}</a>
      </p>
      {editing ? (
        <ListForm
          list={list}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setList(saved);
            setEditing(false);
          }}
        />
      ) : (
        <div className="card" data-testid="list-summary">
          <div className="section-header">
            <h2 data-testid="list-title">{list.name}</h2>
            <button type="button" className="button" data-testid="list-edit" onClick={() => setEditing(true)}>
              {t("lists.edit")}
            </button>
          </div>
          <p data-testid="list-counts">
            {t("lists.counts", { subscribed: count(list.subscribed), pending: count(list.pending), gone: count(list.gone) })}
          </p>
          <p className="muted">{list.double_opt_in ? t("lists.double_opt_in_on") : t("lists.double_opt_in_off")}</p>
          {list.consent_text && <p className="muted">{t("lists.consent_shown", { text: list.consent_text })}</p>}
        </div>
      )}

      <div className="toolbar">
        <input
          type="search"
          className="search"
          data-testid="subscriber-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("subscribers.search_placeholder")}
          aria-label={t("subscribers.search_label")}
        />
        <div className="header-actions">
          <button type="button" className="button" data-testid="subscriber-new" onClick={() => setAdding(!adding)} aria-expanded={adding}>
            {t("subscribers.add")}
          </button>
          <SubscriberImport listId={id} />
        </div>
      </div>
      {adding && (
        <AddSubscriber
          list={list}
          onDone={() => {
            loadList();
            reload();
          }}
          onClose={() => setAdding(false)}
        />
      )}

      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <div className="card empty">
          <p>{settled ? t("subscribers.no_results", { query: settled }) : t("subscribers.empty")}</p>
        </div>
      ) : (
        <div className="card table-card">
          <VirtualTable
            rows={rows}
            rowKey={(s) => s.id}
            label={t("subscribers.list_label")}
            className="subscribers-table"
            columns={5}
            complete={complete}
            loadingMore={loadingMore}
            onNearEnd={loadMore}
            head={
              <>
                <th scope="col">{t("subscribers.col.email")}</th>
                <th scope="col">{t("subscribers.col.name")}</th>
                <th scope="col">{t("subscribers.col.status")}</th>
                <th scope="col">{t("subscribers.col.consent")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("common.actions")}</span>
                </th>
              </>
            }
            rowProps={() => ({ "data-testid": "subscriber-row" })}
            cells={(s) => (
              <>
                <td className="cell-clip">{s.email}</td>
                <td className="cell-clip">{s.name}</td>
                <td className="nowrap">
                  <span className={`badge ${STATUS_BADGE[s.status] ?? ""}`}>{t(`subscriber_status.${s.status}`)}</span>{" "}
                  {s.suppressed && (
                    <span className="badge badge-danger" data-testid="subscriber-suppressed" title={t("subscribers.suppressed_hint")}>
                      {t("subscribers.suppressed", { reason: t(`suppression_reason.${s.suppressed}`) })}
                    </span>
                  )}
                </td>
                <td className="nowrap cell-clip">
                  {t("subscribers.consent", {
                    method: t(`consent_method.${s.consent_method}`),
                    date: formatTimestamp(s.consent_at, locale),
                  })}
                </td>
                <td className="nowrap">
                  {s.status === "pending" && (
                    <button
                      type="button"
                      className="button-quiet"
                      data-testid="subscriber-confirm"
                      aria-label={t("subscribers.confirm_named", { email: s.email })}
                      onClick={() => void act(() => ipc.subscriberConfirm(s.id))}
                    >
                      {t("subscribers.confirm")}
                    </button>
                  )}
                  {(s.status === "pending" || s.status === "subscribed") && (
                    <button
                      type="button"
                      className="button-quiet"
                      data-testid="subscriber-unsubscribe"
                      aria-label={t("subscribers.unsubscribe_named", { email: s.email })}
                      onClick={() => setLeaving(s)}
                    >
                      {t("subscribers.unsubscribe")}
                    </button>
                  )}
                </td>
              </>
            )}
          />
        </div>
      )}
      {leaving && (
        <ConfirmDialog
          title={t("subscribers.unsubscribe_title")}
          confirmLabel={t("subscribers.unsubscribe")}
          confirmTestId="subscriber-unsubscribe-confirm"
          danger
          onCancel={() => setLeaving(null)}
          onConfirm={() => {
            const who = leaving;
            setLeaving(null);
            void act(() => ipc.subscriberUnsubscribe(who.id));
          }}
        >
          <p>{t("subscribers.unsubscribe_text", { email: leaving.email })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

const EMPTY_SUBSCRIBER: SubscriberInput = { email: "", name: "", consent_method: "in_store" };

function AddSubscriber({ list, onDone, onClose }: { list: List; onDone: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const [fields, setFields] = useState<SubscriberInput>(EMPTY_SUBSCRIBER);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [added, setAdded] = useState<{ email: string; confirmation: boolean } | null>(null);

  const set = <K extends keyof SubscriberInput>(key: K, value: SubscriberInput[K]) => {
    setFields({ ...fields, [key]: value });
    setAdded(null);
    if (key in errors) {
      const { [key]: _cleared, ...rest } = errors;
      setErrors(rest);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      const result = await ipc.subscriberAdd(list.id, fields);
      setErrors({});
      // Keep the consent method: the owner often adds several people the same way.
      setFields({ ...EMPTY_SUBSCRIBER, consent_method: fields.consent_method });
      setAdded({ email: result.subscriber.email, confirmation: result.confirmation_queued });
      onDone();
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="subscriber-form">
      <h2>{t("subscribers.add_title")}</h2>
      <FormErrors errors={errors} shown={(f) => ["email", "name", "consent_method"].includes(f)} />
      <div className="field-row">
        <div className="field">
          <label htmlFor="field-email">{t("subscribers.col.email")}</label>
          <input
            {...fieldProps("email", errors)}
            type="email"
            data-testid="subscriber-email"
            value={fields.email}
            onChange={(e) => set("email", e.target.value)}
            spellCheck={false}
            autoFocus
          />
          <FieldError field="email" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-name">{t("subscribers.col.name")}</label>
          <input {...fieldProps("name", errors)} data-testid="subscriber-name" value={fields.name} onChange={(e) => set("name", e.target.value)} />
          <FieldError field="name" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-consent_method">{t("subscribers.consent_method")}</label>
          <select
            {...fieldProps("consent_method", errors)}
            data-testid="subscriber-consent"
            value={fields.consent_method}
            onChange={(e) => set("consent_method", e.target.value as ConsentMethod)}
          >
            {MANUAL_CONSENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`consent_method.${m}`)}
              </option>
            ))}
          </select>
          <FieldError field="consent_method" errors={errors} />
        </div>
      </div>
      {list.consent_text && <p className="hint">{t("subscribers.consent_recorded", { text: list.consent_text })}</p>}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="subscriber-save" disabled={saving}>
          {saving ? t("common.saving") : t("subscribers.add_save")}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t("common.close")}
        </button>
        {added && (
          <p className="saved" role="status" data-testid="subscriber-added">
            {added.confirmation
              ? t("subscribers.added_pending", { email: added.email })
              : t("subscribers.added", { email: added.email })}
          </p>
        )}
      </div>
    </form>
  );
}
