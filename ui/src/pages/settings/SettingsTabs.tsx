import { useTranslation } from "react-i18next";
import { paths } from "../../app/router";
import { TabNav } from "../../components/TabNav";

export function SettingsTabs({ current }: { current: "shop" | "email" }) {
  const { t } = useTranslation();
  return (
    <TabNav
      label={t("settings.sections")}
      tabs={[
        { path: paths.settings(), label: t("settings.tab_shop"), testId: "settings-tab-shop", current: current === "shop" },
        { path: paths.settingsEmail(), label: t("settings.tab_email"), testId: "settings-tab-email", current: current === "email" },
      ]}
    />
  );
}
