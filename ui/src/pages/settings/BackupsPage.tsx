// Settings → Backups: the copies of the store kept in the data folder (one a
// day, one before each update of the data format, one before each restore),
// a copy taken now, and a restore — of a listed copy or of any file — after
// the owner confirms. A restore always takes a safety copy of the current
// data first, and says which.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { formatTimestamp } from "../../lib/dates";
import { CommandError, ipc, type BackupFile } from "../../lib/ipc";
import { SettingsFrame } from "./SettingsFrame";

/** The copy to restore: a listed one (with its date) or a file picked by hand. */
type Restoring = { path: string; backup: BackupFile | null };
type Outcome = { made: BackupFile } | { restored: BackupFile } | { error: unknown };

/** 1 234 567 bytes → "1,2 MB"; below a megabyte in kB. */
export function formatSize(bytes: number, locale: string): string {
  const mb = bytes / 1_000_000;
  if (mb >= 1) return new Intl.NumberFormat(locale, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 }).format(mb);
  return new Intl.NumberFormat(locale, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 }).format(Math.max(1, bytes / 1000));
}

export function BackupsPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const [backups, setBackups] = useState<BackupFile[] | null>(null);
  const [busy, setBusy] = useState<"backup" | "restore" | null>(null);
  const [restoring, setRestoring] = useState<Restoring | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const load = useCallback(() => {
    ipc.backupsList().then(setBackups).catch(report);
  }, [report]);
  useEffect(load, [load]);

  const backupNow = async () => {
    setBusy("backup");
    setOutcome(null);
    try {
      setOutcome({ made: await ipc.backupNow() });
      load();
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(null);
    }
  };

  const pickFile = async () => {
    setOutcome(null);
    try {
      const path = await ipc.backupPickFile();
      if (path !== null) setRestoring({ path, backup: backups?.find((b) => b.path === path) ?? null });
    } catch (error) {
      setOutcome({ error });
    }
  };

  const restore = async (target: Restoring) => {
    setBusy("restore");
    setOutcome(null);
    try {
      setOutcome({ restored: await ipc.backupRestore(target.path) });
      load();
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(null);
      setRestoring(null);
    }
  };

  const when = (b: BackupFile) => formatTimestamp(b.taken_at, locale);

  return (
    <SettingsFrame current="backups">
      <div className="card" data-testid="backups">
        <h2>{t("backups.title")}</h2>
        <p>{t("backups.intro")}</p>
        <p className="muted">{t("backups.where")}</p>
        <div className="form-actions">
          <button type="button" className="button button-primary" data-testid="backup-now" disabled={busy !== null} onClick={() => void backupNow()}>
            {busy === "backup" ? t("backups.making") : t("backups.now")}
          </button>
          <button type="button" className="button" data-testid="backup-restore-file" disabled={busy !== null} onClick={() => void pickFile()}>
            {t("backups.restore_file")}
          </button>
          {busy === "restore" && (
            <p className="hint" role="status">
              {t("backups.restoring")}
            </p>
          )}
        </div>
        <BackupOutcome outcome={outcome} when={when} />
      </div>

      {backups === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : backups.length === 0 ? (
        <div className="card empty" data-testid="backups-empty">
          <p>{t("backups.empty")}</p>
        </div>
      ) : (
        <div className="card table-card">
          <table className="table backups-table">
            <caption className="visually-hidden">{t("backups.list_label")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("backups.col.taken_at")}</th>
                <th scope="col">{t("backups.col.kind")}</th>
                <th scope="col" className="num">
                  {t("backups.col.size")}
                </th>
                <th scope="col">{t("backups.col.file")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("common.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {backups.map((b, index) => (
                <tr key={b.path} data-testid="backup-row">
                  <td className="nowrap">{when(b)}</td>
                  <td>{t(`backup_kind.${b.kind}`)}</td>
                  <td className="num nowrap">{formatSize(b.bytes, locale)}</td>
                  <td className="mono cell-clip muted" title={b.file_name}>
                    {b.file_name}
                  </td>
                  <td className="num">
                    <button
                      type="button"
                      className="button"
                      data-testid={`backup-restore-${index}`}
                      disabled={busy !== null}
                      onClick={() => {
                        setOutcome(null);
                        setRestoring({ path: b.path, backup: b });
                      }}
                    >
                      {t("backups.restore")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {restoring && (
        <ConfirmDialog
          title={t("backups.confirm_title")}
          confirmLabel={t("backups.confirm")}
          confirmTestId="backup-confirm"
          danger
          busy={busy !== null}
          onCancel={() => setRestoring(null)}
          onConfirm={() => void restore(restoring)}
        >
          <p>
            {restoring.backup
              ? t("backups.confirm_dated", { date: when(restoring.backup) })
              : t("backups.confirm_file", { file: restoring.path })}
          </p>
          <p>{t("backups.confirm_safety")}</p>
        </ConfirmDialog>
      )}
    </SettingsFrame>
  );
}

function BackupOutcome({ outcome, when }: { outcome: Outcome | null; when: (b: BackupFile) => string }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  if ("error" in outcome) {
    const code = outcome.error instanceof CommandError ? outcome.error.code : "internal";
    return (
      <div className="send-result send-result-error" role="alert" data-testid="backup-result">
        <p>{t(`errors.code.${code}`, { defaultValue: t("errors.generic") })}</p>
      </div>
    );
  }
  return (
    <div className="send-result send-result-ok" role="status" data-testid="backup-result">
      <p>
        {"made" in outcome
          ? t("backups.made", { file: outcome.made.file_name, date: when(outcome.made) })
          : t("backups.restored", { file: outcome.restored.file_name, date: when(outcome.restored) })}
      </p>
    </div>
  );
}
