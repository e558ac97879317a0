//! Finding the files below the input folder and telling their format by content.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Source};

/// What a file's bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// Excel 97–2003 binary workbook (.xls).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// A CFB container holding an `EncryptedPackage`: a workbook with an open password.
    Encrypted,
    /// A zip archive that is not a workbook.
    OtherZip,
    /// Nothing in the file.
    Empty,
    /// Anything else.
    Unknown,
}

/// Extensions of files we expect to be workbooks.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods"];

/// The lower-case extension of a path.
pub fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether a file is skipped without a word: Excel lock files (`~$…`), hidden files
/// (`.…`) and the files Windows and macOS leave behind.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with("~$")
        || name.starts_with('.')
        || matches!(
            name.to_ascii_lowercase().as_str(),
            "thumbs.db" | "desktop.ini"
        )
}

/// What [`list_files`] found: the files to read, and the places it could not look into.
#[derive(Debug, Default)]
pub struct Listing {
    /// Every file below the folder, sorted, without ignored files and folders.
    pub files: Vec<PathBuf>,
    /// One error per subfolder or entry that could not be read, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
}

/// Every file below `dir`, sorted, skipping ignored files and folders. A subfolder or an
/// entry that cannot be read (permissions, a path too long for the system) becomes a
/// diagnostic and the rest is still listed; only `dir` itself failing is an error.
/// Besides files and links, anything else named like a workbook (a FIFO, socket or device)
/// is listed too, so that reading it reports it; nothing here opens a file.
pub fn list_files(dir: &Path) -> std::io::Result<Listing> {
    let mut listing = Listing::default();
    let mut problems: Vec<(PathBuf, Diagnostic)> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(entries) => entries,
            Err(e) if d == dir => return Err(e),
            Err(e) => {
                problems.push((d.clone(), folder_unreadable(&relative(dir, &d), &e)));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    problems.push((d.clone(), folder_unreadable(&relative(dir, &d), &e)));
                    break;
                }
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_ignored(&name) {
                continue;
            }
            let path = entry.path();
            let kind = match entry.file_type() {
                Ok(kind) => kind,
                Err(e) => {
                    problems.push((path.clone(), entry_unreadable(&relative(dir, &path), &e)));
                    continue;
                }
            };
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file()
                || kind.is_symlink()
                || WORKBOOK_EXTENSIONS.contains(&extension(&path).as_str())
            {
                listing.files.push(path);
            }
        }
    }
    listing.files.sort();
    problems.sort_by(|a, b| a.0.cmp(&b.0));
    listing.diagnostics = problems.into_iter().map(|(_, d)| d).collect();
    Ok(listing)
}

/// `path` relative to `dir`, with `/` separators, as diagnostics name files.
pub fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Why a file or folder cannot be read, in Japanese.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => {
            "見つかりません（読み込み中に移動・削除されたか、リンク先がありません）".to_string()
        }
        ErrorKind::PermissionDenied => "読み取る権限がありません".to_string(),
        ErrorKind::IsADirectory => "ファイルではなくフォルダです".to_string(),
        ErrorKind::NotADirectory => "フォルダではなくファイルです".to_string(),
        ErrorKind::InvalidFilename => {
            "フォルダ名とファイル名を合わせたパスが長すぎて、OS が扱えません".to_string()
        }
        _ => format!("読み込めません（{e}）"),
    }
}

fn folder_unreadable(name: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "folder-unreadable",
        format!(
            "フォルダの中を読めません: {}。このフォルダのファイルは読み込んでいません。",
            io_reason(e)
        ),
    )
    .at(Source::file(format!("{name}/")))
    .hint(
        "フォルダの権限や名前の長さを確認するか、中のファイルを入力フォルダに直接置いてください。",
    )
}

fn entry_unreadable(name: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "file-unreadable",
        format!("ファイルを読み込めません: {}。", io_reason(e)),
    )
    .at(Source::file(name))
    .hint("フォルダ名やファイル名を短くして、入力フォルダに置き直してください。")
}

/// Opens a file for reading without ever waiting: a FIFO put where a workbook was (after it
/// was listed) would otherwise block the open until something writes to it. Anything but a
/// regular file is refused.
pub fn open_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "通常のファイルではありません",
        ));
    }
    Ok(file)
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Tells the format from the first bytes and, for zips, from the names inside.
pub fn sniff(bytes: &[u8], max_unpacked: u64) -> Result<Format, SniffError> {
    if bytes.is_empty() {
        return Ok(Format::Empty);
    }
    if bytes.starts_with(&CFB_MAGIC) {
        let needle: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
            return Ok(Format::Encrypted);
        }
        return Ok(Format::Xls);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return Err(SniffError::Corrupt);
        };
        let mut unpacked: u64 = 0;
        let mut names = Vec::new();
        for i in 0..zip.len() {
            let Ok(file) = zip.by_index_raw(i) else {
                return Err(SniffError::Corrupt);
            };
            unpacked = unpacked.saturating_add(file.size());
            let Ok(name) = file.name() else {
                return Err(SniffError::Corrupt);
            };
            names.push(name.to_string());
        }
        if unpacked > max_unpacked {
            return Err(SniffError::TooLarge(unpacked));
        }
        if names.iter().any(|n| n == "xl/workbook.xml") {
            return Ok(Format::Xlsx);
        }
        if names.iter().any(|n| n == "mimetype")
            && let Ok(mut f) = zip.by_name("mimetype")
        {
            let mut s = String::new();
            if f.read_to_string(&mut s).is_ok()
                && s.trim() == "application/vnd.oasis.opendocument.spreadsheet"
            {
                return Ok(Format::Ods);
            }
        }
        return Ok(Format::OtherZip);
    }
    Ok(Format::Unknown)
}

/// A zip that cannot be looked into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SniffError {
    /// The zip directory is broken.
    Corrupt,
    /// The unpacked size is over the limit.
    TooLarge(u64),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_content() {
        assert_eq!(sniff(b"", 1000), Ok(Format::Empty));
        assert_eq!(sniff(b"hello", 1000), Ok(Format::Unknown));
        assert_eq!(sniff(b"PK\x03\x04garbage", 1000), Err(SniffError::Corrupt));
        let mut cfb = CFB_MAGIC.to_vec();
        cfb.extend_from_slice(&[0; 600]);
        assert_eq!(sniff(&cfb, 1000), Ok(Format::Xls));
        for u in "EncryptedPackage".encode_utf16() {
            cfb.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(sniff(&cfb, 1000), Ok(Format::Encrypted));
    }

    /// A FIFO is refused at once, not waited on (a plain open would block until a writer
    /// came).
    #[cfg(unix)]
    #[test]
    fn opening_a_fifo_never_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("a.xlsx");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string; mkfifo only creates the file.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
        let err = open_file(&fifo).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        std::fs::write(dir.path().join("b.xlsx"), b"PK").unwrap();
        assert!(open_file(&dir.path().join("b.xlsx")).is_ok());
    }

    #[test]
    fn ignored_names() {
        assert!(is_ignored("~$2024年度_総務課_進捗シート.xlsx"));
        assert!(is_ignored(".DS_Store"));
        assert!(is_ignored("Thumbs.db"));
        assert!(!is_ignored("2024年度_総務課_進捗シート.xlsx"));
        assert_eq!(extension(Path::new("a/B.XLSX")), "xlsx");
    }
}
