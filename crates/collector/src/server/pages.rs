//! The customer-facing pages, in Spanish and English: script-free HTML with
//! a small inline style (the CSP allows nothing else). Everything that
//! comes from a request is escaped; a comment is data, never markup.

use std::fmt::Write as _;

use crate::token::{Lang, Survey};

/// Characters a comment may have, as the protocol says.
pub const MAX_COMMENT_CHARS: usize = 2000;

pub fn escape(text: &str) -> String {
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

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2328;background:#f4f5f7}\
main{max-width:34rem;margin:0 auto;padding:1.5rem 1rem}\
.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}\
h1{font-size:1.35rem;margin:0 0 .5rem}\
p{margin:.5rem 0}\
.muted{color:#59636e;font-size:.9rem}\
.scores{display:flex;flex-wrap:wrap;gap:.4rem;margin:.75rem 0}\
.scores button{min-width:2.75rem;min-height:2.75rem;font:inherit;font-weight:600;border:1px solid #c4c9d0;border-radius:8px;background:#fff;color:#1f2328;cursor:pointer}\
.scores button.on{background:#0b6e4f;border-color:#0b6e4f;color:#fff;box-shadow:0 0 0 3px #9fd8c4}\
label{display:block;margin-top:1rem;font-weight:600}\
textarea{display:block;width:100%;min-height:7rem;margin-top:.35rem;padding:.5rem;font:inherit;border:1px solid #c4c9d0;border-radius:8px}\
.send{margin-top:.75rem;padding:.65rem 1.5rem;font:inherit;font-weight:600;border:0;border-radius:8px;background:#0b6e4f;color:#fff;cursor:pointer}\
.note{padding:.5rem .75rem;border-radius:8px;background:#e6f4ee;color:#0b513a}\
.error{padding:.5rem .75rem;border-radius:8px;background:#fdecea;color:#8a1c12}\
";

fn page(lang: Lang, title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{}</title><style>{STYLE}</style></head>\
         <body><main><div class=\"card\">{body}</div></main></body></html>",
        lang.code(),
        escape(title)
    )
}

fn t(lang: Lang, es: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Es => es,
        Lang::En => en,
    }
}

fn question(lang: Lang, survey: Survey) -> (&'static str, &'static str) {
    match survey {
        Survey::Nps => (
            t(
                lang,
                "¿Qué probabilidad hay de que nos recomiende a un amigo o colega?",
                "How likely are you to recommend us to a friend or colleague?",
            ),
            t(lang, "0 = nada probable · 10 = muy probable", "0 = not at all likely · 10 = extremely likely"),
        ),
        Survey::Csat => (
            t(lang, "¿Qué tan satisfecho está con su compra?", "How satisfied are you with your purchase?"),
            t(lang, "1 = muy insatisfecho · 5 = muy satisfecho", "1 = very dissatisfied · 5 = very satisfied"),
        ),
        Survey::Ces => (
            t(
                lang,
                "«La tienda me lo puso fácil». ¿Qué tan de acuerdo está?",
                "“The shop made it easy for me.” How much do you agree?",
            ),
            t(
                lang,
                "1 = totalmente en desacuerdo · 7 = totalmente de acuerdo",
                "1 = strongly disagree · 7 = strongly agree",
            ),
        ),
    }
}

/// How the thank-you page came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The score link was opened (provisional).
    Clicked,
    /// The form was posted and saved.
    Saved,
    /// The form was posted without a valid score.
    NoScore,
    /// The form was posted with a comment over the limit.
    CommentTooLong,
}

/// The thank-you page: the score highlighted, every other score a button
/// that saves it, the comment box and "Send" (which saves the current
/// score). One form, no script; `action` is where it posts.
pub fn thanks(lang: Lang, survey: Survey, score: Option<u8>, comment: &str, action: &str, stage: Stage) -> String {
    let (ask, scale) = question(lang, survey);
    let mut body = String::new();
    let heading = match stage {
        Stage::Clicked => t(lang, "¡Gracias por su respuesta!", "Thank you for your answer!"),
        Stage::Saved => t(lang, "¡Guardado! Muchas gracias.", "Saved. Thank you!"),
        Stage::NoScore | Stage::CommentTooLong => t(lang, "Falta un detalle", "One more thing"),
    };
    let _ = write!(body, "<h1>{}</h1>", escape(heading));
    match (stage, score) {
        (Stage::Clicked, Some(n)) => {
            let _ = write!(
                body,
                "<p>{} <strong>{n}</strong>. {}</p>",
                t(lang, "Su puntuación:", "Your score:"),
                t(
                    lang,
                    "Si quiere, cámbiela tocando otro número o déjenos un comentario.",
                    "You can change it by tapping another number, or leave us a comment."
                )
            );
        }
        (Stage::Saved, Some(n)) => {
            let _ = write!(
                body,
                "<p class=\"note\">{} <strong>{n}</strong>. {}</p>",
                t(lang, "Hemos guardado su puntuación:", "We have saved your score:"),
                t(
                    lang,
                    "Puede cambiarla o añadir un comentario cuando quiera.",
                    "You can change it or add a comment at any time."
                )
            );
        }
        (Stage::CommentTooLong, _) => {
            let _ = write!(
                body,
                "<p class=\"error\">{}</p>",
                t(
                    lang,
                    "El comentario es demasiado largo: como máximo 2.000 caracteres. No se ha guardado nada.",
                    "The comment is too long: 2,000 characters at most. Nothing was saved."
                )
            );
        }
        _ => {
            let _ = write!(
                body,
                "<p class=\"error\">{}</p>",
                t(lang, "Elija una puntuación tocando un número.", "Please choose a score by tapping a number.")
            );
        }
    }
    let _ = write!(body, "<form method=\"post\" action=\"{}\"><p>{}</p>", escape(action), escape(ask));
    body.push_str("<div class=\"scores\">");
    for n in survey.scores() {
        let on = score == Some(n);
        let _ = write!(
            body,
            "<button type=\"submit\" name=\"score\" value=\"{n}\"{}>{n}</button>",
            if on { " class=\"on\" aria-pressed=\"true\"" } else { " aria-pressed=\"false\"" }
        );
    }
    let _ = write!(body, "</div><p class=\"muted\">{}</p>", escape(scale));
    let _ = write!(
        body,
        "<label for=\"comment\">{}</label><textarea id=\"comment\" name=\"comment\" maxlength=\"{MAX_COMMENT_CHARS}\">{}</textarea>",
        t(lang, "¿Quiere contarnos algo más? (opcional)", "Anything else you would like to tell us? (optional)"),
        escape(comment)
    );
    if let Some(n) = score {
        let _ = write!(
            body,
            "<button class=\"send\" type=\"submit\" name=\"score\" value=\"{n}\">{}</button>",
            t(lang, "Enviar", "Send")
        );
    }
    body.push_str("</form>");
    page(lang, t(lang, "Gracias", "Thank you"), &body)
}

/// `GET /u/<token>`: asks before unsubscribing (the form sends what RFC
/// 8058 clients send).
pub fn unsubscribe_confirm(lang: Lang, action: &str) -> String {
    let body = format!(
        "<h1>{}</h1><p>{}</p><form method=\"post\" action=\"{}\">\
         <input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\
         <button class=\"send\" type=\"submit\">{}</button></form>",
        t(lang, "¿Darse de baja?", "Unsubscribe?"),
        t(
            lang,
            "Pulse el botón para dejar de recibir estos correos.",
            "Press the button to stop receiving these emails."
        ),
        escape(action),
        t(lang, "Darme de baja", "Unsubscribe me"),
    );
    page(lang, t(lang, "Darse de baja", "Unsubscribe"), &body)
}

pub fn unsubscribed(lang: Lang) -> String {
    let body = format!(
        "<h1>{}</h1><p>{}</p>",
        t(lang, "Se ha dado de baja", "You are unsubscribed"),
        t(lang, "Ya no recibirá estos correos.", "You will not receive these emails any more."),
    );
    page(lang, t(lang, "Baja confirmada", "Unsubscribed"), &body)
}

/// For forged, tampered, expired or unknown links: says nothing about why.
pub fn neutral(lang: Lang) -> String {
    let body = format!(
        "<h1>{}</h1><p>{}</p>",
        t(lang, "Enlace no válido", "Link not valid"),
        t(lang, "Este enlace ya no es válido.", "This link is not valid any more."),
    );
    page(lang, t(lang, "Enlace no válido", "Link not valid"), &body)
}

pub fn failure(lang: Lang) -> String {
    let body = format!(
        "<h1>{}</h1><p>{}</p>",
        t(lang, "Algo ha fallado", "Something went wrong"),
        t(
            lang,
            "No se ha guardado. Inténtelo de nuevo en un momento.",
            "Nothing was saved. Please try again in a moment."
        ),
    );
    page(lang, t(lang, "Error", "Error"), &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_text() {
        let html = thanks(Lang::En, Survey::Csat, Some(4), "<script>alert(1)</script>\"&", "x", Stage::Saved);
        assert!(!html.contains("<script>"), "markup in a comment must never become markup");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;"));
    }

    #[test]
    fn every_score_is_a_button_and_the_chosen_one_is_highlighted() {
        let html = thanks(Lang::Es, Survey::Nps, Some(9), "", "../t", Stage::Clicked);
        for n in 0..=10 {
            assert!(html.contains(&format!("name=\"score\" value=\"{n}\"")), "score {n} must be a button");
        }
        assert!(html.contains("value=\"9\" class=\"on\""));
        assert_eq!(html.matches("class=\"on\"").count(), 1);
        assert!(html.contains("Enviar") && html.contains("lang=\"es\""));
    }
}
