//! `callcard-relay webhook flagged`: verified webhooks stored with parts that did not parse.

use crate::store::Store;

pub(super) async fn flagged(store: &dyn Store, limit: u32) -> anyhow::Result<()> {
    let flagged = store.flagged_webhooks(limit).await?;
    if flagged.is_empty() {
        println!("no flagged webhooks");
        return Ok(());
    }
    for w in flagged {
        println!("{} {} {} {}", w.id, w.received_at.format("%Y-%m-%d %H:%M:%S"), w.provider, w.event);
        for problem in &w.problems {
            println!("    problem: {problem}");
        }
        println!("    fields: {}", w.fields);
    }
    Ok(())
}
