// The typing side of a search box with a list of answers under it (an ARIA
// combobox): the text is asked of the core once it has stopped changing, an
// answer to an older text never replaces a newer one, and the arrow keys,
// Enter and Escape work the list. The box and the list are each caller's own.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { useDebounced } from "./useDebounced";

type Options<O> = {
  /** The text as typed; it is trimmed, and nothing is asked while it is empty. */
  text: string;
  delayMs: number;
  /** The options that answer `query` (a trimmed, settled text). */
  search: (query: string) => Promise<O[]>;
  onError: (err: unknown) => void;
  /** Enter on the highlighted option (or the first, when none is). */
  onPick: (option: O) => void;
  /** The first option is highlighted when an answer arrives; otherwise none is until an arrow is pressed. */
  highlightFirst: boolean;
  /**
   * The last answer stays on show while a newer text is being asked (and Enter
   * may pick from it); otherwise the list waits for the answer to the text as
   * it is now, so an older answer is never picked for a newer text.
   */
  keepLastAnswer: boolean;
  /** An arrow on a list closed with Escape moves the highlight as it reopens it; otherwise it only reopens it. */
  arrowMovesOnReopen: boolean;
};

export type SearchBox<O> = {
  /** The options on show; empty while the list is hidden. */
  options: O[];
  /** The list is on show (the box's `aria-expanded`). */
  shown: boolean;
  /** The highlighted option's index; -1 for none. */
  active: number;
  setActive: (index: number) => void;
  /** Opened by typing and focus, closed by Escape, blur or a pick. */
  setOpen: (open: boolean) => void;
  /** The arrows move the highlight (round the list), Enter picks, Escape closes an open list. */
  onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void;
};

export function useSearchBox<O>({
  text,
  delayMs,
  search,
  onError,
  onPick,
  highlightFirst,
  keepLastAnswer,
  arrowMovesOnReopen,
}: Options<O>): SearchBox<O> {
  const query = text.trim();
  const settled = useDebounced(query, delayMs);
  const rest = highlightFirst ? 0 : -1;
  // The answer, with the text it answers.
  const [answer, setAnswer] = useState<{ query: string; options: O[] } | null>(null);
  const [open, setOpen] = useState(true);
  const [active, setActive] = useState(rest);
  // The caller's functions may be new on every render; only a new text asks again.
  const latest = useRef({ search, onError });
  useLayoutEffect(() => {
    latest.current = { search, onError };
  });

  useEffect(() => {
    if (!settled) {
      setAnswer(null);
      return;
    }
    let live = true;
    latest.current
      .search(settled)
      .then((options) => {
        if (!live) return;
        setAnswer({ query: settled, options });
        setActive(rest);
      })
      .catch((err) => live && latest.current.onError(err));
    // An older text's answer must not replace a newer one's.
    return () => {
      live = false;
    };
  }, [settled, rest]);

  const answered = answer !== null && query !== "" && (keepLastAnswer || answer.query === query) ? answer.options : null;
  const shown = open && answered !== null;
  const options = shown ? answered : [];

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case "ArrowDown":
      case "ArrowUp": {
        e.preventDefault();
        setOpen(true);
        const count = shown || arrowMovesOnReopen ? (answered?.length ?? 0) : 0;
        if (count > 0) {
          const step = e.key === "ArrowDown" ? 1 : -1;
          setActive((i) => (i < 0 && step < 0 ? count - 1 : (i + step + count) % count));
        }
        break;
      }
      case "Enter": {
        const option = options[Math.max(0, active)];
        if (option !== undefined) {
          e.preventDefault();
          onPick(option);
        }
        break;
      }
      case "Escape":
        if (shown) {
          e.preventDefault();
          setOpen(false);
        }
        break;
    }
  };

  return { options, shown, active, setActive, setOpen, onKeyDown };
}
