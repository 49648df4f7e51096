// One campaign: the editor while it is a draft or scheduled; once it has
// started, its live progress (pause, resume, cancel) and then each
// recipient's outcome.
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { liveCounts, percentSent, useSending, type LiveCounts } from "../../app/sending";
import { useShop } from "../../app/shop";
import { useOnChanged } from "../../app/useOnChanged";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { VirtualTable } from "../../components/VirtualTable";
import { RECIPIENT_STATES, RELAY_PAUSE_REASONS } from "../../lib/codes";
import { formatTimestamp } from "../../lib/dates";
import { ipc, type Campaign, type CampaignRecipient, type RecipientState } from "../../lib/ipc";
import { usePagedRows } from "../../lib/usePagedRows";
import { useCount } from "../import/messages";
import { CampaignEditor } from "./CampaignEditor";
import { STATUS_BADGE } from "./CampaignsPage";
import { NewslettersTabs } from "./NewslettersTabs";

/** While sending, the recipients table is read again at most this often. */
const RECIPIENTS_REFRESH_MS = 2000;

export function CampaignPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const [campaign, setCampaign] = useState<Campaign | null | "missing">(null);

  const load = useCallback(() => {
    ipc
      .campaignGet(id)
      .then(setCampaign)
      .catch((err) => {
        setCampaign((current) => current ?? "missing");
        report(err);
      });
  }, [id, report]);
  useEffect(load, [load]);
  useOnChanged(["campaigns"], load);

  if (campaign === null || campaign === "missing") {
    return (
      <section className="page">
        <h1>{t("nav.newsletters")}</h1>
        <p className="muted">{campaign === null ? t("common.loading") : t("campaign.missing")}</p>
        {campaign === "missing" && <a href={href(paths.campaigns())}>{t("campaigns.back")}</a>}
      </section>
    );
  }
  if (campaign.status === "draft" || campaign.status === "scheduled") {
    // Keyed by status: a campaign that leaves "scheduled" starts a fresh editor.
    return <CampaignEditor key={campaign.status} campaign={campaign} onChanged={setCampaign} />;
  }
  return <CampaignReport campaign={campaign} onChanged={setCampaign} onReload={load} />;
}

function CampaignReport({
  campaign,
  onChanged,
  onReload,
}: {
  campaign: Campaign;
  onChanged: (c: Campaign) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const { progressOf, refresh } = useSending();
  const count = useCount(locale);
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const progress = progressOf(campaign.id);
  const counts = liveCounts(campaign, progress);
  const running = campaign.status === "sending" || campaign.status === "paused";

  // The last message out makes the campaign "sent": read it again then.
  const finishedByEvents = running && progress !== null && progress.remaining === 0;
  useEffect(() => {
    if (finishedByEvents) onReload();
  }, [finishedByEvents, onReload]);

  const act = async (action: typeof ipc.campaignPause) => {
    if (busy) return;
    setBusy(true);
    try {
      onChanged(await action(campaign.id));
      refresh();
    } catch (err) {
      report(err);
    } finally {
      setBusy(false);
    }
  };

  const relayPause = campaign.status === "paused" && RELAY_PAUSE_REASONS.includes(campaign.pause_reason ?? "");

  return (
    <section className="page">
      <header className="page-header">
        <h1>{t("nav.newsletters")}</h1>
      </header>
      <NewslettersTabs current="campaigns" />
      <p>
        <a href={href(paths.campaigns())}>{t("campaigns.back")}</a>
      </p>
      <div className="card" data-testid="campaign-report">
        <div className="section-header preview-head">
          <h2 data-testid="campaign-title">{campaign.name}</h2>
          <span className={`badge ${STATUS_BADGE[campaign.status] ?? ""}`} data-testid="campaign-status">
            {t(`campaign_status.${campaign.status}`)}
          </span>
        </div>
        <p className="muted">{t("preview.subject", { subject: campaign.subject })}</p>
        {campaign.started_at !== null && (
          <p className="muted">
            {campaign.finished_at !== null
              ? t("campaign.report.finished", {
                  started: formatTimestamp(campaign.started_at, locale),
                  finished: formatTimestamp(campaign.finished_at, locale),
                })
              : t("campaign.report.started", { date: formatTimestamp(campaign.started_at, locale) })}
          </p>
        )}

        {relayPause && (
          <div className="banner banner-warning" role="alert" data-testid="campaign-relay-paused">
            <div>
              <p>
                <strong>{t(`pause_reason.${campaign.pause_reason}`)}</strong>
              </p>
              {campaign.pause_detail && (
                <p className="mono pause-detail" data-testid="campaign-pause-detail">
                  {t("mail.result.server_said", { reply: campaign.pause_detail })}
                </p>
              )}
              <p>
                <a href={href(paths.settingsEmail())} data-testid="campaign-settings-link">
                  {t("campaign.report.open_settings")}
                </a>
              </p>
            </div>
          </div>
        )}
        {campaign.status === "paused" && !relayPause && <p className="warning-text">{t("pause_reason.owner")}</p>}

        <CampaignProgressBar counts={counts} label={t("campaign.report.progress_label", { name: campaign.name })} />

        {running && (
          <div className="form-actions">
            {campaign.status === "sending" ? (
              <button type="button" className="button" data-testid="campaign-pause" disabled={busy} onClick={() => void act(ipc.campaignPause)}>
                {t("campaign.report.pause")}
              </button>
            ) : (
              <button
                type="button"
                className="button button-primary"
                data-testid="campaign-resume"
                disabled={busy}
                onClick={() => void act(ipc.campaignResume)}
              >
                {t("campaign.report.resume")}
              </button>
            )}
            <button type="button" className="button" data-testid="campaign-cancel" disabled={busy} onClick={() => setCancelling(true)}>
              {t("campaign.report.cancel")}
            </button>
          </div>
        )}
        {running && <p className="hint">{t("campaign.report.keeps_going")}</p>}
      </div>

      <RecipientsTable campaign={campaign} done={counts.done} />

      {cancelling && (
        <ConfirmDialog
          title={t("campaign.report.cancel_title")}
          confirmLabel={t("campaign.report.cancel_confirm")}
          confirmTestId="campaign-cancel-confirm"
          danger
          busy={busy}
          onCancel={() => setCancelling(false)}
          onConfirm={() => {
            setCancelling(false);
            void act(ipc.campaignCancel);
          }}
        >
          <p>{t("campaign.report.cancel_text", { remaining: count(counts.remaining) })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

export function CampaignProgressBar({ counts, label }: { counts: LiveCounts; label: string }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const count = useCount(locale);
  const percent = percentSent(counts);
  const rate = new Intl.NumberFormat(locale, { maximumFractionDigits: counts.rate < 10 ? 1 : 0 }).format(counts.rate);
  const text = t("campaign.report.counts", {
    sent: count(counts.sent),
    failed: count(counts.failed),
    skipped: count(counts.skipped),
    remaining: count(counts.remaining),
  });
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        data-testid="campaign-progress"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={counts.total}
        aria-valuenow={counts.done}
        aria-valuetext={t("campaign.report.progress_text", { percent, text })}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="progress-text counts-line" data-testid="campaign-counts">
        {text}
        {counts.cancelled > 0 && ` · ${t("campaign.report.cancelled", { count: count(counts.cancelled) })}`}
        {counts.rate > 0 && ` · ${t("campaign.report.rate", { rate })}`}
      </p>
    </div>
  );
}

/** "suppressed:bounced" → the reason; null for a server reply. */
export function skippedReason(reply: string): string | null {
  const match = /^suppressed:(\w+)$/.exec(reply.trim());
  return match ? (match[1] ?? null) : null;
}

function RecipientsTable({ campaign, done }: { campaign: Campaign; done: number }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const [state, setState] = useState<RecipientState | "">("");
  const fetchPage = useCallback(
    (limit: number, offset: number) => ipc.campaignRecipients(campaign.id, state || null, limit, offset),
    [campaign.id, state],
  );
  const { rows, complete, loadingMore, loadMore, reload } = usePagedRows<CampaignRecipient>(
    fetchPage,
    `${campaign.id}\n${state}\n${campaign.status}`,
    report,
  );

  // While sending, follow the progress without reading the table on every event.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const sending = campaign.status === "sending";
  useEffect(() => {
    if (!sending || timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      reload();
    }, RECIPIENTS_REFRESH_MS);
  }, [sending, done, reload]);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  const reply = (r: CampaignRecipient) => {
    const reason = skippedReason(r.last_reply);
    if (reason) return t("recipients.skipped_because", { reason: t(`suppression_reason.${reason}`, { defaultValue: reason }) });
    if (!r.last_reply) return t("common.none");
    return r.last_reply;
  };

  return (
    <>
      <div className="section-header">
        <h2>{t("recipients.title")}</h2>
        <label className="inline-field">
          <span>{t("recipients.filter")}</span>
          <select data-testid="recipients-filter" value={state} onChange={(e) => setState(e.target.value as RecipientState | "")}>
            <option value="">{t("recipients.all")}</option>
            {RECIPIENT_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`recipient_state.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <div className="card empty">
          <p>{t("recipients.empty")}</p>
        </div>
      ) : (
        <div className="card table-card">
          <VirtualTable
            rows={rows}
            rowKey={(r) => r.id}
            label={t("recipients.title")}
            className="recipients-table"
            columns={5}
            complete={complete}
            loadingMore={loadingMore}
            onNearEnd={loadMore}
            head={
              <>
                <th scope="col">{t("recipients.col.email")}</th>
                <th scope="col">{t("recipients.col.name")}</th>
                <th scope="col">{t("recipients.col.state")}</th>
                <th scope="col" className="num">
                  {t("recipients.col.attempts")}
                </th>
                <th scope="col">{t("recipients.col.reply")}</th>
              </>
            }
            rowProps={() => ({ "data-testid": "recipient-row" })}
            cells={(r) => (
              <>
                <td className="cell-clip">{r.email}</td>
                <td className="cell-clip">{r.name}</td>
                <td className="nowrap">{t(`recipient_state.${r.state}`)}</td>
                <td className="num">{r.attempts}</td>
                <td className={skippedReason(r.last_reply) ? "cell-clip" : "mono cell-clip"} title={r.last_reply}>
                  {reply(r)}
                </td>
              </>
            )}
          />
        </div>
      )}
    </>
  );
}
