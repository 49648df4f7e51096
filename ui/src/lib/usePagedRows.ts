// A long list read from the core a page at a time, as the owner scrolls.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

export const PAGE_SIZE = 200;
/** After a change event, at most this many pages are read again; deeper rows are dropped. */
const RELOAD_PAGES = 10;

type Paged<T> = {
  /** Null until the first page arrives. */
  rows: T[] | null;
  /** True once a page came back short: there is nothing more to load. */
  complete: boolean;
  loadingMore: boolean;
  /** Reads the next page, unless one is already on its way or the list is complete. */
  loadMore: () => void;
  /** Reads the loaded pages again (after the core reports a change). */
  reload: () => void;
};

/**
 * `fetchPage(limit, offset)` is read again from the first page whenever `key`
 * changes (query, sort, filter); answers to an older key are ignored.
 */
export function usePagedRows<T>(
  fetchPage: (limit: number, offset: number) => Promise<T[]>,
  key: string,
  onError: (err: unknown) => void,
): Paged<T> {
  const [rows, setRows] = useState<T[] | null>(null);
  const [complete, setComplete] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const latest = useRef({ fetchPage, onError, rows, complete });
  // Layout effect: the list's own effects (asking for more rows) run after it and see fresh rows.
  useLayoutEffect(() => {
    latest.current = { fetchPage, onError, rows, complete };
  });
  // Bumped by every new first-page read, so older answers know they are stale.
  const generation = useRef(0);
  const busy = useRef(false);

  const readPages = useCallback((pages: number) => {
    const gen = ++generation.current;
    busy.current = true;
    const offsets = Array.from({ length: pages }, (_, i) => i * PAGE_SIZE);
    Promise.all(offsets.map((offset) => latest.current.fetchPage(PAGE_SIZE, offset)))
      .then((answers) => {
        if (gen !== generation.current) return;
        setRows(answers.flat());
        setComplete((answers.at(-1)?.length ?? 0) < PAGE_SIZE);
      })
      .catch((err) => gen === generation.current && latest.current.onError(err))
      .finally(() => {
        if (gen === generation.current) {
          busy.current = false;
          setLoadingMore(false);
        }
      });
  }, []);

  useEffect(() => readPages(1), [key, readPages]);

  const reload = useCallback(() => {
    const loaded = latest.current.rows?.length ?? 0;
    readPages(Math.min(RELOAD_PAGES, Math.max(1, Math.ceil(loaded / PAGE_SIZE))));
  }, [readPages]);

  const loadMore = useCallback(() => {
    const { rows: current, complete: done } = latest.current;
    if (busy.current || done || current === null) return;
    const gen = generation.current;
    const offset = current.length;
    busy.current = true;
    setLoadingMore(true);
    latest.current
      .fetchPage(PAGE_SIZE, offset)
      .then((page) => {
        if (gen !== generation.current) return;
        setRows((before) => [...(before ?? []).slice(0, offset), ...page]);
        setComplete(page.length < PAGE_SIZE);
      })
      .catch((err) => gen === generation.current && latest.current.onError(err))
      .finally(() => {
        if (gen === generation.current) {
          busy.current = false;
          setLoadingMore(false);
        }
      });
  }, []);

  return { rows, complete, loadingMore, loadMore, reload };
}
