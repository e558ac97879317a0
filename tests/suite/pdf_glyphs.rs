//! `hyoka build` with a character the PDF font lacks: the build succeeds, the books are
//! written, and a Japanese warning names the character, the plan and the field.

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::Command;

/// A copy of a shipped sample workbook with `from` replaced by `to` in its shared strings.
fn edited_workbook(source: &Path, from: &str, to: &str) -> Vec<u8> {
    let bytes = std::fs::read(source).expect("sample workbook");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut replaced = false;
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("entry");
        let name = file.name().expect("entry name").to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("entry bytes");
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).expect("utf-8 xml");
            replaced = text.contains(from);
            data = text.replacen(from, to, 1).into_bytes();
        }
        out.start_file(name, options).expect("write entry");
        out.write_all(&data).expect("write bytes");
    }
    assert!(replaced, "the sample holds {from}");
    out.finish().expect("zip").into_inner()
}

#[test]
fn build_warns_of_a_character_missing_from_the_pdf_font_and_succeeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("input");
    std::fs::create_dir(&input).expect("input dir");
    let name = "2024年度_総務課_進捗シート.xlsx";
    let workbook = edited_workbook(
        &root.join("input/2024年度").join(name),
        "令和6年度は「アウトソーシング",
        "令和6年度は😀「アウトソーシング",
    );
    std::fs::write(input.join(name), workbook).expect("write input");
    let out_dir = dir.path().join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["build", "--year", "2024", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out_dir)
        .current_dir(root)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("run hyoka");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "警告[pdf-missing-glyph]: PDF のフォントにない文字があります: 😀（U+1F600）（プラン⑤ 取組実績）"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(name),
        "the warning names the workbook: {stderr}"
    );
    assert!(
        out_dir
            .join("令和6年度_アクションプラン評価書.pdf")
            .exists()
    );
    assert!(
        out_dir
            .join("令和6年度_アクションプラン評価書.xlsx")
            .exists()
    );
}
