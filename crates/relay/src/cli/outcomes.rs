//! `callcard-relay outcome …`: the outcome buttons the cards offer (the console's outcome page
//! does the same through `crate::admin::outcomes`).

use callcard_protocol::SaveOutcomeRequest;

use super::OutcomeCommand;
use crate::admin::outcomes;
use crate::store::{Saved, Store};

pub(super) async fn run(store: &dyn Store, cmd: OutcomeCommand) -> anyhow::Result<()> {
    match cmd {
        OutcomeCommand::Add { code, label, colour, order, converts } => {
            let request = SaveOutcomeRequest { label, colour, order: Some(order), converts };
            let (saved, how) = outcomes::save(store, &code, &request).await?;
            let verb = if how == Saved::Created { "added" } else { "updated" };
            println!("{verb} outcome {}: {}", saved.option.code, saved.option.label);
        }
        OutcomeCommand::List => {
            println!("{:<6} {:<20} {:<24} {:<8} {:<9} status", "order", "code", "label", "colour", "converts");
            for o in outcomes::list(store).await? {
                let status = if o.retired { "removed" } else { "offered" };
                let option = o.option;
                let converts = if option.converts { "yes" } else { "no" };
                println!(
                    "{:<6} {:<20} {:<24} {:<8} {converts:<9} {status}",
                    option.order, option.code, option.label, option.colour
                );
            }
        }
        OutcomeCommand::Remove { code } => {
            outcomes::retire(store, &code)
                .await
                .map_err(|e| anyhow::anyhow!("{e} (see `callcard-relay outcome list`)"))?;
            println!("removed outcome {}; calls logged with it keep it", code.trim());
        }
    }
    Ok(())
}
