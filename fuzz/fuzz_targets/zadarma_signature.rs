//! The webhook signature check: any header is answered without panicking, the right signature
//! is always accepted, and a changed one never is.
#![no_main]

use callcard_pbx::zadarma::{verify_webhook_signature, webhook_signature, SignatureForm};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str, &str, bool)| {
    let (secret, message, header, accept_raw) = input;
    let _ = verify_webhook_signature(secret, message, header, accept_raw);
    let right = webhook_signature(secret, message);
    assert_eq!(verify_webhook_signature(secret, message, &right, accept_raw), Some(SignatureForm::Base64OfHex));
    if header.trim() != right && verify_webhook_signature(secret, message, header, false).is_some() {
        panic!("accepted {header:?}, the signature is {right:?}");
    }
});
