// What the automations screens know about each rule: its group, which of the
// form's fields it uses, and the placeholders its messages can fill in. The
// rules themselves (when they send, to whom) live in the core.
import { useTranslation } from "react-i18next";
import type { AutomationRule, RuleKey, SurveyKind } from "../../lib/ipc";

/** Sent when the order reaches the step; no delay, no condition. */
export const ORDER_NOTICES: readonly RuleKey[] = ["order_placed", "order_shipped", "order_delivered"];
/** Timed follow-ups: "N days after <event>". */
export const FOLLOW_UPS: readonly RuleKey[] = ["care_tips", "survey", "review_request", "win_back", "points_expiring"];
export const RULE_KEYS: readonly RuleKey[] = [...ORDER_NOTICES, ...FOLLOW_UPS];

/** The outbox's states of a message (`Sent.state`). */
export const SEND_STATES = ["queued", "sent", "failed", "skipped", "cancelled"] as const;

export const SURVEY_RULE_KINDS: readonly SurveyKind[] = ["nps", "csat", "ces"];

/** Every placeholder an automatic message may use. */
export const AUTOMATION_PLACEHOLDERS = [
  "first_name",
  "name",
  "shop_name",
  "order_number",
  "carrier",
  "tracking_code",
  "tracking_url",
  "product",
  "coupon_code",
  "coupon_value",
  "coupon_expires",
  "points",
  "points_expire_on",
] as const;
export type AutomationPlaceholder = (typeof AUTOMATION_PLACEHOLDERS)[number];

const ABOUT_THE_PERSON: AutomationPlaceholder[] = ["first_name", "name", "shop_name"];
const ABOUT_THE_ORDER: AutomationPlaceholder[] = ["order_number", "product"];
const ABOUT_THE_PARCEL: AutomationPlaceholder[] = ["carrier", "tracking_code", "tracking_url"];

/**
 * The placeholders that have a value in this rule's messages (the core
 * accepts all of them everywhere, but a coupon code in a shipping notice
 * would come out empty).
 */
export function placeholdersOf(key: RuleKey, withCoupon: boolean): AutomationPlaceholder[] {
  switch (key) {
    case "order_shipped":
    case "order_delivered":
      return [...ABOUT_THE_PERSON, ...ABOUT_THE_ORDER, ...ABOUT_THE_PARCEL];
    case "win_back":
      return [...ABOUT_THE_PERSON, ...ABOUT_THE_ORDER, ...(withCoupon ? (["coupon_code", "coupon_value", "coupon_expires"] as const) : [])];
    case "points_expiring":
      return [...ABOUT_THE_PERSON, "points", "points_expire_on"];
    default:
      return [...ABOUT_THE_PERSON, ...ABOUT_THE_ORDER];
  }
}

export function isOrderNotice(key: RuleKey): boolean {
  return ORDER_NOTICES.includes(key);
}

/** The survey rule sends the surveys' own message (with its score buttons): it has no texts of its own. */
export function hasTexts(key: RuleKey): boolean {
  return key !== "survey";
}

/** The rule's name and a one-line "what and when", with its current timing and condition. */
export function useRuleWords() {
  const { t } = useTranslation();
  const name = (key: RuleKey) => t(`automation_rule.${key}.name`);
  const surveyShort = (kind: string) =>
    (SURVEY_RULE_KINDS as readonly string[]).includes(kind) ? t(`survey_kind.${kind}.short`) : kind;
  const when = (rule: AutomationRule): string => {
    const count = rule.delay_days;
    switch (rule.key) {
      case "care_tips":
        return count === 0
          ? t("automation_rule.care_tips.when_same_day")
          : t("automation_rule.care_tips.when", { count });
      case "survey":
        return count === 0
          ? t("automation_rule.survey.when_same_day", { kind: surveyShort(rule.condition) })
          : t("automation_rule.survey.when", { count, kind: surveyShort(rule.condition) });
      case "review_request":
        return count === 0 ? t("automation_rule.review_request.when_same_day") : t("automation_rule.review_request.when", { count });
      case "win_back":
        return rule.coupon_percent > 0
          ? t("automation_rule.win_back.when_coupon", { count, percent: rule.coupon_percent, days: rule.coupon_days })
          : t("automation_rule.win_back.when", { count });
      case "points_expiring":
        return t("automation_rule.points_expiring.when", { count });
      default:
        return t(`automation_rule.${rule.key}.when`);
    }
  };
  /** Care tips' condition, said in words; null when the rule has none. */
  const condition = (rule: AutomationRule): string | null =>
    rule.key === "care_tips" && rule.condition.trim() !== "" ? t("automation_rule.care_tips.only_if", { text: rule.condition.trim() }) : null;
  return { name, when, condition };
}

/** Minutes after midnight ↔ the value of an `<input type="time">`. */
export function minutesToTime(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;
}

/** Null when the text is not a time of day. */
export function timeToMinutes(value: string): number | null {
  const match = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

/** The IANA time zones this computer knows, for the time zone select. */
export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
}

/** The zone this computer is set to. */
export function computerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A non-negative whole number as typed; null otherwise. */
export function readWhole(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : null;
}
