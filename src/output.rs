//! Writing output files: every file of every command goes through [`OutputDir`], which writes
//! all of a run's files or none, never through a link, and one run at a time per folder.
//!
//! How: the folder is locked (an advisory lock on [`LOCK_FILE`] in it); each file is first
//! written to a new temporary file with an unpredictable name starting with [`TEMP_PREFIX`],
//! created exclusively (so a link planted there is never followed); only when every file of
//! the run is complete are they renamed to their final names. A rename replaces whatever
//! entry has that name, a link included, rather than writing through it. Temporary files left
//! by a killed run carry the prefix and are removed by the next run in that folder.

use std::fs::File;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The prefix of every temporary file hyoka creates in an output folder.
pub const TEMP_PREFIX: &str = ".hyoka-tmp-";

/// The file in an output folder that is locked while hyoka writes there.
pub const LOCK_FILE: &str = ".hyoka-lock";

/// A failure to write into an output folder.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output folder is the input folder or inside it: the next run would read its own
    /// outputs as submissions.
    #[error(
        "出力先 {output} が入力フォルダ {input} の中にあります。入力フォルダの外のフォルダを指定してください"
    )]
    InsideInput {
        /// The output folder as given.
        output: String,
        /// The input folder as given.
        input: String,
    },
    /// Another hyoka is writing into the same folder.
    #[error(
        "出力先 {0} には別の hyoka が書き込み中です。終わってから実行し直してください（同じフォルダへの同時実行はできません）"
    )]
    Busy(String),
    /// The folder cannot be created, listed or locked.
    #[error("出力先 {path} を使えません: {reason}")]
    Folder {
        /// The folder.
        path: String,
        /// The cause, in Japanese.
        reason: String,
    },
    /// A file cannot be written.
    #[error("{path} に書き込めません: {reason}")]
    Write {
        /// The file.
        path: String,
        /// The cause, in Japanese.
        reason: String,
    },
    /// A folder (or another non-file) has the name of an output file.
    #[error(
        "{0} はファイルではない（フォルダなど）ため、書き込めません。移動するか名前を変えてください"
    )]
    NotAFile(String),
    /// An output name that is not a plain file name (a bug: names are made by hyoka).
    #[error("出力ファイル名「{0}」は使えません")]
    BadName(String),
}

/// An output folder, locked for this run until dropped.
#[derive(Debug)]
pub struct OutputDir {
    dir: PathBuf,
    lock: Option<File>,
}

impl OutputDir {
    /// Creates `dir` if missing, refuses it when it is inside `input`, locks it and removes
    /// the temporary files a killed run left there.
    ///
    /// # Errors
    /// [`OutputError::InsideInput`], [`OutputError::Busy`] when another run holds the
    /// folder, [`OutputError::Folder`] when it cannot be created or locked.
    pub fn open(dir: &Path, input: Option<&Path>) -> Result<Self, OutputError> {
        if let Some(input) = input {
            check_outside(dir, input)?;
        }
        let folder_error = |e| OutputError::Folder {
            path: dir.display().to_string(),
            reason: reason(&e),
        };
        std::fs::create_dir_all(dir).map_err(folder_error)?;
        let lock = lock(dir)?;
        remove_leftovers(dir);
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            lock: Some(lock),
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes every `(name, bytes)` into the folder, all or none: each to a temporary file
    /// first, renamed to its name only when all are complete. When anything fails, no file
    /// of the folder has changed and no temporary file remains. Returns the paths written.
    ///
    /// # Errors
    /// [`OutputError::Write`] naming the file that failed, [`OutputError::NotAFile`] when a
    /// folder has an output's name.
    pub fn write_all(&self, files: &[(&str, &[u8])]) -> Result<Vec<PathBuf>, OutputError> {
        let mut staged = Vec::with_capacity(files.len());
        for (name, bytes) in files {
            let target = self.target(name)?;
            let temp = self.stage(bytes).map_err(|e| OutputError::Write {
                path: target.display().to_string(),
                reason: reason(&e),
            })?;
            staged.push((temp, target));
        }
        // Anything in the way is found before the first rename, so that it changes nothing.
        for (_, target) in &staged {
            if let Ok(meta) = std::fs::symlink_metadata(target)
                && meta.is_dir()
            {
                return Err(OutputError::NotAFile(target.display().to_string()));
            }
        }
        // Renames of a run's files hardly fail once nothing is in the way; if one does, the
        // files already renamed are put back from hard links taken beforehand.
        let backups: Vec<Option<tempfile::TempPath>> = staged
            .iter()
            .map(|(_, target)| self.backup(target))
            .collect();
        let mut done: Vec<&Path> = Vec::new();
        for (temp, target) in &staged {
            let rename = std::fs::rename(temp, target);
            if let Err(source) = rename {
                for (i, path) in done.iter().enumerate() {
                    match &backups[i] {
                        Some(old) => {
                            let _ = std::fs::rename(old, path);
                        }
                        None => {
                            let _ = std::fs::remove_file(path);
                        }
                    }
                }
                return Err(OutputError::Write {
                    path: target.display().to_string(),
                    reason: reason(&source),
                });
            }
            done.push(target);
        }
        Ok(staged.into_iter().map(|(_, target)| target).collect())
    }

    /// Removes the files of the folder whose names `stale` selects (an earlier run's outputs
    /// that this run does not replace); links are removed, never followed, and folders kept.
    ///
    /// # Errors
    /// [`OutputError::Folder`] when the folder cannot be listed, [`OutputError::Write`] when
    /// a file cannot be removed.
    pub fn remove_where(&self, stale: impl Fn(&str) -> bool) -> Result<(), OutputError> {
        let entries = std::fs::read_dir(&self.dir).map_err(|e| OutputError::Folder {
            path: self.dir.display().to_string(),
            reason: reason(&e),
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if !is_dir && stale(name) {
                let path = entry.path();
                std::fs::remove_file(&path).map_err(|e| OutputError::Write {
                    path: path.display().to_string(),
                    reason: reason(&e),
                })?;
            }
        }
        Ok(())
    }

    /// The final path of an output named `name`, which must be a plain file name.
    fn target(&self, name: &str) -> Result<PathBuf, OutputError> {
        let mut parts = Path::new(name).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(_)), None) if !name.starts_with(TEMP_PREFIX) => {
                Ok(self.dir.join(name))
            }
            _ => Err(OutputError::BadName(name.to_string())),
        }
    }

    /// Writes `bytes` to a new temporary file of the folder and returns its path; the file is
    /// removed when the path is dropped.
    fn stage(&self, bytes: &[u8]) -> std::io::Result<tempfile::TempPath> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMP_PREFIX);
        #[cfg(unix)]
        {
            // As `std::fs::write` would: readable as the user's umask allows, not only by the
            // operator (tempfile's default 0600), since the books are handed to others.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let mut temp = builder.tempfile_in(&self.dir)?;
        temp.write_all(bytes)?;
        // A full disk may only show when the data is flushed.
        temp.as_file().sync_all()?;
        Ok(temp.into_temp_path())
    }

    /// A second name (hard link) for the file at `target`, kept until dropped, or `None` when
    /// there is none or the file system has no hard links.
    fn backup(&self, target: &Path) -> Option<tempfile::TempPath> {
        std::fs::symlink_metadata(target).ok()?;
        tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .make_in(&self.dir, |path| std::fs::hard_link(target, path))
            .ok()
            .map(tempfile::NamedTempFile::into_temp_path)
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if let Some(lock) = self.lock.take() {
            // Removed while still locked: a run waiting for this file then sees that it is
            // gone (see `lock`) and takes a new one. Where an open file cannot be removed
            // (Windows) it stays, empty and harmless.
            let _ = std::fs::remove_file(self.dir.join(LOCK_FILE));
            let _ = lock.unlock();
        }
    }
}

/// Why writing failed, in Japanese; the system's own words only for the unusual causes.
fn reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "ディスクの空き容量が足りません".to_string()
        }
        ErrorKind::PermissionDenied => "書き込む権限がありません".to_string(),
        ErrorKind::ReadOnlyFilesystem => "読み取り専用の場所です".to_string(),
        ErrorKind::NotFound => "フォルダが見つかりません".to_string(),
        ErrorKind::IsADirectory | ErrorKind::NotADirectory => {
            "同じ名前のフォルダまたはファイルがあります".to_string()
        }
        ErrorKind::InvalidFilename => "パスが長すぎるか、使えない文字を含んでいます".to_string(),
        _ => format!("書き込めませんでした（{e}）"),
    }
}

/// Refuses an output folder that is the input folder or inside it; both are compared as
/// absolute paths with links resolved, as far as they exist.
///
/// # Errors
/// [`OutputError::InsideInput`].
pub fn check_outside(output: &Path, input: &Path) -> Result<(), OutputError> {
    if resolve(output).starts_with(resolve(input)) {
        return Err(OutputError::InsideInput {
            output: output.display().to_string(),
            input: input.display().to_string(),
        });
    }
    Ok(())
}

/// An absolute path with `..` and links resolved as far as the path exists, so that a
/// folder that does not exist yet can still be compared.
fn resolve(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut existing = path.to_path_buf();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
        if existing.as_os_str().is_empty() {
            existing = PathBuf::from(".");
        }
    }
}

/// Takes the folder's lock, or fails with [`OutputError::Busy`] when another run holds it.
fn lock(dir: &Path) -> Result<File, OutputError> {
    let path = dir.join(LOCK_FILE);
    let failed = |e: std::io::Error| OutputError::Folder {
        path: path.display().to_string(),
        reason: reason(&e),
    };
    // A few rounds: the holder may remove the file between our open and our lock.
    for _ in 0..20 {
        let file = match open_lock_file(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(failed(e)),
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(OutputError::Busy(dir.display().to_string()));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(failed(e)),
        }
        if is_same_file(&file, &path) {
            return Ok(file);
        }
    }
    Err(OutputError::Busy(dir.display().to_string()))
}

/// Opens (creating) the lock file without following a link or blocking on a FIFO planted at
/// its name; anything there that is not a plain file is removed first.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        std::fs::remove_file(path)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other(
            "ロック用のファイルが通常のファイルではありません",
        ));
    }
    Ok(file)
}

/// Whether the open `file` is still the one named `path`.
fn is_same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Removes what a killed run left: temporary files (by their prefix) and the fixed-name
/// temporary files of hyoka before 0.2 (`.….xlsx.part`, `….tmp~`). Links are removed, not
/// followed; failures are ignored (a file that stays is harmless and tried again next run).
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let legacy = (name.starts_with('.')
            && (name.ends_with(".xlsx.part") || name.ends_with(".pdf.part")))
            || name.ends_with(".tmp~");
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if (name.starts_with(TEMP_PREFIX) || legacy) && !is_dir {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_every_file_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::open(dir.path(), None).unwrap();
        out.write_all(&[("a.xlsx", b"one"), ("a.pdf", b"two")])
            .unwrap();
        out.write_all(&[("a.xlsx", b"three"), ("a.pdf", b"four")])
            .unwrap();
        drop(out);
        assert_eq!(names(dir.path()), ["a.pdf", "a.xlsx"]);
        assert_eq!(std::fs::read(dir.path().join("a.xlsx")).unwrap(), b"three");
    }

    #[test]
    fn a_folder_in_the_way_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.xlsx"), b"old").unwrap();
        std::fs::create_dir(dir.path().join("a.pdf")).unwrap();
        let out = OutputDir::open(dir.path(), None).unwrap();
        let err = out
            .write_all(&[("a.xlsx", b"new"), ("a.pdf", b"new")])
            .unwrap_err();
        assert!(matches!(err, OutputError::NotAFile(_)), "{err}");
        drop(out);
        assert_eq!(std::fs::read(dir.path().join("a.xlsx")).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["a.pdf", "a.xlsx"]);
    }

    #[test]
    fn names_that_leave_the_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::open(dir.path(), None).unwrap();
        for bad in ["../a.xlsx", "b/a.xlsx", "..", "", ".hyoka-tmp-x"] {
            assert!(
                matches!(out.write_all(&[(bad, b"x")]), Err(OutputError::BadName(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn leftovers_of_a_killed_run_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".hyoka-tmp-Ab12cd"), b"half").unwrap();
        std::fs::write(dir.path().join(".a.xlsx.part"), b"half").unwrap();
        std::fs::write(dir.path().join("keep.txt"), b"mine").unwrap();
        drop(OutputDir::open(dir.path(), None).unwrap());
        assert_eq!(names(dir.path()), ["keep.txt"]);
    }

    #[test]
    fn a_second_run_on_a_locked_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputDir::open(dir.path(), None).unwrap();
        let second = OutputDir::open(dir.path(), None);
        assert!(matches!(second, Err(OutputError::Busy(_))), "{second:?}");
        drop(first);
        assert!(OutputDir::open(dir.path(), None).is_ok());
    }

    #[test]
    fn an_output_inside_the_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("input");
        std::fs::create_dir(&input).unwrap();
        assert!(check_outside(&input.join("out/new"), &input).is_err());
        assert!(check_outside(&input, &input).is_err());
        assert!(check_outside(&input.join("../input/x"), &input).is_err());
        assert!(check_outside(&dir.path().join("output"), &input).is_ok());
        assert!(check_outside(&dir.path().join("input2"), &input).is_ok());
    }
}
