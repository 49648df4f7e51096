// New complaint: loads the categories, the draft left from last time (if
// any) and the customer it was opened for, then shows the form.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { ipc, type Category } from "../../lib/ipc";
import { ComplaintForm } from "./ComplaintForm";
import { DRAFT_NAME, EMPTY_FORM, parseDraft, type FormState } from "./draft";

type Loaded = {
  categories: Category[];
  /** What the form starts from, and the form it goes back to when the draft is discarded. */
  initial: FormState;
  fresh: FormState;
  /** When the restored draft was saved; null when there was none. */
  restoredAt: number | null;
};

export function ComplaintNewPage({ customerId }: { customerId: number | null }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let live = true;
    const customer = customerId === null ? Promise.resolve(null) : ipc.customerPage(customerId);
    Promise.all([ipc.complaintSettingsGet(), ipc.draftLoad(DRAFT_NAME), customer])
      .then(([settings, draft, page]) => {
        if (!live) return;
        const fresh: FormState = {
          ...EMPTY_FORM,
          category_id: settings.categories[0]?.id ?? null,
          ...(page && {
            customer: { id: page.customer.id, name: page.customer.name, phone: page.customer.phone, email: page.customer.email },
            reply_channel: page.customer.preferred_channel,
          }),
        };
        const restored = draft ? parseDraft(draft.body) : null;
        setLoaded({
          categories: settings.categories,
          initial: restored ?? fresh,
          fresh,
          restoredAt: restored && draft ? draft.saved_at : null,
        });
      })
      .catch((err) => live && report(err));
    return () => {
      live = false;
    };
  }, [customerId, report]);

  if (!loaded) {
    return (
      <section className="page">
        <h1>{t("complaint_new.title")}</h1>
        <p className="muted">{t("common.loading")}</p>
      </section>
    );
  }
  return <ComplaintForm {...loaded} preselected={customerId} />;
}
