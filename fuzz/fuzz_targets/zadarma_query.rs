//! The PHP-compatible query encoder (PROTOCOLS.md §1.5): only `[A-Za-z0-9._-]`, `%XX` and `+`
//! appear in values, and a standard form decoder gets the exact parameters back.
#![no_main]

use callcard_pbx::zadarma::php_query_encode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|params: Vec<(String, String)>| {
    let encoded = php_query_encode(&params);
    assert!(
        encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-%+=&".contains(&b)),
        "unexpected byte in {encoded:?}"
    );
    if params.is_empty() {
        assert!(encoded.is_empty());
        return;
    }
    let decoded: Vec<(String, String)> = form_urlencoded::parse(encoded.as_bytes()).into_owned().collect();
    assert_eq!(decoded, params);
});
