//! Placing one call: through the PBX (the relay asks it to ring this manager, then the client)
//! or through a softphone on this computer. Takes the settings and the relay client it needs;
//! what the dialer window shows around it is `services::dialing`.

use callcard_app_core::dialing::{number_from, softphone_command, DialMode};
use callcard_app_core::relay_api::RelayApi;
use callcard_app_core::settings::Settings;
use callcard_app_core::words::{WordCode, Words};
use callcard_pbx::phone::format_for_people;
use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

/// Calls what the manager typed, pasted or clicked; answers what happens next.
pub async fn place(app: &AppHandle, settings: &Settings, api: Option<&RelayApi>, input: &str) -> Result<Words, Words> {
    let number = number_from(input).map_err(|e| e.words())?;
    match settings.dial_mode {
        DialMode::Pbx => {
            let api = api.ok_or_else(|| Words::new(WordCode::NotConnected))?;
            let started = api.dial(&number).await.map_err(|e| e.words())?;
            Ok(Words::new(WordCode::DialStarted).with("number", format_for_people(&started.to)))
        }
        DialMode::Softphone => {
            let template = settings.softphone_command.trim();
            if template.is_empty() {
                app.opener()
                    .open_url(format!("tel:{number}"), None::<&str>)
                    .map_err(|e| Words::new(WordCode::NoTelHandler).with("detail", e))?;
            } else {
                let (program, args) = softphone_command(template, &number).map_err(|e| e.words())?;
                std::process::Command::new(&program).args(&args).spawn().map_err(|e| {
                    Words::new(WordCode::SoftphoneNotStarted).with("program", &program).with("detail", e)
                })?;
            }
            Ok(Words::new(WordCode::HandedToSoftphone).with("number", &number))
        }
    }
}
