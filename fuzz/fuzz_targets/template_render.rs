//! Any subject, Markdown body and recipient values: building and rendering
//! a campaign never panics, and a recipient's value never becomes markup
//! in the HTML part (templates escape every placeholder).
#![no_main]

use libfuzzer_sys::fuzz_target;
use posventa_core::settings::Language;
use posventa_mail::compose::{Content, Template, Vars};

/// A tag no Markdown or MJML produces: if it shows up raw, a value was not escaped.
const MARKER: &str = "<fz-x>";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\u{0}');
    let subject = parts.next().unwrap_or_default().to_owned();
    let body_md = parts.next().unwrap_or_default().to_owned();
    let name = parts.next().unwrap_or_default().to_owned();
    let content = Content { subject, preheader: String::new(), body_md: format!("{body_md}\n\n{{{{ name }}}}") };
    for language in [Language::Es, Language::En] {
        let Ok(template) = Template::campaign(&content, language) else { continue };
        let stored = serde_json::json!({});
        let vars = Vars::new(&stored, &format!("{name}{MARKER}"), "a@example.com", "Tienda", "https://example.com/u");
        if let Ok(rendered) = template.render(&vars) {
            if !content.body_md.contains(MARKER) && !content.subject.contains(MARKER) {
                assert!(!rendered.html.contains(MARKER), "a recipient's value became markup");
            }
        }
    }
});
