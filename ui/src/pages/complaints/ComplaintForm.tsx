// The new complaint, typed while the customer is still on the line. Usable
// without a mouse: the lookup has the focus, Tab follows the fields, Enter
// in any one-line field saves (Ctrl+Enter in the description), Esc leaves
// (asking first when something was typed). Everything typed goes into a
// draft as it is typed.
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { navigate, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { COMPLAINT_CHANNELS, CONTACT_CHANNELS, SEVERITIES } from "../../lib/codes";
import { formatDay, formatTimestamp } from "../../lib/dates";
import { ipc, type Category, type ContactChannel, type Customer, type CustomerSummary, type Order, type Severity } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";
import { CustomerLookup } from "./CustomerLookup";
import { DRAFT_NAME, DraftSaver, type ChosenCustomer, type FormState } from "./draft";
import { useCategoryLabel, useNewComplaintShortcut, type ComplaintChannel } from "./labels";
import { NewCustomerPanel, newCustomerFrom } from "./NewCustomerPanel";

const DESCRIPTION_MAX = 10_000;
const FORM_FIELDS = ["customer_id", "order_id", "category_id", "severity", "channel", "reply_channel", "description"];

type Props = {
  categories: Category[];
  initial: FormState;
  /** The form as it is with nothing typed (with the preselected customer, if any). */
  fresh: FormState;
  restoredAt: number | null;
  preselected: number | null;
};

function chosen(c: CustomerSummary | Customer): ChosenCustomer {
  return { id: c.id, name: c.name, phone: c.phone, email: c.email };
}

export function ComplaintForm({ categories, initial, fresh, restoredAt, preselected }: Props) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const categoryLabel = useCategoryLabel();
  const shortcut = useNewComplaintShortcut();
  const [state, setState] = useState(initial);
  const [restored, setRestored] = useState(restoredAt);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [orders, setOrders] = useState<Order[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const lookupRef = useRef<HTMLInputElement>(null);
  const orderRef = useRef<HTMLSelectElement>(null);
  const changeRef = useRef<HTMLButtonElement>(null);
  const [saver] = useState(() => new DraftSaver(undefined, report));
  /** Edited by the owner since loading (a restored draft is not an edit). */
  const edited = useRef(false);
  const latest = useRef(state);
  latest.current = state;
  /** Where the focus goes after the next render: a pick moves on to the order. */
  const focusNext = useRef<"lookup" | "order" | null>(initial.customer ? "order" : initial.creating ? null : "lookup");
  /** A freshly picked customer's preferred channel becomes the reply channel once their page arrives. */
  const replyFrom = useRef<number | null>(null);

  useEffect(() => {
    if (edited.current) saver.change(JSON.stringify(state));
  }, [state, saver]);
  // Leaving the page some other way keeps what is pending.
  useEffect(() => () => saver.flush(), [saver]);

  useEffect(() => {
    const target = focusNext.current;
    focusNext.current = null;
    if (target === "lookup") lookupRef.current?.focus();
    if (target === "order") orderRef.current?.focus();
  });

  const customerId = state.customer?.id ?? null;
  useEffect(() => {
    setOrders([]);
    if (customerId === null) return;
    let live = true;
    ipc
      .customerPage(customerId)
      .then((page) => {
        if (!live) return;
        setOrders([...page.orders].sort((a, b) => b.placed_on.localeCompare(a.placed_on)));
        if (replyFrom.current === customerId) {
          replyFrom.current = null;
          setState((s) => ({ ...s, reply_channel: page.customer.preferred_channel }));
        }
      })
      .catch((err) => live && report(err));
    return () => {
      live = false;
    };
  }, [customerId, report]);

  const update = (change: Partial<FormState>, ...fields: string[]) => {
    edited.current = true;
    setState((s) => ({ ...s, ...change }));
    setErrors((e) => (fields.some((f) => f in e) ? Object.fromEntries(Object.entries(e).filter(([f]) => !fields.includes(f))) : e));
  };

  const pick = (customer: CustomerSummary) => {
    replyFrom.current = customer.id;
    focusNext.current = "order";
    update({ customer: chosen(customer), creating: null, order_id: null }, "customer_id", "order_id");
  };

  const created = (customer: Customer) => {
    focusNext.current = "order";
    update(
      { customer: chosen(customer), creating: null, order_id: null, reply_channel: customer.preferred_channel },
      "customer_id",
      "order_id",
    );
  };

  const changeCustomer = () => {
    focusNext.current = "lookup";
    update({ customer: null, order_id: null }, "customer_id", "order_id");
  };

  const leave = useCallback(() => navigate(preselected === null ? paths.complaints() : paths.customer(preselected)), [preselected]);

  const discardAndLeave = useCallback(async () => {
    await saver.stop();
    try {
      await ipc.draftDiscard(DRAFT_NAME);
      leave();
    } catch (err) {
      report(err);
    }
  }, [saver, leave, report]);

  // Esc anywhere on the page (unless a list or dialog used it): leave, asking first when something was typed.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      if (e.target instanceof Element && e.target.closest('[role="dialog"]')) return;
      e.preventDefault();
      if (JSON.stringify(latest.current) !== JSON.stringify(fresh)) setConfirming(true);
      else if (edited.current) void discardAndLeave();
      else leave();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [fresh, leave, discardAndLeave]);

  const discardDraft = async () => {
    await saver.stop();
    try {
      await ipc.draftDiscard(DRAFT_NAME);
    } catch (err) {
      report(err);
    }
    saver.resume();
    edited.current = false;
    focusNext.current = fresh.customer ? "order" : "lookup";
    setState(fresh);
    setErrors({});
    setRestored(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const { customer, category_id } = state;
    if (!customer || category_id === null) {
      setErrors({ ...(customer ? {} : { customer_id: "required" }), ...(category_id === null ? { category_id: "required" } : {}) });
      if (!customer && !state.creating) lookupRef.current?.focus();
      return;
    }
    setSaving(true);
    // No draft save may land after the discard below.
    await saver.stop();
    try {
      const opened = await ipc.complaintOpen({
        customer_id: customer.id,
        order_id: state.order_id,
        category_id,
        severity: state.severity,
        channel: state.channel,
        reply_channel: state.reply_channel,
        description: state.description,
      });
      try {
        await ipc.draftDiscard(DRAFT_NAME);
      } catch {
        // The complaint is saved; a draft left behind is offered (and can be discarded) from the banner.
      }
      navigate(paths.complaint(opened.summary.id));
    } catch (err) {
      saver.resume();
      saver.change(JSON.stringify(latest.current));
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
      setSaving(false);
    }
  };

  // Enter in a one-line field or a select saves; in the description it is a new line, and Ctrl+Enter (⌘+Enter) saves.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== "Enter" || e.isDefaultPrevented() || e.nativeEvent.isComposing) return;
    const target = e.target;
    if (target instanceof HTMLTextAreaElement) {
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        formRef.current?.requestSubmit();
      }
    } else if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement) {
      e.preventDefault();
      formRef.current?.requestSubmit();
    }
  };

  const select = (field: string, id: string) => ({ ...fieldProps(field, errors), id, "data-testid": id });

  return (
    <section className="page" data-testid="complaint-new">
      <header className="page-header">
        <h1>{t("complaint_new.title")}</h1>
      </header>
      {restored !== null && (
        <div className="banner banner-warning" role="status" data-testid="complaint-draft-restored">
          <p>{t("complaint_new.draft_restored", { time: formatTimestamp(restored, locale) })}</p>
          <button type="button" className="button" data-testid="complaint-draft-discard" onClick={() => void discardDraft()}>
            {t("complaint_new.draft_discard")}
          </button>
        </div>
      )}
      <form ref={formRef} className="card form" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate>
        <FormErrors errors={errors} shown={(f) => FORM_FIELDS.includes(f)} />
        {state.customer ? (
          <div className="field">
            <span className="label" id="complaint-customer-label">
              {t("complaint_new.customer")}
            </span>
            <div className="chosen-customer" data-testid="complaint-customer-chosen" aria-labelledby="complaint-customer-label">
              <strong>{state.customer.name}</strong>
              {[state.customer.phone, state.customer.email].filter(Boolean).map((contact) => (
                <span key={contact} className="muted">
                  {contact}
                </span>
              ))}
              <button ref={changeRef} type="button" className="button button-quiet" id="complaint-customer-change" onClick={changeCustomer}>
                {t("complaint_new.change_customer")}
              </button>
            </div>
            <FieldError field="customer_id" errors={errors} />
          </div>
        ) : state.creating ? (
          <>
            <NewCustomerPanel
              value={state.creating}
              onChange={(creating) => update({ creating })}
              onCreated={created}
              onCancel={() => {
                focusNext.current = "lookup";
                update({ creating: null });
              }}
            />
            <FieldError field="customer_id" errors={errors} />
          </>
        ) : (
          <CustomerLookup
            inputRef={lookupRef}
            query={state.query}
            onQueryChange={(query) => update({ query }, "customer_id")}
            onPick={pick}
            onCreate={(text) => update({ creating: newCustomerFrom(text) }, "customer_id")}
            errors={errors}
          />
        )}

        <div className="field">
          <label htmlFor="complaint-order">{t("complaint_new.order")}</label>
          <select
            {...select("order_id", "complaint-order")}
            ref={orderRef}
            disabled={!state.customer}
            value={state.order_id === null ? "" : String(state.order_id)}
            onChange={(e) => update({ order_id: e.target.value === "" ? null : Number(e.target.value) }, "order_id")}
          >
            <option value="">{t("complaint_new.no_order")}</option>
            {orders.map((o) => (
              <option key={o.id} value={String(o.id)}>
                {t("complaint_new.order_option", {
                  number: o.number,
                  date: formatDay(o.placed_on, locale),
                  total: formatMoney(o.total_minor, o.currency, locale),
                })}
              </option>
            ))}
          </select>
          <FieldError field="order_id" errors={errors} />
        </div>

        <div className="field-row">
          <div className="field">
            <label htmlFor="complaint-category">{t("complaint_new.category")}</label>
            <select
              {...select("category_id", "complaint-category")}
              value={state.category_id === null ? "" : String(state.category_id)}
              onChange={(e) => update({ category_id: Number(e.target.value) }, "category_id")}
            >
              {categories.map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {categoryLabel(c)}
                </option>
              ))}
            </select>
            <FieldError field="category_id" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="complaint-severity">{t("complaint_new.severity")}</label>
            <select
              {...select("severity", "complaint-severity")}
              value={state.severity}
              onChange={(e) => update({ severity: e.target.value as Severity }, "severity")}
            >
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {t(`severity.${s}`)}
                </option>
              ))}
            </select>
            <FieldError field="severity" errors={errors} />
          </div>
        </div>

        <div className="field-row">
          <div className="field">
            <label htmlFor="complaint-channel">{t("complaint_new.channel")}</label>
            <select
              {...select("channel", "complaint-channel")}
              value={state.channel}
              onChange={(e) => update({ channel: e.target.value as ComplaintChannel }, "channel")}
            >
              {COMPLAINT_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`complaint_channel.${c}`)}
                </option>
              ))}
            </select>
            <FieldError field="channel" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="complaint-reply-channel">{t("complaint_new.reply_channel")}</label>
            <select
              {...select("reply_channel", "complaint-reply-channel")}
              value={state.reply_channel}
              onChange={(e) => update({ reply_channel: e.target.value as ContactChannel }, "reply_channel")}
            >
              {CONTACT_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}`)}
                </option>
              ))}
            </select>
            <FieldError field="reply_channel" errors={errors} />
          </div>
        </div>

        <div className="field">
          <label htmlFor="complaint-description">{t("complaint_new.description")}</label>
          <textarea
            {...fieldProps("description", errors)}
            id="complaint-description"
            data-testid="complaint-description"
            rows={6}
            maxLength={DESCRIPTION_MAX}
            value={state.description}
            aria-keyshortcuts={shortcut.apple ? "Meta+Enter" : "Control+Enter"}
            onChange={(e) => update({ description: e.target.value }, "description")}
          />
          <p className="hint">{shortcut.apple ? t("complaint_new.description_hint_apple") : t("complaint_new.description_hint_other")}</p>
          <FieldError field="description" errors={errors} />
        </div>

        <div className="form-actions">
          <button type="submit" className="button button-primary" id="complaint-save" data-testid="complaint-save" disabled={saving}>
            {saving ? t("common.saving") : t("complaint_new.save")}
          </button>
          <p className="hint">{t("complaint_new.esc_hint")}</p>
        </div>
      </form>
      {confirming && (
        <ConfirmDialog
          title={t("complaint_new.discard_title")}
          confirmLabel={t("complaint_new.discard_confirm")}
          confirmTestId="complaint-discard-confirm"
          danger
          onConfirm={() => void discardAndLeave()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t("complaint_new.discard_text")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
