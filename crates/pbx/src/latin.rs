//! Names in Latin letters, for PBX phones that cannot show Cyrillic (Zadarma's caller name on
//! IP phones). Transliteration by `deunicode`, which covers Russian and Ukrainian letters alike.

pub fn transliterate(text: &str) -> String {
    deunicode::deunicode(text)
}
