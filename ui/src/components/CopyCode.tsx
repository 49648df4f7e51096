// A code to read aloud or paste (a coupon): shown in a fixed-width font with a
// Copy button; without clipboard access it says how to copy by hand.
import { useState } from "react";
import { useTranslation } from "react-i18next";

export function CopyCode({ code, testId }: { code: string; testId: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(code);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <span className="copy-code">
      <span className="mono" data-testid={testId}>
        {code}
      </span>{" "}
      <button type="button" className="button button-quiet" data-testid={`${testId}-copy`} onClick={() => void copy()}>
        {t("common.copy")}
      </button>
      {copied && (
        <span className="muted" role="status">
          {" "}
          {copied === "copied" ? t("common.copied") : t("common.copy_failed")}
        </span>
      )}
    </span>
  );
}
