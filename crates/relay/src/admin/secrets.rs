//! PBX keys entered in the console. They are stored sealed (XChaCha20-Poly1305) with a key
//! kept outside the database: `CALLCARD_SECRETS_KEY` (64 hex digits) or the file
//! `secrets.key` in the data directory, created 0600 on first use. A copied database or backup
//! without that key gives nothing away. A value set here wins over the config file's; the
//! running relay rebuilds its providers when the stored keys change.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use anyhow::Context;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use callcard_protocol::{ErrorCode, KeySource, ProviderKey};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

use super::{AdminError, Refusal, RefusalKind};
use crate::providers::{ProviderSettings, Providers};
use crate::store::{SealedSecret, Store, StoreResult};

pub const KEY_ENV: &str = "CALLCARD_SECRETS_KEY";
pub const KEY_FILE: &str = "secrets.key";
/// Marks the sealing scheme, so a later one can be told apart.
const SCHEME: &str = "v1:";
const VALUE_MAX: usize = 500;

/// A key of a provider's config section that the console sets.
pub struct ConsoleKey {
    pub name: &'static str,
    /// Never shown back (tokens, secrets, passwords).
    pub secret: bool,
}

const fn secret(name: &'static str) -> ConsoleKey {
    ConsoleKey { name, secret: true }
}

const fn plain(name: &'static str) -> ConsoleKey {
    ConsoleKey { name, secret: false }
}

/// Per provider id, what its section needs to reach the PBX; everything else stays in the file.
const CONSOLE_KEYS: &[(&str, &[ConsoleKey])] = &[
    ("zadarma", &[secret("api_key"), secret("api_secret")]),
    ("itoolabs", &[plain("api_url"), secret("api_token"), secret("crm_token")]),
    (
        "uis",
        &[
            plain("login"),
            secret("password"),
            secret("access_token"),
            plain("virtual_phone_number"),
            secret("webhook_secret"),
        ],
    ),
    ("ringostat", &[plain("project_id"), secret("auth_key"), secret("webhook_secret")]),
];

pub fn console_keys(provider: &str) -> &'static [ConsoleKey] {
    CONSOLE_KEYS.iter().find(|(id, _)| *id == provider).map(|(_, keys)| *keys).unwrap_or(&[])
}

/// The key that seals and opens stored PBX keys.
pub struct SecretsKey(Key);

impl SecretsKey {
    /// From `CALLCARD_SECRETS_KEY` if set, else `data_dir/secrets.key`, created (0600) if absent.
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<SecretsKey> {
        if let Ok(text) = std::env::var(KEY_ENV) {
            return SecretsKey::from_hex(&text).map_err(|e| anyhow::anyhow!("{KEY_ENV}: {e}"));
        }
        let path = data_dir.join(KEY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => SecretsKey::from_hex(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = XChaCha20Poly1305::generate_key(&mut OsRng);
                write_private(&path, &hex::encode(key))
                    .with_context(|| format!("cannot create the secrets key {}", path.display()))?;
                tracing::info!(path = %path.display(), "created the key that seals PBX keys entered in the console");
                Ok(SecretsKey(key))
            }
            Err(e) => Err(e).with_context(|| format!("cannot read the secrets key {}", path.display())),
        }
    }

    pub fn from_hex(text: &str) -> Result<SecretsKey, String> {
        let bytes = hex::decode(text.trim()).map_err(|_| "must be 64 hex digits".to_string())?;
        if bytes.len() != 32 {
            return Err("must be 64 hex digits (32 bytes)".into());
        }
        Ok(SecretsKey(*Key::from_slice(&bytes)))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.0)
    }

    /// The value bound to its provider and name: a sealed value moved to another row does not open.
    pub fn seal(&self, provider: &str, name: &str, value: &str) -> SealedSecret {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = aad(provider, name);
        let sealed = self
            .cipher()
            .encrypt(&nonce, Payload { msg: value.as_bytes(), aad: aad.as_bytes() })
            .expect("XChaCha20-Poly1305 seals any length we allow");
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        SealedSecret {
            provider: provider.into(),
            name: name.into(),
            sealed: format!("{SCHEME}{}", STANDARD.encode(bytes)),
        }
    }

    pub fn open(&self, secret: &SealedSecret) -> Result<String, String> {
        let cannot = || format!("the stored {} {} does not open with this secrets key", secret.provider, secret.name);
        let bytes = secret.sealed.strip_prefix(SCHEME).and_then(|b| STANDARD.decode(b).ok()).ok_or_else(cannot)?;
        if bytes.len() < 24 {
            return Err(cannot());
        }
        let (nonce, sealed) = bytes.split_at(24);
        let aad = aad(&secret.provider, &secret.name);
        let clear = self
            .cipher()
            .decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad: aad.as_bytes() })
            .map_err(|_| cannot())?;
        String::from_utf8(clear).map_err(|_| cannot())
    }
}

fn aad(provider: &str, name: &str) -> String {
    format!("callcard provider secret {provider}/{name}")
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// Stored values by (provider, name), opened.
pub type KeyValues = BTreeMap<(String, String), String>;

/// The values that open with `key`. One that does not (a database restored without its key) is
/// logged and left out: the file's value applies, and the admin can enter it again.
pub fn open_all(key: &SecretsKey, sealed: &[SealedSecret]) -> KeyValues {
    let mut values = KeyValues::new();
    for s in sealed {
        match key.open(s) {
            Ok(value) => {
                values.insert((s.provider.clone(), s.name.clone()), value);
            }
            Err(e) => tracing::error!(error = %e, "a PBX key entered in the console cannot be used; enter it again"),
        }
    }
    values
}

/// The file's provider sections with the console's values over them.
pub fn overlay(base: &ProviderSettings, values: &KeyValues) -> Result<ProviderSettings, String> {
    if values.is_empty() {
        return Ok(base.clone());
    }
    let mut tree = serde_json::to_value(base).map_err(|e| e.to_string())?;
    for ((provider, name), value) in values {
        let section =
            tree.get_mut(provider).and_then(|s| s.as_object_mut()).ok_or_else(|| format!("no section [{provider}]"))?;
        section.insert(name.clone(), serde_json::Value::String(value.clone()));
    }
    let settings: ProviderSettings = serde_json::from_value(tree).map_err(|e| e.to_string())?;
    settings.validate()?;
    Ok(settings)
}

/// A key's value in the file's section (`""` when unset).
fn file_value(base: &ProviderSettings, provider: &str, name: &str) -> String {
    let tree = serde_json::to_value(base).unwrap_or_default();
    tree.get(provider).and_then(|s| s.get(name)).and_then(|v| v.as_str()).unwrap_or("").to_string()
}

/// What the console shows of a provider's keys: where each comes from, and only plain values.
pub fn key_states(base: &ProviderSettings, stored: &KeyValues, provider: &str) -> Vec<ProviderKey> {
    console_keys(provider)
        .iter()
        .map(|k| {
            let stored_value = stored.get(&(provider.to_string(), k.name.to_string()));
            let file = file_value(base, provider, k.name);
            let (source, value) = match stored_value {
                Some(v) => (KeySource::Store, v.clone()),
                None if !file.is_empty() => (KeySource::Config, file),
                None => (KeySource::Unset, String::new()),
            };
            ProviderKey {
                name: k.name.to_string(),
                secret: k.secret,
                source,
                value: (!k.secret && source != KeySource::Unset).then_some(value),
            }
        })
        .collect()
}

/// The providers as the relay runs them, rebuilt when the keys stored in the console change.
pub struct LiveProviders {
    key: Option<SecretsKey>,
    base: ProviderSettings,
    dial: String,
    current: RwLock<Arc<Providers>>,
    /// The sealed rows the current providers were built from.
    built_from: Mutex<Vec<SealedSecret>>,
}

impl LiveProviders {
    /// `initial` as given; with `key`, stored keys are applied at once and followed from then on.
    pub fn new(
        initial: Providers,
        key: Option<SecretsKey>,
        base: ProviderSettings,
        dial: String,
    ) -> Arc<LiveProviders> {
        Arc::new(LiveProviders {
            key,
            base,
            dial,
            current: RwLock::new(Arc::new(initial)),
            built_from: Mutex::new(vec![]),
        })
    }

    pub fn get(&self) -> Arc<Providers> {
        self.current.read().expect("providers lock").clone()
    }

    pub fn base(&self) -> &ProviderSettings {
        &self.base
    }

    pub fn dial(&self) -> &str {
        &self.dial
    }

    pub fn key(&self) -> Option<&SecretsKey> {
        self.key.as_ref()
    }

    /// Rebuilds the providers if the stored keys changed since the last build.
    pub async fn reload(&self, store: &dyn Store) -> StoreResult<()> {
        let Some(key) = &self.key else { return Ok(()) };
        let sealed = store.sealed_secrets().await?;
        if *self.built_from.lock().expect("providers lock") == sealed {
            return Ok(());
        }
        let built = overlay(&self.base, &open_all(key, &sealed))
            .and_then(|settings| Providers::from_settings(&settings, &self.dial).map_err(|e| e.to_string()));
        match built {
            Ok(providers) => {
                *self.current.write().expect("providers lock") = Arc::new(providers);
                tracing::info!(keys = sealed.len(), "PBX keys from the console applied");
            }
            // Keeping the last providers: a relay that stops answering the PBX is worse.
            Err(e) => tracing::error!(error = %e, "cannot apply the PBX keys stored in the console"),
        }
        *self.built_from.lock().expect("providers lock") = sealed;
        Ok(())
    }

    pub fn spawn_refresh(self: Arc<Self>, store: Arc<dyn Store>, every: Duration) -> tokio::task::JoinHandle<()> {
        super::refresh::spawn_every(every, "stored PBX keys", move || {
            let (live, store) = (self.clone(), store.clone());
            async move { live.reload(&*store).await }
        })
    }
}

/// Stored values, opened (those that do not open left out).
pub async fn stored_values(store: &dyn Store, key: &SecretsKey) -> Result<KeyValues, AdminError> {
    Ok(open_all(key, &store.sealed_secrets().await?))
}

/// Sets `provider`'s keys from the console: names must be its console keys, an empty value
/// takes the stored one away. The new providers are built first: keys they refuse are not saved.
pub async fn set_keys(
    store: &dyn Store,
    live: &LiveProviders,
    provider: &str,
    values: &BTreeMap<String, String>,
) -> Result<(), AdminError> {
    let key = live.key().ok_or_else(|| {
        Refusal::invalid(ErrorCode::NotConfigured, "this relay cannot keep PBX keys (no secrets key)")
            .with("provider", provider)
    })?;
    let keys = console_keys(provider);
    if keys.is_empty() {
        return Err(Refusal::new(
            RefusalKind::NotFound,
            ErrorCode::UnknownProvider,
            format!("no provider {provider:?}"),
        )
        .with("provider", provider)
        .into());
    }
    let mut stored = stored_values(store, key).await?;
    let (mut sealed, mut removed) = (vec![], vec![]);
    for (name, value) in values {
        if !keys.iter().any(|k| k.name == name) {
            let known: Vec<&str> = keys.iter().map(|k| k.name).collect();
            return Err(Refusal::invalid(
                ErrorCode::BadField,
                format!("{provider} has no key {name:?} (known: {})", known.join(", ")),
            )
            .with("field", name)
            .with("detail", known.join(", "))
            .into());
        }
        let value = value.trim();
        if value.chars().count() > VALUE_MAX || value.chars().any(char::is_control) {
            return Err(Refusal::invalid(
                ErrorCode::BadField,
                format!("{name} must be one line of at most {VALUE_MAX} characters"),
            )
            .with("field", name)
            .with("detail", format!("one line, at most {VALUE_MAX} characters"))
            .into());
        }
        let slot = (provider.to_string(), name.clone());
        if value.is_empty() {
            stored.remove(&slot);
            removed.push(slot);
        } else {
            stored.insert(slot, value.to_string());
            sealed.push(key.seal(provider, name, value));
        }
    }
    let settings = overlay(live.base(), &stored).map_err(|e| bad_keys(provider, e))?;
    Providers::from_settings(&settings, live.dial()).map_err(|e| bad_keys(provider, e.to_string()))?;
    store.save_sealed_secrets(&sealed, &removed).await?;
    tracing::info!(provider, names = ?values.keys().collect::<Vec<_>>(), "PBX keys changed in the console");
    live.reload(store).await?;
    Ok(())
}

fn bad_keys(provider: &str, detail: String) -> Refusal {
    Refusal::invalid(ErrorCode::BadField, format!("the {provider} keys are not usable: {detail}"))
        .with("field", "keys")
        .with("detail", detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SecretsKey {
        SecretsKey::from_hex(&"ab".repeat(32)).unwrap()
    }

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_in_its_row() {
        let sealed = key().seal("zadarma", "api_secret", "s3cr3t-value");
        assert!(!sealed.sealed.contains("s3cr3t"), "stored in clear: {}", sealed.sealed);
        assert_eq!(key().open(&sealed).unwrap(), "s3cr3t-value");
        let other = SecretsKey::from_hex(&"cd".repeat(32)).unwrap();
        assert!(other.open(&sealed).is_err());
        let moved = SealedSecret { name: "api_key".into(), ..sealed.clone() };
        assert!(key().open(&moved).is_err(), "a value moved to another key must not open");
        assert_ne!(key().seal("zadarma", "api_secret", "s3cr3t-value").sealed, sealed.sealed, "nonces repeat");
    }

    #[test]
    fn values_that_do_not_open_are_left_out() {
        let other = SecretsKey::from_hex(&"cd".repeat(32)).unwrap();
        let sealed = [key().seal("zadarma", "api_key", "k"), other.seal("zadarma", "api_secret", "s")];
        let opened = open_all(&key(), &sealed);
        assert_eq!(opened.len(), 1);
        assert_eq!(opened[&("zadarma".to_string(), "api_key".to_string())], "k");
    }

    #[test]
    fn bad_key_text_is_refused() {
        assert!(SecretsKey::from_hex("abc").is_err());
        assert!(SecretsKey::from_hex(&"ab".repeat(16)).is_err());
    }

    #[test]
    fn console_values_win_over_the_file_and_plain_ones_are_shown() {
        let mut base = ProviderSettings::default();
        base.itoolabs.api_url = "https://file.example/crm".into();
        base.zadarma.api_key = "file-key".into();
        let stored: KeyValues = [(("zadarma".to_string(), "api_key".to_string()), "console-key".to_string())].into();
        let merged = overlay(&base, &stored).unwrap();
        assert_eq!(merged.zadarma.api_key, "console-key");
        assert_eq!(merged.itoolabs.api_url, "https://file.example/crm");
        let zadarma = key_states(&base, &stored, "zadarma");
        assert_eq!(zadarma[0].source, KeySource::Store);
        assert_eq!(zadarma[0].value, None, "a secret is never shown back");
        assert_eq!(zadarma[1].source, KeySource::Unset);
        let itoolabs = key_states(&base, &stored, "itoolabs");
        assert_eq!(
            (itoolabs[0].source, itoolabs[0].value.as_deref()),
            (KeySource::Config, Some("https://file.example/crm"))
        );
    }

    #[test]
    fn every_console_key_is_a_text_key_of_its_section() {
        let tree = serde_json::to_value(ProviderSettings::default()).unwrap();
        for (provider, keys) in CONSOLE_KEYS {
            for k in *keys {
                assert!(tree[provider][k.name].is_string(), "[{provider}] {} is not a text key", k.name);
            }
        }
        assert_eq!(
            CONSOLE_KEYS.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            crate::providers::known_ids().collect::<Vec<_>>()
        );
    }
}
