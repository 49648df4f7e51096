import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { percentDone, useImport } from "../app/importer";
import { liveCounts, percentSent, useSending } from "../app/sending";
import { useShop } from "../app/shop";
import { href, paths, type Route } from "../app/router";
import { useOnChanged } from "../app/useOnChanged";
import { ipc } from "../lib/ipc";
import { useNewComplaintShortcut } from "../pages/complaints/labels";
import { GlobalSearch } from "./GlobalSearch";

/**
 * The product areas, in the order the shop owner sees them. Loyalty has no
 * entry of its own: its figures live on the customer page and its programme
 * under Settings → Loyalty.
 */
export const NAV_AREAS = [
  "customers",
  "orders",
  "import",
  "returns",
  "coupons",
  "newsletters",
  "surveys",
  "automations",
  "complaints",
  "dashboard",
  "settings",
] as const;
export type NavArea = (typeof NAV_AREAS)[number];

export function areaOf(route: Route): NavArea {
  switch (route.page) {
    case "orders":
      return "orders";
    case "import":
      return "import";
    case "returns":
    case "return":
    case "return-new":
      return "returns";
    case "settings":
    case "settings-email":
    case "settings-returns":
    case "settings-loyalty":
    case "settings-complaints":
    case "settings-backups":
      return "settings";
    case "complaints":
    case "complaint":
    case "complaint-new":
      return "complaints";
    case "campaigns":
    case "campaign-new":
    case "campaign":
    case "lists":
    case "list":
    case "suppressions":
      return "newsletters";
    case "survey-send":
    case "survey-results":
    case "survey-cases":
      return "surveys";
    case "dashboard":
      return "dashboard";
    case "automations":
      return "automations";
    case "coupons":
    case "coupon":
      return "coupons";
    default:
      return "customers";
  }
}

export function Sidebar({ route }: { route: Route }) {
  const { t } = useTranslation();
  const { shopName } = useShop();
  const current = areaOf(route);
  const overdue = useOverdueCount();
  const shortcut = useNewComplaintShortcut();
  return (
    <nav className="sidebar" aria-label={t("nav.label")}>
      <div className="sidebar-brand" title={shopName.trim() || t("app.name")}>
        {shopName.trim() || t("app.name")}
      </div>
      <GlobalSearch />
      <ul className="nav-list">
        {NAV_AREAS.map((area) => (
          <li key={area}>
            <a
              href={href(paths.area(area))}
              className="nav-link"
              data-testid={`nav-${area}`}
              aria-current={area === current ? "page" : undefined}
              title={area === "complaints" ? t("complaints.new_with_shortcut", { shortcut: shortcut.text }) : undefined}
            >
              <span>{t(`nav.${area}`)}</span>
              {area === "complaints" && overdue > 0 && (
                <span className="badge badge-danger" data-testid="nav-complaints-overdue" aria-label={t("nav.overdue", { count: overdue })}>
                  {overdue}
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
      <ImportIndicator />
      <CampaignIndicator />
    </nav>
  );
}

/** Complaints past their due date, read again whenever a complaint is written. */
function useOverdueCount(): number {
  const [overdue, setOverdue] = useState(0);
  const load = useCallback(() => {
    ipc
      .complaintCounts()
      .then((counts) => setOverdue(counts.overdue))
      // Only a hint in the sidebar: a failure must not cover the page with a banner.
      .catch(() => setOverdue(0));
  }, []);
  useEffect(load, [load]);
  useOnChanged(["complaints"], load);
  return overdue;
}

/** The background import, visible from every page while it runs. */
function ImportIndicator() {
  const { t } = useTranslation();
  const { run } = useImport();
  if (run.phase === "idle") return null;
  if (run.phase === "finished") {
    return (
      <a className="sidebar-import" href={href(paths.importPage())} data-testid="sidebar-import">
        {run.finished.error ? t("import.sidebar.stopped") : t("import.sidebar.done")}
      </a>
    );
  }
  const percent = percentDone(run.progress);
  return (
    <a className="sidebar-import" href={href(paths.importPage())} data-testid="sidebar-import">
      <span>{t("import.sidebar.running", { percent })}</span>
      <span className="progress-track" aria-hidden="true">
        <span className="progress-fill" style={{ width: `${percent}%` }} />
      </span>
    </a>
  );
}

/** Campaigns being sent (or paused), visible from every page. */
function CampaignIndicator() {
  const { t } = useTranslation();
  const { active, progressOf } = useSending();
  return (
    <>
      {active.map((campaign) => {
        const percent = percentSent(liveCounts(campaign, progressOf(campaign.id)));
        return (
          <a
            key={campaign.id}
            className="sidebar-import"
            href={href(paths.campaign(campaign.id))}
            data-testid="sidebar-campaign"
          >
            <span className="sidebar-campaign-name">
              {campaign.status === "paused"
                ? t("campaigns.sidebar.paused", { name: campaign.name })
                : t("campaigns.sidebar.sending", { name: campaign.name, percent })}
            </span>
            <span className="progress-track" aria-hidden="true">
              <span className="progress-fill" style={{ width: `${percent}%` }} />
            </span>
          </a>
        );
      })}
    </>
  );
}
