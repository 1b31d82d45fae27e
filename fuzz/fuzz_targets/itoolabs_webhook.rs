//! An ITooLabs PBX → CRM request, form or JSON: parsing never panics, nothing is accepted
//! without the right crm_token, and with it nothing is refused (bad fields become problems).
#![no_main]

use callcard_pbx::{itoolabs, Form};
use libfuzzer_sys::fuzz_target;

const TOKEN: &str = "6JDctK8K4CyrTJch3eUeLtEwvFDaHeSm";

fuzz_target!(|body: &[u8]| {
    for form in [Form::from_urlencoded(body), Form::from_json(body)].into_iter().flatten() {
        if itoolabs::parse_webhook(&form, Some(TOKEN)).is_ok() {
            assert_eq!(form.get("crm_token"), Some(TOKEN), "accepted without the token");
        }
        // With the token added, the parsers behind the check are reached.
        let mut pairs: Vec<(String, String)> =
            form.sorted_pairs().into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        pairs.retain(|(k, _)| k != "crm_token");
        pairs.push(("crm_token".into(), TOKEN.into()));
        let hook = itoolabs::parse_webhook(&Form::from_pairs(pairs), Some(TOKEN)).expect("a request with the token");
        let stored: serde_json::Value = serde_json::from_str(&hook.stored_fields).expect("stored fields are JSON");
        assert!(stored.get("crm_token").is_none(), "the token is stored");
    }
});
