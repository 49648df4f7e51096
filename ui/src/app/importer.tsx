// The import that runs in the background. It lives above the pages so it
// keeps going (and its progress stays visible in the sidebar) when the owner
// leaves the import page; its end arrives as an `import-finished` event.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import {
  ipc,
  onImportFinished,
  onImportProgress,
  type ImportFinished,
  type ImportOptions,
  type ImportProgress,
} from "../lib/ipc";

export type ImportRun =
  | { phase: "idle" }
  | { phase: "running"; progress: ImportProgress | null }
  | { phase: "finished"; finished: ImportFinished };

type Importer = {
  run: ImportRun;
  /** The latest progress of a dry run (preview) in flight, if any. */
  previewProgress: ImportProgress | null;
  /** Forgets the last dry run's progress, before a new preview starts. */
  resetPreviewProgress: () => void;
  /** Starts the import; rejects (and stays idle) when the core refuses it. */
  start(path: string, options: ImportOptions): Promise<void>;
  cancel(): Promise<void>;
  /** Puts away the result of a finished import. */
  dismiss: () => void;
};

const IDLE: ImportRun = { phase: "idle" };

const ImportContext = createContext<Importer>({
  run: IDLE,
  previewProgress: null,
  resetPreviewProgress: () => {},
  start: async () => {},
  cancel: async () => {},
  dismiss: () => {},
});

/** Whole percent of the file read so far (0 while the size is unknown). */
export function percentDone(progress: ImportProgress | null): number {
  if (!progress || progress.progress.bytes_total <= 0) return 0;
  return Math.min(100, Math.floor((progress.progress.bytes_done * 100) / progress.progress.bytes_total));
}

export function ImportProvider({ children }: { children: ReactNode }) {
  const [run, setRun] = useState<ImportRun>(IDLE);
  const [previewProgress, setPreviewProgress] = useState<ImportProgress | null>(null);

  useEffect(() => {
    const stopProgress = onImportProgress((progress) => {
      if (progress.dry_run) {
        setPreviewProgress(progress);
        return;
      }
      // A late event must not reopen a finished import; an early one also
      // reveals an import this window did not start (e.g. after a reload).
      setRun((current) => (current.phase === "finished" ? current : { phase: "running", progress }));
    });
    const stopFinished = onImportFinished((finished) => setRun({ phase: "finished", finished }));
    return () => {
      for (const stop of [stopProgress, stopFinished]) stop.then((unlisten) => unlisten()).catch(() => {});
    };
  }, []);

  const start = useCallback(async (path: string, options: ImportOptions) => {
    // Running before the call: the first events can arrive before its answer.
    setRun({ phase: "running", progress: null });
    try {
      await ipc.importStart(path, options);
    } catch (err) {
      setRun((current) => (current.phase === "running" ? IDLE : current));
      throw err;
    }
  }, []);

  const cancel = useCallback(async () => {
    await ipc.importCancel();
  }, []);

  const dismiss = useCallback(() => setRun(IDLE), []);
  const resetPreviewProgress = useCallback(() => setPreviewProgress(null), []);

  const value = useMemo(
    () => ({ run, previewProgress, resetPreviewProgress, start, cancel, dismiss }),
    [run, previewProgress, resetPreviewProgress, start, cancel, dismiss],
  );
  return <ImportContext.Provider value={value}>{children}</ImportContext.Provider>;
}

export function useImport(): Importer {
  return useContext(ImportContext);
}
