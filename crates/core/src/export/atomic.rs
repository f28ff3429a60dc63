//! Atomic file replacement: write beside the target, flush to disk, rename.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::ExportError;

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = format!(".~{name}.{}.tmp", std::process::id());
    path.with_file_name(tmp)
}

pub(super) fn classify(path: &Path, e: &std::io::Error, renaming: bool) -> ExportError {
    let p = path.display().to_string();
    match e.kind() {
        std::io::ErrorKind::NotFound => ExportError::FolderNotFound { path: p },
        std::io::ErrorKind::PermissionDenied if renaming && path.exists() => ExportError::TargetInUse { path: p },
        std::io::ErrorKind::PermissionDenied => ExportError::PermissionDenied { path: p },
        std::io::ErrorKind::StorageFull => ExportError::DiskFull { path: p },
        _ if e.raw_os_error() == Some(28) => ExportError::DiskFull { path: p },
        // Windows: ERROR_SHARING_VIOLATION (32) and ERROR_LOCK_VIOLATION (33).
        _ if matches!(e.raw_os_error(), Some(32) | Some(33)) => ExportError::TargetInUse { path: p },
        _ => ExportError::Io {
            path: p,
            detail: e.to_string(),
        },
    }
}

/// Writes `bytes` to `path` atomically; see [`write_atomically_with`].
///
/// # Errors
/// [`ExportError`] naming the path and the cause.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_atomically_with(path, |f| f.write_all(bytes).map_err(|e| classify(path, &e, false)))
}

/// Lets `fill` write the content into a temporary file in the target's folder,
/// syncs it, then renames it over `path`. On any failure the temporary file is
/// removed and an existing target is left as it was.
///
/// # Errors
/// [`ExportError`] naming the path and the cause, or the error `fill` returned.
pub fn write_atomically_with(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    if path.is_dir() {
        return Err(ExportError::Io {
            path: path.display().to_string(),
            detail: "is a folder".into(),
        });
    }
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = fs::File::create(&tmp).map_err(|e| classify(path, &e, false))?;
        fill(&mut f)?;
        f.sync_all().map_err(|e| classify(path, &e, false))?;
        drop(f);
        fs::rename(&tmp, path).map_err(|e| classify(path, &e, true))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_target_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.xlsx");
        fs::write(&p, b"old").unwrap();
        write_atomically(&p, b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_is_reported_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no-such-folder").join("out.xlsx");
        let e = write_atomically(&p, b"x").unwrap_err();
        assert_eq!(e.code(), "export.folder_not_found");
    }

    #[test]
    fn a_folder_as_target_is_refused_without_damage() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomically(dir.path(), b"x").unwrap_err();
        assert_eq!(e.code(), "export.io");
        assert!(dir.path().is_dir());
    }
}
