//! TypeScript declarations of every payload that crosses to the UI,
//! generated from the Rust types. `ui/src/lib/bindings.ts` is this output,
//! committed; a test fails when it is stale (`UPDATE_BINDINGS=1 cargo test`
//! rewrites it).

use ts_rs::{Config, TS};

use crate::{
    automations, backup, campaigns, collector, complaints, coupons, customers, dashboard, drafts, error, export,
    import, loyalty, newsletter, orders, privacy, returns, search, segments, settings, surveys,
};

pub fn typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        error::ErrorPayload::decl(&cfg),
        error::FieldError::decl(&cfg),
        settings::LanguageChoice::decl(&cfg),
        settings::Language::decl(&cfg),
        settings::Settings::decl(&cfg),
        settings::SettingsView::decl(&cfg),
        customers::ContactChannel::decl(&cfg),
        customers::CustomerInput::decl(&cfg),
        customers::Customer::decl(&cfg),
        customers::CustomerSummary::decl(&cfg),
        customers::PossibleDuplicate::decl(&cfg),
        customers::CustomerPage::decl(&cfg),
        customers::CustomerSort::decl(&cfg),
        orders::OrderStatus::decl(&cfg),
        orders::OrderLineInput::decl(&cfg),
        orders::OrderInput::decl(&cfg),
        orders::OrderLine::decl(&cfg),
        orders::Order::decl(&cfg),
        orders::OrderSort::decl(&cfg),
        coupons::CouponKind::decl(&cfg),
        coupons::CouponSource::decl(&cfg),
        coupons::CouponInput::decl(&cfg),
        coupons::Coupon::decl(&cfg),
        coupons::CouponOrder::decl(&cfg),
        coupons::CouponView::decl(&cfg),
        search::SearchResults::decl(&cfg),
        export::ExportKind::decl(&cfg),
        import::Layout::decl(&cfg),
        import::Field::decl(&cfg),
        import::Encoding::decl(&cfg),
        import::DecimalMark::decl(&cfg),
        import::DateOrder::decl(&cfg),
        import::Delimiter::decl(&cfg),
        import::FieldMapping::decl(&cfg),
        import::ImportOptions::decl(&cfg),
        import::RowProblem::decl(&cfg),
        import::ImportCounts::decl(&cfg),
        import::SampleCell::decl(&cfg),
        import::SampleRow::decl(&cfg),
        import::ImportReport::decl(&cfg),
        import::Progress::decl(&cfg),
        import::ImportProgress::decl(&cfg),
        import::ImportFinished::decl(&cfg),
        newsletter::SubscriberStatus::decl(&cfg),
        newsletter::ConsentMethod::decl(&cfg),
        newsletter::SuppressionReason::decl(&cfg),
        newsletter::ListInput::decl(&cfg),
        newsletter::List::decl(&cfg),
        newsletter::SubscriberInput::decl(&cfg),
        newsletter::Subscriber::decl(&cfg),
        newsletter::SubscriberAdded::decl(&cfg),
        newsletter::Suppression::decl(&cfg),
        newsletter::CustomerSubscription::decl(&cfg),
        newsletter::SubscriberImportReport::decl(&cfg),
        segments::Rule::decl(&cfg),
        segments::Audience::decl(&cfg),
        segments::AudienceCount::decl(&cfg),
        campaigns::CampaignStatus::decl(&cfg),
        campaigns::CampaignInput::decl(&cfg),
        campaigns::CampaignCounts::decl(&cfg),
        campaigns::Campaign::decl(&cfg),
        campaigns::RecipientState::decl(&cfg),
        campaigns::CampaignRecipient::decl(&cfg),
        surveys::SurveyKind::decl(&cfg),
        surveys::Channel::decl(&cfg),
        surveys::SurveyInput::decl(&cfg),
        surveys::Exclusion::decl(&cfg),
        surveys::SurveyCandidate::decl(&cfg),
        surveys::SurveyAudience::decl(&cfg),
        surveys::PhoneAnswer::decl(&cfg),
        surveys::Response::decl(&cfg),
        surveys::Figure::decl(&cfg),
        surveys::SurveyResults::decl(&cfg),
        surveys::FollowUp::decl(&cfg),
        collector::SyncCounts::decl(&cfg),
        collector::CollectorState::decl(&cfg),
        returns::FeeKind::decl(&cfg),
        returns::Outcome::decl(&cfg),
        returns::ReturnStatus::decl(&cfg),
        returns::Reason::decl(&cfg),
        returns::ReturnPolicy::decl(&cfg),
        returns::ReasonInput::decl(&cfg),
        returns::ReturnPolicyInput::decl(&cfg),
        returns::ReturnLineInput::decl(&cfg),
        returns::ReturnInput::decl(&cfg),
        returns::Quote::decl(&cfg),
        returns::ReturnableLine::decl(&cfg),
        returns::ReturnForm::decl(&cfg),
        returns::ReturnLine::decl(&cfg),
        returns::ReturnEvent::decl(&cfg),
        returns::ReturnRequest::decl(&cfg),
        returns::ReturnFilter::decl(&cfg),
        returns::ReasonCount::decl(&cfg),
        returns::ReturnStats::decl(&cfg),
        loyalty::EarnOn::decl(&cfg),
        loyalty::Tier::decl(&cfg),
        loyalty::LoyaltySettings::decl(&cfg),
        loyalty::TierInput::decl(&cfg),
        loyalty::LoyaltySettingsInput::decl(&cfg),
        loyalty::EntryKind::decl(&cfg),
        loyalty::LedgerEntry::decl(&cfg),
        loyalty::Balance::decl(&cfg),
        loyalty::TierStatus::decl(&cfg),
        loyalty::Referrer::decl(&cfg),
        loyalty::CustomerLoyalty::decl(&cfg),
        loyalty::Redemption::decl(&cfg),
        loyalty::PointsCoupon::decl(&cfg),
        loyalty::ExpiryRun::decl(&cfg),
        complaints::Severity::decl(&cfg),
        complaints::Channel::decl(&cfg),
        complaints::ComplaintStatus::decl(&cfg),
        complaints::Category::decl(&cfg),
        complaints::ComplaintSettings::decl(&cfg),
        complaints::CategoryInput::decl(&cfg),
        complaints::ComplaintSettingsInput::decl(&cfg),
        complaints::ComplaintInput::decl(&cfg),
        complaints::EventKind::decl(&cfg),
        complaints::Source::decl(&cfg),
        complaints::Compensation::decl(&cfg),
        complaints::ComplaintEvent::decl(&cfg),
        complaints::ComplaintSummary::decl(&cfg),
        complaints::Complaint::decl(&cfg),
        complaints::ComplaintFilter::decl(&cfg),
        complaints::CompensationInput::decl(&cfg),
        complaints::ComplaintCounts::decl(&cfg),
        drafts::Draft::decl(&cfg),
        backup::BackupKind::decl(&cfg),
        backup::BackupFile::decl(&cfg),
        dashboard::MonthFigures::decl(&cfg),
        dashboard::SurveyFigure::decl(&cfg),
        dashboard::Dashboard::decl(&cfg),
        privacy::CustomerExport::decl(&cfg),
        automations::RuleKey::decl(&cfg),
        automations::AutomationSettings::decl(&cfg),
        automations::AutomationSettingsView::decl(&cfg),
        automations::RuleTexts::decl(&cfg),
        automations::AutomationRule::decl(&cfg),
        automations::RuleInput::decl(&cfg),
        automations::Carrier::decl(&cfg),
        automations::Due::decl(&cfg),
        automations::Preview::decl(&cfg),
        automations::RunReport::decl(&cfg),
        automations::Sent::decl(&cfg),
    ];
    let mut out = String::from("// Generated from the Rust types by crates/core/src/bindings.rs. Do not edit.\n");
    for decl in decls {
        out.push('\n');
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    }
    out.push_str(&layout_fields());
    out
}

/// The fields of each import layout, so the UI builds a mapping for a newly
/// chosen layout from the core's own list.
fn layout_fields() -> String {
    let name = |v: serde_json::Value| v.as_str().map(|s| format!("\"{s}\"")).unwrap_or_default();
    let mut out = String::from("\nexport const LAYOUT_FIELDS: Record<Layout, readonly Field[]> = {\n");
    for layout in
        [import::Layout::Generic, import::Layout::Shopify, import::Layout::Woocommerce, import::Layout::Customers]
    {
        let fields: Vec<String> = layout.fields().iter().map(|f| name(serde_json::json!(f))).collect();
        out.push_str(&format!("  {}: [{}],\n", name(serde_json::json!(layout)), fields.join(", ")));
    }
    out.push_str("};\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn committed_typescript_bindings_are_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
        let fresh = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p posventa-core bindings` and commit it"
        );
    }
}
