// The message as a sample recipient gets it. The HTML part is shown in a
// sandboxed frame (`sandbox=""`: no scripts, no forms, no navigation, its own
// origin) loaded from the shell's `preview:` protocol, which serves it under
// its own strict policy; never as markup in the app's own page.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PreviewPage } from "../../lib/ipc";

export const PREVIEW_WIDTHS = { desktop: 680, phone: 375 } as const;
type Width = keyof typeof PREVIEW_WIDTHS;

export function CampaignPreview({ preview, onClose }: { preview: PreviewPage; onClose: () => void }) {
  const { t } = useTranslation();
  const [width, setWidth] = useState<Width>("desktop");
  return (
    <div className="card preview-card" data-testid="campaign-preview">
      <div className="section-header preview-head">
        <h2>{t("preview.title")}</h2>
        <div className="segmented" role="radiogroup" aria-label={t("preview.width")}>
          {(Object.keys(PREVIEW_WIDTHS) as Width[]).map((w) => (
            <label key={w} className="segment">
              <input
                type="radio"
                name="preview-width"
                value={w}
                data-testid={`preview-${w}`}
                checked={width === w}
                onChange={() => setWidth(w)}
              />
              <span>{t(`preview.${w}`)}</span>
            </label>
          ))}
        </div>
        <button type="button" className="button" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
      <p className="preview-subject">{t("preview.subject", { subject: preview.subject })}</p>
      <div className="preview-frame-wrap">
        <iframe
          className="preview-frame"
          data-testid="preview-frame"
          title={t("preview.frame_title")}
          sandbox=""
          src={preview.url}
          style={{ width: PREVIEW_WIDTHS[width] }}
        />
      </div>
      <h3>{t("preview.text_part")}</h3>
      <pre className="preview-text" data-testid="preview-text">
        {preview.text}
      </pre>
    </div>
  );
}
