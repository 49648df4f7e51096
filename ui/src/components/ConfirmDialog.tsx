// A modal question before something that cannot be undone (sending a
// campaign, cancelling it, unblocking an address). Escape or the cancel
// button closes it; the confirm button has the focus.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  confirmTestId?: string;
  /** The dialog's own test id, when a screen needs to tell its dialog apart. */
  testId?: string;
  danger?: boolean;
  busy?: boolean;
  /** The confirm button waits for something more (e.g. a word typed in the children). */
  disabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
};

export function ConfirmDialog({ title, children, confirmLabel, confirmTestId, testId, danger, busy, disabled, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const titleId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog card"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId ?? "confirm-dialog"}
        onKeyDown={(e) => {
          if (e.key === "Escape") onCancel();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
        <div className="form-actions">
          <button
            ref={confirmRef}
            type="button"
            className={danger ? "button button-danger" : "button button-primary"}
            data-testid={confirmTestId}
            disabled={busy || disabled}
            onClick={onConfirm}
          >
            {confirmLabel}
          </button>
          <button type="button" className="button" data-testid="confirm-cancel" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        </div>
      </div>
    </div>
  );
}
