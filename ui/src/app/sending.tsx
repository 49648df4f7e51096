// Campaigns being sent, for every page: the sending itself runs in the core's
// mail engine, so here we only keep its latest counts (from
// `campaign-progress` events) and the list of running or paused campaigns
// (reloaded on `store-changed` "campaigns"). It lives above the pages so the
// progress stays current, and visible in the sidebar, while the owner works
// elsewhere.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { ipc, onCampaignProgress, onChanged, type Campaign, type CampaignProgress } from "../lib/ipc";

type Sending = {
  /** Campaigns sending or paused, newest first. */
  active: Campaign[];
  /** The latest progress event of a campaign, if one arrived since the app opened. */
  progressOf: (id: number) => CampaignProgress | null;
  /** Reads the running campaigns again (after starting, pausing, cancelling one). */
  refresh: () => void;
};

const SendingContext = createContext<Sending>({ active: [], progressOf: () => null, refresh: () => {} });

export type LiveCounts = {
  sent: number;
  failed: number;
  skipped: number;
  remaining: number;
  cancelled: number;
  /** Everyone the campaign was materialised for. */
  total: number;
  /** Sent, failed or skipped: nothing more will happen to them. */
  done: number;
  /** Messages per second, while events arrive; 0 otherwise. */
  rate: number;
};

/**
 * The counts to show: the campaign's stored counts, or the latest progress
 * event when it is further along (events arrive between store reloads).
 * Once a campaign is over, its stored counts are final.
 */
export function liveCounts(campaign: Campaign, progress: CampaignProgress | null): LiveCounts {
  const c = campaign.counts;
  const stored = c.sent + c.failed + c.skipped;
  const running = campaign.status === "sending" || campaign.status === "paused";
  if (progress && running && progress.sent + progress.failed + progress.skipped >= stored) {
    const done = progress.sent + progress.failed + progress.skipped;
    return {
      sent: progress.sent,
      failed: progress.failed,
      skipped: progress.skipped,
      remaining: progress.remaining,
      cancelled: c.cancelled,
      total: done + progress.remaining + c.cancelled,
      done,
      rate: campaign.status === "sending" ? progress.msgs_per_s : 0,
    };
  }
  return { ...c, done: stored, rate: 0 };
}

/** Whole percent of the recipients dealt with (100 for a finished campaign with nobody left). */
export function percentSent(counts: LiveCounts): number {
  if (counts.total <= 0) return counts.remaining === 0 ? 100 : 0;
  return Math.min(100, Math.floor((counts.done * 100) / counts.total));
}

export function SendingProvider({ children }: { children: ReactNode }) {
  const [active, setActive] = useState<Campaign[]>([]);
  const [progress, setProgress] = useState<Record<number, CampaignProgress>>({});

  const refresh = useCallback(() => {
    ipc
      .campaignsList()
      .then((all) => setActive(all.filter((c) => c.status === "sending" || c.status === "paused")))
      // Only the sidebar's indicator depends on it: a failure here must not
      // put an error banner on whatever page the owner is on.
      .catch(() => {});
  }, []);

  useEffect(() => {
    refresh();
    const stopProgress = onCampaignProgress((next) => {
      setProgress((before) => ({ ...before, [next.campaign_id]: next }));
      // The last one out turns the campaign into "sent".
      if (next.remaining === 0) refresh();
    });
    const stopChanged = onChanged(["campaigns"], refresh);
    return () => {
      for (const stop of [stopProgress, stopChanged]) stop.then((unlisten) => unlisten()).catch(() => {});
    };
  }, [refresh]);

  const progressOf = useCallback((id: number) => progress[id] ?? null, [progress]);
  const value = useMemo(() => ({ active, progressOf, refresh }), [active, progressOf, refresh]);
  return <SendingContext.Provider value={value}>{children}</SendingContext.Provider>;
}

export function useSending(): Sending {
  return useContext(SendingContext);
}
