//! Signing Zadarma REST requests (PROTOCOLS.md §1.5).

use md5::{Digest, Md5};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::signature::webhook_signature;

/// PHP's `http_build_query(…, PHP_QUERY_RFC1738)` leaves only `[A-Za-z0-9._-]` as is.
/// Neither `form_urlencoded` (keeps `*`) nor Python's rule (keeps `~`) matches, hence this set.
const PHP_RFC1738: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'_').remove(b'-');

fn php_encode_component(s: &str) -> String {
    // Space is `%20` in the set above; PHP's RFC 1738 mode writes it as `+`.
    utf8_percent_encode(s, PHP_RFC1738).to_string().replace("%20", "+")
}

/// Encodes parameters the way PHP's `http_build_query` does, in the order given.
pub fn php_query_encode<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", php_encode_component(k.as_ref()), php_encode_component(v.as_ref())))
        .collect::<Vec<_>>()
        .join("&")
}

/// The query string that is signed: parameters sorted by key, PHP-encoded.
pub fn signed_query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut sorted: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    php_query_encode(&sorted)
}

/// The `Authorization` header value for a request to `method_path` (e.g. `/v1/info/balance/`)
/// with the given parameters: `key:base64(hex(HMAC-SHA1(secret, path + qs + md5(qs))))`.
pub fn rest_authorization<K: AsRef<str>, V: AsRef<str>>(
    key: &str,
    secret: &str,
    method_path: &str,
    params: &[(K, V)],
) -> String {
    let qs = signed_query(params);
    let md5_hex = hex::encode(Md5::digest(qs.as_bytes()));
    format!("{key}:{}", webhook_signature(secret, &format!("{method_path}{qs}{md5_hex}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_encoder_pitfalls() {
        assert_eq!(php_query_encode(&[("k", "x y+~*@-._!'()Ж")]), "k=x+y%2B%7E%2A%40-._%21%27%28%29%D0%96");
    }

    #[test]
    fn intermediate_values_of_the_balance_vector() {
        let qs = signed_query(&[("format", "json")]);
        assert_eq!(hex::encode(Md5::digest(qs.as_bytes())), "0cce6c99b4e629aa977d00c2fece8a23");
    }

    #[allow(clippy::type_complexity)]
    /// PROTOCOLS.md §1.5 REST vectors (key `test_key_123`, secret `test_secret_456`).
    #[test]
    fn protocol_rest_vectors() {
        let cases: &[(&str, &[(&str, &str)], &str)] = &[
            ("/v1/info/balance/", &[("format", "json")], "OGYzZTgyZGQzNDNlMzQ4NmQzNjEyZTc4MTc0NDVlMGU0MjZhN2M1Ng=="),
            ("/v1/info/balance/", &[], "NDM0ZDRkNThmN2RkYWVkN2ViYjZmMmIzNDQ5NTcyNjU5YjI5M2Y3Ng=="),
            (
                "/v1/request/callback/",
                &[("to", "79991234567"), ("from", "101"), ("format", "json")],
                "YzY3ODdmMjU4YmYyYmY5ODczN2ZiZDEzODQ4MmE5N2U0N2QzZjQxZQ==",
            ),
            (
                "/v1/request/callback/",
                &[
                    ("format", "json"),
                    ("from", "101"),
                    ("predicted", "predicted"),
                    ("sip", "101"),
                    ("to", "79991234567"),
                ],
                "ZTdiZTkyNTA1YTc1YzMyMDA1NzU0OWM0MGM0YmM4YWIyOGQzM2NiNQ==",
            ),
            (
                "/v1/pbx/record/request/",
                &[
                    ("pbx_call_id", "in_ae6b03b3b0765d127ec0b739209346bbc4f0d52d"),
                    ("lifetime", "5184000"),
                    ("format", "json"),
                ],
                "MTVlZDZmZTUxZWVjYzU2NWIxY2UxMjdjNTllNGU1ZjE4NDZhZTZmYg==",
            ),
            (
                "/v1/statistics/pbx/",
                &[
                    ("start", "2024-05-01 00:00:00"),
                    ("end", "2024-05-31 23:59:59"),
                    ("format", "json"),
                    ("version", "2"),
                ],
                "YTE1NDBjNDllYjg1NzBiYzQ1ZmQ2OGIzZjFjNWQ3MGRkMGE5ZmUwZA==",
            ),
        ];
        for (path, params, sig) in cases {
            assert_eq!(
                rest_authorization("test_key_123", "test_secret_456", path, params),
                format!("test_key_123:{sig}"),
                "{path} {params:?}"
            );
        }
        assert_eq!(
            signed_query(&[
                ("start", "2024-05-01 00:00:00"),
                ("end", "2024-05-31 23:59:59"),
                ("format", "json"),
                ("version", "2")
            ]),
            "end=2024-05-31+23%3A59%3A59&format=json&start=2024-05-01+00%3A00%3A00&version=2"
        );
    }

    #[test]
    fn second_secret_rest_vectors() {
        let s = "0123456789abcdef0123";
        assert_eq!(
            rest_authorization("k", s, "/v1/info/balance/", &[("format", "json")]),
            "k:YTU2ZmYwNzI2MGY2MmM5MDRkZWM3MDFmODZiMTZmMTRkYmE5NjVmYg=="
        );
        assert_eq!(
            rest_authorization(
                "k",
                s,
                "/v1/request/callback/",
                &[("format", "json"), ("from", "101"), ("to", "79991234567")]
            ),
            "k:NjZkMTk1NWNiOGFhZWE5NzRiNDhiYjA0ZWVhMjE3YTg1ZTUyM2NiNA=="
        );
    }
}
