//! The console's lists kept beside the settings: line labels, sealed PBX keys, outcome order.

use std::collections::BTreeMap;

use chrono::Utc;
use sqlx::Row;

use super::SqliteStore;
use crate::store::{SealedSecret, StoreError, StoreResult};

impl SqliteStore {
    pub(super) async fn all_line_labels(&self) -> StoreResult<BTreeMap<String, String>> {
        let rows = sqlx::query("SELECT did, label FROM line_labels").fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok((r.try_get("did")?, r.try_get("label")?))).collect()
    }

    pub(super) async fn put_line_label(&self, did: &str, label: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO line_labels (did, label, updated_at) VALUES (?, ?, ?) \
             ON CONFLICT (did) DO UPDATE SET label = excluded.label, updated_at = excluded.updated_at",
        )
        .bind(did)
        .bind(label)
        .bind(Utc::now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(super) async fn delete_line_label(&self, did: &str) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM line_labels WHERE did = ?").bind(did).execute(&self.pool).await?;
        Ok(done.rows_affected() == 1)
    }

    pub(super) async fn all_sealed_secrets(&self) -> StoreResult<Vec<SealedSecret>> {
        let rows = sqlx::query("SELECT provider, name, sealed FROM provider_secrets ORDER BY provider, name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(SealedSecret {
                    provider: r.try_get("provider")?,
                    name: r.try_get("name")?,
                    sealed: r.try_get("sealed")?,
                })
            })
            .collect()
    }

    pub(super) async fn put_sealed_secrets(
        &self,
        secrets: &[SealedSecret],
        removed: &[(String, String)],
    ) -> StoreResult<()> {
        let now = Utc::now();
        let mut tx = self.pool.begin().await?;
        for s in secrets {
            sqlx::query(
                "INSERT INTO provider_secrets (provider, name, sealed, updated_at) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (provider, name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at",
            )
            .bind(&s.provider)
            .bind(&s.name)
            .bind(&s.sealed)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        for (provider, name) in removed {
            sqlx::query("DELETE FROM provider_secrets WHERE provider = ? AND name = ?")
                .bind(provider)
                .bind(name)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn order_outcomes(&self, codes: &[String]) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        let offered: Vec<String> =
            sqlx::query_scalar("SELECT code FROM outcome_codes WHERE retired_at IS NULL").fetch_all(&mut *tx).await?;
        let (mut given, mut offered) = (codes.to_vec(), offered);
        given.sort();
        offered.sort();
        if given != offered {
            return Err(StoreError::Invalid("the order must name every offered outcome once".into()));
        }
        for (position, code) in codes.iter().enumerate() {
            sqlx::query("UPDATE outcome_codes SET position = ? WHERE code = ?")
                .bind(position as i64 + 1)
                .bind(code)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The starting outcomes' labels follow the relay's language (the language applied last is
    /// in `meta`; none means the migration's English).
    pub(super) async fn word_starting_outcomes(
        &self,
        language: &str,
        labels: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let before: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'outcome_labels_language'")
            .fetch_optional(&mut *tx)
            .await?;
        let before = before.unwrap_or_else(|| "en".to_string());
        if before == language {
            return Ok(false);
        }
        if let (Some(old), Some(new)) = (labels.get(&before), labels.get(language)) {
            for (code, label) in new {
                let Some(was) = old.get(code) else { continue };
                sqlx::query("UPDATE outcome_codes SET label = ? WHERE code = ? AND label = ?")
                    .bind(label)
                    .bind(code)
                    .bind(was)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ('outcome_labels_language', ?) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(language)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
