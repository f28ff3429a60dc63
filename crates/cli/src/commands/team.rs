//! `move` and `team`: moving a workspace between a file and a team server,
//! and setting up the team server's roles and people.

use std::io::IsTerminal;

use tierbook_core::store::{Role, StoreError};
use tierbook_core::Lang;

use crate::args::{MoveArgs, TeamAction, TeamArgs};
use crate::error::{bad, CliError};

fn core(e: StoreError) -> CliError {
    CliError::Core(e.into())
}

/// Moves a workspace and says what it carried.
pub fn move_workspace(m: &MoveArgs, lang: Lang) -> Result<(), CliError> {
    let from = super::open(&m.from)?;
    let mut to = super::open(&m.to)?;
    let moved = from.move_into(&mut to).map_err(core)?;
    println!("{}", moved.describe(lang));
    Ok(())
}

/// Sets up roles or adds a person.
pub fn run(t: &TeamArgs, lang: Lang) -> Result<(), CliError> {
    match &t.action {
        TeamAction::Init { db } => {
            super::open(db)?.team_setup().map_err(core)?;
            println!(
                "{}",
                lang.pick(
                    "已设置团队工作区的角色：管理员（tierbook_admin）、财务（tierbook_finance）、只读（tierbook_viewer）、客户经理（tierbook_account，仅本人客户）。",
                    "Set up the team workspace's roles: administrator (tierbook_admin), finance (tierbook_finance), read-only (tierbook_viewer), account manager (tierbook_account, own customers only)."
                )
            );
        }
        TeamAction::AddUser {
            db,
            user,
            role,
            salesperson,
        } => {
            if salesperson.is_some() && *role != Role::Account {
                return Err(bad(
                    "--salesperson",
                    salesperson.as_deref().unwrap_or_default(),
                    ("只和 --role account 一起使用", "only with --role account"),
                ));
            }
            let password = new_password(lang)?;
            let mut ws = super::open(db)?;
            match salesperson {
                Some(name) => ws.add_account_manager(user, &password, name),
                None => ws.add_member(user, &password, *role),
            }
            .map_err(core)?;
            let seen = match (role, lang) {
                (Role::Account, Lang::Zh) => {
                    format!("，只能看到业务员“{}”的客户", salesperson.as_deref().unwrap_or(user))
                }
                (Role::Account, Lang::En) => format!(
                    ", seeing the customers of salesperson “{}” only",
                    salesperson.as_deref().unwrap_or(user)
                ),
                _ => String::new(),
            };
            println!(
                "{}",
                match lang {
                    Lang::Zh => format!("已添加用户 {user}，角色：{}{seen}。", role.label(lang)),
                    Lang::En => format!("Added user {user} as {}{seen}.", role.label(lang)),
                }
            );
        }
    }
    Ok(())
}

/// The new user's password: from TIERBOOK_NEW_PASSWORD (for scripts), else
/// asked for twice at the terminal; never a command-line argument.
fn new_password(lang: Lang) -> Result<String, CliError> {
    if let Ok(p) = std::env::var("TIERBOOK_NEW_PASSWORD") {
        if !p.is_empty() {
            return Ok(p);
        }
    }
    let refuse = |expected| bad("TIERBOOK_NEW_PASSWORD", "", expected);
    if !std::io::stdin().is_terminal() {
        return Err(refuse((
            "在环境变量 TIERBOOK_NEW_PASSWORD 中给出新用户的密码",
            "the new user's password in the environment variable TIERBOOK_NEW_PASSWORD",
        )));
    }
    let ask = |prompt: &str| rpassword::prompt_password(prompt).unwrap_or_default();
    let first = ask(lang.pick("新用户的密码：", "New user's password: "));
    let again = ask(lang.pick("再输入一次：", "Again: "));
    if first.is_empty() || first != again {
        return Err(refuse(("两次输入相同的非空密码", "the same non-empty password twice")));
    }
    Ok(first)
}
