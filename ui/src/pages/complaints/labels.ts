// Translated texts shared by the complaints pages: a category's name, the
// New-complaint shortcut as this platform writes it, a call's duration.
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { isApplePlatform } from "../../components/GlobalSearch";
import type { Category, ComplaintInput } from "../../lib/ipc";

/** How a complaint reached the shop (bindings name a survey answer's channel the same). */
export type ComplaintChannel = ComplaintInput["channel"];

/** The owner's label, or for a built-in category left unnamed the translation of its key. */
export function useCategoryLabel() {
  const { t } = useTranslation();
  return useCallback(
    (category: Pick<Category, "key" | "label">) => {
      const label = category.label.trim();
      if (label) return label;
      return category.key ? t(`complaint_category.${category.key}`, { defaultValue: category.key }) : t("common.none");
    },
    [t],
  );
}

/** "Ctrl+N", or "⌘N" on a Mac; and the same for `aria-keyshortcuts`. */
export function useNewComplaintShortcut() {
  const { t } = useTranslation();
  const apple = useMemo(() => isApplePlatform(), []);
  return {
    apple,
    text: apple ? t("complaints.shortcut_apple") : t("complaints.shortcut_other"),
    aria: apple ? "Meta+N" : "Control+N",
  };
}

/** True for the New-complaint shortcut (Ctrl+N, or ⌘N on a Mac). */
export function isNewComplaintKey(e: KeyboardEvent, apple: boolean): boolean {
  const modifier = apple ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  return modifier && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "n";
}

/**
 * A call's length as typed: "5" is five minutes, "5:30" five minutes and
 * thirty seconds. Seconds, or null when unreadable.
 */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,4})(?::([0-5]?\d))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2] ?? 0);
}

/** 330 → "5 min 30 s". */
export function useDurationText() {
  const { t } = useTranslation();
  return useCallback(
    (seconds: number) => {
      const minutes = Math.floor(seconds / 60);
      const rest = seconds % 60;
      if (minutes === 0) return t("complaint.duration_s", { s: rest });
      return rest === 0 ? t("complaint.duration_m", { m: minutes }) : t("complaint.duration_ms", { m: minutes, s: rest });
    },
    [t],
  );
}
