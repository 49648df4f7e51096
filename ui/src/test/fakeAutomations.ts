// The automations commands of the fake core: rules, guard rails, carriers,
// previews and a customer's timeline, kept in memory. The real rules (who is
// due, the cap, quiet hours) are tested in Rust; this answers like the core.
import type { AutomationRule, AutomationSettingsView, Carrier, Due, Preview, RuleInput, RuleKey, Sent } from "../lib/ipc";
import { RULE_KEYS } from "../pages/automations/rules";

type Payload = { code: string; message: string; fields: { field: string; code: string }[] };

function invalid(...fields: [string, string][]): Payload {
  return { code: "invalid_input", message: "invalid input", fields: fields.map(([field, code]) => ({ field, code })) };
}

const DELAYS: Partial<Record<RuleKey, number>> = { care_tips: 3, survey: 7, review_request: 1, win_back: 90, points_expiring: 14 };

export function automationRule(key: RuleKey, overrides: Partial<AutomationRule> = {}): AutomationRule {
  return {
    id: RULE_KEYS.indexOf(key) + 1,
    key,
    enabled: false,
    enabled_at: null,
    delay_days: DELAYS[key] ?? 0,
    condition: key === "survey" ? "nps" : "",
    coupon_percent: 0,
    coupon_days: 30,
    subject_es: "",
    body_es: "",
    subject_en: "",
    body_en: "",
    marketing: key === "review_request" || key === "win_back",
    sent: 0,
    defaults: {
      subject_es: key === "survey" ? "" : `Asunto de serie (${key})`,
      body_es: key === "survey" ? "" : `Mensaje de serie (${key})`,
      subject_en: key === "survey" ? "" : `Built-in subject (${key})`,
      body_en: key === "survey" ? "" : `Built-in body (${key})`,
    },
    ...overrides,
  };
}

export function due(overrides: Partial<Due> = {}): Due {
  const id = overrides.customer_id ?? 1;
  return {
    customer_id: id,
    name: `Cliente ${id}`,
    email: `cliente${id}@example.com`,
    trigger: `order:${id}`,
    order_id: id,
    order_number: `M${String(id).padStart(5, "0")}`,
    capped: false,
    ...overrides,
  };
}

export function sent(overrides: Partial<Sent> = {}): Sent {
  return {
    id: 1,
    rule: "order_shipped",
    at: 1_776_000_000_000,
    trigger: "order:1",
    order_number: null,
    coupon_code: null,
    state: "sent",
    ...overrides,
  };
}

export class FakeAutomations {
  rules: AutomationRule[] = RULE_KEYS.map((key) => automationRule(key));
  settings: AutomationSettingsView = {
    settings: { time_zone: "", quiet_from: 1260, quiet_to: 540, marketing_cap_days: 7, catch_up_days: 7 },
    zone_in_effect: "Europe/Madrid",
  };
  carriers: Carrier[] = [
    { name: "Correos", url_pattern: "https://correos.example/track?n={code}" },
    { name: "SEUR", url_pattern: "https://seur.example/{code}" },
  ];
  /** Who each rule would send to today (by rule key); nobody unless told. */
  people = new Map<RuleKey, Due[]>();
  quietNow = false;
  sendsFrom = 1_776_063_600_000;
  /** Each customer's automatic messages, newest first. */
  timeline = new Map<number, Sent[]>();
  now = 1_776_000_000_000;

  private ruleOf(id: number): AutomationRule {
    const found = this.rules.find((r) => r.id === id);
    if (!found) throw { code: "not_found", message: "not found", fields: [] } satisfies Payload;
    return found;
  }

  private replace(rule: AutomationRule): AutomationRule {
    this.rules = this.rules.map((r) => (r.id === rule.id ? rule : r));
    return rule;
  }

  preview(id: number): Preview {
    const rule = this.ruleOf(id);
    const people = this.people.get(rule.key) ?? [];
    return {
      rule,
      total: people.length,
      capped: people.filter((p) => p.capped).length,
      people,
      quiet_now: this.quietNow,
      sends_from: this.quietNow ? this.sendsFrom : this.now,
    };
  }

  saveRule(id: number, input: RuleInput): AutomationRule {
    const rule = this.ruleOf(id);
    const problems: [string, string][] = [];
    if (input.delay_days > 3650 || (rule.key === "win_back" && input.delay_days < 14)) problems.push(["delay_days", "out_of_range"]);
    if (rule.key === "survey" && !["nps", "csat", "ces"].includes(input.condition)) problems.push(["condition", "survey_kind"]);
    if (input.coupon_percent > 90) problems.push(["coupon_percent", "out_of_range"]);
    for (const field of ["subject_es", "body_es", "subject_en", "body_en"] as const) {
      const unknown = [...input[field].matchAll(/\{\{\s*(\w+)\s*\}\}/g)].some((m) => !/^(first_name|name|shop_name|order_number|carrier|tracking_code|tracking_url|product|coupon_code|coupon_value|coupon_expires|points|points_expire_on)$/.test(m[1] ?? ""));
      if (unknown) problems.push([field, "template_invalid"]);
    }
    if (problems.length > 0) throw invalid(...problems);
    const trim = (s: string) => s.trim();
    return this.replace({
      ...rule,
      ...input,
      condition: input.condition.trim(),
      subject_es: trim(input.subject_es),
      body_es: trim(input.body_es),
      subject_en: trim(input.subject_en),
      body_en: trim(input.body_en),
    });
  }

  saveCarriers(list: Carrier[]): Carrier[] {
    const problems: [string, string][] = [];
    const seen = new Set<string>();
    list.forEach((c, i) => {
      const name = c.name.trim();
      if (name === "") problems.push([`carriers.${i}.name`, "required"]);
      else if (seen.has(name.toLowerCase())) problems.push([`carriers.${i}.name`, "duplicate"]);
      seen.add(name.toLowerCase());
      if (!/^https?:\/\/\S*\{code\}/.test(c.url_pattern.trim())) problems.push([`carriers.${i}.url_pattern`, "url_pattern"]);
    });
    if (problems.length > 0) throw invalid(...problems);
    this.carriers = list.map((c) => ({ name: c.name.trim(), url_pattern: c.url_pattern.trim() }));
    return this.carriers;
  }

  /** The answer to an automations command, or null when `cmd` is not one. */
  handle(cmd: string, args: Record<string, unknown>): { answer: unknown } | null {
    switch (cmd) {
      case "automation_settings_get":
        return { answer: this.settings };
      case "automation_settings_save": {
        const input = args.input as AutomationSettingsView["settings"];
        const problems: [string, string][] = [];
        if (input.time_zone !== "" && !/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/.test(input.time_zone)) problems.push(["time_zone", "time_zone_unknown"]);
        if (input.marketing_cap_days > 365) problems.push(["marketing_cap_days", "out_of_range"]);
        if (input.catch_up_days < 1 || input.catch_up_days > 60) problems.push(["catch_up_days", "out_of_range"]);
        if (problems.length > 0) throw invalid(...problems);
        this.settings = { settings: { ...input }, zone_in_effect: input.time_zone || "Europe/Madrid" };
        return { answer: this.settings };
      }
      case "automation_rules":
        return { answer: [...this.rules] };
      case "automation_rule_save":
        return { answer: this.saveRule(Number(args.id), args.input as RuleInput) };
      case "automation_rule_enable": {
        const rule = this.ruleOf(Number(args.id));
        const enabled = Boolean(args.enabled);
        return { answer: this.replace({ ...rule, enabled, enabled_at: enabled ? (rule.enabled ? rule.enabled_at : this.now) : rule.enabled_at }) };
      }
      case "automation_preview":
        return { answer: this.preview(Number(args.id)) };
      case "automation_timeline":
        return { answer: this.timeline.get(Number(args.customerId)) ?? [] };
      case "carriers_get":
        return { answer: [...this.carriers] };
      case "carriers_save":
        return { answer: this.saveCarriers(args.carriers as Carrier[]) };
      default:
        return null;
    }
  }
}
