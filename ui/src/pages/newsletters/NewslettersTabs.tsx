import { useTranslation } from "react-i18next";
import { paths } from "../../app/router";
import { TabNav } from "../../components/TabNav";

export type NewslettersSection = "campaigns" | "lists" | "suppressions";

/** The area's title and its sub-pages: campaigns, lists, blocked addresses. */
export function NewslettersTabs({ current }: { current: NewslettersSection }) {
  const { t } = useTranslation();
  const tab = (section: NewslettersSection, path: string) => ({
    path,
    label: t(`newsletters.tab.${section}`),
    testId: `newsletters-tab-${section}`,
    current: current === section,
  });
  return (
    <TabNav
      label={t("newsletters.sections")}
      tabs={[tab("campaigns", paths.campaigns()), tab("lists", paths.lists()), tab("suppressions", paths.suppressions())]}
    />
  );
}
