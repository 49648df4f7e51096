//! Rendering and message building. A campaign's Markdown goes through
//! pulldown-cmark and MJML (mrml) once; what comes out is a minijinja
//! template rendered per recipient, with HTML auto-escaping for the HTML part
//! (customer text is data, never markup) and none for the text part. Every
//! value that reaches a header is checked or cleaned here, before lettre.

use std::collections::BTreeMap;
use std::time::SystemTime;

use lettre::message::header::{ContentTransferEncoding, ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};
use minijinja::{AutoEscape, Environment};
use posventa_core::settings::Language;
use posventa_core::surveys::SurveyKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::settings::{MailSettings, is_bare_address};

/// Placeholders a campaign may use.
pub const CAMPAIGN_PLACEHOLDERS: &[&str] = &["first_name", "name", "email", "shop_name", "unsubscribe_url"];
/// Extra placeholders of notices: a return's steps, a reply to a complaint.
const NOTICE_PLACEHOLDERS: &[&str] =
    &["return_number", "order_number", "amount", "outcome", "note", "complaint_number", "reply"];
/// Extra placeholders of the double opt-in confirmation.
const CONFIRMATION_PLACEHOLDERS: &[&str] = &["list_name", "consent_text", "confirm_url"];

/// What the owner writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Content {
    pub subject: String,
    pub preheader: String,
    pub body_md: String,
}

/// One message's parts after rendering; also what the preview shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Rendered {
    pub subject: String,
    pub html: String,
    pub text: String,
}

/// A campaign ready to render per recipient: Markdown and MJML already done.
pub struct Template {
    env: Environment<'static>,
}

enum Piece {
    Literal(String),
    Var(usize),
}

/// Splits `{{ name }}` placeholders out of the owner's text. Anything else
/// that looks like template syntax stays literal text.
fn pieces(field: &'static str, source: &str, allowed: &[&str]) -> Result<Vec<Piece>> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else { break };
        let name = rest[start + 2..start + len].trim();
        if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !name.is_empty() {
            let Some(index) = allowed.iter().position(|a| *a == name) else {
                return Err(Error::Template { field, detail: format!("unknown placeholder {{{{ {name} }}}}") });
            };
            out.push(Piece::Literal(rest[..start].to_owned()));
            out.push(Piece::Var(index));
            rest = &rest[start + len + 2..];
        } else {
            out.push(Piece::Literal(rest[..start + 2].to_owned()));
            rest = &rest[start + 2..];
        }
    }
    out.push(Piece::Literal(rest.to_owned()));
    Ok(out)
}

/// Placeholders travel through Markdown and MJML as plain letters that
/// neither touches; the random part keeps the owner's text from forging one.
struct Sentinels {
    nonce: String,
}

impl Sentinels {
    fn new() -> Self {
        Sentinels { nonce: std::iter::repeat_with(fastrand::lowercase).take(10).collect() }
    }

    fn mark(&self, index: usize) -> String {
        format!("pv{}v{index}z", self.nonce)
    }

    fn join(&self, pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Literal(text) => text.clone(),
                Piece::Var(i) => self.mark(*i),
            })
            .collect()
    }

    /// Turns rendered text holding sentinels into minijinja source: literal
    /// parts in raw blocks (never parsed as template syntax), sentinels back
    /// into `{{ name }}`.
    fn to_template(&self, rendered: &str, allowed: &[&str]) -> String {
        let mut out = String::with_capacity(rendered.len() + 64);
        let prefix = format!("pv{}v", self.nonce);
        let mut rest = rendered;
        while let Some(start) = rest.find(&prefix) {
            let after = &rest[start + prefix.len()..];
            let digits = after.find('z').filter(|n| *n > 0 && after[..*n].bytes().all(|b| b.is_ascii_digit()));
            match digits.and_then(|n| after[..n].parse::<usize>().ok().filter(|i| *i < allowed.len()).map(|i| (n, i))) {
                Some((n, index)) => {
                    push_raw(&mut out, &rest[..start]);
                    out.push_str("{{ ");
                    out.push_str(allowed[index]);
                    out.push_str(" }}");
                    rest = &after[n + 1..];
                }
                None => {
                    push_raw(&mut out, &rest[..start + prefix.len()]);
                    rest = after;
                }
            }
        }
        push_raw(&mut out, rest);
        out
    }
}

fn push_raw(out: &mut String, literal: &str) {
    if literal.is_empty() {
        return;
    }
    out.push_str("{% raw %}");
    // Splitting the word keeps a literal "endraw" from closing the block.
    out.push_str(&literal.replace("endraw", "endr{% endraw %}{% raw %}aw"));
    out.push_str("{% endraw %}");
}

/// Markdown to HTML; raw HTML in the Markdown is shown as text.
fn markdown_to_html(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let parser =
        Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|event| match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            other => other,
        });
    let mut html = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

struct Footer {
    why: &'static str,
    unsubscribe: &'static str,
}

fn footer(language: Language) -> Footer {
    match language {
        Language::Es => Footer { why: "Recibes este correo de", unsubscribe: "Darse de baja" },
        Language::En => Footer { why: "You receive this email from", unsubscribe: "Unsubscribe" },
    }
}

impl Template {
    /// Prepares a campaign: Markdown and MJML run here, once.
    pub fn campaign(content: &Content, language: Language) -> Result<Self> {
        Self::build(content, language, CAMPAIGN_PLACEHOLDERS, None)
    }

    /// The built-in double opt-in confirmation (`kind = 'confirmation'`).
    pub fn confirmation(language: Language, has_confirm_url: bool) -> Self {
        let content = confirmation_content(language, has_confirm_url);
        let allowed: Vec<&str> = CAMPAIGN_PLACEHOLDERS.iter().chain(CONFIRMATION_PLACEHOLDERS).copied().collect();
        Self::build(&content, language, &allowed, None).expect("the built-in confirmation renders")
    }

    /// A return's step told to the customer (`kind = 'notice'`; `notice` is
    /// `return_<status>`). Built in, in both languages; the customer's own
    /// values (order number, the rejection's reason) are escaped like any var.
    pub fn notice(notice: &str, language: Language) -> Self {
        let content = notice_content(notice, language);
        let allowed: Vec<&str> = CAMPAIGN_PLACEHOLDERS.iter().chain(NOTICE_PLACEHOLDERS).copied().collect();
        Self::build(&content, language, &allowed, None).expect("the built-in notices render")
    }

    /// A message of an automation rule (`kind = 'notice'`, `notice =
    /// "automation"`): the shop's own text for the rule, or the built-in
    /// one, with the order's, coupon's and points' placeholders.
    pub fn automation(content: &Content, language: Language) -> Result<Self> {
        let allowed: Vec<&str> =
            CAMPAIGN_PLACEHOLDERS.iter().chain(posventa_core::automations::PLACEHOLDERS).copied().collect();
        Self::build(content, language, &allowed, None)
    }

    /// A satisfaction survey: the question, then one button per score (plain
    /// links in a table: no images, no scripts, so every mail client shows
    /// them), and the shop's follow-up question. Each recipient's vars hold
    /// `score_link_<n>` (signed collector links, or `mailto:` replies).
    pub fn survey(kind: SurveyKind, language: Language) -> Self {
        let words = survey_words(kind, language);
        let allowed: Vec<&str> = CAMPAIGN_PLACEHOLDERS.iter().chain(SURVEY_PLACEHOLDERS).copied().collect();
        let content = Content {
            subject: words.subject.into(),
            preheader: words.question.into(),
            body_md: format!("{}\n\n**{}**", words.greeting, words.question),
        };
        let scores: Vec<i64> = kind.scores().collect();
        let buttons = Buttons { scores: &scores, low: words.low, high: words.high, follow_up: words.follow_up };
        Self::build(&content, language, &allowed, Some(&buttons)).expect("the built-in survey renders")
    }

    fn build(content: &Content, language: Language, allowed: &[&str], buttons: Option<&Buttons<'_>>) -> Result<Self> {
        let sentinels = Sentinels::new();
        let subject = pieces("subject", &content.subject, allowed)?;
        let preheader = pieces("preheader", &content.preheader, allowed)?;
        let body = pieces("body_md", &content.body_md, allowed)?;
        let shop = allowed.iter().position(|a| *a == "shop_name").expect("shop_name is always allowed");
        let unsubscribe = allowed.iter().position(|a| *a == "unsubscribe_url").expect("always allowed");
        let words = footer(language);

        let body_html = markdown_to_html(&sentinels.join(&body));
        let link = |score: i64| {
            let name = format!("score_link_{score}");
            sentinels.mark(allowed.iter().position(|a| *a == name).expect("every score has a link placeholder"))
        };
        let follow_up = allowed.iter().position(|a| *a == "follow_up");
        let (buttons_html, buttons_text) = match buttons {
            None => (String::new(), String::new()),
            Some(b) => {
                let cells: String = b
                    .scores
                    .iter()
                    .map(|score| {
                        format!(
                            r#"<td style="padding:2px"><a href="{href}" style="display:block;padding:10px 0;min-width:30px;text-align:center;border:1px solid #94a3b8;border-radius:6px;background:#f8fafc;color:#0f172a;font-weight:bold;font-size:16px;text-decoration:none">{score}</a></td>"#,
                            href = link(*score),
                        )
                    })
                    .collect();
                let html = format!(
                    r##"<mj-table align="center" width="100%" table-layout="fixed"><tr>{cells}</tr></mj-table>
        <mj-text font-size="13px" color="#475569"><table width="100%"><tr><td align="left">{low}</td><td align="right">{high}</td></tr></table></mj-text>
        <mj-text>{follow}</mj-text>"##,
                    low = escape_html(b.low),
                    high = escape_html(b.high),
                    follow = follow_up
                        .map(|i| format!("<p>{}</p><p>{}</p>", escape_html(b.follow_up), sentinels.mark(i)))
                        .unwrap_or_default(),
                );
                let lines: String = b.scores.iter().map(|score| format!("{score}: {}\n", link(*score))).collect();
                let text = format!(
                    "\n\n{} = {}, {} = {}\n{lines}\n{}\n{}\n",
                    b.scores[0],
                    b.low,
                    b.scores[b.scores.len() - 1],
                    b.high,
                    b.follow_up,
                    follow_up.map(|i| sentinels.mark(i)).unwrap_or_default()
                );
                (html, text)
            }
        };
        let mjml = format!(
            r##"<mjml lang="{lang}">
  <mj-head>
    <mj-preview>{preview}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="1.55" color="#1f2937" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f3f4f6" width="600px">
    <mj-section background-color="#ffffff" padding="24px 12px">
      <mj-column>
        <mj-text>{body_html}</mj-text>
        {buttons_html}
      </mj-column>
    </mj-section>
    <mj-section padding="16px 12px">
      <mj-column>
        <mj-text font-size="12px" color="#6b7280" align="center">{why} {shop}.<br /><a href="{unsub}" style="color:#6b7280">{unsub_label}</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>"##,
            lang = language.code(),
            preview = escape_html(&sentinels.join(&preheader)),
            why = words.why,
            shop = sentinels.mark(shop),
            unsub = sentinels.mark(unsubscribe),
            unsub_label = words.unsubscribe,
        );
        let parsed =
            mrml::parse(&mjml).map_err(|err| Error::Template { field: "body_md", detail: format!("layout: {err}") })?;
        let opts = mrml::prelude::render::RenderOptions { disable_comments: true, ..Default::default() };
        let html = parsed
            .element
            .render(&opts)
            .map_err(|err| Error::Template { field: "body_md", detail: format!("layout: {err}") })?;

        // The text part: Markdown reads well as plain text.
        let text = format!(
            "{}{buttons_text}\n\n-- \n{} {}.\n{}: {}\n",
            sentinels.join(&body).trim_end(),
            words.why,
            sentinels.mark(shop),
            words.unsubscribe,
            sentinels.mark(unsubscribe)
        );

        let mut env = Environment::new();
        env.set_auto_escape_callback(|name| if name == "html" { AutoEscape::Html } else { AutoEscape::None });
        let add = |env: &mut Environment<'static>, name: &'static str, field: &'static str, source: String| {
            env.add_template_owned(name, source).map_err(|err| Error::Template { field, detail: err.to_string() })
        };
        add(&mut env, "html", "body_md", sentinels.to_template(&html, allowed))?;
        add(&mut env, "text", "body_md", sentinels.to_template(&text, allowed))?;
        add(&mut env, "subject", "subject", sentinels.to_template(&sentinels.join(&subject), allowed))?;
        Ok(Template { env })
    }

    /// Renders one recipient's message. `vars` are already clean (see
    /// [`Vars`]).
    pub fn render(&self, vars: &Vars) -> Result<Rendered> {
        let render = |name: &str, field: &'static str| {
            self.env
                .get_template(name)
                .and_then(|t| t.render(&vars.0))
                .map_err(|err| Error::Template { field, detail: err.to_string() })
        };
        Ok(Rendered {
            subject: one_line(&render("subject", "subject")?),
            html: render("html", "body_md")?,
            text: render("text", "body_md")?,
        })
    }
}

/// Extra placeholders of a survey message.
const SURVEY_PLACEHOLDERS: &[&str] = &[
    "order_number",
    "follow_up",
    "score_link_0",
    "score_link_1",
    "score_link_2",
    "score_link_3",
    "score_link_4",
    "score_link_5",
    "score_link_6",
    "score_link_7",
    "score_link_8",
    "score_link_9",
    "score_link_10",
];

/// The row of score buttons under a survey's question.
struct Buttons<'a> {
    scores: &'a [i64],
    low: &'static str,
    high: &'static str,
    follow_up: &'static str,
}

struct SurveyWords {
    subject: &'static str,
    greeting: &'static str,
    question: &'static str,
    low: &'static str,
    high: &'static str,
    /// Introduces the shop's own open question, shown after the buttons.
    follow_up: &'static str,
}

const ES_GREETING: &str = "Hola, {{ first_name }}:";
const EN_GREETING: &str = "Hello {{ first_name }},";

fn survey_words(kind: SurveyKind, language: Language) -> SurveyWords {
    match (language, kind) {
        (Language::Es, SurveyKind::Nps) => SurveyWords {
            greeting: ES_GREETING,
            subject: "¿Nos recomendarías? Tu pedido {{ order_number }} en {{ shop_name }}",
            question: "¿Qué probabilidad hay de que nos recomiendes a un amigo o familiar?",
            low: "Nada probable",
            high: "Muy probable",
            follow_up: "Después de pulsar podrás contarnos más:",
        },
        (Language::Es, SurveyKind::Csat) => SurveyWords {
            greeting: ES_GREETING,
            subject: "¿Qué tal tu pedido {{ order_number }} en {{ shop_name }}?",
            question: "¿Cómo de satisfecho estás con tu compra?",
            low: "Nada satisfecho",
            high: "Muy satisfecho",
            follow_up: "Después de pulsar podrás contarnos más:",
        },
        (Language::Es, SurveyKind::Ces) => SurveyWords {
            greeting: ES_GREETING,
            subject: "¿Te resultó fácil? Tu pedido {{ order_number }} en {{ shop_name }}",
            question: "¿Hasta qué punto estás de acuerdo? «{{ shop_name }} me lo puso fácil».",
            low: "Muy en desacuerdo",
            high: "Muy de acuerdo",
            follow_up: "Después de pulsar podrás contarnos más:",
        },
        (Language::En, SurveyKind::Nps) => SurveyWords {
            greeting: EN_GREETING,
            subject: "Would you recommend us? Your order {{ order_number }} at {{ shop_name }}",
            question: "How likely are you to recommend us to a friend or family member?",
            low: "Not at all likely",
            high: "Extremely likely",
            follow_up: "After you click, you can tell us more:",
        },
        (Language::En, SurveyKind::Csat) => SurveyWords {
            greeting: EN_GREETING,
            subject: "How was your order {{ order_number }} at {{ shop_name }}?",
            question: "How satisfied are you with your purchase?",
            low: "Very dissatisfied",
            high: "Very satisfied",
            follow_up: "After you click, you can tell us more:",
        },
        (Language::En, SurveyKind::Ces) => SurveyWords {
            greeting: EN_GREETING,
            subject: "Was it easy? Your order {{ order_number }} at {{ shop_name }}",
            question: "How much do you agree? \u{201c}{{ shop_name }} made it easy for me.\u{201d}",
            low: "Strongly disagree",
            high: "Strongly agree",
            follow_up: "After you click, you can tell us more:",
        },
    }
}

/// A rule's text in `language`: the shop's, or the built-in one when the
/// shop left it empty.
pub fn automation_content(rule: &posventa_core::automations::AutomationRule, language: Language) -> Content {
    let (subject, body) = match language {
        Language::Es => (&rule.subject_es, &rule.body_es),
        Language::En => (&rule.subject_en, &rule.body_en),
    };
    let (default_subject, default_body) =
        posventa_core::automations::default_text(rule.key, language, rule.coupon_percent > 0);
    let greeting = match language {
        Language::Es => "Hola {{ first_name }}:\n\n",
        Language::En => "Hello {{ first_name }},\n\n",
    };
    Content {
        subject: if subject.is_empty() { default_subject.into() } else { subject.clone() },
        preheader: String::new(),
        body_md: if body.is_empty() { format!("{greeting}{default_body}") } else { body.clone() },
    }
}

fn notice_content(notice: &str, language: Language) -> Content {
    let (subject, body) = match (language, notice) {
        (Language::Es, "return_requested") => (
            "Hemos recibido tu solicitud de devolución n.º {{ return_number }}",
            "Hemos registrado tu solicitud de devolución del pedido **{{ order_number }}**. Te escribiremos en cuanto la revisemos.\n\nImporte previsto: **{{ amount }}**.",
        ),
        (Language::Es, "return_approved") => (
            "Tu devolución n.º {{ return_number }} está aprobada",
            "Hemos aprobado la devolución del pedido **{{ order_number }}**. Ya puedes enviarnos o traernos los artículos.",
        ),
        (Language::Es, "return_rejected") => (
            "Sobre tu devolución n.º {{ return_number }}",
            "No podemos aceptar la devolución del pedido **{{ order_number }}**.\n\nMotivo: {{ note }}\n\nSi tienes cualquier duda, responde a este mensaje.",
        ),
        (Language::Es, "return_received") => (
            "Hemos recibido los artículos de tu devolución n.º {{ return_number }}",
            "Ya tenemos los artículos del pedido **{{ order_number }}**. Te avisaremos cuando la devolución quede resuelta.",
        ),
        (Language::Es, "return_refunded") => (
            "Te hemos devuelto {{ amount }}",
            "Hemos hecho el reembolso de **{{ amount }}** por la devolución del pedido **{{ order_number }}**. Según tu banco, puede tardar unos días en verse.",
        ),
        (Language::Es, "return_exchanged") => (
            "Tu cambio del pedido {{ order_number }} está en marcha",
            "Hemos preparado el cambio de los artículos de tu devolución n.º {{ return_number }} (pedido **{{ order_number }}**).",
        ),
        (Language::Es, "return_credited") => (
            "Tienes {{ amount }} de saldo en la tienda",
            "Hemos añadido **{{ amount }}** de saldo a tu favor por la devolución del pedido **{{ order_number }}**. Puedes usarlo en tu próxima compra.",
        ),
        (Language::Es, "complaint_reply") => (
            "Sobre tu reclamación n.º {{ complaint_number }}",
            "{{ reply }}\n\nSi necesitas algo más, responde a este mensaje.",
        ),
        (Language::Es, _) => (
            "Novedades sobre tu devolución n.º {{ return_number }}",
            "Hay novedades sobre la devolución del pedido **{{ order_number }}**.",
        ),
        (Language::En, "return_requested") => (
            "We have your return request no. {{ return_number }}",
            "We have recorded your request to return items from order **{{ order_number }}**. We will write again once we have reviewed it.\n\nExpected amount: **{{ amount }}**.",
        ),
        (Language::En, "return_approved") => (
            "Your return no. {{ return_number }} is approved",
            "We have approved the return of order **{{ order_number }}**. You can now send or bring us the items.",
        ),
        (Language::En, "return_rejected") => (
            "About your return no. {{ return_number }}",
            "We cannot accept the return of order **{{ order_number }}**.\n\nReason: {{ note }}\n\nIf you have any question, just reply to this message.",
        ),
        (Language::En, "return_received") => (
            "We received the items of your return no. {{ return_number }}",
            "The items of order **{{ order_number }}** have arrived. We will let you know once the return is settled.",
        ),
        (Language::En, "return_refunded") => (
            "We have refunded {{ amount }}",
            "We have refunded **{{ amount }}** for the return of order **{{ order_number }}**. Depending on your bank it may take a few days to show.",
        ),
        (Language::En, "return_exchanged") => (
            "Your exchange for order {{ order_number }} is on its way",
            "We have prepared the exchange for the items of your return no. {{ return_number }} (order **{{ order_number }}**).",
        ),
        (Language::En, "return_credited") => (
            "You have {{ amount }} of store credit",
            "We have added **{{ amount }}** of store credit for the return of order **{{ order_number }}**. You can use it on your next purchase.",
        ),
        (Language::En, "complaint_reply") => (
            "About your complaint no. {{ complaint_number }}",
            "{{ reply }}\n\nIf you need anything else, just reply to this message.",
        ),
        (Language::En, _) => (
            "News about your return no. {{ return_number }}",
            "There is news about the return of order **{{ order_number }}**.",
        ),
    };
    let greeting = match language {
        Language::Es => "Hola {{ first_name }}:\n\n",
        Language::En => "Hello {{ first_name }},\n\n",
    };
    let closing = "\n\n{{ shop_name }}";
    Content { subject: subject.into(), preheader: subject.into(), body_md: format!("{greeting}{body}{closing}") }
}

fn confirmation_content(language: Language, has_confirm_url: bool) -> Content {
    let (subject, body, action) = match language {
        Language::Es => (
            "Confirma tu suscripción a {{ list_name }}",
            "Hola:\n\nPediste recibir **{{ list_name }}** de {{ shop_name }}. Esto es lo que aceptaste:\n\n> {{ consent_text }}\n\n",
            if has_confirm_url {
                "[Confirmar mi suscripción]({{ confirm_url }})\n\nSi no fuiste tú, ignora este mensaje: no te enviaremos nada más."
            } else {
                "Para confirmar, responde a este mensaje. Si no fuiste tú, ignóralo: no te enviaremos nada más."
            },
        ),
        Language::En => (
            "Please confirm your subscription to {{ list_name }}",
            "Hello,\n\nYou asked to receive **{{ list_name }}** from {{ shop_name }}. This is what you agreed to:\n\n> {{ consent_text }}\n\n",
            if has_confirm_url {
                "[Confirm my subscription]({{ confirm_url }})\n\nIf this was not you, ignore this message: we will not write again."
            } else {
                "To confirm, reply to this message. If this was not you, ignore it: we will not write again."
            },
        ),
    };
    Content { subject: subject.into(), preheader: subject.into(), body_md: format!("{body}{action}") }
}

/// Placeholder values for one recipient, cleaned of control characters so
/// none can reach a header or break a line.
#[derive(Debug, Clone, Default)]
pub struct Vars(BTreeMap<String, String>);

impl Vars {
    /// `stored` is the outbox row's `vars` JSON (captured when queued);
    /// the recipient's name, address, the shop name and the unsubscribe URL
    /// fill what it lacks.
    pub fn new(
        stored: &serde_json::Value,
        to_name: &str,
        to_address: &str,
        shop_name: &str,
        unsubscribe_url: &str,
    ) -> Self {
        let mut map = BTreeMap::new();
        if let Some(object) = stored.as_object() {
            for (key, value) in object {
                let text = match value {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                map.insert(key.clone(), one_line(&text));
            }
        }
        let name = one_line(to_name);
        map.entry("name".into()).or_insert_with(|| name.clone());
        let first = map["name"].split_whitespace().next().unwrap_or("").to_owned();
        map.entry("first_name".into()).or_insert(first);
        map.entry("email".into()).or_insert_with(|| one_line(to_address));
        map.entry("shop_name".into()).or_insert_with(|| one_line(shop_name));
        map.insert("unsubscribe_url".into(), one_line(unsubscribe_url));
        for key in CONFIRMATION_PLACEHOLDERS {
            map.entry((*key).into()).or_default();
        }
        Vars(map)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }
}

/// Control characters (CR, LF, NUL, tab…) become spaces, runs of spaces one.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_control() || c.is_whitespace()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Where the recipient's unsubscribe link points: the response collector
/// when one is configured, otherwise a mail back to the sender.
pub fn unsubscribe_url(from_address: &str, token: &str, collector_url: Option<&str>) -> String {
    match collector_url {
        Some(base) => format!("{}/u/{token}", base.trim_end_matches('/')),
        None => format!("mailto:{from_address}?subject=unsubscribe%20{token}"),
    }
}

/// Who sends: from the relay settings.
#[derive(Debug, Clone)]
pub struct Sender {
    pub from_name: String,
    pub from_address: String,
    pub reply_to: String,
}

impl Sender {
    /// Without a from address (no relay yet, .eml files only) a local one
    /// keeps the message well-formed.
    pub fn from_settings(settings: &MailSettings) -> Self {
        let from_address = if settings.from_address.is_empty() {
            "posventa@localhost".to_owned()
        } else {
            settings.from_address.clone()
        };
        Sender { from_name: settings.from_name.clone(), from_address, reply_to: settings.reply_to.clone() }
    }
}

/// One message's headers that come from the outbox row.
pub struct Envelope<'a> {
    pub to_address: &'a str,
    pub to_name: &'a str,
    pub message_id: &'a str,
    pub unsubscribe_token: &'a str,
    pub collector_url: Option<&'a str>,
    pub date: SystemTime,
}

/// A message ready for the wire.
pub struct Built {
    pub from: Address,
    pub to: Address,
    pub bytes: Vec<u8>,
}

#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

fn address(field: &'static str, value: &str) -> Result<Address> {
    if !is_bare_address(value) {
        return Err(Error::Header { field, detail: format!("{:?} is not a plain email address", value) });
    }
    value.parse().map_err(|err| Error::Header { field, detail: format!("{err}") })
}

/// Printable ASCII without spaces or angle brackets inside: safe in a header.
fn header_token(field: &'static str, value: &str, extra: &str) -> Result<()> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_alphanumeric() || extra.as_bytes().contains(&b)) {
        return Err(Error::Header { field, detail: format!("{value:?} holds characters a header cannot carry") });
    }
    Ok(())
}

/// Checks the response collector's base URL before it goes into headers.
pub fn check_collector_url(url: &str) -> Result<()> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(Error::Header { field: "collector_url", detail: "must start with https://".into() });
    }
    header_token("collector_url", url, "-._~:/?#[]@!$&'()*+,;=%")
}

fn display_name(name: &str) -> Option<String> {
    Some(one_line(name)).filter(|n| !n.is_empty())
}

/// Builds the final message. Names and the subject were cleaned already
/// (again here: this is the last gate before lettre); addresses, the
/// Message-ID and the token are checked and refused if unsafe.
pub fn build(sender: &Sender, envelope: &Envelope<'_>, rendered: &Rendered) -> Result<Built> {
    let from = address("from_address", &sender.from_address)?;
    let to = address("to_address", envelope.to_address)?;
    let message_id = envelope.message_id.trim_start_matches('<').trim_end_matches('>');
    header_token("message_id", message_id, "!#$%&'*+-/=?^_`{|}~.@")?;
    if !message_id.contains('@') {
        return Err(Error::Header { field: "message_id", detail: "a Message-ID needs an @".into() });
    }
    // Raw 32-hex tokens, or signed ones (base64url, a dot, base64url).
    header_token("unsubscribe_token", envelope.unsubscribe_token, "-_.")?;
    if let Some(url) = envelope.collector_url {
        check_collector_url(url)?;
    }
    let mut list_unsubscribe =
        format!("<mailto:{}?subject=unsubscribe%20{}>", sender.from_address, envelope.unsubscribe_token);
    if let Some(url) = envelope.collector_url {
        list_unsubscribe.push_str(&format!(", <{}>", unsubscribe_url("", envelope.unsubscribe_token, Some(url))));
    }
    let mut builder = Message::builder()
        .from(Mailbox::new(display_name(&sender.from_name), from.clone()))
        .to(Mailbox::new(display_name(envelope.to_name), to.clone()))
        .subject(one_line(&rendered.subject))
        .message_id(Some(format!("<{message_id}>")))
        .date(envelope.date)
        .header(ListUnsubscribe(list_unsubscribe))
        .header(ListUnsubscribePost);
    if !sender.reply_to.is_empty() {
        builder = builder.reply_to(Mailbox::new(None, address("reply_to", &sender.reply_to)?));
    }
    let body = MultiPart::alternative()
        .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(encode_body(&rendered.text)))
        .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(encode_body(&rendered.html)));
    let message = builder.multipart(body).map_err(|err| Error::Header { field: "message", detail: err.to_string() })?;
    Ok(Built { from, to, bytes: message.formatted() })
}

/// A text part's body with its transfer encoding picked here: 7bit for
/// short-lined ASCII, quoted-printable for mostly-ASCII text (what a
/// campaign in Spanish or English is), lettre's own choice otherwise.
/// lettre's chooser and encoder are general and slow; this is one pass.
fn encode_body(text: &str) -> Body {
    let bytes = text.as_bytes();
    let seven_bit = text.is_ascii() && {
        let mut column = 0;
        bytes.iter().enumerate().all(|(i, &b)| match b {
            b'\n' => {
                column = 0;
                true
            }
            b'\r' => bytes.get(i + 1) == Some(&b'\n'),
            b'\t' | b' '..=b'~' => {
                column += 1;
                column <= 76
            }
            _ => false,
        })
    };
    if seven_bit {
        let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32 + 2);
        crlf(bytes, &mut out);
        Body::dangerous_pre_encoded(out, ContentTransferEncoding::SevenBit)
    } else if bytes.iter().filter(|b| !b.is_ascii()).count() * 4 <= bytes.len() {
        let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8 + 2);
        quoted_printable(bytes, &mut out);
        Body::dangerous_pre_encoded(out, ContentTransferEncoding::QuotedPrintable)
    } else {
        Body::new(text.to_owned())
    }
}

/// Line ends as CRLF (a bare CR or LF becomes one).
fn crlf(bytes: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' => {
                out.extend_from_slice(b"\r\n");
                i += if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            }
            b'\n' => {
                out.extend_from_slice(b"\r\n");
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
}

/// Quoted-printable (RFC 2045 6.7): line ends (LF or CRLF) become CRLF,
/// printable ASCII but "=" stays, spaces and tabs stay unless they end a
/// line, everything else is =XX; lines are broken with a soft "=" before
/// they pass 76 characters.
fn quoted_printable(input: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let line_end_at = |i: usize| match input.get(i) {
        None | Some(b'\n') => true,
        Some(b'\r') => input.get(i + 1) == Some(&b'\n'),
        _ => false,
    };
    // Printable ASCII but "=", and spaces and tabs that do not end a line.
    let literal = |i: usize| match input[i] {
        b' ' | b'\t' => !line_end_at(i + 1),
        b'=' => false,
        b => (33..=126).contains(&b),
    };
    let mut column = 0;
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        if b == b'\n' || (b == b'\r' && input.get(i + 1) == Some(&b'\n')) {
            out.extend_from_slice(b"\r\n");
            column = 0;
            i += if b == b'\r' { 2 } else { 1 };
            continue;
        }
        if literal(i) {
            // A run of literal bytes, up to the end of the line's room.
            if column >= 75 {
                out.extend_from_slice(b"=\r\n");
                column = 0;
            }
            let limit = input.len().min(i + (75 - column));
            let mut j = i + 1;
            while j < limit && literal(j) {
                j += 1;
            }
            out.extend_from_slice(&input[i..j]);
            column += j - i;
            i = j;
            continue;
        }
        if column + 3 > 75 {
            out.extend_from_slice(b"=\r\n");
            column = 0;
        }
        out.extend_from_slice(&[b'=', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        column += 3;
        i += 1;
    }
}

/// The message behind Settings → Email → "Send test message".
pub fn test_message(settings: &MailSettings, to: &str) -> Result<Built> {
    let sender = Sender::from_settings(settings);
    let domain = sender.from_address.rsplit_once('@').map_or("posventa.invalid", |(_, d)| d).to_owned();
    let token: String = std::iter::repeat_with(fastrand::alphanumeric).take(24).collect();
    let rendered = Rendered {
        subject: "Posventa: mensaje de prueba / test message".into(),
        html: "<p>Posventa puede enviar correo con esta configuración.</p><p>Posventa can send email with these settings.</p>".into(),
        text: "Posventa puede enviar correo con esta configuración.\nPosventa can send email with these settings.\n".into(),
    };
    let message_id = format!("<{token}@{domain}>");
    let envelope = Envelope {
        to_address: to.trim(),
        to_name: "",
        message_id: &message_id,
        unsubscribe_token: &token,
        collector_url: None,
        date: SystemTime::now(),
    };
    build(&sender, &envelope, &rendered)
}

/// A sample recipient for the preview.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct SampleRecipient {
    pub name: String,
    pub email: String,
}

/// What the campaign editor shows: subject, HTML and text for a sample
/// recipient (the UI puts the HTML in a sandboxed iframe).
pub fn preview(
    content: &Content,
    language: Language,
    shop_name: &str,
    sender: &Sender,
    sample: &SampleRecipient,
    collector_url: Option<&str>,
) -> Result<Rendered> {
    let template = Template::campaign(content, language)?;
    let url = unsubscribe_url(&sender.from_address, "preview", collector_url);
    template.render(&Vars::new(&serde_json::Value::Null, &sample.name, &sample.email, shop_name, &url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_encoded_so_that_any_reader_gets_the_text_back() {
        let long = "Nuestra colección de otoño = más novedades para ti ".repeat(9);
        let texts = [
            "Hola María José,\nuna línea con espacio final \ny un tab\t\n\nFin ".to_owned(),
            format!("{long}\r\n.punto al principio\n=3D literal\rCR suelto\n"),
            "Only ASCII, short lines.\nSecond line.\n".to_owned(),
            format!("ASCII but a long line: {}\n", "x".repeat(300)),
            "Ελληνικά κείμενα και 日本語のテキスト".to_owned(),
        ];
        for text in texts {
            let rendered = Rendered { subject: "s".into(), html: format!("<p>{text}</p>"), text: text.clone() };
            let sender = Sender {
                from_name: "Tienda".into(),
                from_address: "hola@tienda.example".into(),
                reply_to: String::new(),
            };
            let envelope = Envelope {
                to_address: "ana@example.com",
                to_name: "Ana",
                message_id: "<abc@tienda.example>",
                unsubscribe_token: "tok",
                collector_url: None,
                date: SystemTime::now(),
            };
            let built = build(&sender, &envelope, &rendered).unwrap();
            let raw = String::from_utf8(built.bytes.clone()).expect("the wire form is ASCII");
            assert!(raw.is_ascii(), "{raw}");
            assert!(raw.split("\r\n").all(|l| l.len() <= 998), "no line longer than SMTP allows");
            assert!(!raw.replace("\r\n", "").contains(['\r', '\n']), "every line end is CRLF");
            let parsed = mail_parser::MessageParser::default().parse(&built.bytes).unwrap();
            let normal = |t: &str| t.replace("\r\n", "\n").replace('\r', "\n");
            assert_eq!(normal(&parsed.body_text(0).unwrap()), normal(&text), "{raw}");
            assert_eq!(normal(&parsed.body_html(0).unwrap()), normal(&format!("<p>{text}</p>")), "{raw}");
        }
        let qp = {
            let mut out = Vec::new();
            quoted_printable("a b \nc=d\té".as_bytes(), &mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(qp, "a b=20\r\nc=3Dd\t=C3=A9", "a tab inside a line stays");
        let mut out = Vec::new();
        quoted_printable("é".repeat(100).as_bytes(), &mut out);
        assert!(String::from_utf8(out).unwrap().split("\r\n").all(|l| l.len() <= 76), "soft breaks keep lines short");
    }

    fn content(body: &str) -> Content {
        Content {
            subject: "Hola {{ first_name }}".into(),
            preheader: "Novedades de {{ shop_name }}".into(),
            body_md: body.into(),
        }
    }

    fn vars(name: &str) -> Vars {
        Vars::new(&serde_json::Value::Null, name, "ana@example.com", "Tienda <Sol>", "mailto:x@example.com?subject=u")
    }

    #[test]
    fn customer_text_is_escaped_in_html_and_kept_in_text() {
        let t = Template::campaign(&content("Hola **{{ name }}**, gracias."), Language::Es).unwrap();
        let r = t.render(&vars("<b>x</b> & co")).unwrap();
        assert!(
            r.html.contains("&lt;b&gt;x&lt;&#x2f;b&gt; &amp; co") || r.html.contains("&lt;b&gt;x&lt;/b&gt; &amp; co"),
            "a hostile name must appear escaped, never as markup: {}",
            r.html
        );
        assert!(!r.html.contains("<b>x</b>"), "customer text is data, never markup");
        assert!(r.text.contains("Hola **<b>x</b> & co**"), "the text part is not HTML: no escaping");
        assert_eq!(r.subject, "Hola <b>x</b>", "the subject is not HTML either");
        assert!(r.html.contains("Novedades de Tienda &lt;Sol&gt;"), "the preheader is in the HTML part");
        assert!(r.html.contains("mailto:x@example.com?subject=u"), "the footer carries the unsubscribe link");
    }

    #[test]
    fn raw_html_in_markdown_is_shown_as_text() {
        let t = Template::campaign(&content("<script>alert(1)</script>\n\nHi <i>there</i>"), Language::En).unwrap();
        let r = t.render(&vars("Ana")).unwrap();
        assert!(!r.html.contains("<script>") && !r.html.contains("<i>there"), "raw HTML must not become markup");
        assert!(r.html.contains("&lt;script&gt;"), "it is shown as text instead");
    }

    #[test]
    fn template_syntax_in_the_owners_text_stays_literal() {
        let t = Template::campaign(&content("Precio {{7*7}} y {% if x %} y {# c #} endraw {% endraw %}"), Language::Es)
            .unwrap();
        let r = t.render(&vars("Ana")).unwrap();
        assert!(r.text.contains("Precio {{7*7}} y {% if x %} y {# c #} endraw {% endraw %}"), "{}", r.text);
    }

    #[test]
    fn unknown_placeholders_are_refused_with_the_field() {
        let err = Template::campaign(&content("Hola {{ password }}"), Language::Es).err().unwrap();
        assert!(matches!(err, Error::Template { field: "body_md", .. }), "the UI shows it on the body: {err}");
    }

    #[test]
    fn placeholders_work_in_links() {
        let t = Template::campaign(&content("[Baja]({{ unsubscribe_url }})"), Language::Es).unwrap();
        let r = t.render(&vars("Ana")).unwrap();
        assert!(r.html.contains(r#"href="mailto:x@example.com?subject=u""#), "{}", r.html);
    }

    #[test]
    fn control_characters_never_reach_headers() {
        let v =
            Vars::new(&serde_json::json!({"name": "Eve\r\nBcc: victim@example.com"}), "", "e@example.com", "S", "u");
        assert_eq!(v.get("name"), Some("Eve Bcc: victim@example.com"), "CR/LF become a space: one line");
        let t = Template::campaign(
            &Content { subject: "Hi {{ name }}\r\nBcc: x@example.com".into(), ..content("x") },
            Language::En,
        )
        .unwrap();
        let r = t.render(&v).unwrap();
        assert!(!r.subject.contains('\n') && !r.subject.contains('\r'));
        let sender = Sender {
            from_name: "Shop\r\nBcc: a@example.com".into(),
            from_address: "shop@example.com".into(),
            reply_to: String::new(),
        };
        let env = Envelope {
            to_address: "e@example.com",
            to_name: "Eve\nBcc: b@example.com",
            message_id: "<1.abc@posventa>",
            unsubscribe_token: "tok",
            collector_url: None,
            date: SystemTime::now(),
        };
        let built = build(&sender, &env, &r).unwrap();
        let text = String::from_utf8(built.bytes).unwrap();
        assert!(!text.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")), "no injected Bcc header:\n{text}");
        let bad = Envelope { to_address: "e@example.com\r\nBcc: c@example.com", ..env };
        assert!(matches!(build(&sender, &bad, &r), Err(Error::Header { field: "to_address", .. })));
    }

    #[test]
    fn a_return_notice_renders_in_both_languages_with_the_reason_escaped() {
        let stored = serde_json::json!({
            "notice": "return_rejected",
            "return_number": "12",
            "order_number": "A-1001",
            "amount": "30,00 EUR",
            "note": "<script>alert(1)</script> usado",
        });
        for (lang, word) in [(Language::Es, "Motivo"), (Language::En, "Reason")] {
            let r = Template::notice("return_rejected", lang)
                .render(&Vars::new(&stored, "Lucía Pérez", "l@example.es", "Sol", "u"))
                .unwrap();
            assert!(r.subject.contains("12"), "{}", r.subject);
            assert!(r.html.contains(word) && r.html.contains("A-1001") && r.text.contains("Lucía"), "{}", r.html);
            assert!(!r.html.contains("<script>alert"), "the owner's note is data, never markup:\n{}", r.html);
            assert!(r.text.contains("<script>alert(1)</script> usado"), "the text part keeps it literally");
        }
        let refunded = Template::notice("return_refunded", Language::Es)
            .render(&Vars::new(
                &serde_json::json!({"amount": "94,50 EUR", "order_number": "A-1"}),
                "Ana",
                "a@e.es",
                "Sol",
                "u",
            ))
            .unwrap();
        assert_eq!(refunded.subject, "Te hemos devuelto 94,50 EUR");
    }

    #[test]
    fn a_complaint_reply_renders_in_both_languages_with_the_owners_text_escaped() {
        let stored = serde_json::json!({
            "notice": "complaint_reply",
            "complaint_number": "7",
            "reply": "Le enviamos otra taza <img src=x onerror=alert(1)>",
        });
        for (lang, subject) in
            [(Language::Es, "Sobre tu reclamación n.º 7"), (Language::En, "About your complaint no. 7")]
        {
            let r = Template::notice("complaint_reply", lang)
                .render(&Vars::new(&stored, "Ana Pérez", "a@example.es", "Sol", "u"))
                .unwrap();
            assert_eq!(r.subject, subject);
            assert!(r.html.contains("Le enviamos otra taza") && r.text.contains("Ana"), "{}", r.html);
            assert!(!r.html.contains("<img"), "the reply is data, never markup:\n{}", r.html);
            assert!(r.text.contains("<img src=x onerror=alert(1)>"), "the text part keeps it literally");
        }
    }

    #[test]
    fn the_confirmation_renders_in_both_languages() {
        for (lang, word) in [(Language::Es, "Confirmar"), (Language::En, "Confirm my")] {
            let t = Template::confirmation(lang, true);
            let v = Vars::new(
                &serde_json::json!({"list_name": "Ofertas", "confirm_url": "https://c.example/c/1"}),
                "Ana",
                "a@example.com",
                "Sol",
                "u",
            );
            let r = t.render(&v).unwrap();
            assert!(
                r.subject.contains("Ofertas") && r.html.contains(word) && r.html.contains("c.example"),
                "{}",
                r.html
            );
        }
    }

    #[test]
    fn a_survey_has_one_plain_link_button_per_score_and_the_shops_question() {
        let template = Template::survey(SurveyKind::Nps, Language::Es);
        let mut stored = serde_json::json!({
            "order_number": "M-17",
            "follow_up": "¿Qué podemos mejorar? <b>dinos</b>",
        });
        for score in 0..=10 {
            stored[format!("score_link_{score}")] = format!("https://e.example/s/tok&x/{score}").into();
        }
        let vars = Vars::new(&stored, "Ana Núñez", "ana@example.com", "Luna", "mailto:x@example.com");
        let r = template.render(&vars).unwrap();
        assert_eq!(r.subject, "¿Nos recomendarías? Tu pedido M-17 en Luna");
        // minijinja escapes `/` too (`&#x2f;`): every HTML reader decodes it.
        let decoded = r.html.replace("&#x2f;", "/");
        for score in 0..=10 {
            assert!(decoded.contains(&format!("href=\"https://e.example/s/tok&amp;x/{score}\"")), "button {score}");
            assert!(r.text.contains(&format!("{score}: https://e.example/s/tok&x/{score}")), "text link {score}");
        }
        assert!(r.html.contains("Hola, Ana:"));
        assert!(decoded.contains("&lt;b&gt;dinos&lt;/b&gt;"), "the shop's question is text, never markup");
        assert!(!r.html.contains("<script") && !r.html.contains("<img"), "no scripts, no images");
        let english = Template::survey(SurveyKind::Csat, Language::En).render(&vars).unwrap();
        assert!(english.html.contains("How satisfied are you"));
        let english = english.html.replace("&#x2f;", "/");
        assert!(!english.contains("/s/tok&amp;x/0\""), "CSAT starts at 1");
        assert!(english.contains("/s/tok&amp;x/5\""));
    }
}
