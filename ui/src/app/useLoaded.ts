import { useCallback, useEffect, useState, type DependencyList } from "react";
import type { ChangedArea } from "../lib/ipc";
import { useErrors } from "./errors";
import { useOnChanged } from "./useOnChanged";

export type Loaded<T> = {
  /** Null until the first answer; then the latest one, kept on show while a newer read is on its way. */
  data: T | null;
  /** The last read's failure (already reported in the banner), until a read succeeds; null otherwise. */
  error: unknown;
  /** Reads again, e.g. after a write of the screen's own. */
  reload: () => void;
};

/**
 * What a screen or a section shows from the core: `load()` is read on mount,
 * again whenever `deps` change (as `useEffect`'s) and whenever the core reports
 * a write to one of `areas`. The answer or failure of a read that a newer one
 * replaced is dropped, so a section never shows (or reports) what was asked
 * for a customer it no longer shows.
 */
export function useLoaded<T>(load: () => Promise<T>, deps: DependencyList, areas: ChangedArea[]): Loaded<T> {
  const { report } = useErrors();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let live = true;
    load()
      .then((found) => {
        if (!live) return;
        setData(found);
        setError(null);
      })
      .catch((err) => {
        if (!live) return;
        setError(err);
        report(err);
      });
    return () => {
      live = false;
    };
    // `load` closes over `deps`: a new closure alone (every render) asks nothing.
  }, [...deps, version, report]);
  useOnChanged(areas, reload);

  return { data, error, reload };
}
