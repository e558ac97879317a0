//! Finding the files below the input folder and telling their format by content.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

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

/// Every file below `dir`, sorted, skipping ignored files and folders.
pub fn list_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_ignored(&name) {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() || kind.is_symlink() {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    Ok(out)
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

    #[test]
    fn ignored_names() {
        assert!(is_ignored("~$2024年度_総務課_進捗シート.xlsx"));
        assert!(is_ignored(".DS_Store"));
        assert!(is_ignored("Thumbs.db"));
        assert!(!is_ignored("2024年度_総務課_進捗シート.xlsx"));
        assert_eq!(extension(Path::new("a/B.XLSX")), "xlsx");
    }
}
