//! The `Signature` header of Zadarma webhooks: `base64(hex(HMAC-SHA1(secret, signed_string)))`.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

type HmacSha1 = Hmac<Sha1>;

/// Which encoding of the digest a signature used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureForm {
    /// base64 of the 40-character lowercase hex digest: the PHP library's form, the default.
    Base64OfHex,
    /// base64 of the raw 20-byte digest: the 2025 TypeScript library's form, accepted only
    /// behind a config flag.
    Base64OfRaw,
}

pub(crate) fn hmac_sha1(secret: &str, message: &str) -> [u8; 20] {
    let mut mac = HmacSha1::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(message.as_bytes());
    mac.finalize().into_bytes().into()
}

/// `base64(hex(HMAC-SHA1))`, the form used by webhooks and by REST signing alike.
pub fn webhook_signature(secret: &str, signed_string: &str) -> String {
    BASE64.encode(hex::encode(hmac_sha1(secret, signed_string)))
}

/// Checks a received `Signature` header in constant time. Returns the form that matched.
pub fn verify_webhook_signature(
    secret: &str,
    signed_string: &str,
    header: &str,
    accept_raw: bool,
) -> Option<SignatureForm> {
    let digest = hmac_sha1(secret, signed_string);
    let header = header.trim().as_bytes();
    let hex_form = BASE64.encode(hex::encode(digest));
    if bool::from(hex_form.as_bytes().ct_eq(header)) {
        return Some(SignatureForm::Base64OfHex);
    }
    if accept_raw && bool::from(BASE64.encode(digest).as_bytes().ct_eq(header)) {
        return Some(SignatureForm::Base64OfRaw);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "test_secret_456";

    /// PROTOCOLS.md §1.3 webhook vectors: (signed string, base64-of-hex, base64-of-raw).
    const VECTORS: &[(&str, &str, &str)] = &[
        (
            "79991234567749512345672024-05-01 12:00:00",
            "ZGEwZmRlMjAxNjM5MmNiYmIzZGQyYjE2OTVhYzUwODBhNmQzYzhiYg==",
            "2g/eIBY5LLuz3SsWlaxQgKbTyLs=",
        ),
        (
            "799912345671002024-05-01 12:00:00",
            "NGZjMDVlZDg2NjdmNTAxZmEwYjExYzE0MGY3NTQ4MzNlMWYwZmEwMg==",
            "T8Be2GZ/UB+gsRwUD3VIM+Hw+gI=",
        ),
        (
            "100799912345672024-05-01 12:05:00",
            "MmZjNDk3NWFkMjI3YjlmMTE2NjIyYmU3Y2I5ZTk5YjlkNjIyYzBhZA==",
            "L8SXWtInufEWYivny56ZudYiwK0=",
        ),
        (
            "in_0123456789abcdef0123456789abcdef012345671714564800.1234567",
            "ZjVjNTE5ZTM1ZTg0YjQxYzI1YjRmNDAyZDBmNjUyZmQ4OWRlODJmOQ==",
            "9cUZ416EtBwltPQC0PZS/Ynegvk=",
        ),
    ];

    #[test]
    fn protocol_vectors_base64_of_hex() {
        for (signed, hex_form, _) in VECTORS {
            assert_eq!(webhook_signature(SECRET, signed), *hex_form, "{signed}");
            assert_eq!(verify_webhook_signature(SECRET, signed, hex_form, false), Some(SignatureForm::Base64OfHex));
        }
    }

    #[test]
    fn raw_form_only_behind_the_flag() {
        for (signed, _, raw_form) in VECTORS {
            assert_eq!(verify_webhook_signature(SECRET, signed, raw_form, false), None);
            assert_eq!(verify_webhook_signature(SECRET, signed, raw_form, true), Some(SignatureForm::Base64OfRaw));
        }
    }

    #[test]
    fn second_secret_vector() {
        let signed = "79991234567749512345672024-05-01 12:00:00";
        assert_eq!(
            webhook_signature("0123456789abcdef0123", signed),
            "ZDY3MjU5ZDJkODU2MGM0MmUyMzkxZWIwM2E1ZWE4ZjA1ZjgyZWJmMg=="
        );
        assert_eq!(
            verify_webhook_signature("0123456789abcdef0123", signed, "1nJZ0thWDELiOR6wOl6o8F+C6/I=", true),
            Some(SignatureForm::Base64OfRaw)
        );
    }

    #[test]
    fn wrong_secret_or_tampered_string_fails() {
        let (signed, hex_form, _) = VECTORS[0];
        assert_eq!(verify_webhook_signature("other", signed, hex_form, true), None);
        assert_eq!(verify_webhook_signature(SECRET, "7999123456874951234567", hex_form, true), None);
        assert_eq!(verify_webhook_signature(SECRET, signed, "", true), None);
    }
}
