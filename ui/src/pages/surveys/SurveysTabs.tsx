import { useTranslation } from "react-i18next";
import { paths } from "../../app/router";
import { TabNav } from "../../components/TabNav";

export type SurveysSection = "send" | "results" | "cases";

/** The area's title and its sub-pages: send a survey, results, follow-up cases. */
export function SurveysHeader({ current }: { current: SurveysSection }) {
  const { t } = useTranslation();
  const tab = (section: SurveysSection, path: string) => ({
    path,
    label: t(`surveys.tab.${section}`),
    testId: `surveys-tab-${section}`,
    current: current === section,
  });
  return (
    <>
      <header className="page-header">
        <h1>{t("nav.surveys")}</h1>
      </header>
      <TabNav
        label={t("surveys.sections")}
        tabs={[tab("send", paths.surveySend()), tab("results", paths.surveyResults()), tab("cases", paths.surveyCases())]}
      />
    </>
  );
}
