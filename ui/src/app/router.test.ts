import { describe, expect, it } from "vitest";
import { parseRoute } from "./router";

describe("hash routes", () => {
  it("maps every route of the app", () => {
    expect(parseRoute("")).toEqual({ page: "customers" });
    expect(parseRoute("#/customers")).toEqual({ page: "customers" });
    expect(parseRoute("#/customers/new")).toEqual({ page: "customer-new" });
    expect(parseRoute("#/customers/42")).toEqual({ page: "customer", id: 42 });
    expect(parseRoute("#/customers/42/edit")).toEqual({ page: "customer-edit", id: 42 });
    expect(parseRoute("#/orders")).toEqual({ page: "orders" });
    expect(parseRoute("#/import")).toEqual({ page: "import" });
    expect(parseRoute("#/settings/")).toEqual({ page: "settings" });
    expect(parseRoute("#/settings/email")).toEqual({ page: "settings-email" });
    expect(parseRoute("#/settings/email/collector")).toEqual({ page: "settings-email", section: "collector" });
    expect(parseRoute("#/surveys")).toEqual({ page: "survey-send" });
    expect(parseRoute("#/surveys/send")).toEqual({ page: "survey-send" });
    expect(parseRoute("#/surveys/results")).toEqual({ page: "survey-results" });
    expect(parseRoute("#/surveys/cases")).toEqual({ page: "survey-cases" });
    expect(parseRoute("#/complaints")).toEqual({ page: "complaints" });
    expect(parseRoute("#/complaints/new")).toEqual({ page: "complaint-new", customerId: null });
    expect(parseRoute("#/complaints/9")).toEqual({ page: "complaint", id: 9 });
    expect(parseRoute("#/customers/42/complaint")).toEqual({ page: "complaint-new", customerId: 42 });
    expect(parseRoute("#/settings/complaints")).toEqual({ page: "settings-complaints" });
    expect(parseRoute("#/dashboard")).toEqual({ page: "dashboard" });
    expect(parseRoute("#/complaints/overdue")).toEqual({ page: "complaints", filter: "overdue" });
    expect(parseRoute("#/complaints/resolved")).toEqual({ page: "complaints", filter: "resolved" });
    expect(parseRoute("#/settings/backups")).toEqual({ page: "settings-backups" });
    expect(parseRoute("#/orders/42/return")).toEqual({ page: "return-new", orderId: 42 });
    expect(parseRoute("#/returns")).toEqual({ page: "returns" });
    expect(parseRoute("#/returns/7")).toEqual({ page: "return", id: 7 });
    expect(parseRoute("#/settings/returns")).toEqual({ page: "settings-returns" });
    expect(parseRoute("#/settings/loyalty")).toEqual({ page: "settings-loyalty" });
    expect(parseRoute("#/newsletters")).toEqual({ page: "campaigns" });
    expect(parseRoute("#/newsletters/campaigns")).toEqual({ page: "campaigns" });
    expect(parseRoute("#/newsletters/campaigns/new")).toEqual({ page: "campaign-new" });
    expect(parseRoute("#/newsletters/campaigns/7")).toEqual({ page: "campaign", id: 7 });
    expect(parseRoute("#/newsletters/lists")).toEqual({ page: "lists" });
    expect(parseRoute("#/newsletters/lists/3")).toEqual({ page: "list", id: 3 });
    expect(parseRoute("#/newsletters/suppressions")).toEqual({ page: "suppressions" });
    expect(parseRoute("#/coupons")).toEqual({ page: "coupons" });
    expect(parseRoute("#/coupons/7")).toEqual({ page: "coupon", id: 7 });
  });

  it("sends unknown or malformed paths to the customers list", () => {
    expect(parseRoute("#/nowhere")).toEqual({ page: "customers" });
    expect(parseRoute("#/customers/abc")).toEqual({ page: "customers" });
    expect(parseRoute("#/customers/42/delete")).toEqual({ page: "customers" });
    expect(parseRoute("#/newsletters/lists/abc")).toEqual({ page: "customers" });
    expect(parseRoute("#/settings/nowhere")).toEqual({ page: "customers" });
    expect(parseRoute("#/surveys/nowhere")).toEqual({ page: "customers" });
    expect(parseRoute("#/returns/abc")).toEqual({ page: "customers" });
    expect(parseRoute("#/complaints/abc")).toEqual({ page: "customers" });
    expect(parseRoute("#/complaints/9/edit")).toEqual({ page: "customers" });
    expect(parseRoute("#/complaints/late")).toEqual({ page: "customers" });
    expect(parseRoute("#/orders/abc/return")).toEqual({ page: "customers" });
    expect(parseRoute("#/orders/42/refund")).toEqual({ page: "customers" });
    expect(parseRoute("#/loyalty"), "loyalty is built: its settings are a Settings tab, its figures on the customer page").toEqual({
      page: "customers",
    });
  });
});
