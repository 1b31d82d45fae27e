//! Agent tokens: random, shown once, stored only as a SHA-256 hash.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new agent token: `cc_` + 32 random bytes, base64url.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("cc_{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// What the store keeps. Tokens carry 256 random bits, so a fast hash is enough: there is
/// nothing to brute-force.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The token from an `Authorization: Bearer <token>` header value.
pub fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_hash_is_lowercase_hex_sha256() {
        // FIPS 180-2's own vector, then a token-shaped string (checked with Python's hashlib).
        assert_eq!(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(
            token_hash("cc_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"),
            "8ec525ca0baa7e989ac070fcc00c06af6b381190ca3f682ec953f793f8413148"
        );
        // One character more is another hash: the whole token is hashed, nothing trimmed.
        assert_ne!(token_hash("abc "), token_hash("abc"));
    }

    #[test]
    fn tokens_are_cc_and_32_random_bytes_in_base64url() {
        let tokens: Vec<String> = (0..64).map(|_| new_token()).collect();
        let mut ones = 0u32;
        let mut first_bytes = std::collections::BTreeSet::new();
        for token in &tokens {
            let body = token.strip_prefix("cc_").expect("cc_ prefix");
            assert_eq!(body.len(), 43, "32 bytes are 43 base64 characters without padding: {token}");
            assert!(body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{token}");
            let bytes = URL_SAFE_NO_PAD.decode(body).expect("base64url");
            assert_eq!(bytes.len(), 32);
            ones += bytes.iter().map(|b| b.count_ones()).sum::<u32>();
            first_bytes.insert(bytes[0]);
        }
        let unique: std::collections::BTreeSet<_> = tokens.iter().collect();
        assert_eq!(unique.len(), tokens.len(), "no token repeats");
        // 64 × 256 random bits: about half are ones (six standard deviations either side).
        let bits = 64 * 256;
        assert!((bits / 2 - 384..=bits / 2 + 384).contains(&ones), "{ones} of {bits} bits set");
        assert!(first_bytes.len() > 40, "the first byte varies: {} distinct of 64", first_bytes.len());
    }

    #[test]
    fn bearer_header() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("BEARER cc_x-Y_z"), Some("cc_x-Y_z"));
        assert_eq!(bearer("  Bearer abc"), Some("abc"));
        for refused in ["Basic abc", "Bearer ", "Bearer", "Bearerabc", "", "   ", "abc", "Token abc", "Bearer\tabc"] {
            assert_eq!(bearer(refused), None, "{refused:?}");
        }
    }
}
