import { useTranslation } from "react-i18next";
import { paths } from "../../app/router";
import { TabNav } from "../../components/TabNav";

export type SettingsTab = "shop" | "email" | "returns" | "loyalty" | "complaints" | "backups";

export function SettingsTabs({ current }: { current: SettingsTab }) {
  const { t } = useTranslation();
  return (
    <TabNav
      label={t("settings.sections")}
      tabs={[
        { path: paths.settings(), label: t("settings.tab_shop"), testId: "settings-tab-shop", current: current === "shop" },
        { path: paths.settingsEmail(), label: t("settings.tab_email"), testId: "settings-tab-email", current: current === "email" },
        { path: paths.settingsReturns(), label: t("settings.tab_returns"), testId: "settings-tab-returns", current: current === "returns" },
        { path: paths.settingsLoyalty(), label: t("settings.tab_loyalty"), testId: "settings-tab-loyalty", current: current === "loyalty" },
        {
          path: paths.settingsComplaints(),
          label: t("settings.tab_complaints"),
          testId: "settings-tab-complaints",
          current: current === "complaints",
        },
        { path: paths.settingsBackups(), label: t("settings.tab_backups"), testId: "settings-tab-backups", current: current === "backups" },
      ]}
    />
  );
}
