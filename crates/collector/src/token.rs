//! Signed link tokens and the pull API's key, as docs/collector-protocol.md
//! defines them. The desktop app signs with this module and the collector
//! verifies with it, so the two sides cannot drift apart.
//!
//! ```text
//! token   = base64url(payload) "." base64url(HMAC-SHA256(token key, payload))
//! payload = "s.<survey>.<lang>.<ref>.<exp>" | "u.<lang>.<ref>.<exp>"
//! ```

use std::fmt;
use std::ops::RangeInclusive;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// Longer strings are refused before any decoding: a real token is ~120
/// characters, and a URL segment can be made arbitrarily long.
const MAX_TOKEN_LEN: usize = 512;

/// The survey kinds and their score scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Survey {
    /// Net Promoter Score, 0–10.
    Nps,
    /// Customer satisfaction, 1–5.
    Csat,
    /// Customer effort, 1–7.
    Ces,
}

impl Survey {
    pub const ALL: [Survey; 3] = [Survey::Nps, Survey::Csat, Survey::Ces];

    /// The code used in payloads, the API and the collector's store.
    pub fn code(self) -> &'static str {
        match self {
            Survey::Nps => "nps",
            Survey::Csat => "csat",
            Survey::Ces => "ces",
        }
    }

    pub fn from_code(code: &str) -> Option<Survey> {
        Survey::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The valid scores, lowest first.
    pub fn scores(self) -> RangeInclusive<u8> {
        match self {
            Survey::Nps => 0..=10,
            Survey::Csat => 1..=5,
            Survey::Ces => 1..=7,
        }
    }

    pub fn accepts(self, score: u8) -> bool {
        self.scores().contains(&score)
    }
}

/// The language of the pages a token leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A recipient's reference: exactly 32 lowercase hex characters (the app's
/// id for a survey recipient, or an outbox row's unsubscribe token). Being
/// a checked type, a token that could not be verified cannot be signed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference(String);

impl Reference {
    pub fn parse(text: &str) -> Option<Reference> {
        let ok = text.len() == 32 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| Reference(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a link stands for. `expires` is in unix seconds; the token is valid
/// up to and including that second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Survey { survey: Survey, lang: Lang, reference: Reference, expires: u64 },
    Unsubscribe { lang: Lang, reference: Reference, expires: u64 },
}

impl Token {
    pub fn lang(&self) -> Lang {
        match self {
            Token::Survey { lang, .. } | Token::Unsubscribe { lang, .. } => *lang,
        }
    }

    pub fn reference(&self) -> &Reference {
        match self {
            Token::Survey { reference, .. } | Token::Unsubscribe { reference, .. } => reference,
        }
    }

    pub fn expires(&self) -> u64 {
        match self {
            Token::Survey { expires, .. } | Token::Unsubscribe { expires, .. } => *expires,
        }
    }

    /// The signed text.
    fn payload(&self) -> String {
        match self {
            Token::Survey { survey, lang, reference, expires } => {
                format!("s.{}.{}.{reference}.{expires}", survey.code(), lang.code())
            }
            Token::Unsubscribe { lang, reference, expires } => format!("u.{}.{reference}.{expires}", lang.code()),
        }
    }

    fn parse_payload(payload: &str) -> Option<Token> {
        let fields: Vec<&str> = payload.split('.').collect();
        let expires = |text: &str| -> Option<u64> {
            // Digits only: `u64::from_str` would also take a leading '+'.
            (!text.is_empty() && text.len() <= 20 && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse().ok())
                .flatten()
        };
        match fields.as_slice() {
            ["s", survey, lang, reference, exp] => Some(Token::Survey {
                survey: Survey::from_code(survey)?,
                lang: Lang::from_code(lang)?,
                reference: Reference::parse(reference)?,
                expires: expires(exp)?,
            }),
            ["u", lang, reference, exp] => Some(Token::Unsubscribe {
                lang: Lang::from_code(lang)?,
                reference: Reference::parse(reference)?,
                expires: expires(exp)?,
            }),
            _ => None,
        }
    }
}

/// Why a token was refused. Every case records nothing and gets the neutral
/// page; `lang` is the payload's language when the payload could be read
/// (even with a bad signature: it only picks the language of a refusal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    pub reason: Reason,
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Not two base64url parts, or too long.
    Malformed,
    /// The signature does not match the payload.
    Forged,
    /// Signed by us but not a payload this version understands.
    BadPayload,
    /// Genuine but past its `exp`.
    Expired,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.reason {
            Reason::Malformed => "malformed token",
            Reason::Forged => "token signature does not match",
            Reason::BadPayload => "token payload not understood",
            Reason::Expired => "token expired",
        })
    }
}

impl std::error::Error for Invalid {}

/// The shared secret was not 64 hex characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadSecret;

impl fmt::Display for BadSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the shared secret must be 64 hex characters (32 bytes), as shown in the app")
    }
}

impl std::error::Error for BadSecret {}

/// The two keys derived from a shop's shared secret.
#[derive(Clone)]
pub struct Keys {
    token_key: [u8; 32],
    api_key: String,
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print key material, even in a debug log.
        f.write_str("Keys(..)")
    }
}

impl Keys {
    /// From the 64 hex characters the app shows (either case, surrounding
    /// whitespace ignored).
    pub fn from_secret_hex(hex: &str) -> Result<Keys, BadSecret> {
        let hex = hex.trim();
        if hex.len() != 64 {
            return Err(BadSecret);
        }
        let mut secret = [0u8; 32];
        for (i, pair) in hex.as_bytes().chunks(2).enumerate() {
            let digit = |b: u8| (b as char).to_digit(16).ok_or(BadSecret);
            secret[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
        }
        Ok(Keys::from_secret(&secret))
    }

    /// From the 32 raw secret bytes (the HMAC key of both derivations).
    pub fn from_secret(secret: &[u8; 32]) -> Keys {
        let derive = |label: &[u8]| -> [u8; 32] {
            let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
            mac.update(label);
            mac.finalize().into_bytes().into()
        };
        let token_key = derive(b"posventa token v1");
        let api_key = derive(b"posventa api v1").iter().map(|b| format!("{b:02x}")).collect();
        Keys { token_key, api_key }
    }

    /// `hex(HMAC(secret, "posventa api v1"))`: what the app sends as
    /// `Authorization: Bearer <api key>`.
    pub fn api_key(&self) -> String {
        self.api_key.clone()
    }

    /// Whether `presented` is the API key, compared in constant time.
    pub fn is_api_key(&self, presented: &str) -> bool {
        presented.len() == self.api_key.len() && bool::from(presented.as_bytes().ct_eq(self.api_key.as_bytes()))
    }

    fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.token_key).expect("HMAC takes keys of any length")
    }

    /// The token text for a link (URL-safe, no padding).
    pub fn sign(&self, token: &Token) -> String {
        let payload = token.payload();
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        let signature = mac.finalize().into_bytes();
        format!("{}.{}", URL_SAFE_NO_PAD.encode(payload), URL_SAFE_NO_PAD.encode(signature))
    }

    /// Checks the signature (in constant time), the payload and the expiry
    /// against `now` (unix seconds).
    pub fn verify(&self, text: &str, now: u64) -> Result<Token, Invalid> {
        let malformed = Invalid { reason: Reason::Malformed, lang: None };
        if text.len() > MAX_TOKEN_LEN {
            return Err(malformed);
        }
        let (payload, signature) = text.split_once('.').ok_or(malformed)?;
        let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| malformed)?;
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| malformed)?;
        let parsed = std::str::from_utf8(&payload).ok().and_then(Token::parse_payload);
        let lang = parsed.as_ref().map(Token::lang);
        let mut mac = self.mac();
        mac.update(&payload);
        // `verify_slice` compares in constant time (and refuses other lengths).
        mac.verify_slice(&signature).map_err(|_| Invalid { reason: Reason::Forged, lang })?;
        let token = parsed.ok_or(Invalid { reason: Reason::BadPayload, lang: None })?;
        if now > token.expires() {
            return Err(Invalid { reason: Reason::Expired, lang });
        }
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    fn keys() -> Keys {
        Keys::from_secret_hex(SECRET).unwrap()
    }

    fn reference() -> Reference {
        Reference::parse("0123456789abcdef0123456789abcdef").unwrap()
    }

    fn survey(expires: u64) -> Token {
        Token::Survey { survey: Survey::Nps, lang: Lang::En, reference: reference(), expires }
    }

    #[test]
    fn round_trip_for_both_kinds() {
        let keys = keys();
        for token in [survey(2_000_000_000), Token::Unsubscribe { lang: Lang::Es, reference: reference(), expires: 5 }]
        {
            let text = keys.sign(&token);
            assert!(
                text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
                "must fit a URL path: {text}"
            );
            assert_eq!(keys.verify(&text, 5), Ok(token), "a token we signed must verify");
        }
    }

    #[test]
    fn payload_is_the_documented_text() {
        let text = keys().sign(&survey(1795455309));
        let payload = URL_SAFE_NO_PAD.decode(text.split_once('.').unwrap().0).unwrap();
        assert_eq!(payload, b"s.nps.en.0123456789abcdef0123456789abcdef.1795455309");
    }

    /// Pins the derivations so the app and the collector can never disagree
    /// silently: these values were computed independently with
    /// `openssl dgst -sha256 -mac HMAC -macopt hexkey:<secret>`.
    #[test]
    fn derivations_match_openssl() {
        let keys = keys();
        assert_eq!(keys.api_key(), "fdb1f71683f9ec6ff9ae89819ef822598c1d9395f69b67f5942138e92e3bdf1c");
        let text = keys.sign(&survey(1795455309));
        assert_eq!(text.split_once('.').unwrap().1, "E-wN_YEFyaO2ZfGyANHQLgctE6KXw7hIczlGoKYaV-Q");
    }

    #[test]
    fn any_changed_character_is_refused() {
        let keys = keys();
        let text = keys.sign(&survey(2_000_000_000));
        for i in 0..text.len() {
            let mut bytes = text.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let tampered = String::from_utf8(bytes).unwrap();
            if tampered != text {
                assert!(keys.verify(&tampered, 0).is_err(), "changing character {i} must invalidate {tampered}");
            }
        }
    }

    #[test]
    fn other_secret_expired_and_garbage_are_refused() {
        let text = keys().sign(&survey(100));
        let other = Keys::from_secret(&[7; 32]);
        assert_eq!(other.verify(&text, 0).unwrap_err().reason, Reason::Forged, "another shop's key must not verify");
        assert_eq!(keys().verify(&text, 100).map(|t| t.expires()), Ok(100), "valid through its last second");
        let expired = keys().verify(&text, 101).unwrap_err();
        assert_eq!(expired, Invalid { reason: Reason::Expired, lang: Some(Lang::En) });
        for garbage in ["", ".", "abc", "a.b.c", "!!!.???", &"A".repeat(600)] {
            assert!(keys().verify(garbage, 0).is_err(), "{garbage:?} must be refused");
        }
    }

    #[test]
    fn signed_but_unknown_payloads_are_refused() {
        let keys = keys();
        for payload in [
            "s.nps.fr.0123456789abcdef0123456789abcdef.1",
            "s.nps.en.0123456789ABCDEF0123456789ABCDEF.1",
            "s.nps.en.0123456789abcdef0123456789abcdef.+1",
            "s.xyz.en.0123456789abcdef0123456789abcdef.1",
            "u.en.0123456789abcdef.1",
            "x.en.0123456789abcdef0123456789abcdef.1",
        ] {
            let mut mac = keys.mac();
            mac.update(payload.as_bytes());
            let text =
                format!("{}.{}", URL_SAFE_NO_PAD.encode(payload), URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()));
            assert_eq!(keys.verify(&text, 0).unwrap_err().reason, Reason::BadPayload, "{payload}");
        }
    }

    #[test]
    fn secrets_and_api_keys() {
        assert!(Keys::from_secret_hex(&SECRET.to_uppercase()).is_ok(), "hex case must not matter");
        assert!(Keys::from_secret_hex("abcd").is_err());
        assert!(Keys::from_secret_hex(&"g".repeat(64)).is_err());
        let keys = keys();
        assert!(keys.is_api_key(&keys.api_key()));
        assert!(!keys.is_api_key(&keys.api_key()[1..]));
        assert!(!keys.is_api_key(""));
    }
}
