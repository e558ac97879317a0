//! The Excel book read back with calamine, and its print settings read from the package XML.

use crate::book_fixture;

use crate::package;

use calamine::{Data, Dimensions, Reader, Xlsx};
use hyoka::render::xlsx::render_xlsx;
use std::io::Cursor;

use package::part;

type Book = Xlsx<Cursor<Vec<u8>>>;

fn render(sample: bool) -> Vec<u8> {
    render_xlsx(&book_fixture::book(sample)).expect("the fixture renders")
}

fn open(bytes: &[u8]) -> Book {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("the book opens")
}

fn cells(book: &mut Book, sheet: &str) -> calamine::Range<Data> {
    book.worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("sheet {sheet}: {e}"))
}

/// The absolute (row, col) of the first cell holding exactly `text`.
fn find(range: &calamine::Range<Data>, text: &str) -> (u32, u32) {
    let (r0, c0) = range.start().expect("non-empty sheet");
    range
        .cells()
        .find(|(_, _, v)| matches!(v, Data::String(s) if s == text))
        .map(|(r, c, _)| (r0 + r as u32, c0 + c as u32))
        .unwrap_or_else(|| panic!("no cell holds {text:?}"))
}

fn at(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn float(range: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match at(range, row, col) {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        other => panic!("({row}, {col}) holds {other:?}, not a number"),
    }
}

const PLAN_15: &str = "⑮安曇野市国民健康保険における医療費の増加抑制（特定健康診査）";

#[test]
fn sheets_are_named_and_ordered() {
    let book = open(&render(true));
    assert_eq!(
        book.sheet_names(),
        vec![
            "表紙",
            "評価の方法",
            "総括",
            "一覧",
            "①情報セキュリティ対策の強化",
            "⑫収税等収納率の向上",
            PLAN_15,
            "㉒ホームページの充実",
            "検証結果",
        ]
    );
    assert_eq!(PLAN_15.chars().count(), 31, "at Excel's limit, kept whole");
}

#[test]
fn without_diagnostics_there_is_no_check_sheet() {
    let mut b = book_fixture::book(false);
    b.diagnostics.clear();
    let book = open(&render_xlsx(&b).unwrap());
    assert!(!book.sheet_names().iter().any(|n| n == "検証結果"));
}

#[test]
fn cover_shows_title_and_sample_mark_only_for_samples() {
    let mut book = open(&render(true));
    let cover = cells(&mut book, "表紙");
    find(
        &cover,
        "第4次安曇野市行財政改革大綱\nアクションプラン\n令和6年度（2024年度）\n取組状況・評価",
    );
    find(&cover, "サンプルデータ（架空のデータ）");
    find(&cover, "令和7年5月31日");
    find(&cover, "安曇野市");
    find(&cover, "はじめに");

    let bytes = render(false);
    let mut book = open(&bytes);
    let cover = cells(&mut book, "表紙");
    assert!(
        !cover
            .cells()
            .any(|(_, _, v)| matches!(v, Data::String(s) if s.contains("サンプル"))),
        "a real book carries no sample mark"
    );
    assert!(!part(&bytes, "xl/worksheets/sheet1.xml").contains("サンプル"));
}

#[test]
fn method_sheet_lists_scale_and_kinds() {
    let mut book = open(&render(false));
    let m = cells(&mut book, "評価の方法");
    let (r, c) = find(&m, "A");
    assert_eq!(at(&m, r, c + 1), Data::String("目標達成".into()));
    assert_eq!(at(&m, r, c + 2), Data::String("達成率100%以上".into()));
    let (r, c) = find(&m, "件数ゼロ");
    assert_eq!(at(&m, r, c + 3), Data::String("①".into()));
    find(
        &m,
        "※複数の指標を持つアクションプランは、各指標の評価のうち最も低いものをプランの評価とします。",
    );
}

#[test]
fn summary_counts_shares_and_changes_are_numbers() {
    let mut book = open(&render(false));
    let s = cells(&mut book, "総括");
    // The first 「全体」 row is the counts table: A B C D － 計.
    let (r, c) = find(&s, "全体");
    let counts: Vec<f64> = (1..=6).map(|k| float(&s, r, c + k)).collect();
    assert_eq!(counts, vec![0.0, 1.0, 0.0, 1.0, 2.0, 4.0]);
    let labels: Vec<(u32, u32)> = s
        .cells()
        .filter(|(_, _, v)| matches!(v, Data::String(t) if t == "全体"))
        .map(|(r, c, _)| (r as u32, c as u32))
        .collect();
    assert_eq!(labels.len(), 3, "counts, shares and changes tables");
    let (r0, c0) = s.start().unwrap();
    let (sr, sc) = (r0 + labels[1].0, c0 + labels[1].1);
    assert_eq!(float(&s, sr, sc + 2), 0.25, "share of B as a fraction");
    let (cr, cc) = (r0 + labels[2].0, c0 + labels[2].1);
    assert_eq!(float(&s, cr, cc + 1), -1.0, "A went from 1 to 0");
    let (r, c) = find(&s, "前年度");
    assert_eq!(float(&s, r, c + 1), 1.0);
}

#[test]
fn summary_has_a_native_chart() {
    let bytes = render(false);
    let chart = part(&bytes, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>"), "a column chart");
    assert!(chart.contains("総括!$B$"), "reads the summary's cells");
    assert!(part(&bytes, "xl/worksheets/_rels/sheet3.xml.rels").contains("drawing"));
}

#[test]
fn list_is_the_seed_table_with_results_and_merged_groups() {
    let bytes = render(false);
    let mut book = open(&bytes);
    let l = cells(&mut book, "一覧");
    let (hr, hc) = find(&l, "基本方針");
    let header: Vec<Data> = (0..12).map(|k| at(&l, hr, hc + k)).collect();
    let expected = [
        "基本方針",
        "重点項目",
        "アクションプラン名",
        "担当課",
        "取組期間",
        "目標・指標",
        "年度目標",
        "実績",
        "達成率",
        "指標の評価",
        "評価",
        "自己評価",
    ];
    for (got, want) in header.iter().zip(expected) {
        assert_eq!(got, &Data::String(want.into()));
    }
    let first = hr + 1;
    assert_eq!(
        at(&l, first, 0),
        Data::String("Ⅰ 合理的かつ質の高い行政経営の実現".into())
    );
    assert_eq!(
        at(&l, first, 2),
        Data::String("①情報セキュリティ対策の強化".into())
    );
    assert_eq!(at(&l, first, 3), Data::String("情報統計課".into()));
    assert_eq!(float(&l, first + 1, 7), 1.0, "① indicator 2: 1件");
    assert_eq!(at(&l, first, 10), Data::String("D".into()));
    // ⑫ 現年: target, actual and rate as numbers.
    assert_eq!(float(&l, first + 2, 6), 99.5);
    assert_eq!(float(&l, first + 2, 7), 99.31);
    assert_eq!(float(&l, first + 2, 8), 0.998);
    // ㉒ not submitted: no actual.
    assert_eq!(at(&l, first + 5, 7), Data::String("－".into()));

    let merged: Vec<Dimensions> = book.merge_cells_by_sheet_name("一覧").unwrap();
    let has = |r1: u32, c1: u32, r2: u32, c2: u32| {
        merged
            .iter()
            .any(|d| d.start == (r1, c1) && d.end == (r2, c2))
    };
    assert!(
        has(first, 0, first + 4, 0),
        "基本方針 Ⅰ over ①⑫⑮: {merged:?}"
    );
    assert!(has(first, 1, first + 1, 1), "重点項目 (1) over ①");
    assert!(has(first + 2, 1, first + 4, 1), "重点項目 (5) over ⑫⑮");
    assert!(
        has(first, 2, first + 1, 2),
        "plan name over ①'s two indicators"
    );
    assert!(
        has(first + 2, 10, first + 3, 10),
        "⑫'s grade over its two rows"
    );
    assert!(
        !has(first + 5, 0, first + 5, 0),
        "a single row is not merged"
    );
}

#[test]
fn plan_sheet_has_definition_results_trend_and_report() {
    let mut book = open(&render(false));
    let p = cells(&mut book, "⑫収税等収納率の向上");
    let (r, c) = find(&p, "担当課");
    assert_eq!(at(&p, r, c + 2), Data::String("収納課".into()));
    let (r, c) = find(&p, "収納率（現年度分）");
    assert_eq!(at(&p, r, c + 3), Data::String("%".into()));
    assert_eq!(float(&p, r, c + 4), 99.5);
    assert_eq!(float(&p, r, c + 5), 99.31);
    assert_eq!(float(&p, r, c + 6), 0.998);
    assert_eq!(at(&p, r, c + 7), Data::String("B".into()));
    let (r, c) = find(&p, "R2");
    let years: Vec<Data> = (0..5).map(|k| at(&p, r, c + k)).collect();
    assert_eq!(years.last(), Some(&Data::String("R6".into())));
    assert_eq!(float(&p, r + 1, c), 99.1, "R2 target");
    assert_eq!(float(&p, r + 2, c + 4), 99.31, "R6 actual");
    find(&p, "取組実績");
    find(&p, "行政改革推進委員会意見");

    let out = cells(&mut book, PLAN_15);
    find(&out, "評価対象外");
}

#[test]
fn department_text_starting_with_equals_stays_text() {
    let bytes = render(false);
    let mut book = open(&bytes);
    let p = cells(&mut book, "⑫収税等収納率の向上");
    let text = "=SUM(A1:A3) ではなく文字どおりの記載：現年度分は目標に0.19ポイント届かなかった。";
    find(&p, text);
    let formulas = book.worksheet_formula("⑫収税等収納率の向上").unwrap();
    assert!(
        formulas.cells().all(|(_, _, f)| f.is_empty()),
        "no formula was written"
    );
    // Template-like braces in department text are printed as typed.
    let one = cells(&mut book, "①情報セキュリティ対策の強化");
    assert!(one.cells().any(
        |(_, _, v)| matches!(v, Data::String(s) if s.contains("{{meta.city}} のような波括弧"))
    ));
}

#[test]
fn numbers_carry_their_own_formats() {
    let styles = part(&render(false), "xl/styles.xml");
    // The fixture's rates (1 decimal, percent), 2-decimal percentages and counts.
    for format in ["#,##0.0%", "#,##0.00", "#,##0"] {
        assert!(
            styles.contains(&format!("formatCode=\"{format}\"")),
            "number format {format} missing"
        );
    }
    assert!(styles.contains("BIZ UDゴシック"), "Japanese font");
}

#[test]
fn sheets_are_print_ready() {
    let bytes = render(true);
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "repeated header rows"
    );
    assert!(
        workbook
            .contains("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">表紙!$A$1:$H$")
    );
    assert!(
        workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"3\">一覧!$2:$2")
    );
    for n in 1..=9 {
        let sheet = part(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(sheet.contains("paperSize=\"9\""), "sheet{n} is A4");
        assert!(sheet.contains("<pageSetup"), "sheet{n} has a page setup");
        assert!(
            sheet.contains("&amp;P / &amp;N"),
            "sheet{n} numbers its pages"
        );
        assert!(sheet.contains("<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\""));
        assert!(
            sheet.contains("サンプルデータ"),
            "sheet{n} shows the sample mark in its header"
        );
    }
    let list = part(&bytes, "xl/worksheets/sheet4.xml");
    assert!(list.contains("orientation=\"landscape\""));
    let scale: u32 = list
        .split("scale=\"")
        .nth(1)
        .and_then(|s| s.split('"').next()?.parse().ok())
        .expect("the wide list is scaled down");
    assert!((60..100).contains(&scale), "scale {scale}");
    let plan = part(&bytes, "xl/worksheets/sheet5.xml");
    assert!(plan.contains("orientation=\"portrait\""));
    assert!(
        plan.contains("<rowBreaks"),
        "a plan takes two pages, broken where measured"
    );
    // The cover's はじめに starts a new page.
    assert!(part(&bytes, "xl/worksheets/sheet1.xml").contains("<rowBreaks"));
}

#[test]
fn rows_holding_long_text_are_sized() {
    let bytes = render(false);
    let sheet = part(&bytes, "xl/worksheets/sheet6.xml");
    // ⑫'s 取組内容 is six lines or more at the sheet's width.
    let tallest = sheet
        .split("ht=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse::<f64>().ok())
        .fold(0.0, f64::max);
    assert!(tallest >= 60.0, "tallest row {tallest}");
}

#[test]
fn two_renders_are_byte_identical() {
    assert_eq!(render(true), render(true));
    let core = part(&render(false), "docProps/core.xml");
    assert!(
        core.contains("2025-05-31T00:00:00Z"),
        "creation date from the book: {core}"
    );
}

#[test]
fn a_bad_book_date_is_an_error_not_a_panic() {
    let mut b = book_fixture::book(false);
    b.meta.date = "令和7年5月31日".into();
    let err = render_xlsx(&b).unwrap_err();
    assert!(err.to_string().contains("令和7年5月31日"));
}

#[test]
fn a_full_list_breaks_pages_between_plans_and_restarts_merges() {
    let bytes = render_xlsx(&book_fixture::book_large(false)).unwrap();
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names().len(), 4 + 29 + 1);
    let list = part(&bytes, "xl/worksheets/sheet4.xml");
    // Manual breaks, 0-based: <brk id="N"> breaks before row N+1 (1-based) = index N.
    let breaks: Vec<u32> = list
        .split("<brk id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect();
    assert!(!breaks.is_empty(), "29 plans do not fit one landscape page");
    let l = cells(&mut book, "一覧");
    let merged = book.merge_cells_by_sheet_name("一覧").unwrap();
    for b in &breaks {
        // The row after a break starts a plan and repeats its 基本方針 and 重点項目.
        assert!(
            matches!(at(&l, *b, 0), Data::String(s) if s.starts_with('Ⅰ') || s.starts_with('Ⅱ') || s.starts_with('Ⅲ')),
            "row {b}"
        );
        assert!(
            matches!(at(&l, *b, 2), Data::String(s) if !s.is_empty()),
            "row {b} starts a plan"
        );
        for d in &merged {
            assert!(
                !(d.start.0 < *b && d.end.0 >= *b),
                "merge {d:?} crosses the page break before row {b}"
            );
        }
    }
}

/// Writes the fixture books where `HYOKA_XLSX_OUT` says (a folder), for looking at them in
/// LibreOffice.
#[test]
fn write_for_inspection() {
    if let Ok(dir) = std::env::var("HYOKA_XLSX_OUT") {
        let dir = std::path::Path::new(&dir);
        std::fs::write(dir.join("book.xlsx"), render(true)).expect("writes");
        let large = render_xlsx(&book_fixture::book_large(false)).unwrap();
        std::fs::write(dir.join("large.xlsx"), large).expect("writes");
        let long = render_xlsx(&long_book()).unwrap();
        std::fs::write(dir.join("long.xlsx"), long).expect("writes");
        let toml = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/plans/azumino-4th.toml"
        ))
        .expect("the plan file");
        let plans: hyoka::plan::PlanSet = toml::from_str(&toml).expect("the plan file parses");
        let real = render_xlsx(&book_fixture::book_from_plans(&plans, true)).unwrap();
        std::fs::write(dir.join("real.xlsx"), real).expect("writes");
    }
}

#[test]
fn an_empty_book_still_renders() {
    let mut b = book_fixture::book(false);
    b.plans.clear();
    b.list.clear();
    b.diagnostics.clear();
    b.method.kinds.clear();
    b.summary.columns.clear();
    for row in std::iter::once(&mut b.summary.total)
        .chain(&mut b.summary.by_policy)
        .chain(&mut b.summary.by_focus_area)
    {
        row.counts.clear();
        row.shares.clear();
        row.previous = None;
        row.change = None;
    }
    let book = open(&render_xlsx(&b).expect("an empty book renders"));
    assert_eq!(
        book.sheet_names(),
        vec!["表紙", "評価の方法", "総括", "一覧"]
    );
}

/// The fixture with eight years of history and a very long 取組実績 on ①.
fn long_book() -> hyoka::book::Book {
    let mut b = book_fixture::book(false);
    let plan = &mut b.plans[0];
    // Eight years of history: the trend table grows columns to the right.
    let mut extra = plan.history[0].points[4].clone();
    for year in 2025..2028 {
        extra.year = year;
        plan.history[0].points.push(extra.clone());
    }
    // Far more than one row of 409 points can hold.
    plan.achievements = "・研修を実施し、受講率の向上に努めた。".repeat(200);
    b
}

#[test]
fn long_history_and_very_long_text_fit_excels_limits() {
    let b = long_book();
    let bytes = render_xlsx(&b).unwrap();
    let mut book = open(&bytes);
    let p = cells(&mut book, "①情報セキュリティ対策の強化");
    let (r, c) = find(&p, "R2");
    assert_eq!(at(&p, r, c + 7), Data::String("R9".into()));
    let sheet = part(&bytes, "xl/worksheets/sheet5.xml");
    let heights: Vec<f64> = sheet
        .split(" ht=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect();
    assert!(heights.iter().all(|h| *h <= 409.0), "{heights:?}");
    // The text is spread over several rows and nothing is lost.
    let written: String = p
        .cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s)
                if s.starts_with("・研修")
                    || s.starts_with("研修")
                    || s.contains("受講率の向上に努めた") =>
            {
                Some(s.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(written, b.plans[0].achievements);
}
