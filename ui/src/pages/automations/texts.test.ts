// The automations screens build keys at run time (a rule's name, a state, a
// placeholder): a missing one would show a raw key on screen.
import { describe, expect, it } from "vitest";
import en from "../../i18n/en.json";
import es from "../../i18n/es.json";
import { AUTOMATION_PLACEHOLDERS, FOLLOW_UPS, RULE_KEYS, SEND_STATES } from "./rules";

function lookup(tree: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
}

/** The field error codes the core's automations and carriers can answer. */
const CORE_FIELD_CODES = ["out_of_range", "text_invalid", "too_long", "template_invalid", "survey_kind", "time_zone_unknown", "required", "duplicate", "url_pattern"];

describe("automations texts", () => {
  it("cover every rule, state, placeholder and field code", () => {
    const expected = [
      ...RULE_KEYS.flatMap((k) => [`automation_rule.${k}.name`, `automation_rule.${k}.when`]),
      ...FOLLOW_UPS.flatMap((k) => [`automation_rule.${k}.delay_label`, `automation_rule.${k}.delay_hint`]),
      ...SEND_STATES.map((s) => `automation_state.${s}`),
      ...AUTOMATION_PLACEHOLDERS.map((p) => `automations.placeholder.${p}`),
      ...CORE_FIELD_CODES.map((c) => `errors.field.${c}`),
      "errors.field.time_invalid",
      "errors.field.number_invalid",
      "nav.automations",
    ];
    for (const [name, tree] of [["es", es], ["en", en]] as const) {
      const missing = expected.filter((k) => typeof lookup(tree, k) !== "string");
      expect(missing, `${name}.json lacks texts the automations screens build at run time`).toEqual([]);
    }
  });

  it("never put {{ }} in a text i18next would fill in (the placeholders are shown by code)", () => {
    const texts = JSON.stringify([lookup(es, "automations"), lookup(en, "automations")]);
    expect(texts).not.toMatch(/\{\{\s*(first_name|order_number|coupon_code)\s*\}\}/);
  });
});
