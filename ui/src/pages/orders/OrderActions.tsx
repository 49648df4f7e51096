// What the owner can do with an order from the customer page: change its
// status by hand (delivering earns the loyalty points, cancelling takes them
// back) and start a return.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { FieldError, fieldProps, type FieldErrors } from "../../components/FieldError";
import { ORDER_STATUSES } from "../../lib/codes";
import { ipc, type Order, type OrderStatus } from "../../lib/ipc";

export function OrderActions({ order, onChanged }: { order: Order; onChanged?: () => void }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const scope = `order-${order.id}`;
  // Null follows the order as stored (it may change elsewhere) until the owner picks one.
  const [picked, setPicked] = useState<OrderStatus | null>(null);
  const [deliveredOn, setDeliveredOn] = useState(order.delivered_on ?? "");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const status = picked ?? order.status;
  const changed = status !== order.status || (status === "delivered" && deliveredOn !== (order.delivered_on ?? ""));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !changed) return;
    setBusy(true);
    setSaved(false);
    try {
      // An empty delivery day lets the core keep the stored one, or take today.
      const next = await ipc.orderSetStatus(order.id, status, status === "delivered" && deliveredOn !== "" ? deliveredOn : null);
      setDeliveredOn(next.delivered_on ?? "");
      setErrors({});
      setSaved(true);
      onChanged?.();
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="order-actions">
      <form className="inline-row" onSubmit={(e) => void save(e)} noValidate>
        <label className="inline-field">
          <span>{t("order.status")}</span>
          <select
            data-testid="order-status"
            value={status}
            onChange={(e) => {
              setPicked(e.target.value as OrderStatus);
              setSaved(false);
              setErrors({});
            }}
          >
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`order_status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {status === "delivered" && (
          <div className="inline-field">
            <label htmlFor={`field-${scope}-delivered_on`}>{t("order.delivered_on")}</label>
            <input
              {...fieldProps("delivered_on", errors, scope)}
              type="date"
              data-testid="order-delivered-on"
              value={deliveredOn}
              onChange={(e) => {
                setDeliveredOn(e.target.value);
                setSaved(false);
                setErrors({});
              }}
            />
          </div>
        )}
        <button type="submit" className="button" data-testid="order-status-save" disabled={busy || !changed}>
          {busy ? t("common.saving") : t("order.status_save")}
        </button>
        {changed && status === "delivered" && order.status !== "delivered" && <span className="hint">{t("order.status_hint_delivered")}</span>}
        {changed && status === "cancelled" && <span className="hint">{t("order.status_hint_cancelled")}</span>}
        {saved && !changed && (
          <span className="saved" role="status" data-testid="order-status-saved">
            {t("order.status_saved")}
          </span>
        )}
      </form>
      <FieldError field="delivered_on" errors={errors} scope={scope} />
      {order.lines.length > 0 && (
        <a className="button" href={href(paths.returnNew(order.id))} data-testid="order-return">
          {t("order.return")}
        </a>
      )}
    </div>
  );
}
