//! Intake: round trips through the forms, and the corpus of unreadable inputs (§2 of issue 3).

use crate::helper;

use std::collections::BTreeMap;
use std::str::FromStr;

use helper::{C, Case, Sheet, a1};
use hyoka::intake::{IntakeOptions, read_dir};
use rust_decimal::Decimal;

type Expected = BTreeMap<(u32, String), (Decimal, Option<Decimal>, Option<Decimal>)>;

/// Fills every 2024 form with distinct values, as another writer would, and remembers them.
fn fill_forms(insert_rows: bool) -> (tempfile::TempDir, Expected) {
    let plans = helper::plans();
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Expected::new();
    let mut n = 0.0;
    for form in hyoka::forms::make_forms(&plans, 2024).unwrap() {
        let mut sheets: Vec<Sheet> = helper::read(&form.bytes);
        helper::fill_all(&mut sheets, 1.0);
        for s in sheets.iter_mut().filter(|s| s.try_find("実績値").is_some()) {
            let plan = plans
                .plans
                .iter()
                .find(|p| hyoka::forms::sheet_name(p) == s.name)
                .unwrap();
            for ind in &plan.indicators {
                n += 1.5;
                let prev_pos = s.set_column("実績値", &ind.key, C::N(n));
                let _ = prev_pos;
                let (hr, pc) = s.find("前年度実績");
                let (_, rc) = s.find("参考値");
                let row = (hr + 1..hr + 20)
                    .find(|r| s.get((*r, 0)) == Some(&C::S(ind.key.clone())))
                    .unwrap();
                let previous = (s.get((row, pc)) != Some(&C::S("－".into()))).then(|| {
                    s.cells.insert((row, pc), C::N(n - 0.5));
                    Decimal::from_str(&(n - 0.5).to_string()).unwrap()
                });
                let reference = (s.get((row, rc)) != Some(&C::S("－".into()))).then(|| {
                    s.cells.insert((row, rc), C::N(n + 0.25));
                    Decimal::from_str(&(n + 0.25).to_string()).unwrap()
                });
                expected.insert(
                    (plan.number, ind.key.clone()),
                    (
                        Decimal::from_str(&n.to_string()).unwrap(),
                        previous,
                        reference,
                    ),
                );
            }
            s.set_beside("取組実績", C::S(format!("{} の取組", plan.number)));
            if insert_rows {
                let (r, _) = s.find("取組実績");
                s.insert_row(r);
                let (hr, _) = s.find("実績値");
                s.insert_row(hr);
                let (yr, _) = s.find("年度");
                s.insert_row(yr);
                s.insert_col(0);
                // A retyped header: label and value in one cell.
                let (dr, dc) = s.find("担当課");
                let dept = s.cells.remove(&(dr, dc + 1));
                if let Some(C::S(d)) = dept {
                    s.cells.insert((dr, dc), C::S(format!("担当課：{d}")));
                }
            }
        }
        std::fs::write(dir.path().join(&form.file_name), helper::write(&sheets)).unwrap();
    }
    (dir, expected)
}

fn round_trip(insert_rows: bool) {
    let plans = helper::plans();
    let (dir, expected) = fill_forms(insert_rows);
    let intake = read_dir(dir.path(), &IntakeOptions::default()).unwrap();
    let validated = hyoka::validate::validate(&plans, &intake, Some(2024));
    let errors: Vec<_> = validated
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(validated.year, Some(2024));
    let active = plans
        .plans
        .iter()
        .filter(|p| p.period.contains(2024))
        .count();
    assert_eq!(validated.records.len(), active);
    let mut seen = 0;
    for r in &validated.records {
        assert_eq!(r.achievements, format!("{} の取組", r.plan));
        assert_eq!(r.self_grade.as_deref(), Some("A"));
        assert_eq!(r.author, "架空 太郎");
        let plan = plans.plans.iter().find(|p| p.number == r.plan).unwrap();
        assert_eq!(r.department, plan.department);
        assert!(
            !validated
                .diagnostics
                .iter()
                .any(|d| d.code == "plan-other-department"),
            "{:#?}",
            validated.diagnostics
        );
        assert!(!r.needs_review);
        for i in &r.indicators {
            let (actual, previous, reference) = &expected[&(r.plan, i.key.clone())];
            assert_eq!(i.actual.as_ref(), Some(actual), "plan {} {}", r.plan, i.key);
            assert_eq!(&i.previous, previous, "plan {} {}", r.plan, i.key);
            assert_eq!(&i.reference, reference, "plan {} {}", r.plan, i.key);
            seen += 1;
        }
    }
    assert_eq!(seen, expected.len());
    // ㉗ 2a asks for 前年度実績 and ⑪ for 類似団体平均値: both came back.
    assert!(expected[&(27, "2a".to_string())].1.is_some());
    assert!(expected[&(11, "1".to_string())].2.is_some());
}

#[test]
fn forms_filled_by_another_writer_read_back_the_same() {
    round_trip(false);
}

#[test]
fn inserted_rows_and_columns_and_retyped_labels_still_read_the_same() {
    round_trip(true);
}

#[test]
fn typed_values_are_normalised() {
    // Full-width digits, separators and units, 「△」, percentages stored with a percent
    // format, and a formula's cached value.
    let plans = helper::plans();
    let dir = tempfile::tempdir().unwrap();
    let bytes = helper::filled("財政課", 2024, |sheets| {
        let s10 = sheets.iter_mut().find(|s| s.name.starts_with('⑩')).unwrap();
        s10.set_column("実績値", "1", C::S("１１．４％".into()));
        let s11 = sheets.iter_mut().find(|s| s.name.starts_with('⑪')).unwrap();
        s11.set_column("実績値", "1", C::F("=40+1.5".into(), "41.5".into()));
        s11.set_column("参考値", "1", C::S("  42.0 % ".into()));
    });
    std::fs::write(dir.path().join("財政課.xlsx"), bytes).unwrap();
    let bytes = helper::filled("秘書広報課", 2024, |sheets| {
        sheets[1].set_column("実績値", "1", C::S("1,051,200人".into()));
    });
    std::fs::write(dir.path().join("秘書広報課.xlsx"), bytes).unwrap();
    let bytes = helper::filled("政策経営課", 2024, |sheets| {
        let s = sheets
            .iter_mut()
            .find(|s| s.name.starts_with('㉓'))
            .unwrap();
        s.set_column("実績値", "1", C::S("△12人".into()));
    });
    std::fs::write(dir.path().join("政策経営課.xlsx"), bytes).unwrap();
    // Percent format: written through the forms with Input::Percent.
    let mut fills = BTreeMap::new();
    let mut ind = BTreeMap::new();
    for key in ["現年", "滞繰"] {
        ind.insert(
            key.to_string(),
            hyoka::forms::IndicatorFill {
                actual: Some(hyoka::forms::Input::Percent(if key == "現年" {
                    99.1
                } else {
                    23.45
                })),
                ..Default::default()
            },
        );
    }
    fills.insert(
        12,
        hyoka::forms::PlanFill {
            indicators: ind,
            achievements: Some("収納対策を行った。".into()),
            self_grade: Some("Ａ".into()),
            ..Default::default()
        },
    );
    let opts = hyoka::forms::WorkbookOptions {
        sample: true,
        fills,
        prior: None,
    };
    let bytes = hyoka::forms::make_workbook(&plans, 2024, "収納課", &[12], &opts).unwrap();
    std::fs::write(dir.path().join("収納課.xlsx"), bytes).unwrap();

    let intake = read_dir(dir.path(), &IntakeOptions::default()).unwrap();
    let v = hyoka::validate::validate(&plans, &intake, Some(2024));
    let actual = |plan: u32, key: &str| {
        v.records
            .iter()
            .find(|r| r.plan == plan)
            .and_then(|r| r.indicators.iter().find(|i| i.key == key))
            .and_then(|i| i.actual)
            .map(|d| d.to_string())
    };
    let d = |s: &str| Some(s.to_string());
    assert_eq!(actual(10, "1"), d("11.4"));
    assert_eq!(actual(11, "1"), d("41.5"));
    assert_eq!(actual(22, "1"), d("1051200"));
    assert_eq!(actual(23, "1"), d("-12"));
    assert_eq!(actual(12, "現年"), d("99.1"));
    assert_eq!(actual(12, "滞繰"), d("23.45"));
    let r11 = v.records.iter().find(|r| r.plan == 11).unwrap();
    assert_eq!(r11.indicators[0].reference.map(|d| d.to_string()), d("42"));
    let r12 = v.records.iter().find(|r| r.plan == 12).unwrap();
    assert!(r12.sample, "the forms' sample mark is read");
    assert_eq!(r12.self_grade.as_deref(), Some("A"), "full-width Ａ");
    assert!(!v.records.iter().find(|r| r.plan == 10).unwrap().sample);
    assert!(
        !v.diagnostics
            .iter()
            .any(|d| d.is_error() || d.code == "value-negative"),
        "{:#?}",
        v.diagnostics
    );
}

fn file(name: &str) -> String {
    name.to_string()
}

/// §2: files that cannot be read, each reported for that file while the others are read.
#[test]
fn corpus_of_unreadable_files() {
    let good = helper::filled("情報統計課", 2024, |_| {});
    let xls = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/input/2022年度/2022年度_税務課_進捗シート.xls"
    ))
    .unwrap();
    let mut wrong = helper::form_sheets("情報統計課", 2024);
    helper::fill_all(&mut wrong, 0.0);
    wrong[1].rename_label("実績値", "結果");
    let (hr, _) = wrong[1].find("結果");
    let mut nothing = helper::form_sheets("情報統計課", 2024);
    for s in nothing.iter_mut() {
        s.cells.retain(|_, v| !matches!(v, C::S(t) if t == "アクションプラン" || t == "実績値" || t == "取組実績" || t == "年度" || t == "自己評価" || t == "課題" || t == "今後の方向性" || t == "記入者" || t == "連絡先"));
    }
    // Converted once with LibreOffice from the sample's 2024 収納課 workbook, whose rates
    // are stored as fractions with a percent format (which calamine cannot see in .ods).
    let ods = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/intake/ods-percent/input/収納課.ods"
    ))
    .unwrap();
    // Converted once with LibreOffice (`soffice --headless --convert-to xls`) from the same
    // sample workbook: its rates are fractions with a % format, in XF and FORMAT records.
    let xls_percent = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/intake/xls-percent/input/収納課.xls"
    ))
    .unwrap();
    // The hidden-rows and hidden-columns workbooks of tests/suite/validate.rs, converted once with
    // LibreOffice to .xls and .ods: hidden rows in ROW records and table-row visibility,
    // hidden columns in COLINFO records and table-column visibility.
    let hidden_rows_xls = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/intake/hidden-rows-xls/input/情報統計課.xls"
    ))
    .unwrap();
    let hidden_columns_ods = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/intake/hidden-columns-ods/input/情報統計課.ods"
    ))
    .unwrap();
    // A department kept last year's sheet, hidden, beside this year's.
    let mut kept = helper::form_sheets("情報統計課", 2024);
    helper::fill_all(&mut kept, 0.0);
    let mut old = kept[1].clone();
    old.name = "①（昨年度）".to_string();
    old.set_beside("年度", C::S("令和5年度".into()));
    old.hidden = true;
    kept.push(old);
    let cases = vec![
        Case {
            name: "hidden-sheet",
            files: vec![(file("情報統計課.xlsx"), helper::write(&kept))],
            year: Some(2024),
            expect: vec![("sheet-hidden", file("情報統計課.xlsx"), String::new())],
        },
        // Read as percentages as .xlsx cells are: no 「割合の小数」 warning, only the plans
        // of other departments not submitted.
        Case {
            name: "ods-percent",
            files: vec![(file("収納課.ods"), ods)],
            year: Some(2024),
            expect: vec![("plan-not-submitted", String::new(), String::new())],
        },
        Case {
            name: "hidden-rows-xls",
            files: vec![(file("情報統計課.xls"), hidden_rows_xls)],
            year: Some(2024),
            expect: vec![("hidden-data", file("情報統計課.xls"), "A9".to_string())],
        },
        Case {
            name: "hidden-columns-ods",
            files: vec![(file("情報統計課.ods"), hidden_columns_ods)],
            year: Some(2024),
            expect: vec![("hidden-data", file("情報統計課.ods"), "E8".to_string())],
        },
        Case {
            name: "xls-percent",
            files: vec![(file("収納課.xls"), xls_percent)],
            year: Some(2024),
            expect: vec![("plan-not-submitted", String::new(), String::new())],
        },
        Case {
            name: "empty-file",
            files: vec![(file("空.xlsx"), vec![]), (file("ok.xlsx"), good.clone())],
            year: Some(2024),
            expect: vec![("file-empty", file("空.xlsx"), String::new())],
        },
        Case {
            name: "not-a-workbook",
            files: vec![
                (file("メモ.txt"), "提出状況メモ".as_bytes().to_vec()),
                (file("ok.xlsx"), good.clone()),
            ],
            year: Some(2024),
            expect: vec![("file-not-workbook", file("メモ.txt"), String::new())],
        },
        Case {
            name: "zip-not-workbook",
            files: vec![
                (file("圧縮.xlsx"), helper::plain_zip()),
                (file("ok.xlsx"), good.clone()),
            ],
            year: Some(2024),
            expect: vec![("file-zip-not-workbook", file("圧縮.xlsx"), String::new())],
        },
        Case {
            name: "encrypted",
            files: vec![
                (file("パスワード付き.xlsx"), helper::encrypted_stub()),
                (file("ok.xlsx"), good.clone()),
            ],
            year: Some(2024),
            expect: vec![("file-encrypted", file("パスワード付き.xlsx"), String::new())],
        },
        Case {
            name: "corrupt",
            files: vec![
                (file("壊れた.xlsx"), good[..good.len() / 2].to_vec()),
                (file("ゴミ.xlsx"), b"<html>not a workbook</html>".to_vec()),
                (file("ok.xlsx"), good.clone()),
            ],
            year: Some(2024),
            expect: vec![
                ("file-corrupt", file("壊れた.xlsx"), String::new()),
                ("file-corrupt", file("ゴミ.xlsx"), String::new()),
            ],
        },
        Case {
            name: "renamed-xls",
            files: vec![(file("税務課.xlsx"), xls)],
            year: Some(2022),
            expect: vec![("file-wrong-extension", file("税務課.xlsx"), String::new())],
        },
        Case {
            name: "lock-and-hidden-files",
            files: vec![
                (file("~$ok.xlsx"), b"lock".to_vec()),
                (file(".hidden.xlsx"), b"x".to_vec()),
                (file(".git/config"), b"x".to_vec()),
                (file("ok.xlsx"), good.clone()),
            ],
            year: Some(2024),
            expect: vec![],
        },
        Case {
            name: "wrong-labels",
            files: vec![
                (file("見出し違い.xlsx"), helper::write(&wrong)),
                (file("見出しなし.xlsx"), helper::write(&nothing)),
            ],
            year: Some(2024),
            expect: vec![
                (
                    "sheet-label-missing",
                    file("見出し違い.xlsx"),
                    String::new(),
                ),
                ("file-no-plan-sheet", file("見出しなし.xlsx"), String::new()),
            ],
        },
    ];
    let _ = hr;
    helper::run_corpus(cases);
}

/// Sets the uncompressed size that a zip declares for one member, in its local header and
/// in the central directory, leaving the data as it is.
fn declare_size(mut zip: Vec<u8>, member: &str, size: u32) -> Vec<u8> {
    let name = member.as_bytes();
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]) as usize;
    let mut patched = 0;
    for i in 0..zip.len().saturating_sub(46) {
        // (signature, offset of the size field, offset of the name length, offset of the name)
        let layout = match &zip[i..i + 4] {
            b"PK\x03\x04" => (22, 26, 30),
            b"PK\x01\x02" => (24, 28, 46),
            _ => continue,
        };
        let len = u16_at(&zip, i + layout.1);
        if zip.get(i + layout.2..i + layout.2 + len) == Some(name) {
            zip[i + layout.0..i + layout.0 + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "{member} in both headers");
    zip
}

/// The sample 2022 税務課 .xls with the last row of every DIMENSIONS record set to `rows`.
fn xls_with_dimensions_rows(rows: u32) -> Vec<u8> {
    let mut b = sample_xls();
    let mut patched = 0;
    for i in 0..b.len().saturating_sub(18) {
        // Record type 0x0200, length 14 (BIFF8).
        if b[i..i + 4] == [0x00, 0x02, 0x0E, 0x00] {
            b[i + 8..i + 12].copy_from_slice(&rows.to_le_bytes());
            patched += 1;
        }
    }
    assert!(patched > 0, "no DIMENSIONS record");
    b
}

/// The ods-percent fixture with, after its plan sheet's rows, `rows` empty rows and then a
/// value `cols` columns in.
fn ods_with_far_cell(rows: u32, cols: u32) -> Vec<u8> {
    use std::io::{Read, Write};
    let ods = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/intake/ods-percent/input/収納課.ods"
    ))
    .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(ods)).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == "content.xml" {
            let text = String::from_utf8(bytes).unwrap();
            let far = format!(
                "<table:table-row table:number-rows-repeated=\"{rows}\"><table:table-cell/></table:table-row>\
                 <table:table-row><table:table-cell table:number-columns-repeated=\"{cols}\"/>\
                 <table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell></table:table-row>"
            );
            bytes = text
                .replacen("</table:table>", &format!("{far}</table:table>"), 1)
                .into_bytes();
        }
        let method = if name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(zip::DateTime::default());
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}

fn sample_xls() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/input/2022年度/2022年度_税務課_進捗シート.xls"
    ))
    .unwrap()
}

/// The looks into .xls and .ods files that guard calamine measure what calamine reads: the same
/// worksheets, each with the size of its range.
#[test]
fn sheet_measures_agree_with_calamine() {
    use calamine::Reader;
    let mut files: Vec<Vec<u8>> = vec![sample_xls()];
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/input")).unwrap() {
        for f in std::fs::read_dir(entry.unwrap().path()).unwrap() {
            let p = f.unwrap().path();
            if p.extension().is_some_and(|e| e == "xls") {
                files.push(std::fs::read(p).unwrap());
            }
        }
    }
    assert!(files.len() >= 2, "the sample .xls files");
    for bytes in files {
        let extents = hyoka::intake::biff::sheet_extents(&bytes).expect("understood");
        let mut wb = calamine::Xls::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = extents.iter().map(|e| e.name.clone()).collect();
        assert_eq!(names, wb.sheet_names());
        for e in extents {
            let (rows, cols) = wb.worksheet_range(&e.name).unwrap().get_size();
            assert_eq!((e.rows, e.cells), (rows, rows * cols), "{}", e.name);
            assert!(!e.bad_dimensions);
        }
    }
    let far = hyoka::intake::biff::sheet_extents(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/intake/xls-hostile/input/最終セルに値.xls"
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(far[1].rows, 65_536);
    let bad = hyoka::intake::biff::sheet_extents(&xls_with_dimensions_rows(u32::MAX)).unwrap();
    assert!(bad.iter().all(|e| e.bad_dimensions));
    // Columns 5..5: calamine would compute 4 - 5 + 1 columns.
    let mut empty_cols = sample_xls();
    for i in 0..empty_cols.len() - 18 {
        if empty_cols[i..i + 4] == [0x00, 0x02, 0x0E, 0x00] {
            empty_cols[i + 12..i + 16].copy_from_slice(&[5, 0, 5, 0]);
        }
    }
    let bad = hyoka::intake::biff::sheet_extents(&empty_cols).unwrap();
    assert!(bad.iter().all(|e| e.bad_dimensions));
    // An .ods: the same measure as calamine's ranges.
    let ods = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/intake/ods-percent/input/収納課.ods"
    ))
    .unwrap();
    let extents = hyoka::intake::ods::sheet_extents(&ods).expect("understood");
    let mut wb = calamine::Ods::new(std::io::Cursor::new(ods)).unwrap();
    assert_eq!(
        extents.iter().map(|e| e.name.clone()).collect::<Vec<_>>(),
        wb.sheet_names()
    );
    for e in extents {
        let (rows, cols) = wb.worksheet_range(&e.name).unwrap().get_size();
        assert_eq!((e.rows, e.cells), (rows, rows * cols), "{}", e.name);
    }
    let far = hyoka::intake::ods::sheet_extents(&ods_with_far_cell(60_000, 10)).unwrap();
    assert!(far.iter().any(|e| e.rows > 1_000_000), "{far:?}");
    // Not a compound file, or one cut short: left to calamine.
    assert_eq!(hyoka::intake::biff::sheet_extents(b"PK\x03\x04"), None);
    assert_eq!(
        hyoka::intake::biff::sheet_extents(&sample_xls()[..600]),
        None
    );
}

/// Bytes that look random but are the same on every run (a linear congruential generator).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u8
        })
        .collect()
}

/// Hostile and broken files: each must give one clear diagnostic naming the file, never a
/// panic, an abort or a hang (tests/suite/corpus.rs runs the binary over them).
#[test]
fn corpus_of_hostile_files() {
    let good = helper::filled("情報統計課", 2024, |_| {});
    let sheet_xml = "xl/worksheets/sheet2.xml";
    // Claims 4 GB unpacked: refused from the zip directory, before anything is unpacked.
    let claims_huge = declare_size(good.clone(), sheet_xml, u32::MAX);
    // Claims 100 bytes but unpacks to more: the unpacking stops at the claimed size.
    let claims_small = declare_size(good.clone(), sheet_xml, 100);
    // One value in the last row, or in the last cell, of a sheet: a few bytes that span
    // 1,048,576 rows or 17 billion cells.
    let last_row = helper::filled("情報統計課", 2024, |sheets| {
        sheets[1].cells.insert((1_048_575, 0), C::N(1.0));
    });
    let last_cell = helper::filled("情報統計課", 2024, |sheets| {
        sheets[1].cells.insert((1_048_575, 16_383), C::N(1.0));
    });
    // 5,100 rows really written.
    let many_rows = helper::filled("情報統計課", 2024, |sheets| {
        for r in 0..5_100 {
            sheets[1].cells.insert((r, 10), C::N(f64::from(r)));
        }
    });
    let mut zip_noise = b"PK\x03\x04".to_vec();
    zip_noise.extend(noise(2048, 7));
    let odd_name = "提出 (最終版)　#1 ～ 100% & 'copy' ①😀.xlsx";
    let odd = helper::filled("情報統計課", 2024, |sheets| {
        sheets[1].set_column("実績値", "1", C::S("集計中".into()));
    });
    let (hr, col) = helper::form_sheets("情報統計課", 2024)[1].find("実績値");
    // Converted once with LibreOffice from a filled form with one value added in IV65536:
    // calamine would hold 16,777,216 cells (1 GB) for it.
    let far_xls = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/intake/xls-hostile/input/最終セルに値.xls"
    ))
    .unwrap();
    // The 収納課 .ods with a value 40,000 rows and 2,000 columns away (past calamine's own
    // cap of 100 million cells), or 60,000 rows down (below it: calamine took 700 MB).
    let wide_ods = ods_with_far_cell(40_000, 2_000);
    let far_ods = ods_with_far_cell(60_000, 10);
    // The sample .xls cut at 10,240 bytes (as an interrupted copy leaves it) made calamine
    // 0.38 panic (cut at 10,240 to 10,624 bytes it reads a sector past the end).
    // A sample .xls whose DIMENSIONS records declare 4 billion rows: calamine reserves room
    // for them and the process aborts.
    let bad_dimensions = xls_with_dimensions_rows(u32::MAX);
    // Numbers in date-formatted cells far beyond 9999-12-31 (Excel shows 「#####」): the
    // date arithmetic once overflowed on them.
    let (mut year_cell, mut actual_cell) = ((0, 0), (0, 0));
    let huge_year = helper::filled("情報統計課", 2024, |sheets| {
        year_cell = sheets[1].set_beside("年度", C::D(1e300));
    });
    let huge_actual = helper::filled("秘書広報課", 2024, |sheets| {
        actual_cell = sheets[1].set_column("実績値", "1", C::D(-1e40));
    });
    let cases = vec![
        Case {
            name: "zip-bomb",
            files: vec![
                (file("展開すると4GB.xlsx"), claims_huge),
                (file("サイズ偽装.xlsx"), claims_small),
                (file("ok.xlsx"), good.clone()),
            ],
            year: Some(2024),
            expect: vec![
                ("file-too-large", file("展開すると4GB.xlsx"), String::new()),
                ("sheet-unreadable", file("サイズ偽装.xlsx"), String::new()),
            ],
        },
        Case {
            name: "sheet-too-large",
            files: vec![
                (file("最終行に値.xlsx"), last_row),
                (file("最終セルに値.xlsx"), last_cell),
                (file("5100行.xlsx"), many_rows),
            ],
            year: Some(2024),
            expect: vec![
                ("sheet-too-large", file("最終行に値.xlsx"), String::new()),
                ("sheet-too-large", file("最終セルに値.xlsx"), String::new()),
                ("sheet-too-large", file("5100行.xlsx"), String::new()),
            ],
        },
        Case {
            name: "random-bytes",
            files: vec![
                (file("乱数.xlsx"), noise(4096, 1)),
                (file("zipの先頭と乱数.xlsx"), zip_noise),
                (
                    file("CSVを改名.xlsx"),
                    "番号,実績値\r\n1,95.5\r\n".as_bytes().to_vec(),
                ),
                (file("ok.xlsx"), good.clone()),
            ],
            year: Some(2024),
            expect: vec![
                ("file-corrupt", file("乱数.xlsx"), String::new()),
                ("file-corrupt", file("zipの先頭と乱数.xlsx"), String::new()),
                ("file-corrupt", file("CSVを改名.xlsx"), String::new()),
            ],
        },
        Case {
            name: "date-out-of-range",
            files: vec![
                (file("年度が日付書式.xlsx"), huge_year),
                (file("実績値が日付書式.xlsx"), huge_actual),
            ],
            year: Some(2024),
            expect: vec![
                ("year-invalid", file("年度が日付書式.xlsx"), a1(year_cell)),
                (
                    "value-not-number",
                    file("実績値が日付書式.xlsx"),
                    a1(actual_cell),
                ),
            ],
        },
        Case {
            name: "xls-hostile",
            files: vec![
                (file("最終セルに値.xls"), far_xls),
                (file("範囲の記録が壊れた.xls"), bad_dimensions),
                (file("途中で切れた.xls"), sample_xls()[..10_240].to_vec()),
            ],
            year: Some(2024),
            expect: vec![
                ("sheet-too-large", file("最終セルに値.xls"), String::new()),
                (
                    "sheet-unreadable",
                    file("範囲の記録が壊れた.xls"),
                    String::new(),
                ),
                ("file-corrupt", file("途中で切れた.xls"), String::new()),
            ],
        },
        Case {
            name: "ods-hostile",
            files: vec![
                (file("範囲が広い.ods"), wide_ods),
                (file("6万行下に値.ods"), far_ods),
            ],
            year: Some(2024),
            expect: vec![
                ("sheet-too-large", file("範囲が広い.ods"), String::new()),
                ("sheet-too-large", file("6万行下に値.ods"), String::new()),
            ],
        },
        Case {
            name: "odd-file-name",
            files: vec![(file(odd_name), odd)],
            year: Some(2024),
            expect: vec![("value-not-number", file(odd_name), a1((hr + 1, col)))],
        },
    ];
    helper::run_corpus(cases);
}

#[test]
fn limits_give_errors_not_hangs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.xlsx"),
        helper::filled("情報統計課", 2024, |_| {}),
    )
    .unwrap();
    let small = IntakeOptions {
        max_rows: 5,
        ..IntakeOptions::default()
    };
    let intake = read_dir(dir.path(), &small).unwrap();
    assert!(
        intake
            .diagnostics
            .iter()
            .any(|d| d.code == "sheet-too-large")
    );
    let tiny = IntakeOptions {
        max_file_bytes: 100,
        ..IntakeOptions::default()
    };
    let intake = read_dir(dir.path(), &tiny).unwrap();
    assert_eq!(intake.diagnostics[0].code, "file-too-large");
    assert_eq!(intake.files_read, 0);
    let unpacked = IntakeOptions {
        max_unpacked_bytes: 1000,
        ..IntakeOptions::default()
    };
    let intake = read_dir(dir.path(), &unpacked).unwrap();
    assert_eq!(intake.diagnostics[0].code, "file-too-large");
}

#[test]
fn a_missing_folder_is_an_error() {
    let err = read_dir(
        std::path::Path::new("/nonexistent/入力"),
        &IntakeOptions::default(),
    );
    assert!(err.is_err());
}

#[test]
fn cells_are_named_in_a1() {
    assert_eq!(a1((8, 4)), "E9");
}

/// A good workbook with one of its XML parts damaged (bytes replaced, cut short), zipped
/// again with correct checksums so that the damage reaches the XML readers: intake reports
/// it or reads what it can, and never panics.
mod damaged_parts {
    use std::io::{Cursor, Read, Write};
    use std::sync::OnceLock;

    use proptest::prelude::*;

    fn parts() -> &'static Vec<(String, Vec<u8>)> {
        static PARTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
        PARTS.get_or_init(|| unzip(super::helper::filled("情報統計課", 2024, |_| {})))
    }

    fn ods_parts() -> &'static Vec<(String, Vec<u8>)> {
        static PARTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
        PARTS.get_or_init(|| {
            unzip(
                std::fs::read(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/fixtures/intake/ods-percent/input/収納課.ods"
                ))
                .unwrap(),
            )
        })
    }

    fn unzip(good: Vec<u8>) -> Vec<(String, Vec<u8>)> {
        {
            let mut zip = zip::ZipArchive::new(Cursor::new(good)).unwrap();
            (0..zip.len())
                .map(|i| {
                    let mut f = zip.by_index(i).unwrap();
                    let mut bytes = Vec::new();
                    f.read_to_end(&mut bytes).unwrap();
                    (f.name().unwrap().to_string(), bytes)
                })
                .collect()
        }
    }

    fn damage(
        parts: &mut [(String, Vec<u8>)],
        part: prop::sample::Index,
        edits: &[(prop::sample::Index, u8)],
        cut: Option<prop::sample::Index>,
    ) {
        let which = part.index(parts.len());
        let (_, bytes) = &mut parts[which];
        if !bytes.is_empty() {
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = *b;
            }
            if let Some(cut) = cut {
                let keep = cut.index(bytes.len());
                bytes.truncate(keep);
            }
        }
    }

    fn edits() -> impl Strategy<Value = Vec<(prop::sample::Index, u8)>> {
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop::sample::select(b"<>\"/=&;:0123456789AZ \x00\xff\xe3".to_vec()),
            ),
            0..6,
        )
    }

    fn zipped(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts =
            zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
        for (name, bytes) in parts {
            z.start_file(name.as_str(), opts).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
        buf.into_inner()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn a_damaged_part_never_panics(
            part in any::<prop::sample::Index>(),
            edits in edits(),
            cut in proptest::option::of(any::<prop::sample::Index>()),
        ) {
            let mut parts = parts().clone();
            damage(&mut parts, part, &edits, cut);
            let mut intake = hyoka::intake::Intake::default();
            hyoka::intake::read_file(
                "壊れた部品.xlsx",
                "xlsx",
                zipped(&parts),
                &hyoka::intake::IntakeOptions::default(),
                &mut intake,
            );
            // Whatever was damaged, the file is either read or named in a diagnostic.
            prop_assert!(
                !intake.submissions.is_empty()
                    || intake.diagnostics.iter().any(|d| d.source.as_ref().is_some_and(|s| s.file == "壊れた部品.xlsx")),
                "{:#?}", intake.diagnostics
            );
        }

        /// The same for the parts of an .ods (its content.xml is measured before calamine).
        #[test]
        fn a_damaged_ods_part_never_panics(
            part in any::<prop::sample::Index>(),
            edits in edits(),
            cut in proptest::option::of(any::<prop::sample::Index>()),
        ) {
            let mut parts = ods_parts().clone();
            damage(&mut parts, part, &edits, cut);
            let bytes = zipped(&parts);
            let _ = hyoka::intake::ods::sheet_extents(&bytes);
            let mut intake = hyoka::intake::Intake::default();
            hyoka::intake::read_file(
                "壊れた部品.ods",
                "ods",
                bytes,
                &hyoka::intake::IntakeOptions::default(),
                &mut intake,
            );
            prop_assert!(!intake.submissions.is_empty() || !intake.diagnostics.is_empty());
        }
    }
}

/// The sample .xls with bytes replaced here and there, or cut short: measuring it and
/// reading it never panic or abort.
mod damaged_xls {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn a_damaged_xls_never_panics(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..24),
            cut in proptest::option::of(any::<prop::sample::Index>()),
        ) {
            let mut bytes = super::sample_xls();
            // Keep the signature, so that the file is read as a compound file.
            for (at, b) in &edits {
                let i = 8 + at.index(bytes.len() - 8);
                bytes[i] = *b;
            }
            if let Some(cut) = cut {
                let keep = 8 + cut.index(bytes.len() - 8);
                bytes.truncate(keep);
            }
            let _ = hyoka::intake::biff::sheet_extents(&bytes);
            let mut intake = hyoka::intake::Intake::default();
            hyoka::intake::read_file(
                "壊れた.xls",
                "xls",
                bytes,
                &hyoka::intake::IntakeOptions::default(),
                &mut intake,
            );
            prop_assert!(
                !intake.submissions.is_empty() || !intake.diagnostics.is_empty()
            );
        }
    }
}

/// Issue 12 §4: a label is the whole cell (or the label and a bracketed note), never a cell
/// that merely begins with it: 「年度末」 and 「実績値の出典」 written above the form's own
/// 「年度」 and 「実績値」 are not those labels, and the year and actual are read beside the
/// real ones.
#[test]
fn a_cell_that_only_begins_with_a_label_is_not_that_label() {
    let plans = helper::plans();
    let dir = tempfile::tempdir().unwrap();
    let mut year_cell = (0, 0);
    let mut actual_cell = (0, 0);
    let bytes = helper::filled("情報統計課", 2024, |sheets| {
        let s = &mut sheets[1];
        s.set_column("実績値", "1", C::N(3.0));
        // Two notes a clerk typed in a new first row, each with text beside it.
        s.insert_row(0);
        s.cells.insert((0, 0), C::S("年度末".into()));
        s.cells.insert((0, 1), C::S("令和7年3月31日現在".into()));
        s.cells.insert((0, 2), C::S("実績値の出典".into()));
        s.cells.insert((0, 3), C::N(999.0));
        let (r, c) = s.find("年度");
        year_cell = (r, c + 1);
        let (hr, ac) = s.find("実績値");
        let row = (hr + 1..hr + 20)
            .find(|r| s.get((*r, 0)) == Some(&C::S("1".into())))
            .unwrap();
        actual_cell = (row, ac);
    });
    std::fs::write(dir.path().join("情報統計課.xlsx"), bytes).unwrap();
    let intake = read_dir(dir.path(), &IntakeOptions::default()).unwrap();
    let sub = intake
        .submissions
        .iter()
        .find(|s| s.plan_number == Some(1))
        .expect("plan ① is read");
    assert_eq!(sub.year_value, Some(2024));
    assert_eq!(
        sub.year.as_ref().unwrap().at.cell.as_deref(),
        Some(a1(year_cell).as_str())
    );
    let row = sub.indicators.iter().find(|r| r.key == "1").unwrap();
    assert_eq!(
        row.actual.at.cell.as_deref(),
        Some(a1(actual_cell).as_str())
    );
    let v = hyoka::validate::validate(&plans, &intake, Some(2024));
    let r = v.records.iter().find(|r| r.plan == 1).unwrap();
    assert_eq!(r.indicators[0].actual, Some(Decimal::from(3)));
    assert!(
        !v.diagnostics.iter().any(|d| d.is_error()),
        "{:#?}",
        v.diagnostics
    );
}

/// Two .xls files damaged at random (found by mutating the sample's .xls) in which a damaged
/// record made the sequential look over the workbook miss a sheet that calamine still reads
/// from its BOUNDSHEET position: one with DIMENSIONS that made calamine reserve 89 GB, one
/// with a cell far out that made it lay out 756 million cells (24 GB). Either aborted the
/// whole process (an allocation failure is no panic). Each sheet is now measured from where
/// calamine starts it, and the file is refused with a message.
#[test]
fn a_damaged_xls_never_makes_calamine_reserve_gigabytes() {
    for (name, expected) in [
        ("dimensions-past-a-missed-sheet.xls", "DIMENSIONS"),
        ("cells-past-a-missed-sheet.xls", "シートが大きすぎる"),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/damaged-xls")
            .join(name);
        let bytes = std::fs::read(&path).unwrap();
        let mut intake = hyoka::intake::Intake::default();
        hyoka::intake::read_file(
            name,
            "xls",
            bytes,
            &hyoka::intake::IntakeOptions::default(),
            &mut intake,
        );
        let messages: Vec<&str> = intake
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{name}: {messages:?}"
        );
    }
}
