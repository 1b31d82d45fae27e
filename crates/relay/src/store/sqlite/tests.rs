//! The store contract on SQLite, and what only SQLite can be made to do (a corrupt row).

use std::sync::Arc;

use callcard_domain::{Delivery, IngestOutcome};
use callcard_pbx::{CallFacts, DedupScope, Step};
use callcard_protocol::ProviderId;
use chrono::Utc;
use rusqlite::Connection;

use super::SqliteStore;
use crate::store::contract::contract_suite;
use crate::store::{EventLog, Store, StoreError, StoreResult};

async fn fresh() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("callcard.db")).await.unwrap();
    (Arc::new(store), dir)
}

contract_suite!(fresh());

fn started(call_id: &str) -> Delivery {
    let mut facts = CallFacts::new(ProviderId::new(ProviderId::ZADARMA), call_id, Step::Started);
    facts.client_phone = Some("+74951234567".into());
    Delivery {
        provider: ProviderId::new(ProviderId::ZADARMA),
        content_key: format!("start-{call_id}"),
        dedup_scope: DedupScope::Everything,
        event: "NOTIFY_START".into(),
        fields_json: "{}".into(),
        problems: vec![],
        received_at: Utc::now(),
        facts: Some(facts),
        client_phone: Some("+74951234567".into()),
        line: None,
        line_label: None,
        leads: None,
        unknown_users_to: None,
    }
}

fn stored_seq(outcome: &StoreResult<IngestOutcome>) -> u64 {
    match outcome {
        Ok(IngestOutcome::Stored { event: Some(event) }) => event.seq,
        other => panic!("expected a stored event, got {other:?}"),
    }
}

#[tokio::test]
async fn one_bad_delivery_does_not_take_its_batch_down() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    let store = SqliteStore::open(&path).await.unwrap();

    let first = store.ingest(vec![started("a")]).await.unwrap();
    assert_eq!(stored_seq(&first[0]), 1);
    // A snapshot that no longer parses: the next webhook for call "a" cannot be applied.
    Connection::open(&path).unwrap().execute("UPDATE calls SET snapshot = 'not json'", []).unwrap();
    let mut again = started("a");
    again.content_key = "start-a-again".into();

    let outcomes = store.ingest(vec![started("b"), again, started("c")]).await.unwrap();
    assert_eq!(outcomes.len(), 3);
    assert_eq!(stored_seq(&outcomes[0]), 2);
    assert!(matches!(outcomes[1], Err(StoreError::Corrupt(_))), "got {:?}", outcomes[1]);
    assert_eq!(stored_seq(&outcomes[2]), 3, "sequences stay gapless around the failed delivery");

    let conn = Connection::open(&path).unwrap();
    let calls: i64 = conn.query_row("SELECT COUNT(*) FROM calls", [], |r| r.get(0)).unwrap();
    let webhooks: i64 = conn.query_row("SELECT COUNT(*) FROM webhooks", [], |r| r.get(0)).unwrap();
    let events: Vec<i64> = conn
        .prepare("SELECT seq FROM events ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!((calls, webhooks, events), (3, 3, vec![1, 2, 3]), "the failed webhook left nothing behind");
}

#[tokio::test]
async fn existing_agents_keep_their_extension_and_login_after_the_upgrade() {
    use sqlx::Connection as _;

    use crate::store::Agents;
    // A database of the schema before agent_pbx_users (migrations 1 and 2), with two agents.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("callcard.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path).create_if_missing(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options).await.unwrap();
    let mut before = sqlx::migrate!("./migrations/sqlite");
    before.migrations = before.migrations.iter().filter(|m| m.version < 3).cloned().collect::<Vec<_>>().into();
    before.run(&mut conn).await.unwrap();
    sqlx::query(
        "INSERT INTO agents (id, name, extension, login, supervisor, token_hash, created_at) VALUES \
         (1, 'Anna', '100', 'anna', 0, 'h1', '2026-01-01T00:00:00+00:00'), \
         (2, 'Boris', '101', NULL, 0, 'h2', '2026-01-01T00:00:00+00:00')",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    let anna = store.agent_by_pbx_user("itoolabs", "anna").await.unwrap().unwrap();
    assert_eq!((anna.id, anna.extension.as_deref()), (1, Some("100")));
    assert_eq!(store.agent_by_pbx_user("zadarma", "101").await.unwrap().map(|a| a.id), Some(2));
    // Without a login, ITooLabs matched the extension before the upgrade, and still does.
    assert_eq!(store.agent_by_pbx_user("itoolabs", "101").await.unwrap().map(|a| a.id), Some(2));
    assert_eq!(store.agent_by_pbx_user("itoolabs", "100").await.unwrap(), None);
}
