// A new return request for one order: which units come back, why, and how it
// is settled. A live quote shows the amounts and any policy rule the request
// breaks; breaking one needs the owner's reason for the exception, which the
// core records with the request.
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { href, navigate, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { OUTCOMES } from "../../lib/codes";
import { formatDay } from "../../lib/dates";
import {
  CommandError,
  ipc,
  type Order,
  type Outcome,
  type Quote,
  type ReturnForm,
  type ReturnInput,
  type ReturnLineInput,
  type ReturnPolicy,
} from "../../lib/ipc";
import { formatMoney } from "../../lib/money";
import { useDebounced } from "../../lib/useDebounced";
import { useReasonLabel, useRuleMessage } from "./labels";
import { ReturnAmounts } from "./ReturnAmounts";

const QUOTE_DEBOUNCE_MS = 250;
const NOTE_MAX = 2000;
const OVERRIDE_MAX = 500;
/** Errors shown on their own input; the rest go to the form's summary. */
const SHOWN = (field: string) => /^quantity\.\d+$/.test(field) || ["reason_id", "outcome", "note", "override_reason"].includes(field);

export function offeredOutcomes(policy: ReturnPolicy): Outcome[] {
  const offered = { refund: policy.offer_refund, exchange: policy.offer_exchange, credit: policy.offer_credit };
  return OUTCOMES.filter((o) => offered[o]);
}

/** The core names a refused line by its index in `lines`; the form names it by the order line's position. */
function byPosition(refused: FieldErrors, sent: ReturnLineInput[]): FieldErrors {
  return Object.fromEntries(
    Object.entries(refused).map(([field, code]) => {
      const match = /^lines\.(\d+)\.(quantity|position)$/.exec(field);
      const line = match ? sent[Number(match[1])] : undefined;
      return [line ? `quantity.${line.position}` : field, code];
    }),
  );
}

export function ReturnNewPage({ orderId }: { orderId: number }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const reasonLabel = useReasonLabel();
  const ruleMessage = useRuleMessage();
  const overrideRef = useRef<HTMLInputElement>(null);
  const [form, setForm] = useState<ReturnForm | null>(null);
  const [order, setOrder] = useState<Order | null>(null);
  const [missing, setMissing] = useState(false);
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [reasonId, setReasonId] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome>("refund");
  const [note, setNote] = useState("");
  const [overrideReason, setOverrideReason] = useState("");
  const [quote, setQuote] = useState<Quote | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  /** Rules the core refused the request for (`policy_refused`). */
  const [refused, setRefused] = useState<string[]>([]);
  const [focusOverride, setFocusOverride] = useState(0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all([ipc.returnForm(orderId), ipc.orderGet(orderId)])
      .then(([loaded, placed]) => {
        if (!live) return;
        setForm(loaded);
        setOrder(placed);
        // The usual choices, so the quote shows as soon as a quantity is typed.
        setReasonId(loaded.policy.reasons.find((r) => r.active)?.id ?? null);
        setOutcome(offeredOutcomes(loaded.policy)[0] ?? "refund");
      })
      .catch((err) => {
        if (!live) return;
        if (err instanceof CommandError && err.code === "order_not_found") setMissing(true);
        report(err);
      });
    return () => {
      live = false;
    };
  }, [orderId, report]);

  useEffect(() => {
    if (focusOverride > 0) overrideRef.current?.focus();
  }, [focusOverride]);

  /** Problems of the typed quantities, found without asking the core. */
  const quantityErrors = useMemo(() => {
    const found: FieldErrors = {};
    for (const line of form?.lines ?? []) {
      // An emptied field means none of this line.
      const text = (quantities[line.position] ?? "").trim() || "0";
      if (!/^\d+$/.test(text)) found[`quantity.${line.position}`] = "quantity_malformed";
      else if (Number(text) > line.bought - line.returned) found[`quantity.${line.position}`] = "quantity_exceeds_bought";
    }
    return found;
  }, [form, quantities]);

  const lines = useMemo<ReturnLineInput[]>(
    () =>
      (form?.lines ?? [])
        .map((line) => ({ position: line.position, quantity: Number((quantities[line.position] ?? "0").trim()) }))
        .filter((line) => Number.isInteger(line.quantity) && line.quantity > 0),
    [form, quantities],
  );

  // What the quote depends on; the note and the override change no amount.
  const quotable =
    form && reasonId !== null && lines.length > 0 && Object.keys(quantityErrors).length === 0
      ? JSON.stringify({ order_id: form.order_id, lines, reason_id: reasonId, outcome })
      : "";
  const settled = useDebounced(quotable, QUOTE_DEBOUNCE_MS);

  useEffect(() => {
    if (settled === "") {
      setQuote(null);
      return;
    }
    let live = true;
    const asked = JSON.parse(settled) as Pick<ReturnInput, "order_id" | "lines" | "reason_id" | "outcome">;
    ipc
      .returnQuote({ ...asked, note: "", override_reason: null })
      .then((next) => live && setQuote(next))
      .catch((err) => {
        if (!live) return;
        setQuote(null);
        const problems = fieldErrorsOf(err);
        if (problems) setErrors((before) => ({ ...before, ...byPosition(problems, asked.lines) }));
        else report(err);
      });
    return () => {
      live = false;
    };
  }, [settled, report]);

  if (!form) {
    return (
      <section className="page">
        <h1>{t("return_new.title")}</h1>
        <p className="muted">{missing ? t("return_new.missing") : t("common.loading")}</p>
      </section>
    );
  }

  const reasons = form.policy.reasons.filter((r) => r.active);
  const outcomes = offeredOutcomes(form.policy);
  const reason = reasons.find((r) => r.id === reasonId) ?? null;
  const violations = quote?.violations ?? [];
  const needsOverride = violations.length > 0 || refused.length > 0;
  const money = (minor: number) => formatMoney(minor, form.currency, locale);
  const ruleContext = {
    deadline: quote?.deadline ?? form.deadline,
    windowDays: form.policy.window_days,
    delivered: order?.delivered_on != null,
    outcome,
  };
  const allErrors = { ...errors, ...quantityErrors };

  const clear = (...fields: string[]) => {
    if (fields.some((f) => f in errors)) setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => !fields.includes(f))));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const missingFields: FieldErrors = {};
    if (lines.length === 0) missingFields.lines = "lines_empty";
    if (reasonId === null) missingFields.reason_id = "required";
    if (needsOverride && overrideReason.trim() === "") missingFields.override_reason = "required";
    if (Object.keys(missingFields).length > 0 || Object.keys(quantityErrors).length > 0) {
      setErrors({ ...errors, ...missingFields });
      if (missingFields.override_reason) setFocusOverride((n) => n + 1);
      return;
    }
    setBusy(true);
    const input: ReturnInput = {
      order_id: form.order_id,
      lines,
      reason_id: reasonId ?? 0,
      outcome,
      note,
      override_reason: needsOverride ? overrideReason.trim() : null,
    };
    try {
      const opened = await ipc.returnOpen(input);
      navigate(paths.returnRequest(opened.id));
    } catch (err) {
      if (err instanceof CommandError && err.code === "policy_refused") {
        setRefused(err.payload.fields.filter((f) => f.field === "policy").map((f) => f.code));
        setFocusOverride((n) => n + 1);
      } else {
        const problems = fieldErrorsOf(err);
        if (problems) setErrors(byPosition(problems, lines));
        else report(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page" data-testid="return-new">
      <header className="page-header">
        <h1>{t("return_new.title")}</h1>
      </header>

      <div className="card">
        <dl className="facts">
          <div>
            <dt>{t("return_new.order")}</dt>
            <dd className="mono" data-testid="return-order-number">
              {order ? <a href={href(paths.customer(order.customer_id))}>{form.order_number}</a> : form.order_number}
            </dd>
          </div>
          <div>
            <dt>{t("return_new.customer")}</dt>
            <dd data-testid="return-customer">{form.customer_name}</dd>
          </div>
          {order && (
            <div>
              <dt>{order.delivered_on ? t("order.delivered_on") : t("order.placed_on")}</dt>
              <dd>{formatDay(order.delivered_on ?? order.placed_on, locale)}</dd>
            </div>
          )}
          <div>
            <dt>{t("return_new.deadline")}</dt>
            <dd data-testid="return-deadline">
              {form.deadline ? formatDay(form.deadline, locale) : t("common.none")}{" "}
              <span className={`badge ${form.within_window ? "badge-success" : "badge-danger"}`} data-testid="return-window">
                {form.within_window ? t("return_new.within_window") : t("return_new.outside_window")}
              </span>
            </dd>
          </div>
        </dl>
        <p className="hint">{t("return_new.window_rule", { count: form.policy.window_days })}</p>
        {form.cancelled && (
          <p className="warning-text" role="note">
            {t("return_new.cancelled")}
          </p>
        )}
      </div>

      {form.lines.length === 0 ? (
        <div className="card empty">
          <p>{t("return_new.no_lines")}</p>
        </div>
      ) : (
        <form className="card form" onSubmit={(e) => void submit(e)} noValidate data-testid="return-form">
          <FormErrors errors={allErrors} shown={SHOWN} />
          <h2>{t("return_new.lines")}</h2>
          <table className="table lines-table compact">
            <thead>
              <tr>
                <th scope="col">{t("order.line.product")}</th>
                <th scope="col" className="num">
                  {t("order.line.unit_price")}
                </th>
                <th scope="col" className="num">
                  {t("return_new.bought")}
                </th>
                <th scope="col" className="num">
                  {t("return_new.returned")}
                </th>
                <th scope="col" className="num">
                  {t("return_new.quantity")}
                </th>
              </tr>
            </thead>
            <tbody>
              {form.lines.map((line) => {
                const left = line.bought - line.returned;
                const field = `quantity.${line.position}`;
                return (
                  <tr key={line.position} data-testid="return-line">
                    <td>
                      {line.product}
                      {line.sku && <span className="muted mono"> {line.sku}</span>}
                    </td>
                    <td className="num nowrap">{money(line.unit_price_minor)}</td>
                    <td className="num">{line.bought}</td>
                    <td className="num">{line.returned}</td>
                    <td className="num">
                      <input
                        {...fieldProps(field, allErrors)}
                        type="number"
                        className="input-qty"
                        min={0}
                        max={left}
                        step={1}
                        inputMode="numeric"
                        disabled={left <= 0}
                        data-testid={`return-qty-${line.position}`}
                        aria-label={t("return_new.quantity_of", { product: line.product, count: left })}
                        value={quantities[line.position] ?? "0"}
                        onChange={(e) => {
                          // Typing over the 0 gives "01": keep the number as the owner means it.
                          setQuantities({ ...quantities, [line.position]: e.target.value.replace(/^0+(?=\d)/, "") });
                          clear(field, "lines");
                        }}
                      />
                      <FieldError field={field} errors={allErrors} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>

          <div className="field-row">
            <div className="field">
              <label htmlFor="field-reason_id">{t("return_new.reason")}</label>
              <select
                {...fieldProps("reason_id", errors)}
                data-testid="return-reason"
                value={reasonId === null ? "" : String(reasonId)}
                onChange={(e) => {
                  setReasonId(e.target.value === "" ? null : Number(e.target.value));
                  clear("reason_id");
                }}
              >
                {reasonId === null && <option value="">{t("return_new.reason_choose")}</option>}
                {reasons.map((r) => (
                  <option key={r.id} value={String(r.id)}>
                    {reasonLabel(r)}
                  </option>
                ))}
              </select>
              {reason?.waives_fee && form.policy.fee_kind !== "none" && <p className="hint">{t("return_new.reason_waives_fee")}</p>}
              <FieldError field="reason_id" errors={errors} />
            </div>
            <div className="field">
              <label htmlFor="field-outcome">{t("return_new.outcome")}</label>
              <select
                {...fieldProps("outcome", errors)}
                data-testid="return-outcome"
                value={outcome}
                onChange={(e) => {
                  setOutcome(e.target.value as Outcome);
                  clear("outcome");
                }}
              >
                {outcomes.map((o) => (
                  <option key={o} value={o}>
                    {t(`outcome.${o}`)}
                  </option>
                ))}
              </select>
              <FieldError field="outcome" errors={errors} />
            </div>
          </div>

          <div className="field">
            <label htmlFor="field-note">{t("return_new.note")}</label>
            <textarea
              {...fieldProps("note", errors)}
              rows={3}
              maxLength={NOTE_MAX}
              data-testid="return-note"
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
                clear("note");
              }}
            />
            <FieldError field="note" errors={errors} />
          </div>

          <div className="return-quote" data-testid="return-quote" aria-live="polite">
            {quote === null ? (
              <p className="muted">{t("return_new.quote_waiting")}</p>
            ) : (
              <ReturnAmounts amounts={quote} currency={quote.currency} outcome={outcome} />
            )}
            {violations.length > 0 && (
              <div className="violations" role="alert">
                <p>{t("return_new.violations")}</p>
                <ul>
                  {violations.map((rule) => (
                    <li key={rule} data-testid="return-violation">
                      {ruleMessage(rule, ruleContext)}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>

          {refused.length > 0 && (
            <div className="form-errors" role="alert" data-testid="return-refused">
              <p>{t("return_new.refused")}</p>
              <ul>
                {refused.map((rule) => (
                  <li key={rule}>{ruleMessage(rule, ruleContext)}</li>
                ))}
              </ul>
              <p>{t("return_new.refused_hint")}</p>
            </div>
          )}

          {needsOverride && (
            <div className="field">
              <label htmlFor="field-override_reason">{t("return_new.override_reason")}</label>
              <input
                {...fieldProps("override_reason", errors)}
                ref={overrideRef}
                maxLength={OVERRIDE_MAX}
                data-testid="return-override-reason"
                value={overrideReason}
                onChange={(e) => {
                  setOverrideReason(e.target.value);
                  clear("override_reason");
                }}
              />
              <p className="hint">{t("return_new.override_hint")}</p>
              <FieldError field="override_reason" errors={errors} />
            </div>
          )}

          <div className="form-actions">
            <button type="submit" className="button button-primary" data-testid="return-submit" disabled={busy}>
              {busy ? t("common.saving") : t("return_new.submit")}
            </button>
            {order && (
              <a className="button" href={href(paths.customer(order.customer_id))}>
                {t("common.cancel")}
              </a>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
