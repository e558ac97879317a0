//! The Excel book read back with calamine, and its print settings and number formats read
//! from the package XML. The book is the handout Document mapped to sheets, so the tests
//! compare it with the Document compose makes of the same book.

use crate::book_fixture;

use crate::package;

use calamine::{Data, Dimensions, Reader, Xlsx};
use hyoka::compose::{ComposeOptions, compose_book};
use hyoka::document::{Block, Document, Variant};
use hyoka::pipeline::xlsx_edition;
use hyoka::render::xlsx::{XlsxOptions, render_xlsx, render_xlsx_checked};
use std::collections::BTreeMap;
use std::io::Cursor;

use package::part;

type Book = Xlsx<Cursor<Vec<u8>>>;

fn render_book(book: &hyoka::book::Book) -> Vec<u8> {
    xlsx_edition(book).expect("the fixture renders").0
}

fn render(sample: bool) -> Vec<u8> {
    render_book(&book_fixture::book(sample))
}

fn document(book: &hyoka::book::Book) -> Document {
    compose_book(
        book,
        &ComposeOptions {
            variant: Variant::Handout,
        },
    )
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

/// The non-empty cells of `row` from column `from` on, in order (merged cells hold their
/// value in their first cell only).
fn row_from(range: &calamine::Range<Data>, row: u32, from: u32) -> Vec<Data> {
    let (_, c1) = range.end().expect("non-empty sheet");
    (from..=c1)
        .map(|c| at(range, row, c))
        .filter(|d| !matches!(d, Data::Empty))
        .collect()
}

fn s(text: &str) -> Data {
    Data::String(text.into())
}

/// The column of each heading in the header row of a table whose header holds `first`.
fn columns(range: &calamine::Range<Data>, first: &str) -> (u32, BTreeMap<String, u32>) {
    let (r, _) = find(range, first);
    let (_, c1) = range.end().unwrap();
    let cols = (0..=c1)
        .filter_map(|c| match at(range, r, c) {
            Data::String(t) => Some((t, c)),
            _ => None,
        })
        .collect();
    (r, cols)
}

/// The 1-based index of a sheet's part in the package.
fn part_of(bytes: &[u8], sheet: &str) -> String {
    let book = open(bytes);
    let i = book
        .sheet_names()
        .iter()
        .position(|n| n == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet}"));
    format!("xl/worksheets/sheet{}.xml", i + 1)
}

/// The number format of every numeric cell of a sheet's XML: cell reference → format code.
fn number_formats(bytes: &[u8], sheet: &str) -> BTreeMap<String, String> {
    let styles = part(bytes, "xl/styles.xml");
    let codes: BTreeMap<u32, String> = styles
        .split("<numFmt ")
        .skip(1)
        .filter_map(|n| {
            let id = n
                .split("numFmtId=\"")
                .nth(1)?
                .split('"')
                .next()?
                .parse()
                .ok()?;
            let code = n.split("formatCode=\"").nth(1)?.split('"').next()?;
            Some((id, code.replace("&quot;", "\"")))
        })
        .collect();
    let xfs = styles.split("<cellXfs").nth(1).expect("cellXfs");
    let xf_fmt: Vec<u32> = xfs
        .split("<xf ")
        .skip(1)
        .map(|x| {
            x.split("numFmtId=\"")
                .nth(1)
                .and_then(|v| v.split('"').next()?.parse().ok())
                .unwrap_or(0)
        })
        .collect();
    let xml = part(bytes, &part_of(bytes, sheet));
    xml.split("<c r=\"")
        .skip(1)
        .filter(|c| {
            let head = c.split('>').next().unwrap_or("");
            !head.contains(" t=\"") && c.contains("<v>")
        })
        .filter_map(|c| {
            let r = c.split('"').next()?.to_string();
            let head = c.split('>').next()?;
            let style: usize = head
                .split(" s=\"")
                .nth(1)
                .and_then(|v| v.split('"').next()?.parse().ok())
                .unwrap_or(0);
            let id = xf_fmt.get(style).copied().unwrap_or(0);
            Some((r, codes.get(&id).cloned().unwrap_or_else(|| id.to_string())))
        })
        .collect()
}

const PLAN_15: &str = "⑮安曇野市国民健康保険における医療費の増加抑制（特定健康診査）";

#[test]
fn sheets_are_named_and_ordered() {
    let book = open(&render(true));
    assert_eq!(
        book.sheet_names(),
        vec![
            "表紙",
            "はじめに",
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

/// A section the Document gains is a sheet of its own with no change in the writer (the way
/// the committee's follow-up and 最終評価 come in).
#[test]
fn a_new_section_of_the_document_is_a_new_sheet() {
    let book = book_fixture::book(false);
    let mut doc = document(&book);
    let mut extra = doc.sections[2].clone();
    extra.id = "follow-up".into();
    extra.contents_title = Some("委員会意見への対応".into());
    extra.blocks = vec![Block::Paragraph(hyoka::document::Paragraph {
        text: "対応の状況を示します。".into(),
        style: hyoka::document::ParagraphStyle::Body,
    })];
    doc.sections.push(extra);
    let bytes = render_xlsx(&doc, &XlsxOptions::for_book(&book)).unwrap();
    let mut wb = open(&bytes);
    assert_eq!(wb.sheet_names().last().unwrap(), "委員会意見への対応");
    find(
        &cells(&mut wb, "委員会意見への対応"),
        "　対応の状況を示します。",
    );
}

#[test]
fn without_diagnostics_there_is_no_check_sheet() {
    let mut b = book_fixture::book(false);
    b.diagnostics.clear();
    let book = open(&render_book(&b));
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
    find(&cells(&mut book, "はじめに"), "はじめに");

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
    assert_eq!(
        row_from(&m, r, c),
        [s("A"), s("目標達成"), s("達成率100%以上")]
    );
    let (r, c) = find(&m, "件数ゼロ");
    assert_eq!(row_from(&m, r, c).last(), Some(&s("①")));
}

#[test]
fn summary_counts_and_shares_are_numbers() {
    let bytes = render(false);
    let mut book = open(&bytes);
    let sm = cells(&mut book, "総括");
    // 全体: A 件数 構成比, B …, D 件数 構成比, － 件数, 計.
    let (r, c) = find(&sm, "全体");
    let row = row_from(&sm, r, c + 1);
    let figures: Vec<f64> = row
        .iter()
        .map(|d| match d {
            Data::Float(f) => *f,
            other => panic!("{other:?} is not a number"),
        })
        .collect();
    assert_eq!(
        figures,
        [0.0, 0.0, 1.0, 50.0, 0.0, 0.0, 1.0, 50.0, 2.0, 4.0]
    );
    let formats = number_formats(&bytes, "総括");
    assert!(
        formats.values().any(|f| f == "#,##0.0\"%\""),
        "構成比 in percent with its decimal: {formats:?}"
    );
    let (r, c) = find(&sm, "前年度");
    assert_eq!(float(&sm, r, c + 1), 1.0);
}

#[test]
fn summary_has_a_native_chart_of_the_documents_data() {
    let bytes = render(false);
    let chart = part(&bytes, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>"), "a column chart");
    assert!(chart.contains("<c:barDir val=\"col\"/>"), "vertical bars");
    assert!(chart.contains("総括!$B$"), "reads the summary's cells");
    assert!(
        chart.contains("評価別のアクションプラン数"),
        "the Chart's title"
    );
    for name in ["前年度", "今年度"] {
        assert!(chart.contains(name), "series {name}");
    }
    assert!(
        part(
            &bytes,
            &part_of(&bytes, "総括")
                .replace("worksheets/", "worksheets/_rels/")
                .replace(".xml", ".xml.rels")
        )
        .contains("drawing")
    );
}

#[test]
fn list_is_the_documents_table_with_merged_groups() {
    let bytes = render(false);
    let mut book = open(&bytes);
    let l = cells(&mut book, "一覧");
    let (hr, hc) = find(&l, "基本方針");
    let header: Vec<Data> = (0..11).map(|k| at(&l, hr, hc + k)).collect();
    let expected = [
        "基本方針",
        "重点項目",
        "アクションプラン",
        "担当課",
        "目標・指標",
        "年度目標",
        "実績値",
        "達成率",
        "評価",
        "プラン評価",
        "自己評価",
    ];
    assert_eq!(header, expected.map(s));
    let first = hr + 1;
    assert_eq!(at(&l, first, 0), s("Ⅰ 合理的かつ質の高い行政経営の実現"));
    assert_eq!(at(&l, first, 2), s("①情報セキュリティ対策の強化"));
    assert_eq!(at(&l, first, 3), s("情報統計課"));
    assert_eq!(float(&l, first + 1, 6), 1.0, "① indicator 2: 1件");
    assert_eq!(at(&l, first, 9), s("D"));
    // ⑫ 現年: target, actual and rate as numbers, the rate in percent.
    assert_eq!(float(&l, first + 2, 5), 99.5);
    assert_eq!(float(&l, first + 2, 6), 99.31);
    assert_eq!(float(&l, first + 2, 7), 99.8);
    // ㉒ not submitted: no actual.
    assert_eq!(at(&l, first + 5, 6), s("－"));

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
        has(first + 2, 9, first + 3, 9),
        "⑫'s grade over its two rows"
    );
    assert!(
        !has(first + 5, 0, first + 5, 0),
        "a single row is not merged"
    );
}

/// §5 of #13: the 一覧 printed its targets and actuals without units. Each figure's number
/// format now carries its indicator's unit and decimals, and the value stays a number.
#[test]
fn list_figures_show_their_units() {
    let bytes = render(false);
    let mut book = open(&bytes);
    let l = cells(&mut book, "一覧");
    let (hr, cols) = columns(&l, "年度目標");
    let formats = number_formats(&bytes, "一覧");
    let reference = |r: u32, c: u32| format!("{}{}", (b'A' + c as u8) as char, r + 1);
    let mut seen = Vec::new();
    for r in hr + 1..=l.end().unwrap().0 {
        for name in ["年度目標", "実績値", "達成率"] {
            let c = cols[name];
            if let Data::Float(_) = at(&l, r, c) {
                seen.push(formats[&reference(r, c)].clone());
            }
        }
    }
    // ① counts incidents (件), ⑫ collects a rate (%), the 達成率 is a percentage.
    for want in ["#,##0\"件\"", "#,##0.00\"%\"", "#,##0.0\"%\""] {
        assert!(seen.iter().any(|f| f == want), "{want} in {seen:?}");
    }
    assert!(
        seen.iter().all(|f| f.ends_with('"')),
        "every figure shows a unit: {seen:?}"
    );
}

/// Numbers are stored as numbers wherever the Document has a figure: every numeric cell of
/// the Document's 一覧 is a number cell in the book, never its printed text.
#[test]
fn figures_are_numbers_not_text() {
    let book = book_fixture::book_large(false);
    let bytes = render_book(&book);
    let mut wb = open(&bytes);
    let l = cells(&mut wb, "一覧");
    let doc = document(&book);
    let list = doc.sections.iter().find(|s| s.id == "list").unwrap();
    let Some(Block::Table(t)) = list.blocks.iter().find(|b| matches!(b, Block::Table(_))) else {
        panic!("the 一覧 table")
    };
    let figures = t
        .body
        .iter()
        .flatten()
        .filter(|c| matches!(c.content, hyoka::document::CellContent::Number(_)))
        .count();
    let numbers = l
        .used_cells()
        .filter(|(_, _, v)| matches!(v, Data::Float(_) | Data::Int(_)))
        .count();
    assert!(figures > 40, "{figures}");
    assert_eq!(numbers, figures);
    assert!(
        !l.used_cells()
            .any(|(_, _, v)| matches!(v, Data::String(s) if s.ends_with('%') && s.chars().next().is_some_and(|c| c.is_ascii_digit()))),
        "no rate written as text"
    );
}

/// Each sheet's heading and each table's caption are the Document's, word for word: the
/// 一覧's title is the same as the PDF's and the HTML's, as all come from the Document.
#[test]
fn titles_are_the_documents_headings() {
    let book = book_fixture::book(true);
    let doc = document(&book);
    let mut wb = open(&render_book(&book));
    let names = wb.sheet_names().to_vec();
    let mut checked = 0;
    for section in &doc.sections {
        let Some(title) = &section.contents_title else {
            continue;
        };
        let sheet = names
            .iter()
            .find(|n| title.starts_with(n.as_str()) || n.starts_with(title.as_str()))
            .or_else(|| {
                names.iter().find(|n| {
                    title.starts_with(&n.chars().take(1).collect::<String>())
                        && n.chars().count() == 31
                })
            })
            .cloned();
        let Some(sheet) = sheet else {
            // A part's lead is on the sheet of its first section.
            continue;
        };
        let range = cells(&mut wb, &sheet);
        find(&range, title);
        for b in &section.blocks {
            if let Block::Table(t) = b {
                find(&range, &t.caption);
                checked += 1;
            }
        }
    }
    assert!(checked >= 8, "{checked} captions");
    let l = cells(&mut wb, "一覧");
    find(&l, "アクションプラン評価一覧（令和6年度（2024年度））");
}

#[test]
fn plan_sheet_has_overview_results_trend_and_report() {
    let mut book = open(&render(false));
    let p = cells(&mut book, "⑫収税等収納率の向上");
    let (r, c) = find(&p, "担当課");
    assert_eq!(row_from(&p, r, c + 1), [s("収納課")]);
    let (hr, cols) = columns(&p, "年度目標");
    let (r, _) = find(&p, "収納率（現年度分）（%）");
    assert!(r > hr);
    assert_eq!(float(&p, r, cols["年度目標"]), 99.5);
    assert_eq!(float(&p, r, cols["実績値"]), 99.31);
    assert_eq!(float(&p, r, cols["達成率"]), 99.8);
    assert_eq!(at(&p, r, cols["評価"]), s("B"));
    let (r, c) = find(&p, "R2");
    let years = row_from(&p, r, c);
    assert_eq!(years.last(), Some(&s("R6")));
    assert_eq!(float(&p, r + 1, c), 99.1, "R2 target");
    find(&p, "取組実績");
    find(&p, "委員会意見");

    let out = cells(&mut book, PLAN_15);
    assert!(
        out.cells()
            .any(|(_, _, v)| matches!(v, Data::String(s) if s.contains("評価対象外")))
    );
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
    // Rates with one decimal, 2-decimal percentages, counts with their unit.
    for format in [
        "#,##0.0&quot;%&quot;",
        "#,##0.00&quot;%&quot;",
        "#,##0&quot;件&quot;",
    ] {
        assert!(
            styles.contains(&format!("formatCode=\"{format}\"")),
            "number format {format} missing"
        );
    }
    assert!(styles.contains("BIZ UDゴシック"), "Japanese font");
}

/// §5 of #13: printed where the book's font is missing, the columns widened and the book
/// spread over 155 pages of column slices. Every sheet now prints one page wide, whatever
/// the font, and its page breaks stay manual.
#[test]
fn every_sheet_prints_one_page_wide() {
    let bytes = render(true);
    let book = open(&bytes);
    for (i, name) in book.sheet_names().iter().enumerate() {
        let sheet = part(&bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(
            sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "{name} fits to the page"
        );
        assert!(
            sheet.contains("fitToHeight=\"0\""),
            "{name}: pages run as tall as needed"
        );
        assert!(
            !sheet.contains("fitToWidth=\"") || sheet.contains("fitToWidth=\"1\""),
            "{name}"
        );
        assert!(!sheet.contains(" scale=\""), "{name}: no fixed scale");
    }
}

#[test]
fn sheets_are_print_ready() {
    let bytes = render(true);
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(
        workbook
            .contains("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">表紙!$A$1:$H$")
    );
    // The 一覧's header row repeats on every printed page.
    let titles = workbook
        .split("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"4\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("一覧 has print titles");
    let mut wb = open(&bytes);
    let (hr, _) = find(&cells(&mut wb, "一覧"), "基本方針");
    assert_eq!(titles, format!("一覧!${0}:${0}", hr + 1));
    for n in 1..=10 {
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
    let list = part(&bytes, "xl/worksheets/sheet5.xml");
    assert!(list.contains("orientation=\"landscape\""));
    let plan = part(&bytes, "xl/worksheets/sheet6.xml");
    assert!(plan.contains("orientation=\"portrait\""));
    assert!(
        plan.contains("<rowBreaks"),
        "a plan takes two pages, broken where measured"
    );
}

/// The provisional mark of a book with plans to review is in every sheet's header.
#[test]
fn the_provisional_mark_is_on_every_sheet() {
    let mut b = book_fixture::book(false);
    b.plans[0].status = hyoka::book::PlanStatus::NeedsReview;
    let doc = document(&b);
    let mark = doc
        .meta
        .provisional_mark
        .clone()
        .expect("a provisional book");
    let bytes = render_book(&b);
    let n = open(&bytes).sheet_names().len();
    let head: String = mark.chars().take(10).collect();
    for i in 1..=n {
        let sheet = part(&bytes, &format!("xl/worksheets/sheet{i}.xml"));
        let header = sheet.split("<oddHeader>").nth(1).unwrap_or("");
        assert!(header.contains(&head), "sheet{i}: {header}");
    }
}

#[test]
fn rows_holding_long_text_are_sized() {
    let bytes = render(false);
    let sheet = part(&bytes, &part_of(&bytes, "⑫収税等収納率の向上"));
    // ⑫'s 取組内容 is several lines at the sheet's width.
    let tallest = sheet
        .split("ht=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse::<f64>().ok())
        .fold(0.0, f64::max);
    assert!(tallest >= 45.0, "tallest row {tallest}");
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
    let b = book_fixture::book(false);
    let document = compose_book(&b, &ComposeOptions::default());
    let mut options = XlsxOptions::for_book(&b);
    options.date = "令和7年5月31日".into();
    let err = render_xlsx_checked(&document, &options).unwrap_err();
    assert!(err.to_string().contains("令和7年5月31日"));
}

#[test]
fn a_full_list_breaks_pages_between_plans_and_restarts_merges() {
    let bytes = render_book(&book_fixture::book_large(false));
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names().len(), 5 + 29 + 1);
    let list = part(&bytes, &part_of(&bytes, "一覧"));
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
        let large = render_book(&book_fixture::book_large(false));
        std::fs::write(dir.join("large.xlsx"), large).expect("writes");
        let long = render_book(&long_book());
        std::fs::write(dir.join("long.xlsx"), long).expect("writes");
        let toml = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/plans/azumino-4th.toml"
        ))
        .expect("the plan file");
        let plans: hyoka::plan::PlanSet = toml::from_str(&toml).expect("the plan file parses");
        let real = render_book(&book_fixture::book_from_plans(&plans, true));
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
    let book = open(&xlsx_edition(&b).expect("an empty book renders").0);
    assert_eq!(
        book.sheet_names(),
        vec!["表紙", "はじめに", "評価の方法", "総括", "一覧"]
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
    let bytes = render_book(&b);
    let mut book = open(&bytes);
    let p = cells(&mut book, "①情報セキュリティ対策の強化");
    let (r, c) = find(&p, "R2");
    assert_eq!(row_from(&p, r, c).last(), Some(&s("R9")));
    let sheet = part(&bytes, &part_of(&bytes, "①情報セキュリティ対策の強化"));
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

/// Each constant-memory sheet keeps a temporary file open until the book is saved: with
/// fewer open files allowed than the book has sheets (a low `ulimit -n`), the build once
/// failed with 「Too many open files」. The sheets past the limit are now held in memory.
#[cfg(unix)]
#[test]
fn a_low_open_file_limit_still_writes_the_whole_book() {
    let out_dir = tempfile::tempdir().unwrap();
    let script = format!(
        "ulimit -n 36 && exec \"{}\" build --out \"{}\"",
        env!("CARGO_BIN_EXE_hyoka"),
        out_dir.path().display()
    );
    let out = std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("runs hyoka under sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let bytes =
        std::fs::read(out_dir.path().join("令和6年度_アクションプラン評価書.xlsx")).unwrap();
    let book = open(&bytes);
    // The same sheets, with the same texts, as the book written without the limit.
    let sheets_of = |book: &mut Xlsx<Cursor<Vec<u8>>>| {
        book.sheet_names()
            .into_iter()
            .map(|name| {
                let range = book.worksheet_range(&name).unwrap();
                let texts: Vec<String> =
                    range.used_cells().map(|(_, _, v)| v.to_string()).collect();
                (name, texts)
            })
            .collect::<Vec<_>>()
    };
    let normal = std::process::Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["build", "--out"])
        .arg(out_dir.path().join("normal"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs hyoka");
    assert!(normal.status.success());
    let normal_bytes = std::fs::read(
        out_dir
            .path()
            .join("normal/令和6年度_アクションプラン評価書.xlsx"),
    )
    .unwrap();
    let mut book = book;
    assert_eq!(sheets_of(&mut book), sheets_of(&mut open(&normal_bytes)));
    assert!(book.sheet_names().len() >= 5 + 29);
}

/// A book of a city's size is written whole: the package goes through a temporary file
/// before it is returned, so a lost tail or an unflushed buffer would cut sheets or break
/// the zip's directory. Every sheet, every chart and every cell of the last sheet is there.
#[test]
fn a_book_of_hundreds_of_plan_sheets_is_written_whole() {
    const COPIES: usize = 200;
    const PLAN: &str = "①情報セキュリティ対策の強化";
    let b = book_fixture::book(false);
    let options = XlsxOptions::for_book(&b);
    let small_doc = document(&b);
    let at = small_doc
        .sections
        .iter()
        .position(|s| s.contents_title.as_deref() == Some(PLAN))
        .expect("the plan's section");
    // Copies of the plan's section, each a sheet of its own, right after it (at its level,
    // so that no section before them becomes a part's lead).
    let mut doc = small_doc.clone();
    let copies = (1..=COPIES).map(|i| {
        let mut s = small_doc.sections[at].clone();
        s.id = format!("copy-{i}");
        s.contents_title = Some(format!("写し{i}"));
        s
    });
    doc.sections.splice(at + 1..at + 1, copies);
    let small = render_xlsx(&small_doc, &options).expect("renders");
    let bytes = render_xlsx(&doc, &options).expect("renders");

    let charts = |bytes: &[u8]| {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("the package opens");
        zip.file_names()
            .filter(|n| n.as_ref().is_ok_and(|n| n.starts_with("xl/charts/chart")))
            .count()
    };
    let plan_charts = document(&b).sections[at]
        .blocks
        .iter()
        .map(|b| match b {
            Block::Chart(_) => 1,
            Block::KeepTogether(inner) => inner
                .iter()
                .filter(|b| matches!(b, Block::Chart(_)))
                .count(),
            _ => 0,
        })
        .sum::<usize>();
    assert!(plan_charts > 0, "the plan's sheet has a chart");
    assert_eq!(charts(&bytes), charts(&small) + COPIES * plan_charts);

    let mut book = open(&bytes);
    let names = book.sheet_names();
    assert_eq!(names.len(), open(&small).sheet_names().len() + COPIES);
    assert_eq!(names.last(), open(&small).sheet_names().last());
    let texts = |book: &mut Book, sheet: &str| -> Vec<String> {
        cells(book, sheet)
            .used_cells()
            .map(|(_, _, v)| v.to_string())
            .collect()
    };
    // The plan's own sheet also carries the lead of its part; a copy is the plan alone.
    let original = texts(&mut book, PLAN);
    let first = texts(&mut book, "写し1");
    assert!(first.len() > 20 && original.ends_with(&first), "{first:?}");
    for i in [COPIES / 2, COPIES] {
        assert_eq!(texts(&mut book, &format!("写し{i}")), first, "写し{i}");
    }
    // The sheets after the copies are whole too.
    let last = names.last().unwrap().clone();
    assert_eq!(texts(&mut book, &last), texts(&mut open(&small), &last));
}
