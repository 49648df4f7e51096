// A complaint typed but never saved (the window was closed, or the app
// stopped): offered from every page until it is opened or discarded.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, paths, type Route } from "../../app/router";
import { useShop } from "../../app/shop";
import { formatTimestamp } from "../../lib/dates";
import { ipc } from "../../lib/ipc";
import { DRAFT_NAME, parseDraft } from "./draft";

export function DraftBanner({ route }: { route: Route }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const onForm = route.page === "complaint-new";

  // Looked up at start and whenever the owner leaves the form (which may have left a draft).
  useEffect(() => {
    if (onForm) return;
    let live = true;
    ipc
      .draftLoad(DRAFT_NAME)
      .then((draft) => live && setSavedAt(draft && parseDraft(draft.body) ? draft.saved_at : null))
      // Only an offer: failing to read it must not get in the way.
      .catch(() => live && setSavedAt(null));
    return () => {
      live = false;
    };
  }, [onForm]);

  if (onForm || savedAt === null) return null;

  const discard = async () => {
    try {
      await ipc.draftDiscard(DRAFT_NAME);
      setSavedAt(null);
    } catch (err) {
      report(err);
    }
  };

  return (
    <div className="banner banner-warning" role="status" data-testid="draft-banner">
      <p>{t("complaint_draft.banner", { time: formatTimestamp(savedAt, locale) })}</p>
      <div className="banner-actions">
        <a className="button" href={href(paths.complaintNew())} data-testid="draft-banner-open">
          {t("complaint_draft.open")}
        </a>
        <button type="button" className="button button-quiet" data-testid="draft-banner-discard" onClick={() => void discard()}>
          {t("complaint_draft.discard")}
        </button>
      </div>
    </div>
  );
}
