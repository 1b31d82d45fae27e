//! Checks the providers' config sections share (`ProviderSettings::validate`).

/// A URL secret shorter than this is guessable.
const MIN_SECRET_LEN: usize = 16;

/// `[section] timezone`: an IANA name.
pub fn timezone(section: &str, name: &str) -> Result<chrono_tz::Tz, String> {
    name.parse().map_err(|_| format!("[{section}] timezone {name:?} is not an IANA time zone name"))
}

/// `[section] webhook_secret`, the secret in a provider's webhook URLs: empty (webhooks off), or
/// long enough to be unguessable and fit for a URL path.
pub fn url_secret(section: &str, secret: &str) -> Result<(), String> {
    if !secret.is_empty() && secret.len() < MIN_SECRET_LEN {
        return Err(format!(
            "[{section}] webhook_secret must be at least {MIN_SECRET_LEN} characters (it is its webhooks' only protection)"
        ));
    }
    if secret.contains(['/', '?', '#', '%']) {
        return Err(format!(
            "[{section}] webhook_secret must not contain '/', '?', '#' or '%' (it goes in a URL path)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_zones() {
        assert_eq!(url_secret("uis", ""), Ok(()));
        assert_eq!(url_secret("uis", "0123456789abcdef"), Ok(()));
        assert!(url_secret("uis", "abc").unwrap_err().starts_with("[uis] webhook_secret must be at least 16"));
        assert!(url_secret("ringostat", "0123456789abcdef/x").unwrap_err().contains("URL path"));
        assert!(timezone("zadarma", "Europe/Moscow").is_ok());
        assert!(timezone("uis", "Mars/Olympus").unwrap_err().starts_with("[uis] timezone"));
    }
}
