// Settings → Email → Response collector: where the shop's collector runs,
// the secret it shares with the app (kept in the OS keychain), and its sync.
// Without a collector, survey emails carry reply-by-email links instead.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FieldError, fieldProps, type FieldErrors } from "../../components/FieldError";
import { COMMAND_ERROR_CODES } from "../../lib/codes";
import { formatTimestamp } from "../../lib/dates";
import { CommandError, ipc, type CollectorView, type SyncCounts } from "../../lib/ipc";
import { useCount } from "../import/messages";

type SyncOutcome = { counts: SyncCounts } | { error: unknown };

/**
 * The stored last error in plain words: when it starts with one of our codes
 * ("collector_unreachable: connection refused") the code is translated and the
 * rest kept as the technical detail; otherwise the text is shown as it is.
 */
export function splitLastError(text: string): { code: string | null; detail: string } {
  const match = /^([a-z_]+)(?::\s*([\s\S]*))?$/.exec(text.trim());
  if (match && (COMMAND_ERROR_CODES as readonly string[]).includes(match[1] ?? "")) {
    return { code: match[1] ?? null, detail: match[2] ?? "" };
  }
  return { code: null, detail: text };
}

/** "3 respuestas nuevas, 1 cambiada, 2 bajas"; "nothing new" when all are zero. */
export function useSyncSummary() {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  return (c: SyncCounts) => {
    const parts = [
      c.answers_new > 0 && t("collector.sync.new", { count: c.answers_new, n: count(c.answers_new) }),
      c.answers_changed > 0 && t("collector.sync.changed", { count: c.answers_changed, n: count(c.answers_changed) }),
      c.unsubscribes > 0 && t("collector.sync.unsubscribes", { count: c.unsubscribes, n: count(c.unsubscribes) }),
    ].filter((p): p is string => typeof p === "string");
    return parts.length === 0 ? t("collector.sync.nothing") : t("collector.sync.brought", { list: parts.join(", ") });
  };
}

export function CollectorSettings({ focus }: { focus: boolean }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const summary = useSyncSummary();
  const sectionRef = useRef<HTMLElement>(null);
  const secretRef = useRef<HTMLElement>(null);
  const [view, setView] = useState<CollectorView | null>(null);
  const [url, setUrl] = useState("");
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [fresh, setFresh] = useState(false);
  const [confirmNew, setConfirmNew] = useState(false);
  const [copied, setCopied] = useState<"copied" | "select" | null>(null);
  const [sync, setSync] = useState<SyncOutcome | null>(null);
  const [busy, setBusy] = useState<"save" | "secret" | "sync" | null>(null);

  const load = () =>
    ipc
      .collectorGet()
      .then((next) => {
        setView(next);
        // A sync elsewhere must not overwrite a URL being typed.
        setUrl((current) => (dirty ? current : next.state.url));
      })
      .catch(report);

  useEffect(() => {
    void load();
    // Loaded once; later changes arrive through store-changed "surveys".
  }, []);
  useOnChanged(["surveys"], () => void load());

  useEffect(() => {
    if (focus && view) sectionRef.current?.scrollIntoView?.({ block: "start" });
  }, [focus, view !== null]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy("save");
    setSaved(false);
    try {
      const next = await ipc.collectorSave(url.trim());
      setView(next);
      setUrl(next.state.url);
      setDirty(false);
      setErrors({});
      setSaved(true);
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors({ collector_url: refused.collector_url ?? refused.url ?? Object.values(refused)[0] ?? "url_invalid" });
      else report(err);
    } finally {
      setBusy(null);
    }
  };

  const newSecret = async () => {
    setConfirmNew(false);
    setBusy("secret");
    setCopied(null);
    try {
      setSecret(await ipc.collectorSecretNew());
      setFresh(true);
      await load();
    } catch (err) {
      report(err);
    } finally {
      setBusy(null);
    }
  };

  const reveal = async () => {
    setBusy("secret");
    setCopied(null);
    try {
      setSecret(await ipc.collectorSecretReveal());
      setFresh(false);
    } catch (err) {
      report(err);
    } finally {
      setBusy(null);
    }
  };

  const selectSecret = () => {
    const node = secretRef.current;
    const selection = window.getSelection();
    if (!node || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
  };

  const copy = async () => {
    if (secret === null) return;
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(secret);
      setCopied("copied");
    } catch {
      // No clipboard access: select the text so Ctrl+C copies it.
      selectSecret();
      setCopied("select");
    }
  };

  const syncNow = async () => {
    if (busy) return;
    setBusy("sync");
    setSync(null);
    try {
      setSync({ counts: await ipc.collectorSync() });
    } catch (err) {
      setSync({ error: err });
    } finally {
      setBusy(null);
      void load();
    }
  };

  const state = view?.state;
  const configured = !!state && state.url !== "";

  return (
    <section className="card form narrow" id="collector" ref={sectionRef} aria-labelledby="collector-heading" data-testid="collector-settings">
      <h2 id="collector-heading">{t("collector.title")}</h2>
      <p className="muted">{t("collector.what")}</p>
      <p className="hint">{t("collector.readme")}</p>
      {!view ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <>
          {!configured && (
            <p className="warning-text" role="note" data-testid="collector-off">
              {t("collector.off")}
            </p>
          )}
          <form onSubmit={(e) => void save(e)} noValidate>
            <div className="field">
              <label htmlFor="field-collector_url">{t("collector.url")}</label>
              <input
                {...fieldProps("collector_url", errors)}
                type="url"
                inputMode="url"
                data-testid="collector-url"
                value={url}
                placeholder={t("collector.url_placeholder")}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => {
                  setUrl(e.target.value);
                  setDirty(true);
                  setSaved(false);
                  setErrors({});
                }}
              />
              <p className="hint">{t("collector.url_hint")}</p>
              <FieldError field="collector_url" errors={errors} />
            </div>
            <div className="form-actions">
              <button type="submit" className="button button-primary" data-testid="collector-save" disabled={busy !== null}>
                {busy === "save" ? t("common.saving") : t("common.save")}
              </button>
              {saved && (
                <p className="saved" role="status" data-testid="collector-saved">
                  {configured ? t("collector.saved") : t("collector.saved_off")}
                </p>
              )}
            </div>
          </form>

          <h3 className="subsection">{t("collector.secret.title")}</h3>
          <p className="muted" data-testid="collector-secret-state">
            {view.has_secret ? t("collector.secret.stored") : t("collector.secret.missing")}
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="button"
              data-testid="collector-secret-new"
              disabled={busy !== null}
              onClick={() => (view.has_secret ? setConfirmNew(true) : void newSecret())}
            >
              {view.has_secret ? t("collector.secret.replace") : t("collector.secret.generate")}
            </button>
            {view.has_secret && secret === null && (
              <button type="button" className="button" data-testid="collector-secret-show" disabled={busy !== null} onClick={() => void reveal()}>
                {t("collector.secret.show")}
              </button>
            )}
            {secret !== null && (
              <button
                type="button"
                className="button"
                data-testid="collector-secret-hide"
                onClick={() => {
                  setSecret(null);
                  setCopied(null);
                }}
              >
                {t("collector.secret.hide")}
              </button>
            )}
          </div>
          {secret !== null && (
            <div className="secret-box" data-testid="collector-secret-box">
              {fresh && <p className="saved">{t("collector.secret.created")}</p>}
              <p className="hint">{t("collector.secret.give")}</p>
              <div className="secret-row">
                <code className="mono secret" ref={secretRef} data-testid="collector-secret" tabIndex={0} aria-label={t("collector.secret.label")}>
                  {secret}
                </code>
                <button type="button" className="button" data-testid="collector-secret-copy" onClick={() => void copy()}>
                  {t("collector.secret.copy")}
                </button>
              </div>
              {copied && (
                <p className="hint" role="status" data-testid="collector-secret-copied">
                  {copied === "copied" ? t("collector.secret.copied") : t("collector.secret.select")}
                </p>
              )}
            </div>
          )}
          {view.has_secret === false && secret === null && configured && (
            <p className="warning-text" role="note">
              {t("collector.secret.needed")}
            </p>
          )}

          <h3 className="subsection">{t("collector.sync.title")}</h3>
          <dl className="facts">
            <div>
              <dt>{t("collector.sync.last")}</dt>
              <dd data-testid="collector-last-sync">
                {state?.last_sync_at != null ? formatTimestamp(state.last_sync_at, locale) : t("collector.sync.never")}
              </dd>
            </div>
          </dl>
          {state?.last_error && <LastError text={state.last_error} />}
          <div className="form-actions">
            <button
              type="button"
              className="button"
              data-testid="collector-sync"
              disabled={busy !== null || !configured || !view.has_secret}
              onClick={() => void syncNow()}
            >
              {busy === "sync" ? t("collector.sync.running") : t("collector.sync.now")}
            </button>
            {(!configured || !view.has_secret) && <p className="hint">{t("collector.sync.needs")}</p>}
          </div>
          {sync && "counts" in sync && (
            <p className="saved" role="status" data-testid="collector-sync-result">
              {summary(sync.counts)}
            </p>
          )}
          {sync && "error" in sync && (
            <div className="send-result send-result-error" role="alert" data-testid="collector-sync-result">
              <p>
                {t(`errors.code.${sync.error instanceof CommandError ? sync.error.code : "internal"}`, {
                  defaultValue: t("collector.sync.failed"),
                })}
              </p>
              {sync.error instanceof CommandError && sync.error.payload.message && sync.error.code !== "internal" && (
                <p className="mono server-reply">{sync.error.payload.message}</p>
              )}
            </div>
          )}
        </>
      )}

      {confirmNew && (
        <ConfirmDialog
          title={t("collector.secret.confirm_title")}
          confirmLabel={t("collector.secret.replace")}
          confirmTestId="collector-secret-new-confirm"
          danger
          onCancel={() => setConfirmNew(false)}
          onConfirm={() => void newSecret()}
        >
          <p>{t("collector.secret.confirm_text")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function LastError({ text }: { text: string }) {
  const { t } = useTranslation();
  const { code, detail } = splitLastError(text);
  return (
    <div className="send-result send-result-error" role="alert" data-testid="collector-last-error">
      <p>{t("collector.sync.last_error")}</p>
      {code && <p>{t(`errors.code.${code}`)}</p>}
      {detail && <p className="mono server-reply">{detail}</p>}
    </div>
  );
}
