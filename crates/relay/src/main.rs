use std::io::IsTerminal;

use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Logs go to stderr: stdout carries command output (tokens, listings) for scripts.
    let filter = EnvFilter::try_from_env("CALLCARD_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let format = std::env::var("CALLCARD_LOG_FORMAT").unwrap_or_default();
    match format.trim() {
        // One JSON object a line, for log collectors: time, level, target, message and fields.
        "json" => logs.json().flatten_event(true).with_current_span(false).init(),
        other => {
            logs.with_ansi(std::io::stderr().is_terminal()).init();
            if !matches!(other, "" | "text") {
                tracing::warn!(format = other, "CALLCARD_LOG_FORMAT is json or text; writing text");
            }
        }
    }
    let cli = callcard_relay::cli::Cli::parse();
    match callcard_relay::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
