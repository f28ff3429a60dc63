//! Where a workspace file lives, and how it is opened there.
//!
//! Why: companies put the workspace on a shared folder (共享文件夹) so the
//! finance clerk and the managers use one file. SQLite's WAL mode, the local
//! default, needs shared memory between the processes and is documented not to
//! work over a network file system: two PCs writing through SMB or NFS can
//! corrupt the file. On a network path the workspace is opened in the mode
//! SQLite supports there instead: a rollback journal, every write transaction
//! taking the exclusive lock before it starts, a short wait for a lock held
//! elsewhere, and then a message that names the PC holding it.
//!
//! Detection is by path and mount table, from facts a test can feed in:
//! a UNC path (`\\server\share`) or a mapped drive (Windows resolves one to
//! `\\?\UNC\…`), and an NFS/SMB/CIFS (or other network) mount on Linux and
//! macOS.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// How a workspace file is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sharing {
    /// On this PC's own disk: WAL, the fast default.
    Local,
    /// On a network file system (named by its type: `cifs`, `nfs4`, `UNC`…):
    /// rollback journal and exclusive write transactions.
    Network {
        /// The file system or path kind that was found.
        kind: String,
    },
    /// A team workspace on a PostgreSQL server: the server keeps the locks.
    Server,
}

impl Sharing {
    /// Whether the file is on a network file system.
    pub fn is_network(&self) -> bool {
        matches!(self, Sharing::Network { .. })
    }
}

/// How long a write waits for a lock another PC holds before it gives up
/// with [`super::StoreError::Busy`]: long enough for another user's edit,
/// short enough that a clerk is told rather than left with a frozen window.
pub const NETWORK_BUSY_WAIT: Duration = Duration::from_secs(3);

/// Linux and macOS file systems that are network mounts.
const NETWORK_FS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "smb",
    "afs",
    "9p",
    "ceph",
    "glusterfs",
    "lustre",
    "gpfs",
    "davfs",
    "webdav",
    "afpfs",
    "ncpfs",
    "coda",
];

/// Whether a file-system type names a network file system (FUSE mounts of
/// network protocols included: `fuse.sshfs`, `fuse.smbnetfs`, GVFS).
fn is_network_fs(fs: &str) -> bool {
    let fs = fs.to_ascii_lowercase();
    let base = fs.strip_prefix("fuse.").unwrap_or(&fs);
    NETWORK_FS.contains(&base) || ["sshfs", "smbnetfs", "gvfsd-fuse", "rclone", "s3fs", "davfs2"].contains(&base)
}

/// How the file at `path` (which may not exist yet) should be opened.
pub fn detect(path: &Path) -> Sharing {
    let resolved = resolve(path);
    if let Some(kind) = windows_network_kind(&resolved.to_string_lossy()) {
        return Sharing::Network { kind };
    }
    if let Some(kind) = mounted_kind(&resolved) {
        return Sharing::Network { kind };
    }
    Sharing::Local
}

/// The path made absolute with links resolved, as far as it exists (a new
/// workspace's folder exists, the file not yet).
fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => match std::fs::canonicalize(dir) {
            Ok(d) => d.join(name),
            Err(_) => path.to_path_buf(),
        },
        _ => std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// A Windows network path: UNC (`\\server\share\…`, `//server/share`) or the
/// `\\?\UNC\…` form a mapped drive resolves to. Local device paths
/// (`\\?\C:\…`, `\\.\…`) are not network paths.
pub fn windows_network_kind(path: &str) -> Option<String> {
    let p = path.replace('/', "\\");
    if let Some(rest) = p.strip_prefix(r"\\?\") {
        return rest
            .to_ascii_uppercase()
            .starts_with(r"UNC\")
            .then(|| "UNC".to_string());
    }
    if p.starts_with(r"\\.\") {
        return None;
    }
    (p.starts_with(r"\\") && p.len() > 2).then(|| "UNC".to_string())
}

/// The network file system `path` is on, read from this machine's mount table.
fn mounted_kind(path: &Path) -> Option<String> {
    #[cfg(target_os = "linux")]
    {
        let table = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
        network_mount(&table, path)
    }
    #[cfg(target_os = "macos")]
    {
        macos_fs_type(path).filter(|fs| is_network_fs(fs))
    }
    #[cfg(not(any(target_os = "linux", target_os = "macos")))]
    {
        let _ = path;
        None
    }
}

/// The network file system type of the mount that holds `path`, from the text
/// of `/proc/self/mountinfo` (the longest mount point that contains it wins).
pub fn network_mount(mountinfo: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for line in mountinfo.lines() {
        // id parent major:minor root mount-point options [optional…] - fstype source super-options
        let mut fields = line.split(' ');
        let Some(point) = fields.nth(4) else { continue };
        let Some((_, after)) = line.split_once(" - ") else {
            continue;
        };
        let Some(fs) = after.split(' ').next() else { continue };
        let point = unescape_mount(point);
        if path.starts_with(&point) && best.is_none_or(|(len, _)| point.len() >= len) {
            best = Some((point.len(), fs));
        }
    }
    best.map(|(_, fs)| fs)
        .filter(|fs| is_network_fs(fs))
        .map(str::to_string)
}

/// Mount points in mountinfo escape space, tab, newline and backslash as octal.
fn unescape_mount(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let code: String = chars.clone().take(3).collect();
            if code.len() == 3 {
                if let Ok(n) = u8::from_str_radix(&code, 8) {
                    out.push(n as char);
                    for _ in 0..3 {
                        chars.next();
                    }
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

#[cfg(target_os = "macos")]
fn macos_fs_type(path: &Path) -> Option<String> {
    use std::ffi::{CStr, CString};
    use std::os::unix::ffi::OsStrExt;
    let dir = if path.exists() { path } else { path.parent()? };
    let c = CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a writable statfs.
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    // SAFETY: statfs fills f_fstypename with a NUL-terminated name.
    let name = unsafe { CStr::from_ptr(st.f_fstypename.as_ptr()) };
    Some(name.to_string_lossy().into_owned())
}

/// Who is at this PC, for the audit log and for naming the PC that holds a
/// shared workspace: the operating-system user.
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "user".to_string())
}

/// This PC's name.
pub fn host_name() -> String {
    let h = gethostname::gethostname().to_string_lossy().trim().to_string();
    if h.is_empty() {
        "?".into()
    } else {
        h
    }
}

/// The file beside a shared workspace that names the PC writing it, kept by
/// whoever holds the write lock (so only one writes it at a time).
fn writer_file(workspace: &Path) -> PathBuf {
    let mut name = workspace.as_os_str().to_owned();
    name.push("-writer");
    PathBuf::from(name)
}

/// Records this PC and user as the shared workspace's writer. Called with the
/// write lock held; a failure only loses the name in another user's message.
pub fn mark_writer(workspace: &Path) {
    let text = format!(
        "{}\n{}\n{}\n",
        host_name(),
        os_user(),
        chrono::Local::now().format("%H:%M")
    );
    let file = writer_file(workspace);
    let tmp = file.with_extension("writer-tmp");
    if std::fs::write(&tmp, text).is_ok() {
        let _ = std::fs::rename(&tmp, &file);
    }
}

/// Who last took a shared workspace's write lock: PC, user and time (HH:MM).
pub fn last_writer(workspace: &Path) -> Option<(String, String, String)> {
    let text = std::fs::read_to_string(writer_file(workspace)).ok()?;
    let mut lines = text.lines().map(str::trim);
    let host = lines.next().filter(|h| !h.is_empty())?.to_string();
    let user = lines.next().unwrap_or_default().to_string();
    let at = lines.next().unwrap_or_default().to_string();
    Some((host, user, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:40 / /mnt/finance rw,relatime shared:9 - cifs //fs01/财务 rw,vers=3.1.1
31 22 0:41 / /mnt/finance/local rw,relatime - ext4 /dev/sdb1 rw
32 22 0:42 / /home/wang/nas rw,nosuid - nfs4 nas:/export rw
33 22 0:43 / /media/My\\040Share rw - fuse.sshfs host:/d rw
";

    #[test]
    fn a_workspace_on_an_smb_nfs_or_sshfs_mount_is_on_the_network() {
        let on = |p: &str| network_mount(MOUNTINFO, Path::new(p));
        assert_eq!(on("/mnt/finance/客户.tierbook").as_deref(), Some("cifs"));
        assert_eq!(on("/home/wang/nas/ws.tierbook").as_deref(), Some("nfs4"));
        assert_eq!(on("/media/My Share/ws.tierbook").as_deref(), Some("fuse.sshfs"));
        // The longest mount point wins: a local disk mounted inside the share.
        assert_eq!(on("/mnt/finance/local/ws.tierbook"), None);
        assert_eq!(on("/home/wang/ws.tierbook"), None);
        // A name that only begins like a mount point is not inside it.
        assert_eq!(on("/mnt/finance2/ws.tierbook"), None);
    }

    #[test]
    fn unc_paths_and_mapped_drives_are_network_paths_but_local_drives_are_not() {
        assert_eq!(windows_network_kind(r"\\fs01\财务\ws.tierbook").as_deref(), Some("UNC"));
        assert_eq!(windows_network_kind("//fs01/share/ws.tierbook").as_deref(), Some("UNC"));
        // A mapped drive (Z:) canonicalises to the UNC form.
        assert_eq!(
            windows_network_kind(r"\\?\UNC\fs01\share\ws.tierbook").as_deref(),
            Some("UNC")
        );
        assert_eq!(windows_network_kind(r"\\?\C:\Users\wang\ws.tierbook"), None);
        assert_eq!(windows_network_kind(r"\\.\PhysicalDrive0"), None);
        assert_eq!(windows_network_kind(r"C:\Users\wang\ws.tierbook"), None);
        assert_eq!(windows_network_kind("/home/wang/ws.tierbook"), None);
    }

    #[test]
    fn a_workspace_in_a_local_temporary_folder_is_local() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(detect(&dir.path().join("new.tierbook")), Sharing::Local);
    }

    #[test]
    fn the_writer_mark_names_this_pc_and_user() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws.tierbook");
        assert_eq!(last_writer(&ws), None);
        mark_writer(&ws);
        let (host, user, at) = last_writer(&ws).unwrap();
        assert_eq!((host, user), (host_name(), os_user()));
        assert_eq!(at.len(), 5);
    }
}
