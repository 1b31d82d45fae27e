//! Callcard desktop app: a thin Tauri shell around `callcard-app-core`. The relay link, the card
//! logic, the settings and the words live there; this crate wires them to windows, the tray
//! and the OS.
//!
//! Layout (no module imports one that imports it back): `commands` → `services` → `state`,
//! `effects` (the one interpreter of the desk's effects) → leaves (`windows`, `tray`, `notify`,
//! `dial`), which take data, and `autostart` (the OS's autostart entries, also read by `state`);
//! `tray`, `notify` and `links` report people's actions through `actions`, served by
//! `services::actions`.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod actions;
mod autostart;
mod commands;
mod dial;
mod effects;
mod links;
mod notify;
mod services;
mod state;
mod tray;
mod windows;

use tauri::Manager;

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,callcard=debug".into()),
        )
        .with_writer(std::io::stderr)
        .init();

    let start_hidden_flag = std::env::args().any(|a| a == "--hidden");
    tauri::Builder::default()
        // First: a second launch only brings the running app forward.
        // With its deep-link feature, a second launch with a tel: link hands the link to the
        // deep-link plugin of the running app instead.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| windows::main::show(app)))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_filter(|label| label == windows::main::LABEL)
                // Whether it starts shown is the "start hidden" setting's business.
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::all() - tauri_plugin_window_state::StateFlags::VISIBLE,
                )
                .build(),
        )
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--hidden"]),
        ))
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(tauri::generate_handler![
            commands::get_overview,
            commands::save_settings,
            commands::set_do_not_disturb,
            commands::ui_language,
            commands::set_language,
            commands::my_card,
            commands::create_contact,
            commands::set_blacklisted,
            commands::dismiss_card,
            commands::log_outcome,
            commands::dial,
            commands::open_dialer,
            commands::get_dialer_state,
            commands::search_contacts,
            commands::play_recording,
            commands::player_control,
            commands::get_player,
            commands::search_history,
            commands::client_journal,
            commands::team_board,
        ])
        .setup(move |app| {
            // The numbering plans load while the app starts, not on the first card.
            std::thread::spawn(callcard_pbx::phone::prepare);
            let app = app.handle();
            let state = state::AppState::open(app)?;
            // Not set up yet (a first start by the package's autostart entry, which says
            // --hidden): the main window shows, to ask for the relay and the token.
            let (hidden, do_not_disturb) = state.with(|s| {
                let set_up = s.settings.relay_url.is_some();
                (set_up && (start_hidden_flag || s.settings.start_hidden), s.settings.do_not_disturb)
            });
            // Speak the chosen language (or the system's) before the first word is shown.
            callcard_app_core::language::apply(state.settings().language.as_deref());
            app.manage(state);
            app.manage(windows::cards::CardWindows::default());
            let (actions, reported) = actions::channel();
            app.manage(actions);
            services::actions::serve(app, reported);
            if !hidden {
                windows::main::create(app)?;
            }
            tray::create(app, do_not_disturb)?;
            windows::cards::prepare_spare(app);
            windows::cards::start_spare_countdown(app);
            services::link::start(app);
            services::player::forward_changes(app);
            links::listen(app);
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the main window hides it to the tray; Quit is in the tray menu.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if window.label() == windows::main::LABEL {
                    api.prevent_close();
                    windows::main::hide(window.app_handle());
                }
            }
        })
        .build(tauri::generate_context!())
        .expect("Callcard failed to start")
        .run(|_app, event| {
            // A tray app: with every window released (`release`) it keeps running; Quit in
            // the tray menu exits with a code and is not held back.
            if let tauri::RunEvent::ExitRequested { code: None, api, .. } = event {
                api.prevent_exit();
            }
        });
}
