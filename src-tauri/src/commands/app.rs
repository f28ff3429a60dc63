//! Start-up information and preferences.

use tauri::State;
use tierbook_core::store::Workspace;
use tierbook_core::Lang;

use crate::error::{IntoIpc, IpcError};
use crate::ipc::{AppInfo, LastRun, MoveOutcome, RecentLedger, TeamView, WelcomeFacts};
use crate::settings::{Settings, TeamServer};
use crate::state::{local_place, lock, AppState, Place};

/// What the window needs at start.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    info(&state)
}

/// What the welcome screen offers: the last run to go on with (from the
/// workspace in use) and the ledgers imported lately.
#[tauri::command]
pub fn welcome_facts(lang: Lang, state: State<'_, AppState>) -> WelcomeFacts {
    let recent = lock(&state.settings)
        .recent
        .iter()
        .map(|p| {
            let path = std::path::Path::new(p);
            RecentLedger {
                path: p.clone(),
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                folder: path.parent().map(|d| d.display().to_string()).unwrap_or_default(),
                exists: path.is_file(),
            }
        })
        .collect();
    // A workspace that cannot be read offers no run; the welcome still works.
    let last_run = state.workspace().and_then(|ws| {
        let ws = lock(&ws);
        let run = ws.runs().ok()?.pop()?;
        let file_name = ws.ledger(run.ledger_id).map(|l| l.file_name).unwrap_or_default();
        Some(LastRun {
            id: run.id,
            label: run.name(lang),
            file_name,
            created_at: run.created_at.clone(),
        })
    });
    WelcomeFacts { last_run, recent }
}

/// The team workspace remembered or in use, for the window's header and dialog.
fn team_view(place: &Place, settings: &Settings) -> Option<TeamView> {
    let connected = place.workspace.is_some() && place.team.is_some();
    let server = place.team.clone().or_else(|| settings.team.clone())?;
    let role = place
        .workspace
        .as_ref()
        .filter(|_| connected)
        .and_then(|ws| lock(ws).role());
    Some(TeamView {
        server,
        connected,
        role,
    })
}

fn info(state: &AppState) -> AppInfo {
    let settings = lock(&state.settings);
    let place = lock(&state.place);
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        sample: state.sample.as_ref().map(|p| p.display().to_string()),
        lang: settings.lang,
        first_run: !settings.seen_first_run,
        test_ledgers: state.hooks.ledgers.iter().map(|p| p.display().to_string()).collect(),
        workspace: place.label.clone(),
        workspace_problem: place
            .problem
            .as_ref()
            .map(|e| crate::error::IpcError::from_store(e, settings.lang)),
        team: team_view(&place, &settings),
        test_save: state.hooks.save.as_ref().map(|p| p.display().to_string()),
    }
}

/// Switches and remembers the language.
#[tauri::command]
pub fn set_language(lang: Lang, state: State<'_, AppState>) {
    lock(&state.settings).lang = lang;
    state.save_settings();
}

/// Switches the window to a team workspace just connected to: the server is
/// remembered (not the password) and the open run is closed.
fn use_team(state: &AppState, ws: Workspace, server: TeamServer) {
    let label = format!("{}@{}", server.database.trim(), server.host.trim());
    *lock(&state.place) = Place::opened(Ok(ws), label, Some(server.clone()));
    *lock(&state.session) = None;
    lock(&state.settings).team = Some(server);
    state.save_settings();
}

/// Connects to a team workspace (the 团队工作区 dialog): on success every
/// later import, run and edit goes there, the server is remembered (not the
/// password) and the open run is closed; on failure nothing changes.
#[tauri::command(async)]
pub fn connect_team(server: TeamServer, password: String, state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    let lang = state.lang();
    let password = Some(password).filter(|p| !p.is_empty());
    let ws = Workspace::connect_as(&server.url(), password.as_deref()).ipc(lang)?;
    use_team(&state, ws, server);
    Ok(info(&state))
}

/// Moves this PC's workspace up to an empty team database, losing nothing,
/// and works there from now on. This PC's file is only read (kept as it was).
#[tauri::command(async)]
pub fn move_to_team(server: TeamServer, password: String, state: State<'_, AppState>) -> Result<MoveOutcome, IpcError> {
    let lang = state.lang();
    let source = state.workspace().ok_or_else(|| IpcError::no_workspace(lang))?;
    let password = Some(password).filter(|p| !p.is_empty());
    let mut target = Workspace::connect_as(&server.url(), password.as_deref()).ipc(lang)?;
    let moved = lock(&source).move_into(&mut target).ipc(lang)?;
    use_team(&state, target, server);
    Ok(MoveOutcome {
        text: moved.describe(lang),
        info: info(&state),
    })
}

/// Moves the team workspace down into this PC's workspace file (which must be
/// empty), losing nothing, and works there from now on. The server is only read.
#[tauri::command(async)]
pub fn move_to_local(state: State<'_, AppState>) -> Result<MoveOutcome, IpcError> {
    let lang = state.lang();
    let source = state.workspace().ok_or_else(|| IpcError::no_workspace(lang))?;
    let local = local_place(state.workspace_path.as_deref());
    let target = local.workspace.clone().ok_or_else(|| IpcError::no_workspace(lang))?;
    let moved = lock(&source).move_into(&mut lock(&target)).ipc(lang)?;
    use_local(&state, local);
    Ok(MoveOutcome {
        text: moved.describe(lang),
        info: info(&state),
    })
}

/// Back to this PC's own workspace file (the team server is forgotten).
#[tauri::command(async)]
pub fn use_local_workspace(state: State<'_, AppState>) -> AppInfo {
    use_local(&state, local_place(state.workspace_path.as_deref()));
    info(&state)
}

/// Switches the window to this PC's workspace: the team server is forgotten
/// and the open run closed.
fn use_local(state: &AppState, local: Place) {
    *lock(&state.place) = local;
    *lock(&state.session) = None;
    lock(&state.settings).team = None;
    state.save_settings();
}
