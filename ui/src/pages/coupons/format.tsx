// How a coupon reads on screen: its discount, its uses against the limit,
// and whether it still works today (on this computer's calendar, as the
// order form dates a sale).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import { formatDay } from "../../lib/dates";
import type { Coupon, CouponKind, CouponSource } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";

export const COUPON_KINDS: readonly CouponKind[] = ["percent", "fixed"];
export const COUPON_SOURCES: readonly CouponSource[] = ["manual", "rule", "bulk", "complaint", "points", "referral"];
export const COUPON_STATES = ["active", "expired", "used_up"] as const;
export type CouponState = (typeof COUPON_STATES)[number];

export function couponState(coupon: Coupon, today: string): CouponState {
  if (coupon.max_uses !== null && coupon.uses >= coupon.max_uses) return "used_up";
  if (coupon.expires_on !== null && coupon.expires_on < today) return "expired";
  return "active";
}

/** Words for a coupon's figures. */
export function useCouponText() {
  const { t } = useTranslation();
  const { locale } = useShop();
  return {
    value: (c: Coupon) => (c.kind === "percent" ? t("coupons.percent", { value: c.value }) : formatMoney(c.value, c.currency, locale)),
    uses: (c: Coupon) =>
      c.max_uses === null ? t("coupons.uses_unlimited", { uses: c.uses }) : t("coupons.uses_of", { uses: c.uses, max: c.max_uses }),
    expires: (c: Coupon) => (c.expires_on ? formatDay(c.expires_on, locale) : t("coupons.never")),
  };
}

export function CouponStateBadge({ state }: { state: CouponState }) {
  const { t } = useTranslation();
  const tone = state === "active" ? "badge-success" : state === "expired" ? "badge-warning" : "badge-danger";
  return (
    <span className={`badge ${tone}`} data-testid="coupon-state">
      {t(`coupon_state.${state}`)}
    </span>
  );
}

/** Copies `text` to the clipboard, saying whether it worked. */
export function CopyButton({ text, label, caption, testId }: { text: string; label: string; caption?: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <>
      <button type="button" className="button button-quiet" data-testid={testId} aria-label={label} onClick={() => void copy()}>
        {caption ?? t("coupons.copy")}
      </button>
      {copied && (
        <span className="muted" role="status">
          {copied === "copied" ? t("coupons.copied") : t("coupons.copy_failed")}
        </span>
      )}
    </>
  );
}
