//! `callcard-relay outcome …`: the outcome buttons the cards offer.

use anyhow::bail;
use callcard_protocol::OutcomeOption;

use super::{non_empty, OutcomeCommand};
use crate::store::{Saved, Store};

fn is_colour(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

pub(super) async fn run(store: &dyn Store, cmd: OutcomeCommand) -> anyhow::Result<()> {
    match cmd {
        OutcomeCommand::Add { code, label, colour, order } => {
            let code = non_empty("--code", &code)?;
            if code.len() > 40 || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
                bail!("--code must be up to 40 letters, digits, _ or -, got {code:?}");
            }
            let label = non_empty("--label", &label)?;
            if label.chars().count() > 40 {
                bail!("--label must be at most 40 characters (it is a button)");
            }
            let colour = colour.trim().to_ascii_lowercase();
            if !is_colour(&colour) {
                bail!("--colour must look like #2e7d32, got {colour:?}");
            }
            let option = OutcomeOption { code: code.clone(), label: label.clone(), colour, order };
            let verb = match store.save_outcome_option(&option).await? {
                Saved::Created => "added",
                Saved::Updated => "updated",
            };
            println!("{verb} outcome {code}: {label}");
        }
        OutcomeCommand::List => {
            println!("{:<6} {:<20} {:<24} {:<8} status", "order", "code", "label", "colour");
            for (o, retired) in store.outcome_options(true).await? {
                let status = if retired { "removed" } else { "offered" };
                println!("{:<6} {:<20} {:<24} {:<8} {status}", o.order, o.code, o.label, o.colour);
            }
        }
        OutcomeCommand::Remove { code } => {
            if !store.retire_outcome_option(code.trim()).await? {
                bail!("no offered outcome {code:?} (see `callcard-relay outcome list`)");
            }
            println!("removed outcome {code}; calls logged with it keep it");
        }
    }
    Ok(())
}
