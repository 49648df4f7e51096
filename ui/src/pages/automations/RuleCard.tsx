// One rule: what it does and when, how many it sent, its switch, and its
// "Editar" form behind a disclosure button.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import { formatTimestamp } from "../../lib/dates";
import type { AutomationRule } from "../../lib/ipc";
import { RuleForm } from "./RuleForm";
import { useRuleWords } from "./rules";

type Props = {
  rule: AutomationRule;
  /** The marketing cap in days (0: none), to explain the marketing badge. */
  capDays: number;
  /** The switch is waiting for the core. */
  busy: boolean;
  /** Just paused from this screen: say that its waiting messages were cancelled. */
  paused: boolean;
  onSwitch: () => void;
  onSaved: (rule: AutomationRule) => void;
};

export function RuleCard({ rule, capDays, busy, paused, onSwitch, onSaved }: Props) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const words = useRuleWords();
  const [editing, setEditing] = useState(false);
  const formId = useId();
  const headingId = useId();
  const key = rule.key;
  const name = words.name(key);
  const condition = words.condition(rule);

  return (
    <article className="card automation-rule" aria-labelledby={headingId} data-testid={`automation-rule-${key}`}>
      <header className="automation-rule-head">
        <div>
          <h3 id={headingId} className="automation-rule-name">
            {name}{" "}
            {rule.marketing && (
              <span className="badge" data-testid={`automation-marketing-${key}`}>
                {t("automations.marketing")}
              </span>
            )}
          </h3>
          <p className="automation-rule-when" data-testid={`automation-when-${key}`}>
            {words.when(rule)}
          </p>
          {/* The condition is the shop's own text: rendered as text. */}
          {condition && <p className="hint">{condition}</p>}
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={rule.enabled}
          aria-label={t("automations.switch", { name })}
          className={rule.enabled ? "switch switch-on" : "switch"}
          data-testid={`automation-toggle-${key}`}
          disabled={busy}
          onClick={onSwitch}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          <span className="switch-text">{rule.enabled ? t("automations.on") : t("automations.off")}</span>
        </button>
      </header>

      {rule.marketing && (
        <p className="hint">{capDays > 0 ? t("automations.marketing_hint", { count: capDays }) : t("automations.marketing_hint_no_cap")}</p>
      )}

      <p className="automation-rule-state" role="status">
        {rule.enabled && rule.enabled_at !== null
          ? t("automations.enabled_since", { date: formatTimestamp(rule.enabled_at, locale) })
          : rule.enabled
            ? t("automations.enabled")
            : paused
              ? t("automations.paused_now")
              : t("automations.disabled")}
        {rule.enabled && ` ${t("automations.pause_hint")}`}
      </p>

      <div className="automation-rule-foot">
        <span className="muted" data-testid={`automation-sent-${key}`}>
          {t("automations.sent", { count: rule.sent })}
        </span>
        <button
          type="button"
          className="button button-quiet"
          aria-expanded={editing}
          aria-controls={formId}
          data-testid={`automation-edit-${key}`}
          onClick={() => setEditing(!editing)}
        >
          {editing ? t("automations.close_edit") : t("automations.edit")}
        </button>
      </div>
      {editing && <RuleForm id={formId} rule={rule} onSaved={onSaved} />}
    </article>
  );
}
