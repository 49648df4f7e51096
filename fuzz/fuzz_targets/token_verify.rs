//! Any text presented as a link token: verifying it never panics and never
//! accepts a token that was not signed with the key; a token signed with
//! the key always verifies back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use posventa_collector::token::{Keys, Lang, Reference, Survey, Token};

fuzz_target!(|data: &[u8]| {
    let keys = Keys::from_secret(&[7u8; 32]);
    let text = String::from_utf8_lossy(data);
    if let Ok(token) = keys.verify(&text, 1_700_000_000) {
        // Only the key's own signatures verify: signing it again gives the same text.
        assert_eq!(keys.sign(&token), text, "a token verified that the key did not sign");
    }
    // Round trip: a reference made from the input, signed, verifies to the same token.
    if let Some(reference) = Reference::parse(&text) {
        let token = Token::Survey { survey: Survey::Nps, lang: Lang::Es, reference, expires: 1_800_000_000 };
        let signed = keys.sign(&token);
        assert_eq!(keys.verify(&signed, 1_700_000_000).ok(), Some(token));
    }
    let _ = Keys::from_secret_hex(&text);
});
