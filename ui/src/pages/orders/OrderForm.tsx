// Manual order entry. Quantities and prices are sent exactly as typed
// ("12,50"): the Rust core parses them, so both sides agree on one rule. The
// running total here is only a preview.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { ORDER_STATUSES } from "../../lib/codes";
import { todayLocal } from "../../lib/dates";
import { ipc, type Order, type OrderInput, type OrderStatus } from "../../lib/ipc";
import { formatMoney, minorDigits, parseAmountLenient, parseQuantityLenient } from "../../lib/money";

type Line = { key: number; product: string; sku: string; quantity: string; unit_price: string };
type LineField = "product" | "sku" | "quantity" | "unit_price";

type Head = {
  number: string;
  status: OrderStatus;
  placed_on: string;
  delivered_on: string;
  carrier: string;
  tracking_code: string;
  tracking_url: string;
  coupon: string;
};

const HEAD_FIELDS = ["number", "status", "placed_on", "delivered_on", "carrier", "tracking_code", "tracking_url", "coupon"];
const LINE_FIELDS: LineField[] = ["product", "sku", "quantity", "unit_price"];

function toInput(customerId: number, head: Head, lines: Line[]): OrderInput {
  const optional = (text: string) => text.trim() || null;
  return {
    customer_id: customerId,
    number: optional(head.number),
    status: head.status,
    placed_on: head.placed_on,
    delivered_on: optional(head.delivered_on),
    carrier: optional(head.carrier),
    tracking_code: optional(head.tracking_code),
    tracking_url: optional(head.tracking_url),
    currency: null, // the shop's currency
    lines: lines.map((l) => ({ product: l.product, sku: optional(l.sku), quantity: l.quantity, unit_price: l.unit_price })),
    coupon: optional(head.coupon),
  };
}

export function OrderForm({
  customerId,
  onSaved,
  onCancel,
}: {
  customerId: number;
  onSaved: (order: Order) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { currency, locale } = useShop();
  const nextKey = useRef(1);
  const newLine = (): Line => ({ key: nextKey.current++, product: "", sku: "", quantity: "1", unit_price: "" });
  const [head, setHead] = useState<Head>(() => ({
    number: "",
    status: "placed",
    placed_on: todayLocal(),
    delivered_on: "",
    carrier: "",
    tracking_code: "",
    tracking_url: "",
    coupon: "",
  }));
  // The carriers table (Automations) offers names; another carrier gets its own link.
  const [carriers, setCarriers] = useState<string[]>([]);
  useEffect(() => {
    ipc.carriersGet().then(
      (list) => setCarriers(list.map((c) => c.name)),
      () => setCarriers([]),
    );
  }, []);
  const carrier = head.carrier.trim().toLocaleLowerCase();
  const otherCarrier = carrier !== "" && !carriers.some((name) => name.toLocaleLowerCase() === carrier);
  const [lines, setLines] = useState<Line[]>(() => [newLine()]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  const clearError = (field: string) => {
    if (field in errors) {
      const { [field]: _cleared, ...rest } = errors;
      setErrors(rest);
    }
  };
  const setHeadField = <K extends keyof Head>(key: K, value: Head[K]) => {
    setHead({ ...head, [key]: value });
    clearError(key);
  };
  const setLineField = (index: number, key: LineField, value: string) => {
    setLines(lines.map((l, i) => (i === index ? { ...l, [key]: value } : l)));
    clearError(`lines.${index}.${key}`);
  };
  const addLine = () => setLines([...lines, newLine()]);
  const removeLine = (index: number) => {
    setLines(lines.filter((_, i) => i !== index));
    // Line errors are addressed by position, which just shifted.
    setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => !f.startsWith("lines."))));
  };

  const digits = minorDigits(currency, locale);
  const lineTotal = (l: Line): number | null => {
    const quantity = parseQuantityLenient(l.quantity);
    const price = parseAmountLenient(l.unit_price, digits);
    return quantity === null || price === null ? null : quantity * price;
  };
  const total = lines.reduce((sum, l) => sum + (lineTotal(l) ?? 0), 0);
  // Say so when something typed could not be counted, not merely while a line is still empty.
  const incomplete = lines.some((l) => (l.unit_price.trim() !== "" || l.quantity.trim() !== "1") && lineTotal(l) === null);

  const shown = (field: string) => {
    if (HEAD_FIELDS.includes(field)) return true;
    const match = /^lines\.(\d+)\.(\w+)$/.exec(field);
    return !!match && Number(match[1]) < lines.length && LINE_FIELDS.includes(match[2] as LineField);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      const order = await ipc.orderCreate(toInput(customerId, head, lines));
      setErrors({});
      onSaved(order);
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card form order-form" onSubmit={submit} noValidate aria-label={t("order.form_title")}>
      <h3>{t("order.form_title")}</h3>
      <FormErrors errors={errors} shown={shown} />
      <div className="field-row">
        <div className="field">
          <label htmlFor="field-number">{t("order.number")}</label>
          <input
            {...fieldProps("number", errors)}
            value={head.number}
            onChange={(e) => setHeadField("number", e.target.value)}
            placeholder={t("order.number_placeholder")}
            autoComplete="off"
          />
          <FieldError field="number" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-status">{t("order.status")}</label>
          <select
            {...fieldProps("status", errors)}
            value={head.status}
            onChange={(e) => setHeadField("status", e.target.value as OrderStatus)}
          >
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`order_status.${s}`)}
              </option>
            ))}
          </select>
          <FieldError field="status" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-placed_on">{t("order.placed_on")}</label>
          <input
            {...fieldProps("placed_on", errors)}
            type="date"
            value={head.placed_on}
            onChange={(e) => setHeadField("placed_on", e.target.value)}
          />
          <FieldError field="placed_on" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-delivered_on">{t("order.delivered_on")}</label>
          <input
            {...fieldProps("delivered_on", errors)}
            type="date"
            value={head.delivered_on}
            onChange={(e) => setHeadField("delivered_on", e.target.value)}
          />
          <FieldError field="delivered_on" errors={errors} />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="field-carrier">{t("order.carrier")}</label>
          <input
            {...fieldProps("carrier", errors)}
            value={head.carrier}
            onChange={(e) => setHeadField("carrier", e.target.value)}
            autoComplete="off"
            list="carrier-options"
          />
          <datalist id="carrier-options">
            {carriers.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <FieldError field="carrier" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-tracking_code">{t("order.tracking_code")}</label>
          <input
            {...fieldProps("tracking_code", errors)}
            value={head.tracking_code}
            onChange={(e) => setHeadField("tracking_code", e.target.value)}
            autoComplete="off"
          />
          <FieldError field="tracking_code" errors={errors} />
        </div>
        {otherCarrier && (
          <div className="field">
            <label htmlFor="field-tracking_url">{t("order.tracking_url")}</label>
            <input
              {...fieldProps("tracking_url", errors)}
              type="url"
              value={head.tracking_url}
              onChange={(e) => setHeadField("tracking_url", e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <p className="hint">{t("order.tracking_url_hint")}</p>
            <FieldError field="tracking_url" errors={errors} />
          </div>
        )}
        <div className="field">
          <label htmlFor="field-coupon">{t("order.coupon")}</label>
          <input
            {...fieldProps("coupon", errors)}
            value={head.coupon}
            onChange={(e) => setHeadField("coupon", e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className="mono"
          />
          <p className="hint">{t("order.coupon_hint")}</p>
          <FieldError field="coupon" errors={errors} />
        </div>
      </div>

      <table className="table lines-table">
        <caption>{t("order.lines")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("order.line.product")}</th>
            <th scope="col">{t("order.line.sku")}</th>
            <th scope="col" className="num">
              {t("order.line.quantity")}
            </th>
            <th scope="col" className="num">
              {t("order.line.unit_price")}
            </th>
            <th scope="col" className="num">
              {t("order.line.total")}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t("order.line.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => {
            const name = (f: LineField) => `lines.${i}.${f}`;
            const amount = lineTotal(line);
            return (
              <tr key={line.key} data-testid="line-row">
                <td>
                  <input
                    {...fieldProps(name("product"), errors)}
                    value={line.product}
                    onChange={(e) => setLineField(i, "product", e.target.value)}
                    aria-label={t("order.line.product_n", { n: i + 1 })}
                    autoComplete="off"
                  />
                  <FieldError field={name("product")} errors={errors} />
                </td>
                <td>
                  <input
                    {...fieldProps(name("sku"), errors)}
                    value={line.sku}
                    onChange={(e) => setLineField(i, "sku", e.target.value)}
                    aria-label={t("order.line.sku_n", { n: i + 1 })}
                    autoComplete="off"
                    className="input-sku"
                  />
                  <FieldError field={name("sku")} errors={errors} />
                </td>
                <td className="num">
                  <input
                    {...fieldProps(name("quantity"), errors)}
                    value={line.quantity}
                    onChange={(e) => setLineField(i, "quantity", e.target.value)}
                    aria-label={t("order.line.quantity_n", { n: i + 1 })}
                    inputMode="numeric"
                    autoComplete="off"
                    className="input-qty"
                  />
                  <FieldError field={name("quantity")} errors={errors} />
                </td>
                <td className="num">
                  <input
                    {...fieldProps(name("unit_price"), errors)}
                    value={line.unit_price}
                    onChange={(e) => setLineField(i, "unit_price", e.target.value)}
                    aria-label={t("order.line.unit_price_n", { n: i + 1 })}
                    inputMode="decimal"
                    autoComplete="off"
                    className="input-money"
                  />
                  <FieldError field={name("unit_price")} errors={errors} />
                </td>
                <td className="num nowrap">{amount === null ? t("common.none") : formatMoney(amount, currency, locale)}</td>
                <td>
                  <button
                    type="button"
                    className="button button-quiet"
                    onClick={() => removeLine(i)}
                    disabled={lines.length === 1}
                    aria-label={t("order.line.remove_n", { n: i + 1 })}
                    data-testid="line-remove"
                  >
                    {t("order.line.remove")}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={4}>
              <button type="button" className="button" onClick={addLine} data-testid="line-add">
                {t("order.line.add")}
              </button>
            </td>
            <td className="num nowrap total" data-testid="order-form-total">
              {formatMoney(total, currency, locale)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
      {incomplete && <p className="hint">{t("order.total_partial")}</p>}

      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="order-save" disabled={saving}>
          {saving ? t("common.saving") : t("order.save")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
