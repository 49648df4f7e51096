//! TypeScript declarations of the payloads from outside the core (the mail
//! crate's and the shell's own: mail settings, previews, the collector), generated like the core's: `ui/src/lib/mailBindings.ts` is
//! this output, committed; a test fails when it is stale
//! (`UPDATE_BINDINGS=1 cargo test --lib bindings` rewrites it).

use ts_rs::{Config, TS};

pub fn typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        posventa_mail::settings::Security::decl(&cfg),
        posventa_mail::settings::MailSettings::decl(&cfg),
        crate::mail::MailSettingsPage::decl(&cfg),
        posventa_mail::CampaignProgress::decl(&cfg),
        posventa_mail::transport::TestReport::decl(&cfg),
        crate::mail::PreviewPage::decl(&cfg),
        crate::surveys::CollectorView::decl(&cfg),
    ];
    let mut out = String::from("// Generated from the Rust types by src-tauri/bindings.rs. Do not edit.\n");
    // Core types the shell's payloads refer to.
    out.push_str("\nimport type { CollectorState } from \"./bindings\";\n");
    for decl in decls {
        out.push('\n');
        out.push_str("export ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn committed_mail_bindings_are_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/mailBindings.ts");
        let fresh = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/lib/mailBindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test --lib bindings` and commit it"
        );
    }
}
