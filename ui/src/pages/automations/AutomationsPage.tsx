// Automations: the order notices (sent when an order changes status) and the
// timed follow-ups, each switched on only after seeing who would get it
// today; then the guard rails every rule obeys and the carriers' tracking links.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { useLoaded } from "../../app/useLoaded";
import { ipc, type AutomationRule, type RuleKey } from "../../lib/ipc";
import { CarriersCard } from "./CarriersCard";
import { LimitsCard } from "./LimitsCard";
import { PreviewDialog } from "./PreviewDialog";
import { RuleCard } from "./RuleCard";
import { FOLLOW_UPS, ORDER_NOTICES } from "./rules";

export function AutomationsPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { data, reload } = useLoaded(
    async () => {
      const [rules, settings, carriers] = await Promise.all([ipc.automationRules(), ipc.automationSettingsGet(), ipc.carriersGet()]);
      return { rules, settings, carriers };
    },
    [],
    ["automations"],
  );
  // A rule as the core answered a write of this screen, until the next read brings it.
  const [answered, setAnswered] = useState<Record<number, AutomationRule>>({});
  useEffect(() => setAnswered({}), [data]);
  const [previewing, setPreviewing] = useState<AutomationRule | null>(null);
  const [switching, setSwitching] = useState<number | null>(null);
  const [paused, setPaused] = useState<RuleKey | null>(null);

  if (!data) {
    return (
      <section className="page">
        <h1>{t("automations.title")}</h1>
        <p className="muted">{t("common.loading")}</p>
      </section>
    );
  }

  const rules = data.rules.map((r) => answered[r.id] ?? r);
  const capDays = data.settings.settings.marketing_cap_days;
  const keep = (rule: AutomationRule) => {
    setAnswered((current) => ({ ...current, [rule.id]: rule }));
    reload();
  };

  const onSwitch = async (rule: AutomationRule) => {
    if (!rule.enabled) {
      setPaused(null);
      setPreviewing(rule);
      return;
    }
    // Pausing needs no preview: it stops at once and cancels what has not left yet.
    setSwitching(rule.id);
    try {
      keep(await ipc.automationRuleEnable(rule.id, false));
      setPaused(rule.key);
    } catch (err) {
      report(err);
    } finally {
      setSwitching(null);
    }
  };

  const group = (keys: readonly RuleKey[], id: string, title: string, intro: string) => (
    <section className="automation-group" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{title}</h2>
      <p className="hint">{intro}</p>
      <div className="automation-rules">
        {keys.map((key) => {
          const rule = rules.find((r) => r.key === key);
          return (
            rule && (
              <RuleCard
                key={rule.id}
                rule={rule}
                capDays={capDays}
                busy={switching === rule.id}
                paused={paused === rule.key && !rule.enabled}
                onSwitch={() => void onSwitch(rule)}
                onSaved={keep}
              />
            )
          );
        })}
      </div>
    </section>
  );

  return (
    <section className="page page-wide" data-testid="automations-page">
      <header className="page-header">
        <h1>{t("automations.title")}</h1>
      </header>
      <p className="muted automations-intro">{t("automations.intro")}</p>

      {group(ORDER_NOTICES, "automations-order-notices", t("automations.group.orders"), t("automations.group.orders_hint"))}
      {group(FOLLOW_UPS, "automations-follow-ups", t("automations.group.follow_ups"), t("automations.group.follow_ups_hint"))}

      <div className="automation-settings">
        <LimitsCard view={data.settings} onSaved={() => reload()} />
        <CarriersCard carriers={data.carriers} />
      </div>

      {previewing && (
        <PreviewDialog
          rule={previewing}
          capDays={capDays}
          timeZone={data.settings.zone_in_effect || null}
          onCancel={() => setPreviewing(null)}
          onEnabled={(rule) => {
            setPreviewing(null);
            keep(rule);
          }}
        />
      )}
    </section>
  );
}
