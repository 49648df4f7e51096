// Switching a rule on is never blind: first who would get its message today
// (nothing is written until "Activar"), then the switch.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CommandError, ipc, type AutomationRule, type Preview } from "../../lib/ipc";
import { isOrderNotice, useRuleWords } from "./rules";

type Props = {
  rule: AutomationRule;
  /** The marketing cap in days, to name it beside the people it holds back. */
  capDays: number;
  /** The shop's time zone, for the hour the quiet hours end. */
  timeZone: string | null;
  onEnabled: (rule: AutomationRule) => void;
  onCancel: () => void;
};

export function PreviewDialog({ rule, capDays, timeZone, onEnabled, onCancel }: Props) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const words = useRuleWords();
  const [preview, setPreview] = useState<Preview | null>(null);
  // Shown inside the dialog: the page's banner would sit behind it.
  const [failure, setFailure] = useState<string | null>(null);
  const [enabling, setEnabling] = useState(false);

  useEffect(() => {
    let live = true;
    ipc
      .automationPreview(rule.id)
      .then((found) => {
        if (live) setPreview(found);
      })
      .catch((err) => {
        if (live) setFailure(codeOf(err));
      });
    return () => {
      live = false;
    };
  }, [rule.id]);

  const enable = async () => {
    if (enabling) return;
    setEnabling(true);
    setFailure(null);
    try {
      onEnabled(await ipc.automationRuleEnable(rule.id, true));
    } catch (err) {
      setFailure(codeOf(err));
      setEnabling(false);
    }
  };

  const hour = (ms: number) => {
    try {
      return new Intl.DateTimeFormat(locale, { timeStyle: "short", ...(timeZone ? { timeZone } : {}) }).format(new Date(ms));
    } catch {
      return new Intl.DateTimeFormat(locale, { timeStyle: "short" }).format(new Date(ms));
    }
  };
  const cappedLabel = capDays === 7 ? t("automations.preview.capped_weekly") : t("automations.preview.capped_days", { count: capDays });

  return (
    <ConfirmDialog
      title={t("automations.preview.title", { name: words.name(rule.key) })}
      confirmLabel={enabling ? t("automations.preview.enabling") : t("automations.preview.confirm")}
      confirmTestId="automation-preview-confirm"
      testId="automation-preview"
      busy={enabling || preview === null}
      onConfirm={() => void enable()}
      onCancel={onCancel}
    >
      {failure && (
        <p className="field-error" role="alert" data-testid="automation-preview-error">
          {t(`errors.code.${failure}`, { defaultValue: t("errors.generic") })}
        </p>
      )}
      {preview === null ? (
        !failure && <p className="muted">{t("automations.preview.loading")}</p>
      ) : (
        <>
          <p className="automation-preview-count" data-testid="automation-preview-count">
            {t("automations.preview.count", { count: preview.total })}
          </p>
          <p className="hint">{isOrderNotice(rule.key) ? t("automations.preview.order_notice") : t("automations.preview.from_today")}</p>
          {preview.capped > 0 && (
            <p className="hint" data-testid="automation-preview-capped-count">
              {t("automations.preview.capped_count", { count: preview.capped, limit: cappedLabel })}
            </p>
          )}
          {preview.people.length > 0 && (
            <ul className="automation-preview-people plain-list" aria-label={t("automations.preview.people")}>
              {preview.people.map((person) => (
                // Customer text is data: rendered as text.
                <li key={`${person.customer_id}-${person.trigger}`} data-testid="automation-preview-person">
                  <span className="automation-person-name">{person.name}</span>{" "}
                  <span className="muted">{person.email}</span>
                  {person.order_number && (
                    <>
                      {" "}
                      <span className="mono">{t("automations.preview.order", { number: person.order_number })}</span>
                    </>
                  )}
                  {person.capped && (
                    <>
                      {" "}
                      <span className="badge badge-warning" data-testid="automation-preview-capped">
                        {cappedLabel}
                      </span>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          {preview.total > preview.people.length && (
            <p className="muted">{t("automations.preview.more", { count: preview.total - preview.people.length })}</p>
          )}
          {preview.quiet_now && (
            <p className="warning-text" data-testid="automation-preview-quiet">
              {t("automations.preview.quiet", { time: hour(preview.sends_from) })}
            </p>
          )}
        </>
      )}
    </ConfirmDialog>
  );
}

function codeOf(err: unknown): string {
  if (!(err instanceof CommandError)) console.error(err);
  return err instanceof CommandError ? err.code : "internal";
}
