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
    expect(parseRoute("#/loyalty")).toEqual({ page: "upcoming", area: "loyalty" });
    expect(parseRoute("#/newsletters")).toEqual({ page: "campaigns" });
    expect(parseRoute("#/newsletters/campaigns")).toEqual({ page: "campaigns" });
    expect(parseRoute("#/newsletters/campaigns/new")).toEqual({ page: "campaign-new" });
    expect(parseRoute("#/newsletters/campaigns/7")).toEqual({ page: "campaign", id: 7 });
    expect(parseRoute("#/newsletters/lists")).toEqual({ page: "lists" });
    expect(parseRoute("#/newsletters/lists/3")).toEqual({ page: "list", id: 3 });
    expect(parseRoute("#/newsletters/suppressions")).toEqual({ page: "suppressions" });
  });

  it("sends unknown or malformed paths to the customers list", () => {
    expect(parseRoute("#/nowhere")).toEqual({ page: "customers" });
    expect(parseRoute("#/customers/abc")).toEqual({ page: "customers" });
    expect(parseRoute("#/customers/42/delete")).toEqual({ page: "customers" });
    expect(parseRoute("#/newsletters/lists/abc")).toEqual({ page: "customers" });
    expect(parseRoute("#/settings/nowhere")).toEqual({ page: "customers" });
    expect(parseRoute("#/surveys/nowhere")).toEqual({ page: "customers" });
  });
});
