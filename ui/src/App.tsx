import { lazy, Suspense, useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { ErrorsProvider, useErrors } from "./app/errors";
import { ImportProvider } from "./app/importer";
import { navigate, paths, useRoute, type Route } from "./app/router";
import { SendingProvider } from "./app/sending";
import { ShopProvider, useShop } from "./app/shop";
import { ErrorBanner } from "./components/ErrorBanner";
import { Sidebar } from "./components/Sidebar";
import { CustomerForm } from "./pages/customers/CustomerForm";
import { CustomerPage } from "./pages/customers/CustomerPage";
import { CustomersPage } from "./pages/customers/CustomersPage";
import { AutomationsPage } from "./pages/automations/AutomationsPage";
import { ImportPage } from "./pages/import/ImportPage";
import { CampaignEditor } from "./pages/newsletters/CampaignEditor";
import { CampaignPage } from "./pages/newsletters/CampaignPage";
import { CampaignsPage } from "./pages/newsletters/CampaignsPage";
import { ListPage } from "./pages/newsletters/ListPage";
import { ListsPage } from "./pages/newsletters/ListsPage";
import { SuppressionsPage } from "./pages/newsletters/SuppressionsPage";
import { OrdersPage } from "./pages/orders/OrdersPage";
import { ReturnNewPage } from "./pages/returns/ReturnNewPage";
import { ReturnPage } from "./pages/returns/ReturnPage";
import { ReturnsPage } from "./pages/returns/ReturnsPage";
import { EmailSettingsPage } from "./pages/settings/EmailSettingsPage";
import { LoyaltySettingsPage } from "./pages/settings/LoyaltySettingsPage";
import { ReturnPolicyPage } from "./pages/settings/ReturnPolicyPage";
import { SettingsPage } from "./pages/settings/SettingsPage";
import { SurveyCasesPage } from "./pages/surveys/SurveyCasesPage";
import { SurveyResultsPage } from "./pages/surveys/SurveyResultsPage";
import { SurveySendPage } from "./pages/surveys/SurveySendPage";
import { ComplaintNewPage } from "./pages/complaints/ComplaintNewPage";
import { ComplaintPage } from "./pages/complaints/ComplaintPage";
import { ComplaintsPage } from "./pages/complaints/ComplaintsPage";
import { DraftBanner } from "./pages/complaints/DraftBanner";
import { isNewComplaintKey } from "./pages/complaints/labels";
import { ComplaintSettingsPage } from "./pages/settings/ComplaintSettingsPage";
import { BackupsPage } from "./pages/settings/BackupsPage";
import { isApplePlatform } from "./components/GlobalSearch";
import { CouponPage } from "./pages/coupons/CouponPage";
import { CouponsPage } from "./pages/coupons/CouponsPage";

// The dashboard brings the chart library: loaded when first opened, so the app starts without it.
const DashboardPage = lazy(() => import("./pages/dashboard/DashboardPage").then((m) => ({ default: m.DashboardPage })));

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "customers":
      return <CustomersPage />;
    case "customer-new":
      return <CustomerForm key="new" />;
    case "customer":
      return <CustomerPage key={route.id} id={route.id} />;
    case "customer-edit":
      return <CustomerForm key={`edit-${route.id}`} id={route.id} />;
    case "orders":
      return <OrdersPage />;
    case "return-new":
      return <ReturnNewPage key={route.orderId} orderId={route.orderId} />;
    case "returns":
      return <ReturnsPage />;
    case "return":
      return <ReturnPage key={route.id} id={route.id} />;
    case "import":
      return <ImportPage />;
    case "settings":
      return <SettingsPage />;
    case "settings-email":
      return <EmailSettingsPage section={route.section} />;
    case "settings-returns":
      return <ReturnPolicyPage />;
    case "settings-loyalty":
      return <LoyaltySettingsPage />;
    case "settings-complaints":
      return <ComplaintSettingsPage />;
    case "settings-backups":
      return <BackupsPage />;
    case "complaints":
      return <ComplaintsPage key={route.filter ?? "active"} initialFilter={route.filter} />;
    case "complaint":
      return <ComplaintPage key={route.id} id={route.id} />;
    case "complaint-new":
      return <ComplaintNewPage key={route.customerId ?? "new"} customerId={route.customerId} />;
    case "campaigns":
      return <CampaignsPage />;
    case "campaign-new":
      return <CampaignEditor key="new" campaign={null} />;
    case "campaign":
      return <CampaignPage key={route.id} id={route.id} />;
    case "lists":
      return <ListsPage />;
    case "list":
      return <ListPage key={route.id} id={route.id} />;
    case "suppressions":
      return <SuppressionsPage />;
    case "survey-send":
      return <SurveySendPage />;
    case "survey-results":
      return <SurveyResultsPage />;
    case "survey-cases":
      return <SurveyCasesPage />;
    case "coupons":
      return <CouponsPage />;
    case "coupon":
      return <CouponPage key={route.id} id={route.id} />;
    case "automations":
      return <AutomationsPage />;
    case "dashboard":
      return (
        <Suspense fallback={<Loading />}>
          <DashboardPage />
        </Suspense>
      );
  }
}

function Loading() {
  const { t } = useTranslation();
  return <p className="muted">{t("common.loading")}</p>;
}

/** Ctrl+N (⌘N on a Mac) opens a new complaint from anywhere: the phone rings, the form is there. */
function useNewComplaintKey() {
  const apple = useMemo(() => isApplePlatform(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isNewComplaintKey(e, apple)) return;
      // Also keeps the webview from opening a new window.
      e.preventDefault();
      if (window.location.hash.replace(/^#/, "") !== paths.complaintNew()) navigate(paths.complaintNew());
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [apple]);
}

function Shell() {
  const { t } = useTranslation();
  const route = useRoute();
  const { ready } = useShop();
  const { dismiss } = useErrors();
  const routeKey = JSON.stringify(route);
  // A failure belongs to the screen it happened on.
  useEffect(() => dismiss(), [routeKey, dismiss]);
  useNewComplaintKey();

  return (
    <div className="layout">
      <Sidebar route={route} />
      <main className="content">
        <ErrorBanner />
        {ready && <DraftBanner route={route} />}
        {ready ? <Page route={route} /> : <p className="muted">{t("common.loading")}</p>}
      </main>
    </div>
  );
}

export function App() {
  return (
    <ErrorsProvider>
      <ShopProvider>
        <ImportProvider>
          <SendingProvider>
            <Shell />
          </SendingProvider>
        </ImportProvider>
      </ShopProvider>
    </ErrorsProvider>
  );
}
