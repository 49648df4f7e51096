// The customer page's points section: what they can spend now and what is
// still pending (the return window), their tier and how far the next one is,
// their referral code, redeeming and adjusting points, and the ledger newest
// first. Balances come from the core, derived from the append-only ledger.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useLoaded } from "../../app/useLoaded";
import { CopyCode } from "../../components/CopyCode";
import { FieldError, fieldProps, type FieldErrors } from "../../components/FieldError";
import { formatDate } from "../../lib/dates";
import { ipc, type CustomerLoyalty as Loyalty, type LedgerEntry, type Order, type TierStatus } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";
import { useCount } from "../import/messages";
import { AdjustForm, CouponRedeemForm, RedeemForm } from "./PointsForms";

export function CustomerLoyalty({ customerId, orders }: { customerId: number; orders: Order[] }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  // Deliveries earn, returns and cancellations take back.
  const { data, reload } = useLoaded(() => ipc.customerLoyalty(customerId), [customerId], ["loyalty", "orders", "returns"]);

  if (!data) {
    return (
      <section className="loyalty-section" data-testid="loyalty-section">
        <h2>{t("loyalty.title")}</h2>
        <p className="muted">{t("common.loading")}</p>
      </section>
    );
  }

  const { balance } = data;
  const money = (minor: number) => formatMoney(minor, data.currency, locale);
  return (
    <section className="loyalty-section" aria-labelledby="loyalty-heading" data-testid="loyalty-section">
      <header className="section-header">
        <h2 id="loyalty-heading">{t("loyalty.title")}</h2>
      </header>
      {!data.enabled && (
        <p className="warning-text" role="note" data-testid="loyalty-disabled">
          {t("loyalty.disabled")} <a href={href(paths.settingsLoyalty())}>{t("loyalty.disabled_link")}</a>
        </p>
      )}
      <div className="card">
        <dl className="facts loyalty-figures">
          <div>
            <dt>{t("loyalty.available")}</dt>
            <dd>
              <span className="figure-value" data-testid="loyalty-available">
                {count(balance.available)}
              </span>{" "}
              <span className="muted" data-testid="loyalty-value">
                {t("loyalty.worth", { value: money(balance.available_value_minor) })}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t("loyalty.pending")}</dt>
            <dd>
              <span data-testid="loyalty-pending">{count(balance.pending)}</span>
            </dd>
          </div>
          <div>
            <dt>{t("loyalty.expiring")}</dt>
            <dd data-testid="loyalty-expiring">
              {balance.expiring_soon > 0 && balance.next_expiry_at !== null
                ? t("loyalty.expiring_on", {
                    count: balance.expiring_soon,
                    n: count(balance.expiring_soon),
                    date: formatDate(balance.next_expiry_at, locale),
                  })
                : t("common.none")}
            </dd>
          </div>
          <div>
            <dt>{t("loyalty.total")}</dt>
            <dd data-testid="loyalty-total">{count(balance.total)}</dd>
          </div>
        </dl>
        <p className="hint">{t("loyalty.pending_hint")}</p>
        <TierProgress tier={data.tier} currency={data.currency} />
        <Referral customerId={customerId} data={data} onChanged={reload} />
      </div>

      <div className="loyalty-forms">
        <RedeemForm customerId={customerId} loyalty={data} orders={orders} onDone={reload} />
        <CouponRedeemForm customerId={customerId} loyalty={data} onDone={reload} />
        <AdjustForm customerId={customerId} onDone={reload} />
      </div>

      <Ledger entries={data.entries} />
    </section>
  );
}

function TierProgress({ tier, currency }: { tier: TierStatus; currency: string }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const { next } = tier;
  const percent = next && next.threshold_minor > 0 ? Math.min(100, Math.floor((tier.spend_minor / next.threshold_minor) * 100)) : 100;
  if (!tier.tier && !next) return null;
  return (
    <div className="tier" data-testid="loyalty-tier">
      <p>
        <span className="label">{t("loyalty.tier")}</span>{" "}
        <span className="badge badge-success" data-testid="loyalty-tier-name">
          {tier.tier ? tier.tier.name : t("loyalty.no_tier")}
        </span>{" "}
        {tier.tier && tier.tier.multiplier_percent !== 100 && (
          <span className="muted">{t("loyalty.multiplier", { percent: tier.tier.multiplier_percent })}</span>
        )}
      </p>
      {next ? (
        <>
          <div
            className="progress-track"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-label={t("loyalty.progress_label", { tier: next.name })}
          >
            <span className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
          <p className="hint" data-testid="loyalty-to-next">
            {t("loyalty.to_next", { amount: money(tier.to_next_minor ?? 0), tier: next.name })}{" "}
            {t("loyalty.spend", { amount: money(tier.spend_minor) })}
          </p>
        </>
      ) : (
        <p className="hint">
          {t("loyalty.top_tier")} {t("loyalty.spend", { amount: money(tier.spend_minor) })}
        </p>
      )}
    </div>
  );
}

function Referral({ customerId, data, onChanged }: { customerId: number; data: Loyalty; onChanged: () => void }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const count = useCount(locale);
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(data.referral_code);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (code.trim() === "") {
      setErrors({ referral_code: "required" });
      return;
    }
    setBusy(true);
    try {
      await ipc.loyaltySetReferrer(customerId, code.trim());
      setCode("");
      setErrors({});
      onChanged();
    } catch (err) {
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="referral" data-testid="loyalty-referral">
      <p>
        <span className="label">{t("loyalty.referral.code")}</span>{" "}
        <span className="mono" data-testid="loyalty-referral-code">
          {data.referral_code}
        </span>{" "}
        <button type="button" className="button button-quiet" data-testid="loyalty-referral-copy" onClick={() => void copy()}>
          {t("loyalty.referral.copy")}
        </button>
        {copied && (
          <span className="muted" role="status">
            {copied === "copied" ? t("loyalty.referral.copied") : t("loyalty.referral.copy_failed")}
          </span>
        )}
      </p>
      <p className="hint">
        {data.referrals > 0 ? t("loyalty.referral.count", { count: data.referrals, n: count(data.referrals) }) : t("loyalty.referral.none")}
      </p>
      {data.referred_by ? (
        <>
          <p data-testid="loyalty-referred-by">
            {t("loyalty.referral.referred_by")} <a href={href(paths.customer(data.referred_by.id))}>{data.referred_by.name}</a>
          </p>
          {data.referred_by.welcome_coupon && (
            <p data-testid="loyalty-welcome-coupon">
              <span className="label">{t("loyalty.referral.welcome_coupon")}</span>{" "}
              <CopyCode code={data.referred_by.welcome_coupon} testId="loyalty-welcome-coupon-code" />
            </p>
          )}
        </>
      ) : (
        <form className="inline-row" onSubmit={(e) => void save(e)} noValidate>
          <label className="inline-field">
            <span>{t("loyalty.referral.set")}</span>
            <input
              {...fieldProps("referral_code", errors, "referrer")}
              className="mono"
              data-testid="loyalty-referrer-code"
              value={code}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => {
                setCode(e.target.value);
                setErrors({});
              }}
            />
          </label>
          <button type="submit" className="button" data-testid="loyalty-referrer-save" disabled={busy}>
            {t("loyalty.referral.save")}
          </button>
          <FieldError field="referral_code" errors={errors} scope="referrer" />
        </form>
      )}
    </div>
  );
}

function Ledger({ entries }: { entries: LedgerEntry[] }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const signed = new Intl.NumberFormat(locale, { signDisplay: "exceptZero", maximumFractionDigits: 0 });
  const count = useCount(locale);
  const now = Date.now();
  return (
    <div className="ledger">
      <h3>{t("loyalty.ledger.title")}</h3>
      {entries.length === 0 ? (
        <p className="muted" data-testid="loyalty-ledger-empty">
          {t("loyalty.ledger.empty")}
        </p>
      ) : (
        <div className="card table-card">
          <table className="table compact" data-testid="loyalty-ledger">
            <caption className="visually-hidden">{t("loyalty.ledger.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("loyalty.ledger.date")}</th>
                <th scope="col">{t("loyalty.ledger.kind")}</th>
                <th scope="col" className="num">
                  {t("loyalty.ledger.points")}
                </th>
                <th scope="col">{t("loyalty.ledger.order")}</th>
                <th scope="col">{t("loyalty.ledger.note")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-testid="loyalty-entry">
                  <td className="nowrap">{formatDate(entry.created_at, locale)}</td>
                  <td>{t(`loyalty_entry.${entry.kind}`)}</td>
                  <td className={`num nowrap ${entry.points < 0 ? "points-out" : "points-in"}`} data-testid="loyalty-entry-points">
                    {signed.format(entry.points)}
                  </td>
                  <td className="mono">{entry.order_number ?? t("common.none")}</td>
                  <td>
                    {/* Typed text is data: rendered as text. */}
                    {entry.note && <span className="comment-text">{entry.note}</span>}
                    {entry.shortfall > 0 && (
                      <span className="cell-sub warning-text" data-testid="loyalty-shortfall">
                        {t("loyalty.ledger.shortfall", { count: entry.shortfall, n: count(entry.shortfall) })}
                      </span>
                    )}
                    {entry.points > 0 && entry.available_at > now && (
                      <span className="cell-sub muted">{t("loyalty.ledger.available_on", { date: formatDate(entry.available_at, locale) })}</span>
                    )}
                    {entry.points > 0 && entry.expires_at !== null && (
                      <span className="cell-sub muted">{t("loyalty.ledger.expires_on", { date: formatDate(entry.expires_at, locale) })}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
