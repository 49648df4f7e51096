// A table that renders only the rows in view (plus a margin), so a list of
// 100,000 customers scrolls as smoothly as one of ten. It stays a real
// <table>: spacer rows stand in for the rows above and below the view.
import { observeElementRect, useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type HTMLAttributes, type Key, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Rows have a fixed height (styles.css `.virtual-row td`), so nothing needs measuring. */
export const ROW_HEIGHT = 42;
/** The sticky header's height (styles.css `.virtual-table thead th`). */
const HEAD_HEIGHT = 38;
/** Rows rendered beyond each edge of the view. */
const OVERSCAN = 10;
/** Ask for the next page this many rows before the end. */
const NEAR_END = 40;
/**
 * The view's height when the element reports none (before layout, and in
 * test DOMs without layout): the first rows still render.
 */
export const FALLBACK_VIEW_HEIGHT = 600;

function observeWithFallback(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: { width: number; height: number }) => void) {
  return observeElementRect(instance, (rect) =>
    cb(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_VIEW_HEIGHT }),
  );
}

/** Attributes for one row's <tr> (test id, click handler). */
type RowAttributes = HTMLAttributes<HTMLTableRowElement> & { "data-testid"?: string };

type Props<T> = {
  rows: T[];
  rowKey: (row: T) => Key;
  /** The header cells (<th>), in order. */
  head: ReactNode;
  columns: number;
  cells: (row: T) => ReactNode;
  rowProps?: (row: T) => RowAttributes;
  /** The scroll region's accessible name. */
  label: string;
  className?: string;
  /** False while more rows may exist beyond those loaded. */
  complete: boolean;
  loadingMore: boolean;
  /** Called when the view nears the last loaded row. */
  onNearEnd: () => void;
};

export function VirtualTable<T>({
  rows,
  rowKey,
  head,
  columns,
  cells,
  rowProps,
  label,
  className,
  complete,
  loadingMore,
  onNearEnd,
}: Props<T>) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: HEAD_HEIGHT,
    observeElementRect: observeWithFallback,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items.at(-1);
  const top = first ? first.start - HEAD_HEIGHT : 0;
  const bottom = last ? Math.max(0, virtualizer.getTotalSize() - (last.end - HEAD_HEIGHT)) : 0;

  const lastIndex = last?.index ?? -1;
  useEffect(() => {
    if (rows.length > 0 && lastIndex >= rows.length - NEAR_END) onNearEnd();
  }, [lastIndex, rows.length, onNearEnd]);

  return (
    // Focusable so the keyboard can scroll it (arrows, Page Down) and reach rows not yet rendered.
    <div ref={scrollRef} className="virtual-scroll" role="region" aria-label={label} tabIndex={0} data-testid="virtual-scroll">
      <table className={`table virtual-table ${className ?? ""}`} aria-rowcount={complete ? rows.length + 1 : -1}>
        <thead>
          <tr aria-rowindex={1}>{head}</tr>
        </thead>
        <tbody>
          {top > 0 && (
            <tr aria-hidden="true" className="virtual-spacer">
              <td colSpan={columns} style={{ height: top }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index] as T;
            return (
              <tr key={rowKey(row)} className="virtual-row" aria-rowindex={item.index + 2} {...rowProps?.(row)}>
                {cells(row)}
              </tr>
            );
          })}
          {bottom > 0 && (
            <tr aria-hidden="true" className="virtual-spacer">
              <td colSpan={columns} style={{ height: bottom }} />
            </tr>
          )}
        </tbody>
      </table>
      {loadingMore && (
        <p className="muted table-note" role="status">
          {t("common.loading_more")}
        </p>
      )}
    </div>
  );
}
