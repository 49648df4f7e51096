// The save button of a form that stays open after saving, and the note that
// says the save went through (until the next edit).
import { useTranslation } from "react-i18next";

type Props = { saving: boolean; saved: boolean; savedText: string; saveTestId: string; savedTestId: string };

export function SaveActions({ saving, saved, savedText, saveTestId, savedTestId }: Props) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" data-testid={saveTestId} disabled={saving}>
        {saving ? t("common.saving") : t("common.save")}
      </button>
      {saved && (
        <p className="saved" role="status" data-testid={savedTestId}>
          {savedText}
        </p>
      )}
    </div>
  );
}
