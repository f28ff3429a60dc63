//! A workspace on a shared folder (共享文件夹): opened in the mode SQLite
//! supports on a network file system, it stays whole and loses no write when
//! two processes write it at once, and a lock held elsewhere is reported with
//! the PC that holds it. The mode is forced on a local temporary folder, as
//! the detection would choose it on an SMB or NFS mount.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use tierbook_core::store::{sharing, Sharing, StoreError, Workspace};
use tierbook_core::{Lang, Quiet};

const ROLE: &str = "TIERBOOK_TEST_SHARED_WRITER";
const PATH: &str = "TIERBOOK_TEST_SHARED_PATH";
const WRITES: usize = 300;

fn shared() -> Sharing {
    Sharing::Network { kind: "test".into() }
}

/// One writer process: a ledger import (a long transaction) among many short
/// needs edits, each its own transaction.
fn writer(role: &str, path: &Path) {
    let mut ws = Workspace::open_in(path, shared()).expect("the shared workspace opens");
    let dir = path.parent().unwrap();
    let ledger = dir.join(format!("{role}.csv"));
    let rows: String = (0..400)
        .map(|i| format!("{role}{},2025-{:02}-10,{}\n", i % 40, i % 12 + 1, 100 + i))
        .collect();
    std::fs::write(&ledger, format!("客户编号,日期,销售额\n{rows}")).unwrap();
    for i in 0..WRITES {
        if i == WRITES / 2 {
            ws.import(&ledger, &Default::default(), &mut Quiet)
                .expect("the import lands");
        }
        ws.set_needs(&format!("{role}-{i}"), "客户", None, &format!("{role} 写入 {i}"), role)
            .unwrap_or_else(|e| panic!("{role} write {i}: {}", e.message(Lang::Zh)));
    }
}

#[test]
fn two_processes_writing_one_shared_workspace_keep_it_whole_and_lose_no_write() {
    if let (Ok(role), Ok(path)) = (std::env::var(ROLE), std::env::var(PATH)) {
        writer(&role, Path::new(&path));
        return;
    }
    let dir = tmp();
    let path = dir.path().join("共享工作区.tierbook");
    drop(Workspace::open_in(&path, shared()).unwrap());
    let children: Vec<_> = ["A", "B"]
        .iter()
        .map(|role| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "two_processes_writing_one_shared_workspace_keep_it_whole_and_lose_no_write",
                    "--nocapture",
                ])
                .env(ROLE, role)
                .env(PATH, &path)
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success(), "a writer failed");
    }
    let c = rusqlite::Connection::open(&path).unwrap();
    let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let journal: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "delete", "never WAL on a shared folder");
    let needs: i64 = c
        .query_row("SELECT COUNT(*) FROM customer WHERE needs IS NOT NULL", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(needs, 2 * WRITES as i64, "every edit of both writers is there");
    let audited: i64 = c
        .query_row("SELECT COUNT(*) FROM audit WHERE action = 'needs'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audited, 2 * WRITES as i64);
    let ledgers: i64 = c.query_row("SELECT COUNT(*) FROM ledger", [], |r| r.get(0)).unwrap();
    let rows: i64 = c.query_row("SELECT COUNT(*) FROM txn", [], |r| r.get(0)).unwrap();
    assert_eq!((ledgers, rows), (2, 800));
    assert!(!dir.path().join("共享工作区.tierbook-wal").exists());
}

#[test]
fn a_lock_held_by_another_pc_is_reported_with_its_name_and_nothing_is_written() {
    let dir = tmp();
    let path = dir.path().join("ws.tierbook");
    let mut ws = Workspace::open_in(&path, shared()).unwrap();
    // Another PC's Tierbook in the middle of a write.
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    sharing::mark_writer(&path);
    let e = ws.set_needs("K1", "甲", None, "月结", "王会计").unwrap_err();
    assert!(matches!(e, StoreError::Busy { .. }), "{e:?}");
    assert_eq!(e.code(), "store.busy");
    let message = e.message(Lang::Zh);
    assert!(
        message.contains(&format!("正在被 {}", sharing::host_name())) && message.contains("团队工作区"),
        "{message}"
    );
    other.execute_batch("ROLLBACK").unwrap();
    // Once the other PC is done, the same edit goes through.
    ws.set_needs("K1", "甲", None, "月结", "王会计").unwrap();
    assert_eq!(ws.audit_log(Some("K1")).unwrap().len(), 1);
}

#[test]
fn a_workspace_on_this_pcs_disk_opens_in_the_local_mode() {
    let dir = tmp();
    let ws = Workspace::open(&dir.path().join("ws.tierbook")).unwrap();
    assert_eq!(ws.sharing(), &Sharing::Local);
}

#[test]
fn the_workspace_moves_from_the_roaming_to_the_local_app_folder_once_and_whole() {
    let dir = tmp();
    let (roaming, local) = (dir.path().join("Roaming/tierbook"), dir.path().join("Local/tierbook"));
    std::fs::create_dir_all(&roaming).unwrap();
    let old = Workspace::default_path(&roaming);
    {
        let mut ws = Workspace::open(&old).unwrap();
        ws.set_needs("K1", "甲", None, "月结", "王会计").unwrap();
    }
    let to = Workspace::settle_default(&roaming, &local).unwrap();
    assert_eq!(to, Workspace::default_path(&local));
    assert!(!old.exists(), "moved, not copied");
    let ws = Workspace::open(&to).unwrap();
    assert_eq!(ws.audit_log(Some("K1")).unwrap().len(), 1, "nothing lost on the way");
    drop(ws);
    // A workspace already in the local folder is never overwritten.
    {
        let mut other = Workspace::open(&old).unwrap();
        other.set_needs("K2", "乙", None, "现结", "李经理").unwrap();
    }
    Workspace::settle_default(&roaming, &local).unwrap();
    assert!(old.exists());
    assert_eq!(Workspace::open(&to).unwrap().audit_log(Some("K2")).unwrap().len(), 0);
}
