//! `backup FILE` and `restore FILE`.

use std::path::Path;

use crate::config::Config;
use crate::retention::lock_data_dir;
use crate::store::{restore_sqlite, Store};

pub async fn backup(store: &dyn Store, config: &Config, file: &Path) -> anyhow::Result<()> {
    store.backup_to(file).await?;
    println!("backed up to {}", file.display());
    let key = config.server.data_dir.join("secrets.key");
    if key.exists() {
        // Without it, PBX keys entered in the console do not open after a restore.
        println!("keep {} with it (the key of the PBX keys entered in the console)", key.display());
    }
    Ok(())
}

pub fn restore(config: &Config, file: &Path) -> anyhow::Result<()> {
    let _lock = lock_data_dir(&config.server.data_dir)?;
    let epoch = restore_sqlite(file, &config.database_path())?;
    println!("restored {} (new epoch {epoch}: every app reloads its calls)", file.display());
    Ok(())
}
