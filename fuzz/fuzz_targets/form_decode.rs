//! The form and JSON decoders: never panic, and a decoded form survives a round trip through
//! a standard encoder unchanged.
#![no_main]

use callcard_pbx::Form;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    if let Ok(form) = Form::from_urlencoded(body) {
        let encoded: String =
            form_urlencoded::Serializer::new(String::new()).extend_pairs(form.sorted_pairs()).finish();
        let again = Form::from_urlencoded(encoded.as_bytes()).expect("a re-encoded form decodes");
        assert_eq!(again, form);
    }
    let _ = Form::from_json(body);
});
