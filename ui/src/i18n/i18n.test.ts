// Every string the user sees comes from these files, so a key missing in one
// language would show a raw key (or fall back to Spanish) on screen.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NAV_AREAS } from "../components/Sidebar";
import {
  CAMPAIGN_STATUSES,
  COMMAND_ERROR_CODES,
  CONSENT_METHODS,
  CONTACT_CHANNELS,
  CUSTOMER_SORTS,
  DATE_ORDERS,
  DECIMAL_MARKS,
  DELIMITERS,
  ENCODINGS,
  FIELD_ERROR_CODES,
  IMPORT_FIELDS,
  IMPORT_PROBLEM_CODES,
  LANGUAGES,
  LAYOUTS,
  ORDER_SORTS,
  ORDER_STATUSES,
  PAUSE_REASONS,
  PLACEHOLDERS,
  RECIPIENT_STATES,
  EXCLUSIONS,
  FOLLOW_UP_REASONS,
  RESULT_PERIODS,
  RULE_KINDS,
  EXPORT_KINDS,
  SCORE_TONES,
  SECURITIES,
  SURVEY_CHANNELS,
  SURVEY_KINDS,
  SUBSCRIBER_STATUSES,
  SUPPRESSION_REASONS,
  EARN_ONS,
  ENTRY_KINDS,
  FEE_KINDS,
  COMPLAINT_STATUSES,
  SEVERITIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_FILTERS,
  COMPENSATIONS,
  COMPLAINT_EVENT_KINDS,
  COMPLAINT_CATEGORY_KEYS,
  OUTCOMES,
  RETURN_RULES,
  RETURN_STATUSES,
  SEEDED_REASONS,
  BACKUP_KINDS,
  DASHBOARD_CHARTS,
  DASHBOARD_FIGURES,
  DASHBOARD_PRESETS,
} from "../lib/codes";
import en from "./en.json";
import es from "./es.json";

type Tree = { [key: string]: string | Tree };

function leafKeys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : leafKeys(value, `${prefix}${key}.`),
  );
}

function lookup(tree: Tree, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], tree);
}

const SRC = join(__dirname, "..");

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "test" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Keys passed literally to t("…") or t('…'). */
export function usedKeys(source: string): string[] {
  return [...source.matchAll(/\bt\(\s*(["'])([^"'`]+?)\1/g)].map((m) => m[2] as string);
}

/** Literal words between JSX tags, and literal user-facing attributes. */
function untranslatedText(source: string): string[] {
  const code = source.replace(/\{\/\*[\s\S]*?\*\/\}/g, "");
  const found: string[] = [];
  for (const m of code.matchAll(/>([^<>{}]*\p{L}{2,}[^<>{}]*)</gu)) {
    const text = (m[1] ?? "").trim();
    // Skips TypeScript between generics (`useState<A>(x); … <B>`), which has code punctuation.
    if (text && !/=>|&&|\|\||[;()=]/.test(text)) found.push(text);
  }
  for (const m of code.matchAll(/\b(placeholder|aria-label|title|alt)="([^"]*)"/g)) {
    found.push(`${m[1]}="${m[2]}"`);
  }
  return found;
}

describe("translations", () => {
  it("have the same keys in Spanish and English", () => {
    const esKeys = new Set(leafKeys(es));
    const enKeys = new Set(leafKeys(en));
    const onlyEs = [...esKeys].filter((k) => !enKeys.has(k));
    const onlyEn = [...enKeys].filter((k) => !esKeys.has(k));
    expect(onlyEs, "keys in es.json missing from en.json would show Spanish in the English UI").toEqual([]);
    expect(onlyEn, "keys in en.json missing from es.json have no Spanish text").toEqual([]);
  });

  it("have no empty texts", () => {
    for (const [name, tree] of [["es", es], ["en", en]] as const) {
      const empty = leafKeys(tree).filter((k) => String(lookup(tree, k)).trim() === "");
      expect(empty, `${name}.json must not show blank labels`).toEqual([]);
    }
  });

  it("cover every literal t() key used in the source", () => {
    const files = sourceFiles();
    const used = new Set(files.flatMap((f) => usedKeys(readFileSync(f, "utf8"))));
    // Guards the scan itself: finding nothing would make this test pass vacuously.
    expect(used.size, "the source scan must find the UI's t() calls").toBeGreaterThan(80);
    const missing = [...used].filter((k) => typeof lookup(es, k) !== "string");
    expect(missing, "t() keys used in src/ but absent from es.json").toEqual([]);
  });

  it("the key scanner reads both quote styles and ignores template keys", () => {
    expect(usedKeys(`t("a.b") + t('c.d', { n }) + t(\`e.\${x}\`) + format("x.y")`)).toEqual(["a.b", "c.d"]);
  });

  it("cover the keys built at run time (codes, statuses, areas)", () => {
    const expected = [
      ...COMMAND_ERROR_CODES.map((c) => `errors.code.${c}`),
      ...FIELD_ERROR_CODES.map((c) => `errors.field.${c}`),
      ...ORDER_STATUSES.map((s) => `order_status.${s}`),
      ...CONTACT_CHANNELS.map((c) => `channel.${c}`),
      ...LANGUAGES.map((l) => `language.${l}`),
      ...NAV_AREAS.map((a) => `nav.${a}`),
      ...CUSTOMER_SORTS.map((s) => `customers.sort.${s}`),
      ...ORDER_SORTS.map((s) => `orders.sort.${s}`),
      ...IMPORT_FIELDS.map((f) => `import.field.${f}`),
      ...IMPORT_PROBLEM_CODES.map((c) => `import.problem.${c}`),
      ...LAYOUTS.map((l) => `import.layout.${l}`),
      ...ENCODINGS.map((e) => `import.encoding.${e}`),
      ...DELIMITERS.map((d) => `import.delimiter.${d}`),
      ...DECIMAL_MARKS.flatMap((d) => [`import.decimal.${d}`, `import.decimal_example.${d}`]),
      ...DATE_ORDERS.flatMap((d) => [`import.date_order.${d}`, `import.date_format.${d}`]),
      ...["layout", "encoding", "delimiter", "decimal", "date_order"].map((k) => `import.settings.${k}`),
      ...SECURITIES.map((s) => `mail.security_option.${s}`),
      ...SUBSCRIBER_STATUSES.map((s) => `subscriber_status.${s}`),
      ...CONSENT_METHODS.map((m) => `consent_method.${m}`),
      ...SUPPRESSION_REASONS.map((r) => `suppression_reason.${r}`),
      ...["campaigns", "lists", "suppressions"].map((s) => `newsletters.tab.${s}`),
      ...CAMPAIGN_STATUSES.map((s) => `campaign_status.${s}`),
      ...RECIPIENT_STATES.map((s) => `recipient_state.${s}`),
      ...PAUSE_REASONS.map((r) => `pause_reason.${r}`),
      ...RULE_KINDS.flatMap((k) => [`rule_kind.${k}`, `rule_value.${k}`]),
      ...EXPORT_KINDS.flatMap((k) => [`export.${k}`, `export.file_${k}`]),
      ...PLACEHOLDERS.map((p) => `placeholder.${p}`),
      ...["send", "results", "cases"].map((s) => `surveys.tab.${s}`),
      ...SURVEY_KINDS.flatMap((k) => [
        ...["label", "short", "explain", "figure", "formula", "question", "ends"].map((part) => `survey_kind.${k}.${part}`),
        ...SCORE_TONES.flatMap((tone) => [`score_tone.${k}.${tone}`, `score_range.${k}.${tone}`]),
        `surveys.comments.unhappy_only.${k}`,
      ]),
      ...EXCLUSIONS.map((e) => `exclusion.${e}`),
      ...FOLLOW_UP_REASONS.map((r) => `follow_up_reason.${r}`),
      ...SURVEY_CHANNELS.map((c) => `survey_channel.${c}`),
      ...RESULT_PERIODS.map((p) => `result_period.${p}`),
      ...RETURN_STATUSES.map((s) => `return_status.${s}`),
      // Every status but the first can be a next step, with a button of its own.
      ...RETURN_STATUSES.filter((s) => s !== "requested").map((s) => `return_step.${s}`),
      ...OUTCOMES.flatMap((o) => [`outcome.${o}`, `return_amounts.total.${o}`]),
      ...FEE_KINDS.map((k) => `fee_kind.${k}`),
      ...RETURN_RULES.map((r) => `return_rule_short.${r}`),
      ...SEEDED_REASONS.map((r) => `return_reason.${r}`),
      ...EARN_ONS.map((e) => `earn_on.${e}`),
      ...ENTRY_KINDS.map((k) => `loyalty_entry.${k}`),
      ...["shop", "email", "returns", "loyalty", "complaints", "backups"].map((tab) => `settings.tab_${tab}`),
      ...COMPLAINT_STATUSES.flatMap((s) => [`complaint_status.${s}`, `complaint_move.${s}`]),
      ...SEVERITIES.map((s) => `severity.${s}`),
      ...COMPLAINT_CHANNELS.map((c) => `complaint_channel.${c}`),
      ...COMPLAINT_FILTERS.flatMap((f) => [`complaint_filter.${f}`, `complaints.empty.${f}`]),
      ...COMPENSATIONS.flatMap((c) => [`compensation.${c}`, `complaint.comp_hint.${c}`]),
      ...COMPLAINT_EVENT_KINDS.map((k) => `complaint_event.${k}`),
      ...COMPLAINT_CATEGORY_KEYS.map((k) => `complaint_category.${k}`),
      ...BACKUP_KINDS.map((k) => `backup_kind.${k}`),
      ...DASHBOARD_PRESETS.map((p) => `dashboard.preset.${p}`),
      ...DASHBOARD_FIGURES.map((f) => `dashboard.figure.${f}`),
      ...DASHBOARD_CHARTS.map((c) => `dashboard.chart.${c}`),
      ...["satisfaction", "customers", "returns", "complaints", "points"].map((s) => `dashboard.section.${s}`),
    ];
    for (const [name, tree] of [["es", es], ["en", en]] as const) {
      const missing = expected.filter((k) => typeof lookup(tree, k) !== "string");
      expect(missing, `${name}.json lacks translations for codes the core or UI can produce`).toEqual([]);
    }
  });

  it("no component shows untranslated text", () => {
    const offenders = sourceFiles()
      .filter((f) => f.endsWith(".tsx"))
      .flatMap((f) => untranslatedText(readFileSync(f, "utf8")).map((text) => `${f}: ${text}`));
    expect(offenders, "visible strings must go through t()").toEqual([]);
  });

  it("the untranslated-text detector catches literal text and attributes", () => {
    expect(untranslatedText(`<p>\n  Hola mundo\n</p>`)).toEqual(["Hola mundo"]);
    expect(untranslatedText(`<input placeholder="Buscar" aria-label={t("x")} />`)).toEqual(['placeholder="Buscar"']);
    expect(untranslatedText(`<p>{t("a.b")}</p> {/* a comment */}`)).toEqual([]);
  });
});
