// Finding the customer while they are still on the line: any fragment of a
// phone (in any format) or of a name, answered as it is typed. Arrow keys move
// through the answers and Enter picks one; the last choice creates a new
// customer from what was typed.
import type { KeyboardEvent, RefObject } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { FieldError, type FieldErrors } from "../../components/FieldError";
import { ipc, type CustomerSummary } from "../../lib/ipc";
import { useSearchBox } from "../../lib/useSearchBox";

export const LOOKUP_DEBOUNCE_MS = 150;
const LIST_ID = "complaint-customer-listbox";

type Option = { kind: "customer"; customer: CustomerSummary } | { kind: "create" };

function optionId(index: number): string {
  return `${LIST_ID}-${index}`;
}

/** The customers that fit, then the choice to create one from the text. */
async function suggest(query: string): Promise<Option[]> {
  const customers = await ipc.customersSuggest(query);
  return [...customers.map((customer): Option => ({ kind: "customer", customer })), { kind: "create" }];
}

type Props = {
  inputRef: RefObject<HTMLInputElement | null>;
  query: string;
  onQueryChange: (query: string) => void;
  onPick: (customer: CustomerSummary) => void;
  /** Nothing fits: create a customer from `text`. */
  onCreate: (text: string) => void;
  errors: FieldErrors;
};

export function CustomerLookup({ inputRef, query, onQueryChange, onPick, onCreate, errors }: Props) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const trimmed = query.trim();
  const choose = (option: Option) => {
    if (option.kind === "customer") onPick(option.customer);
    else onCreate(trimmed);
  };
  const box = useSearchBox({
    text: query,
    delayMs: LOOKUP_DEBOUNCE_MS,
    search: suggest,
    onError: report,
    onPick: choose,
    highlightFirst: false,
    keepLastAnswer: false,
    arrowMovesOnReopen: true,
  });
  const { options, shown, active, setActive, setOpen } = box;

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Never a form submit from the lookup: Enter picks (the highlighted answer, else the first).
    if (e.key === "Enter" && trimmed !== "") e.preventDefault();
    box.onKeyDown(e);
  };

  const invalid = "customer_id" in errors;
  return (
    <div className="field lookup">
      <label htmlFor="complaint-customer-query">{t("complaint_new.customer")}</label>
      <input
        ref={inputRef}
        id="complaint-customer-query"
        name="customer_query"
        type="search"
        role="combobox"
        autoComplete="off"
        data-testid="complaint-customer-query"
        value={query}
        placeholder={t("complaint_new.customer_placeholder")}
        aria-expanded={shown}
        aria-controls={LIST_ID}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? "error-customer_id" : "complaint-customer-hint"}
        onChange={(e) => {
          onQueryChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <div id={LIST_ID} role="listbox" aria-label={t("complaint_new.customer_results")} className="search-results lookup-results" hidden={!shown}>
        {shown &&
          options.map((option, index) => (
            <div
              key={option.kind === "customer" ? option.customer.id : "create"}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={option.kind === "create" ? "search-option lookup-create" : "search-option"}
              data-testid={option.kind === "customer" ? "complaint-customer-option" : "complaint-customer-create"}
              // Keeps the focus in the box, so the click lands before the list closes.
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(option)}
            >
              {option.kind === "customer" ? (
                <>
                  <span className="search-option-main">{option.customer.name}</span>
                  <span className="search-option-sub">
                    {[option.customer.phone, option.customer.email].filter(Boolean).join(" · ") || t("complaint_new.no_contact")}
                  </span>
                </>
              ) : (
                <span className="search-option-main">{t("complaint_new.create_customer", { text: trimmed })}</span>
              )}
            </div>
          ))}
      </div>
      <p className="hint" id="complaint-customer-hint">
        {t("complaint_new.customer_hint")}
      </p>
      {shown && options.length === 1 && (
        <p className="hint" role="status" data-testid="complaint-customer-none">
          {t("complaint_new.no_match", { text: trimmed })}
        </p>
      )}
      <FieldError field="customer_id" errors={errors} />
    </div>
  );
}
