// Surveys → Cases: every open follow-up case, newest first as the core
// sends them, to call the customer back and close it with a note.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { useOnChanged } from "../../app/useOnChanged";
import { ipc, type FollowUp } from "../../lib/ipc";
import { FollowUpCard } from "./FollowUpCard";
import { SurveysHeader } from "./SurveysTabs";

export function SurveyCasesPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const [cases, setCases] = useState<FollowUp[] | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let live = true;
    ipc
      .followUpsList(null)
      .then((found) => live && setCases(found))
      .catch((err) => live && report(err));
    return () => {
      live = false;
    };
  }, [version, report]);
  useOnChanged(["surveys", "customers"], reload);

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
