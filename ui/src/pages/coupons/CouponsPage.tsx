// Coupons: every code issued (by hand, in a batch, by a rule), newest first,
// with what it takes off, how often it was used, until when it works and
// for whom; a form to issue one or a batch, whose codes can be copied or
// saved as a CSV for a mail merge or a printer.
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { VirtualTable } from "../../components/VirtualTable";
import { todayLocal } from "../../lib/dates";
import { ipc, type Coupon } from "../../lib/ipc";
import { useDebounced } from "../../lib/useDebounced";
import { usePagedRows } from "../../lib/usePagedRows";
import { SEARCH_DEBOUNCE_MS } from "../customers/CustomersPage";
import { usesDecimalComma } from "../import/ExportSection";
import { CouponForm } from "./CouponForm";
import { CopyButton, CouponStateBadge, couponState, useCouponText } from "./format";

/** Codes of a batch listed on screen; the rest are in the file and the clipboard. */
const SHOWN_CODES = 20;

export function CouponsPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const text = useCouponText();
  const [query, setQuery] = useState("");
  const settled = useDebounced(query, SEARCH_DEBOUNCE_MS).trim();
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<Coupon[] | null>(null);
  const today = todayLocal();

  const fetchPage = useCallback((limit: number, offset: number) => ipc.couponsList(settled, limit, offset), [settled]);
  const { rows, complete, loadingMore, loadMore, reload } = usePagedRows<Coupon>(fetchPage, settled, report);
  useOnChanged(["coupons"], reload);

  return (
    <section className="page" data-testid="coupons-page">
      <header className="page-header">
        <h1>{t("nav.coupons")}</h1>
        {!issuing && (
          <button
            type="button"
            className="button button-primary"
            data-testid="coupon-new"
            onClick={() => {
              setIssued(null);
              setIssuing(true);
            }}
          >
            {t("coupons.new")}
          </button>
        )}
      </header>
      <p className="muted">{t("coupons.intro")}</p>
      {issuing && (
        <CouponForm
          onIssued={(coupons) => {
            setIssuing(false);
            setIssued(coupons);
            reload();
          }}
          onCancel={() => setIssuing(false)}
        />
      )}
      {issued && <IssuedCoupons coupons={issued} />}
      <div className="toolbar">
        <input
          type="search"
          className="search"
          data-testid="coupon-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("coupons.search_placeholder")}
          aria-label={t("coupons.search_label")}
        />
      </div>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <div className="card empty">
          <p>{settled ? t("coupons.no_results", { query: settled }) : t("coupons.empty")}</p>
        </div>
      ) : (
        <div className="card table-card">
          <VirtualTable
            rows={rows}
            rowKey={(c) => c.id}
            label={t("coupons.list_label")}
            className="coupons-table"
            columns={7}
            complete={complete}
            loadingMore={loadingMore}
            onNearEnd={loadMore}
            head={
              <>
                <th scope="col">{t("coupons.col.code")}</th>
                <th scope="col" className="num">
                  {t("coupons.col.value")}
                </th>
                <th scope="col">{t("coupons.col.uses")}</th>
                <th scope="col">{t("coupons.col.expires")}</th>
                <th scope="col">{t("coupons.col.customer")}</th>
                <th scope="col">{t("coupons.col.source")}</th>
                <th scope="col">{t("coupons.col.state")}</th>
              </>
            }
            rowProps={() => ({ "data-testid": "coupon-row" })}
            cells={(c) => (
              <>
                <td className="nowrap">
                  <a className="mono" href={href(paths.coupon(c.id))} data-testid="coupon-code">
                    {c.code}
                  </a>{" "}
                  <CopyButton text={c.code} label={t("coupons.copy_named", { code: c.code })} testId="coupon-copy" />
                </td>
                <td className="num nowrap">{text.value(c)}</td>
                <td className="nowrap">{text.uses(c)}</td>
                <td className="nowrap">{text.expires(c)}</td>
                <td className="cell-clip">
                  {c.customer_id !== null ? (
                    <a href={href(paths.customer(c.customer_id))}>{c.customer_name}</a>
                  ) : (
                    t("coupons.anyone")
                  )}
                </td>
                <td className="nowrap">{t(`coupon_source.${c.source}`)}</td>
                <td className="nowrap">
                  <CouponStateBadge state={couponState(c, today)} />
                </td>
              </>
            )}
          />
        </div>
      )}
    </section>
  );
}

/** What was just issued: one code to copy, or a batch to copy or save as a file. */
function IssuedCoupons({ coupons }: { coupons: Coupon[] }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const [semicolon, setSemicolon] = useState(() => usesDecimalComma(locale));
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  const first = coupons[0];
  if (!first) return null;

  if (coupons.length === 1) {
    return (
      <div className="card" role="status" data-testid="coupon-issued">
        <p>
          {t("coupons.issued")}{" "}
          <a className="mono" href={href(paths.coupon(first.id))} data-testid="coupon-issued-code">
            {first.code}
          </a>{" "}
          <CopyButton text={first.code} label={t("coupons.copy_named", { code: first.code })} testId="coupon-issued-copy" />
        </p>
      </div>
    );
  }

  const save = async () => {
    setSaved(null);
    try {
      const path = await ipc.exportPickPath(t("coupons.file_name"));
      if (!path) return;
      setSaving(true);
      setSaved(await ipc.couponsSaveCsv(coupons.map((c) => c.id), path, semicolon));
    } catch (err) {
      report(err);
    } finally {
      setSaving(false);
    }
  };

  const rest = coupons.length - SHOWN_CODES;
  return (
    <div className="card" data-testid="coupon-issued">
      <p role="status">{t("coupons.issued_bulk", { count: coupons.length, n: coupons.length.toLocaleString(locale) })}</p>
      <ul className="code-list mono" data-testid="coupon-issued-codes">
        {coupons.slice(0, SHOWN_CODES).map((c) => (
          <li key={c.id}>{c.code}</li>
        ))}
      </ul>
      {rest > 0 && <p className="muted">{t("coupons.more_codes", { n: rest.toLocaleString(locale) })}</p>}
      <label className="checkbox">
        <input type="checkbox" data-testid="coupon-csv-semicolon" checked={semicolon} onChange={(e) => setSemicolon(e.target.checked)} />
        <span>{t("coupons.semicolon")}</span>
      </label>
      <div className="form-actions">
        <CopyButton
          text={coupons.map((c) => c.code).join("\n")}
          label={t("coupons.copy_all")}
          caption={t("coupons.copy_all")}
          testId="coupon-copy-all"
        />
        <button type="button" className="button" data-testid="coupon-save-csv" disabled={saving} onClick={() => void save()}>
          {saving ? t("coupons.saving_csv") : t("coupons.save_csv")}
        </button>
        {saved !== null && (
          <p className="saved" role="status" data-testid="coupon-csv-saved">
            {t("coupons.csv_saved", { count: saved, n: saved.toLocaleString(locale) })}
          </p>
        )}
      </div>
    </div>
  );
}
