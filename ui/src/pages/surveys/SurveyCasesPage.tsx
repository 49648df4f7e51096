// Surveys → Cases: every open follow-up case, newest first as the core
// sends them, to call the customer back and close it with a note.
import { useTranslation } from "react-i18next";
import { useLoaded } from "../../app/useLoaded";
import { ipc } from "../../lib/ipc";
import { FollowUpCard } from "./FollowUpCard";
import { SurveysHeader } from "./SurveysTabs";

export function SurveyCasesPage() {
  const { t } = useTranslation();
  const { data: cases, reload } = useLoaded(() => ipc.followUpsList(null), [], ["surveys", "customers"]);

  return (
    <section className="page">
      <SurveysHeader current="cases" />
      <p className="muted">{t("follow_up.intro")}</p>
      {cases === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : cases.length === 0 ? (
        <div className="card empty" data-testid="follow-ups-empty">
          <p>{t("follow_up.none_open")}</p>
        </div>
      ) : (
        <>
          <p className="muted" role="status" data-testid="follow-ups-count">
            {t("follow_up.count", { count: cases.length })}
          </p>
          {cases.map((f) => (
            <FollowUpCard key={f.id} followUp={f} showCustomer onClosed={reload} />
          ))}
        </>
      )}
    </section>
  );
}
