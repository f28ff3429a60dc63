//! Tierbook's desktop shell: a thin layer of IPC commands over `tierbook-core`.
//! `main.rs` only calls [`run`]; tests build the same app on the mock runtime with
//! [`builder`].

pub mod commands;
pub mod error;
pub mod ipc;
pub mod printing;
pub mod settings;
pub mod state;
pub mod view;

use std::path::PathBuf;

use tauri::{Manager, Runtime};

pub use state::{AppState, TestHooks};

/// The app's plugins and commands on any runtime (the real one or the mock).
/// The caller manages an [`AppState`].
pub fn builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::welcome_facts,
            commands::app::set_language,
            commands::app::connect_team,
            commands::app::use_local_workspace,
            commands::app::move_to_team,
            commands::app::move_to_local,
            commands::import::inspect_ledger,
            commands::import::import_ledger,
            commands::import::cancel_import,
            commands::policy::policy_preset,
            commands::policy::apply_policy,
            commands::policy::current_summary,
            commands::policy::load_policy,
            commands::policy::save_policy,
            commands::table::table_page,
            commands::table::group_choices,
            commands::table::set_needs,
            commands::table::set_override,
            commands::charts::charts,
            commands::report::report_preview,
            commands::report::save_report_html,
            commands::report::report_settings,
            commands::report::set_report_settings,
            commands::print::print_report,
            commands::print::print_job,
            commands::print::print_ready,
            commands::print::print_failed,
            commands::export::export_workbook,
            commands::export::reveal_in_folder,
            commands::export::open_exported,
            commands::workspace::workspace_overview,
            commands::workspace::open_run,
            commands::workspace::tier_periods,
            commands::workspace::delete_ledger,
            commands::compare::compare_runs,
            commands::compare::export_comparison,
            commands::customer::customer_page,
            commands::customer::save_customer,
            commands::desktop::take_opened_file,
            commands::desktop::about,
            commands::desktop::open_log_folder,
        ])
}

/// Finds the bundled sample ledger: in the installed app's resources, or in the
/// repository when run with `cargo run`.
fn sample_path<R: Runtime>(app: &tauri::App<R>) -> Option<PathBuf> {
    let name = "samples/2025销售台账.xlsx";
    let bundled = app.path().resolve(name, tauri::path::BaseDirectory::Resource).ok();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name);
    bundled.into_iter().chain(std::iter::once(repo)).find(|p| p.is_file())
}

/// Runs the desktop app.
pub fn run() {
    let desktop = tauri::Builder::default()
        // First: a second start hands its file over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            commands::desktop::second_start(app, args, cwd)
        }))
        // The main window only: print windows are hidden and made afresh each time.
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_filter(|label| label == "main")
                .build(),
        )
        .plugin(
            tauri_plugin_log::Builder::new()
                .clear_targets()
                .target(tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::LogDir {
                    file_name: Some("tierbook".into()),
                }))
                .level(log::LevelFilter::Info)
                .max_file_size(2_000_000)
                .rotation_strategy(tauri_plugin_log::RotationStrategy::KeepSome(3))
                .build(),
        );
    builder(desktop)
        .on_window_event(|window, event| {
            if window.label() == "main"
                && matches!(event, tauri::WindowEvent::Resized(_) | tauri::WindowEvent::Moved(_))
            {
                commands::desktop::remember_window_soon(window.app_handle());
            }
        })
        .setup(|app| {
            let settings = app.path().app_config_dir().ok().map(|d| d.join("settings.json"));
            let workspace = match (app.path().app_data_dir(), app.path().app_local_data_dir()) {
                // Windows: moved once from the roaming folder earlier versions used.
                (Ok(old), Ok(local)) => Some(
                    tierbook_core::store::Workspace::settle_default(&old, &local)
                        .unwrap_or_else(|_| tierbook_core::store::Workspace::default_path(&old)),
                ),
                (_, Ok(dir)) | (Ok(dir), _) => Some(tierbook_core::store::Workspace::default_path(&dir)),
                _ => None,
            };
            let sample = sample_path(app);
            log::info!(
                "Tierbook {} starting; workspace {:?}",
                env!("CARGO_PKG_VERSION"),
                workspace
            );
            app.manage(AppState::new(settings, workspace, sample, TestHooks::from_env()));
            if let Ok(dir) = app.path().app_log_dir() {
                *state::lock(&app.state::<AppState>().log_dir) = Some(dir);
            }
            let cwd = std::env::current_dir().unwrap_or_default();
            *state::lock(&app.state::<AppState>().opened) =
                commands::desktop::ledger_argument(std::env::args_os(), &cwd);
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            // A Windows release build has no console: say it in a message box.
            log::error!("Tierbook could not start: {e}");
            eprintln!("Tierbook could not start: {e}");
            rfd::MessageDialog::new()
                .set_level(rfd::MessageLevel::Error)
                .set_title("Tierbook 客户分级管理")
                .set_description(startup_failure(&e.to_string()))
                .set_buttons(rfd::MessageButtons::Ok)
                .show();
            std::process::exit(1);
        });
}

/// What the start-up failure box says, in both languages (the language
/// setting may be what could not be read).
pub fn startup_failure(detail: &str) -> String {
    format!(
        "Tierbook 无法启动：{detail}\n请重新启动电脑后再试；如仍出现，请把这段文字发给技术支持。\n\nTierbook could not start: {detail}\nRestart the computer and try again; if it happens again, send this text to support."
    )
}
