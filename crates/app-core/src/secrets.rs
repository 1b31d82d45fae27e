//! The agent token in the OS keyring (Secret Service on Linux, Credential Manager on Windows,
//! Keychain on macOS), never in a plain file.

use crate::words::{WordCode, Words};

/// Where the token is filed in the keyring.
const SERVICE: &str = "callcard";
const ACCOUNT: &str = "agent-token";

#[derive(Debug)]
pub enum SecretError {
    Unavailable(String),
    Locked,
    Other(String),
}

impl SecretError {
    pub fn words(&self) -> Words {
        match self {
            SecretError::Unavailable(detail) => Words::new(WordCode::KeyringUnavailable).with("detail", detail),
            SecretError::Locked => Words::new(WordCode::KeyringLocked),
            SecretError::Other(detail) => Words::new(WordCode::KeyringFailed).with("detail", detail),
        }
    }
}

impl std::fmt::Display for SecretError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words().message)
    }
}

impl std::error::Error for SecretError {}

impl From<keyring::Error> for SecretError {
    fn from(e: keyring::Error) -> SecretError {
        match e {
            keyring::Error::NoStorageAccess(inner) => SecretError::Unavailable(inner.to_string()),
            keyring::Error::PlatformFailure(inner) => {
                let text = inner.to_string();
                if text.to_lowercase().contains("locked") {
                    SecretError::Locked
                } else {
                    SecretError::Unavailable(text)
                }
            }
            other => SecretError::Other(other.to_string()),
        }
    }
}

/// The token's slot in the keyring. `profile` separates installations that share a user
/// account (tests, or an agent with two relays); the app uses `"default"`.
pub struct TokenStore {
    service: String,
}

impl TokenStore {
    pub fn new(profile: &str) -> TokenStore {
        let service = if profile == "default" { SERVICE.to_string() } else { format!("{SERVICE}-{profile}") };
        TokenStore { service }
    }

    fn entry(&self) -> Result<keyring::Entry, SecretError> {
        Ok(keyring::Entry::new(&self.service, ACCOUNT)?)
    }

    pub fn load(&self) -> Result<Option<String>, SecretError> {
        match self.entry()?.get_password() {
            Ok(token) => Ok(Some(token)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub fn save(&self, token: &str) -> Result<(), SecretError> {
        Ok(self.entry()?.set_password(token)?)
    }
}
