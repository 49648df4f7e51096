// The heading and tabs every settings page shows, loaded or not.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { SettingsTabs, type SettingsTab } from "./SettingsTabs";

export function SettingsFrame({ current, children }: { current: SettingsTab; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="page">
      <header className="page-header">
        <h1>{t("settings.title")}</h1>
      </header>
      <SettingsTabs current={current} />
      {children}
    </section>
  );
}

/** What a settings page shows until its settings have loaded. */
export function SettingsLoading({ current }: { current: SettingsTab }) {
  const { t } = useTranslation();
  return (
    <SettingsFrame current={current}>
      <p className="muted">{t("common.loading")}</p>
    </SettingsFrame>
  );
}
