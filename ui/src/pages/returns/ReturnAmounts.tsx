// What a return is worth: the returned units, the restocking fee taken off,
// the bonus for taking an exchange or store credit, and what the customer gets.
import { useTranslation } from "react-i18next";
import { useShop } from "../../app/shop";
import type { Outcome } from "../../lib/ipc";
import { formatMoney } from "../../lib/money";

type Amounts = { gross_minor: number; fee_minor: number; bonus_minor: number; amount_minor: number };

export function ReturnAmounts({ amounts, currency, outcome }: { amounts: Amounts; currency: string; outcome: Outcome }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const money = (minor: number) => formatMoney(minor, currency, locale);
  return (
    <dl className="amounts">
      <div>
        <dt>{t("return_amounts.gross")}</dt>
        <dd className="num nowrap">{money(amounts.gross_minor)}</dd>
      </div>
      <div>
        <dt>{t("return_amounts.fee")}</dt>
        <dd className="num nowrap" data-testid="return-fee">
          {money(amounts.fee_minor === 0 ? 0 : -amounts.fee_minor)}
        </dd>
      </div>
      {(amounts.bonus_minor > 0 || outcome !== "refund") && (
        <div>
          <dt>{t("return_amounts.bonus")}</dt>
          <dd className="num nowrap" data-testid="return-bonus">
            {money(amounts.bonus_minor)}
          </dd>
        </div>
      )}
      <div className="amount-total">
        <dt>{t(`return_amounts.total.${outcome}`)}</dt>
        <dd className="num nowrap" data-testid="return-amount">
          {money(amounts.amount_minor)}
        </dd>
      </div>
    </dl>
  );
}
