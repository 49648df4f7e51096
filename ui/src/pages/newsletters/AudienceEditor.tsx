// Who gets a campaign: one list's subscribers, or every customer with an
// email; narrowed by rules. The recipient count is asked again (debounced)
// whenever the audience changes, so the owner sees the effect of each rule.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf } from "../../app/errors";
import { useShop } from "../../app/shop";
import { useFieldMessage, type FieldErrors } from "../../components/FieldError";
import { LANGUAGES, RULE_KINDS } from "../../lib/codes";
import { ipc, type Audience, type AudienceCount, type Language, type List, type Rule } from "../../lib/ipc";
import { useDebounced } from "../../lib/useDebounced";
import { useCount } from "../import/messages";

export const AUDIENCE_COUNT_DEBOUNCE_MS = 300;

/** A rule as the form holds it: the kind and its one value, as typed. */
export type RuleDraft = { kind: Rule["kind"]; value: string };
export type AudienceDraft = { listId: number | null; rules: RuleDraft[] };

export function toRule(d: RuleDraft): Rule {
  switch (d.kind) {
    case "last_purchase_within": {
      // Unreadable or empty days travel as 0, which the core refuses as days_invalid.
      const days = /^\d+$/.test(d.value.trim()) ? Number(d.value.trim()) : 0;
      return { kind: d.kind, days };
    }
    case "bought_product":
      return { kind: d.kind, text: d.value };
    case "city":
      return { kind: d.kind, city: d.value };
    case "language":
      return { kind: d.kind, language: d.value as Language };
    case "tag":
      return { kind: d.kind, tag: d.value };
  }
}

export function fromRule(r: Rule): RuleDraft {
  switch (r.kind) {
    case "last_purchase_within":
      return { kind: r.kind, value: String(r.days) };
    case "bought_product":
      return { kind: r.kind, value: r.text };
    case "city":
      return { kind: r.kind, value: r.city };
    case "language":
      return { kind: r.kind, value: r.language };
    case "tag":
      return { kind: r.kind, value: r.tag };
  }
}

export function toAudience(d: AudienceDraft): Audience {
  return { list_id: d.listId, rules: d.rules.map(toRule) };
}

function defaultValue(kind: Rule["kind"], tags: string[]): string {
  if (kind === "last_purchase_within") return "90";
  if (kind === "language") return LANGUAGES[0] ?? "es";
  if (kind === "tag") return tags[0] ?? "";
  return "";
}

type Props = {
  draft: AudienceDraft;
  onChange: (draft: AudienceDraft) => void;
  /** Refusals from saving, keyed `audience.list_id`, `audience.rules.N`, `audience`. */
  errors: FieldErrors;
  disabled?: boolean;
};

export function AudienceEditor({ draft, onChange, errors, disabled }: Props) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  const fieldMessage = useFieldMessage();
  const [lists, setLists] = useState<List[]>([]);
  const [tags, setTags] = useState<string[]>([]);
  const [answer, setAnswer] = useState<{ count: AudienceCount } | { errors: FieldErrors } | null>(null);

  useEffect(() => {
    let live = true;
    ipc.listsList().then((found) => live && setLists(found)).catch(() => {});
    ipc.tagsList().then((found) => live && setTags(found)).catch(() => {});
    return () => {
      live = false;
    };
  }, []);

  // Debounce the audience's text: an object is new on every render and would never settle.
  const key = useDebounced(JSON.stringify(toAudience(draft)), AUDIENCE_COUNT_DEBOUNCE_MS);
  useEffect(() => {
    let live = true;
    ipc
      .audienceCount(JSON.parse(key) as Audience)
      .then((found) => live && setAnswer({ count: found }))
      .catch((err) => live && setAnswer({ errors: fieldErrorsOf(err) ?? {} }));
    return () => {
      live = false;
    };
  }, [key]);

  const shown = { ...(answer && "errors" in answer ? answer.errors : {}), ...errors };
  const setRule = (i: number, rule: RuleDraft) => onChange({ ...draft, rules: draft.rules.map((r, j) => (j === i ? rule : r)) });

  return (
    <fieldset className="audience" disabled={disabled} data-testid="audience">
      <legend>{t("audience.title")}</legend>
      <div className="field">
        <label htmlFor="campaign-list">{t("audience.list")}</label>
        <select
          id="campaign-list"
          data-testid="campaign-list"
          value={draft.listId === null ? "" : String(draft.listId)}
          aria-invalid={shown["audience.list_id"] ? true : undefined}
          onChange={(e) => onChange({ ...draft, listId: e.target.value === "" ? null : Number(e.target.value) })}
        >
          <option value="">{t("audience.all_customers")}</option>
          {lists.map((l) => (
            <option key={l.id} value={String(l.id)}>
              {t("audience.list_option", { name: l.name, count: count(l.subscribed) })}
            </option>
          ))}
        </select>
        {shown["audience.list_id"] && <p className="field-error">{fieldMessage(shown["audience.list_id"])}</p>}
      </div>

      {draft.rules.length > 0 && <p className="hint">{t("audience.rules_hint")}</p>}
      <ul className="rules">
        {draft.rules.map((rule, i) => {
          const error = shown[`audience.rules.${i}`];
          const valueId = `rule-${i}-value`;
          return (
            <li key={i} className="rule" data-testid="audience-rule">
              <div className="field">
                <label htmlFor={`rule-${i}-kind`}>{t("audience.rule_kind")}</label>
                <select
                  id={`rule-${i}-kind`}
                  data-testid="rule-kind"
                  value={rule.kind}
                  onChange={(e) => {
                    const kind = e.target.value as Rule["kind"];
                    setRule(i, { kind, value: defaultValue(kind, tags) });
                  }}
                >
                  {RULE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`rule_kind.${k}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={valueId}>{t(`rule_value.${rule.kind}`)}</label>
                {rule.kind === "language" ? (
                  <select id={valueId} data-testid="rule-value" value={rule.value} onChange={(e) => setRule(i, { ...rule, value: e.target.value })}>
                    {LANGUAGES.map((l) => (
                      <option key={l} value={l}>
                        {t(`language.${l}`)}
                      </option>
                    ))}
                  </select>
                ) : rule.kind === "tag" && tags.length > 0 ? (
                  <select id={valueId} data-testid="rule-value" value={rule.value} onChange={(e) => setRule(i, { ...rule, value: e.target.value })}>
                    {(tags.includes(rule.value) ? tags : [rule.value, ...tags]).map((tag) => (
                      <option key={tag} value={tag}>
                        {tag}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={valueId}
                    data-testid="rule-value"
                    value={rule.value}
                    inputMode={rule.kind === "last_purchase_within" ? "numeric" : undefined}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${valueId}-error` : undefined}
                    onChange={(e) => setRule(i, { ...rule, value: e.target.value })}
                  />
                )}
                {error && (
                  <p className="field-error" id={`${valueId}-error`} data-testid="rule-error">
                    {fieldMessage(error)}
                  </p>
                )}
              </div>
              <button
                type="button"
                className="button-quiet rule-remove"
                data-testid="rule-remove"
                aria-label={t("audience.remove_rule", { n: i + 1 })}
                onClick={() => onChange({ ...draft, rules: draft.rules.filter((_, j) => j !== i) })}
              >
                {t("audience.remove")}
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="button"
        data-testid="rule-add"
        onClick={() => onChange({ ...draft, rules: [...draft.rules, { kind: "last_purchase_within", value: "90" }] })}
      >
        {t("audience.add_rule")}
      </button>
      <p className="audience-count" role="status" aria-live="polite" data-testid="audience-count">
        {answer === null
          ? t("audience.counting")
          : "count" in answer
            ? t("audience.count", { recipients: count(answer.count.recipients), suppressed: count(answer.count.suppressed) })
            : t("audience.count_unknown")}
      </p>
      {shown.audience && <p className="field-error">{fieldMessage(shown.audience)}</p>}
    </fieldset>
  );
}
