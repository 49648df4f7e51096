// Spending points at the counter (the discount they are worth is shown
// before confirming), trading them for a coupon, and adjusting them by hand
// with a reason.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { useShop } from "../../app/shop";
import { CopyCode } from "../../components/CopyCode";
import { FieldError, fieldProps, type FieldErrors } from "../../components/FieldError";
import { formatDay } from "../../lib/dates";
import { ipc, type Coupon, type CustomerLoyalty, type Order } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";
import { useCount } from "../import/messages";

const NOTE_MAX = 500;

/** A whole number of points as typed ("500", "-20"), or null. */
export function parsePoints(text: string): number | null {
  const trimmed = text.trim().replace(/^\+/, "");
  if (!/^-?\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : null;
}

/** What `points` are worth, rounded down as the core does. */
export function pointsValue(points: number, loyalty: Pick<CustomerLoyalty, "redeem_points" | "redeem_value_minor">): number {
  return loyalty.redeem_points > 0 ? Math.floor((points * loyalty.redeem_value_minor) / loyalty.redeem_points) : 0;
}

export function RedeemForm({
  customerId,
  loyalty,
  orders,
  onDone,
}: {
  customerId: number;
  loyalty: CustomerLoyalty;
  orders: Order[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const count = useCount(locale);
  const [points, setPoints] = useState("");
  const [orderId, setOrderId] = useState<number | null>(null);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ points: number; value: number } | null>(null);
  const money = (minor: number) => formatMoney(minor, loyalty.currency, locale);
  const parsed = parsePoints(points);
  const valid = parsed !== null && parsed > 0;

  const clear = (field: string) => {
    setDone(null);
    if (field in errors) setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => f !== field)));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!valid) {
      setErrors({ points: "points_not_positive" });
      return;
    }
    setBusy(true);
    try {
      const redeemed = await ipc.loyaltyRedeem(customerId, parsed, orderId, note.trim());
      setDone({ points: redeemed.points, value: redeemed.value_minor });
      setPoints("");
      setOrderId(null);
      setNote("");
      setErrors({});
      onDone();
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate data-testid="loyalty-redeem">
      <h3>{t("loyalty.redeem.title")}</h3>
      <p className="hint">
        {t("loyalty.redeem.rate", { points: count(loyalty.redeem_points), value: money(loyalty.redeem_value_minor) })}
      </p>
      <div className="field">
        <label htmlFor="field-redeem-points">{t("loyalty.redeem.points")}</label>
        <input
          {...fieldProps("points", errors, "redeem")}
          className="input-short"
          inputMode="numeric"
          data-testid="loyalty-redeem-points"
          value={points}
          onChange={(e) => {
            setPoints(e.target.value);
            clear("points");
          }}
        />
        <FieldError field="points" errors={errors} scope="redeem" />
      </div>
      <div className="field">
        <label htmlFor="field-redeem-order_id">{t("loyalty.redeem.order")}</label>
        <select
          {...fieldProps("order_id", errors, "redeem")}
          data-testid="loyalty-redeem-order"
          value={orderId === null ? "" : String(orderId)}
          onChange={(e) => {
            setOrderId(e.target.value === "" ? null : Number(e.target.value));
            clear("order_id");
          }}
        >
          <option value="">{t("loyalty.redeem.no_order")}</option>
          {orders.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {t("phone_answer.order_option", { number: o.number, date: formatDay(o.placed_on, locale) })}
            </option>
          ))}
        </select>
        <FieldError field="order_id" errors={errors} scope="redeem" />
      </div>
      <div className="field">
        <label htmlFor="field-redeem-note">{t("loyalty.redeem.note")}</label>
        <input
          {...fieldProps("note", errors, "redeem")}
          maxLength={NOTE_MAX}
          data-testid="loyalty-redeem-note"
          value={note}
          onChange={(e) => {
            setNote(e.target.value);
            clear("note");
          }}
        />
        <FieldError field="note" errors={errors} scope="redeem" />
      </div>
      {valid && (
        <p className="redeem-value" data-testid="loyalty-redeem-value">
          {t("loyalty.redeem.value", { points: count(parsed), value: money(pointsValue(parsed, loyalty)) })}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="loyalty-redeem-submit" disabled={busy}>
          {busy ? t("common.saving") : valid ? t("loyalty.redeem.submit_value", { value: money(pointsValue(parsed, loyalty)) }) : t("loyalty.redeem.submit")}
        </button>
        {done && (
          <p className="saved" role="status" data-testid="loyalty-redeemed">
            {t("loyalty.redeem.done", { count: done.points, n: count(done.points), value: money(done.value) })}
          </p>
        )}
      </div>
    </form>
  );
}

/** Points traded in for a single-use coupon of their value; the code is shown to read or copy. */
export function CouponRedeemForm({ customerId, loyalty, onDone }: { customerId: number; loyalty: CustomerLoyalty; onDone: () => void }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const count = useCount(locale);
  const [points, setPoints] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ points: number; coupon: Coupon } | null>(null);
  const money = (minor: number) => formatMoney(minor, loyalty.currency, locale);
  const parsed = parsePoints(points);
  const valid = parsed !== null && parsed > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!valid) {
      setErrors({ points: "points_not_positive" });
      return;
    }
    setBusy(true);
    try {
      const traded = await ipc.loyaltyRedeemCoupon(customerId, parsed);
      setDone({ points: traded.redemption.points, coupon: traded.coupon });
      setPoints("");
      setErrors({});
      onDone();
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate data-testid="loyalty-coupon">
      <h3>{t("loyalty.coupon.title")}</h3>
      <p className="hint">
        {t("loyalty.redeem.rate", { points: count(loyalty.redeem_points), value: money(loyalty.redeem_value_minor) })}{" "}
        {t("loyalty.coupon.hint")}
      </p>
      <div className="field">
        <label htmlFor="field-coupon-points">{t("loyalty.coupon.points")}</label>
        <input
          {...fieldProps("points", errors, "coupon")}
          className="input-short"
          inputMode="numeric"
          data-testid="loyalty-coupon-points"
          value={points}
          onChange={(e) => {
            setPoints(e.target.value);
            setDone(null);
            setErrors({});
          }}
        />
        <FieldError field="points" errors={errors} scope="coupon" />
      </div>
      <div className="form-actions">
        <button type="submit" className="button" data-testid="loyalty-coupon-submit" disabled={busy}>
          {busy ? t("common.saving") : valid ? t("loyalty.coupon.submit_value", { value: money(pointsValue(parsed, loyalty)) }) : t("loyalty.coupon.submit")}
        </button>
      </div>
      {done && (
        <p className="saved" role="status" data-testid="loyalty-coupon-done">
          {t("loyalty.coupon.done", { count: done.points, n: count(done.points), value: money(done.coupon.value) })}{" "}
          <CopyCode code={done.coupon.code} testId="loyalty-coupon-code" />
        </p>
      )}
    </form>
  );
}

export function AdjustForm({ customerId, onDone }: { customerId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const clear = (field: string) => {
    setDone(false);
    if (field in errors) setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => f !== field)));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = parsePoints(points);
    const missing: FieldErrors = {};
    if (parsed === null || parsed === 0) missing.points = "points_invalid";
    // The core names the reason `note`.
    if (reason.trim() === "") missing.note = "adjust_reason_required";
    if (parsed === null || parsed === 0 || Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    try {
      await ipc.loyaltyAdjust(customerId, parsed, reason.trim());
      setPoints("");
      setReason("");
      setErrors({});
      setDone(true);
      onDone();
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused.note === "required" ? { ...refused, note: "adjust_reason_required" } : refused);
      else report(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate data-testid="loyalty-adjust">
      <h3>{t("loyalty.adjust.title")}</h3>
      <p className="hint">{t("loyalty.adjust.hint")}</p>
      <div className="field">
        <label htmlFor="field-adjust-points">{t("loyalty.adjust.points")}</label>
        <input
          {...fieldProps("points", errors, "adjust")}
          className="input-short"
          inputMode="numeric"
          data-testid="loyalty-adjust-points"
          value={points}
          onChange={(e) => {
            setPoints(e.target.value);
            clear("points");
          }}
        />
        <FieldError field="points" errors={errors} scope="adjust" />
      </div>
      <div className="field">
        <label htmlFor="field-adjust-note">{t("loyalty.adjust.reason")}</label>
        <input
          {...fieldProps("note", errors, "adjust")}
          maxLength={NOTE_MAX}
          data-testid="loyalty-adjust-reason"
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            clear("note");
          }}
        />
        <FieldError field="note" errors={errors} scope="adjust" />
      </div>
      <div className="form-actions">
        <button type="submit" className="button" data-testid="loyalty-adjust-submit" disabled={busy}>
          {busy ? t("common.saving") : t("loyalty.adjust.submit")}
        </button>
        {done && (
          <p className="saved" role="status" data-testid="loyalty-adjusted">
            {t("loyalty.adjust.done")}
          </p>
        )}
      </div>
    </form>
  );
}
