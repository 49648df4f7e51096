// Newsletters → Campaigns: every campaign with its status and counts.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, navigate, paths } from "../../app/router";
import { liveCounts, useSending } from "../../app/sending";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { formatTimestamp } from "../../lib/dates";
import { ipc, type Campaign } from "../../lib/ipc";
import { useCount } from "../import/messages";
import { NewslettersTabs } from "./NewslettersTabs";

export const STATUS_BADGE: Record<string, string> = {
  draft: "",
  scheduled: "badge-warning",
  sending: "",
  paused: "badge-warning",
  sent: "badge-success",
  cancelled: "badge-danger",
};

export function CampaignsPage() {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const { progressOf } = useSending();
  const count = useCount(locale);
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);

  const load = useCallback(() => {
    ipc.campaignsList().then(setCampaigns).catch(report);
  }, [report]);
  useEffect(load, [load]);
  useOnChanged(["campaigns"], load);

  const when = (c: Campaign) => {
    if (c.status === "scheduled" && c.scheduled_at !== null) {
      return t("campaigns.when.scheduled", { date: formatTimestamp(c.scheduled_at, locale) });
    }
    if (c.finished_at !== null) return t("campaigns.when.finished", { date: formatTimestamp(c.finished_at, locale) });
    if (c.started_at !== null) return t("campaigns.when.started", { date: formatTimestamp(c.started_at, locale) });
    return t("campaigns.when.created", { date: formatTimestamp(c.created_at, locale) });
  };

  return (
    <section className="page">
      <header className="page-header">
        <h1>{t("nav.newsletters")}</h1>
      </header>
      <NewslettersTabs current="campaigns" />
      <div className="section-header">
        <h2>{t("campaigns.title")}</h2>
        <a className="button button-primary" href={href(paths.campaignNew())} data-testid="campaign-new">
          {t("campaigns.new")}
        </a>
      </div>
      {campaigns === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : campaigns.length === 0 ? (
        <div className="card empty">
          <p>{t("campaigns.empty")}</p>
        </div>
      ) : (
        <div className="card table-card">
          <table className="table table-clickable" data-testid="campaigns-table">
            <thead>
              <tr>
                <th scope="col">{t("campaigns.col.name")}</th>
                <th scope="col">{t("campaigns.col.status")}</th>
                <th scope="col">{t("campaigns.col.counts")}</th>
                <th scope="col">{t("campaigns.col.when")}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => {
                const counts = liveCounts(c, progressOf(c.id));
                return (
                  <tr key={c.id} data-testid="campaign-row" onClick={() => navigate(paths.campaign(c.id))}>
                    <td>
                      <a href={href(paths.campaign(c.id))} onClick={(e) => e.stopPropagation()}>
                        {c.name}
                      </a>
                      <div className="muted cell-clip">{c.subject}</div>
                    </td>
                    <td className="nowrap">
                      <span className={`badge ${STATUS_BADGE[c.status] ?? ""}`}>{t(`campaign_status.${c.status}`)}</span>
                    </td>
                    <td className="nowrap">
                      {counts.total > 0
                        ? t("campaigns.counts_short", {
                            sent: count(counts.sent),
                            total: count(counts.total),
                            failed: count(counts.failed),
                            skipped: count(counts.skipped),
                          })
                        : t("common.none")}
                    </td>
                    <td className="nowrap">{when(c)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
