//! An indicator's `decimals` reaches every output: ⑪ 将来負担比率, whose outline prints
//! 「53.0%」, prints an actual of 53 as 「53.0」 in the Book, in the Excel cell's number format
//! and in the PDF text (a TOML or Excel number keeps no trailing zero of its own).

use crate::package;

use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use hyoka::book::Book;
use hyoka::diag::{Diagnostic, Source};
use hyoka::evaluate::{BookOptions, build_book};
use hyoka::plan::PlanSet;
use hyoka::render::pdf::layout::Item;
use hyoka::render::pdf::{FontSet, PdfOptions, Variant, font::Fonts, lay_out};
use hyoka::validate::{IndicatorInput, Record, Validated};
use std::io::Cursor;

use package::part;
use rust_decimal::Decimal;

const SHEET_11: &str = "⑪将来負担比率の健全化の堅持";

fn plans() -> PlanSet {
    hyoka::plan::load(Path::new("plans/azumino-4th.toml"))
        .expect("the shipped plan file loads")
        .plans
}

/// ⑪ in R5 and R6: actual 53 (as a department's sheet gives it: no trailing zero), 類似団体
/// average 41.2 and 40.
fn book() -> Book {
    let record = |year: i32, actual: i64, reference: Decimal| {
        let file = format!("{year}/財政課.xlsx");
        Record {
            plan: 11,
            year,
            department: "財政課".into(),
            source: Source::cell(&file, SHEET_11, "A1"),
            indicators: vec![IndicatorInput {
                key: "1".into(),
                actual: Some(Decimal::from(actual)),
                previous: None,
                reference: Some(reference),
                at: Some(Source::cell(&file, SHEET_11, "E10")),
                previous_at: None,
                reference_at: None,
            }],
            achievements: "取組".into(),
            self_grade: None,
            issues: "課題".into(),
            direction: "方向性".into(),
            author: "記入者".into(),
            contact: "内線".into(),
            sample: true,
            needs_review: false,
            cells: Default::default(),
        }
    };
    let validated = Validated {
        year: Some(2024),
        files_read: 2,
        committee: Vec::new(),
        responses: Vec::new(),
        diagnostics: Vec::<Diagnostic>::new(),
        records: vec![
            record(2023, 53, Decimal::new(412, 1)),
            record(2024, 53, Decimal::from(40)),
        ],
        digests: Default::default(),
    };
    build_book(
        &plans(),
        &validated,
        &BookOptions {
            year: 2024,
            allow_errors: false,
        },
    )
    .expect("book")
}

#[test]
fn book_prints_the_declared_decimals() {
    let book = book();
    let page = book.plans.iter().find(|p| p.number == 11).expect("⑪");
    let r = &page.results[0];
    let text = |n: &Option<hyoka::values::Number>| n.as_ref().map(hyoka::compose::value_text);
    assert_eq!(text(&r.actual).as_deref(), Some("53.0"));
    assert_eq!(text(&r.target).as_deref(), Some("40.0"));
    assert_eq!(text(&r.basis).as_deref(), Some("40.0"));
    assert_eq!(
        r.actual
            .as_ref()
            .map(hyoka::text::number::excel_number_format)
            .as_deref(),
        Some("#,##0.0")
    );
    let points: Vec<(Option<String>, Option<String>)> = page.history[0]
        .points
        .iter()
        .filter(|p| p.year >= 2023)
        .map(|p| (text(&p.target), text(&p.actual)))
        .collect();
    assert_eq!(
        points,
        [
            (Some("41.2".into()), Some("53.0".into())),
            (Some("40.0".into()), Some("53.0".into()))
        ]
    );
    // The JSON of `hyoka build --dump-json` says the same.
    let json = serde_json::to_string(&book).expect("json");
    assert!(
        json.contains(r##""actual":{"value":"53","decimals":1,"percent":false}"##),
        "{json}"
    );
}

/// The value of `name="…"` in the attributes of an XML start tag (after its name).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let end = tag.find('>').unwrap_or(tag.len());
    let tag = &tag[..end];
    let pattern = format!("{name}=\"");
    let start = tag
        .match_indices(&pattern)
        .find(|(i, _)| *i == 0 || tag[..*i].ends_with(' '))?
        .0
        + pattern.len();
    tag[start..].split('"').next()
}

/// The number format of every cell of `sheet_xml` holding `value`, looked up in styles.xml.
/// A number format of one decimal, with or without a unit after it (「#,##0.0"%"」).
fn one_decimal(format: &str) -> bool {
    format == "#,##0.0" || format.starts_with("#,##0.0\"")
}

fn formats_of_cells_holding(sheet_xml: &str, styles: &str, value: &str) -> Vec<String> {
    let xfs: Vec<&str> = styles
        .split("<cellXfs")
        .nth(1)
        .and_then(|s| s.split("</cellXfs>").next())
        .expect("cellXfs")
        .split("<xf ")
        .skip(1)
        .collect();
    let format_code = |id: &str| -> String {
        let builtin = match id {
            "0" => Some("General"),
            "1" => Some("0"),
            "2" => Some("0.00"),
            "3" => Some("#,##0"),
            "4" => Some("#,##0.00"),
            _ => None,
        };
        builtin.map(str::to_string).unwrap_or_else(|| {
            styles
                .split("<numFmt ")
                .skip(1)
                .find(|f| attr(f, "numFmtId") == Some(id))
                .and_then(|f| attr(f, "formatCode"))
                .unwrap_or_else(|| panic!("numFmt {id}"))
                .replace("&quot;", "\"")
        })
    };
    sheet_xml
        .split("<c ")
        .skip(1)
        .filter(|c| c.contains(&format!("<v>{value}</v>")) && !c.contains("t=\"s\""))
        .map(|c| {
            let xf: usize = attr(c, "s").unwrap_or("0").parse().expect("style index");
            let num_fmt = attr(xfs[xf], "numFmtId").unwrap_or("0");
            format_code(num_fmt)
        })
        .collect()
}

#[test]
fn excel_cells_carry_the_declared_decimals() {
    let bytes = hyoka::pipeline::xlsx_edition(&book()).expect("renders").0;
    let workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("opens");
    let index = workbook
        .sheet_names()
        .iter()
        .position(|n| n == SHEET_11)
        .expect("⑪ has a sheet");
    let styles = part(&bytes, "xl/styles.xml");
    let sheet = part(&bytes, &format!("xl/worksheets/sheet{}.xml", index + 1));
    let formats = formats_of_cells_holding(&sheet, &styles, "53");
    // The result row and the two years of 推移 (and the chart data beside it).
    assert!(formats.len() >= 3, "{formats:?}");
    assert!(formats.iter().all(|f| one_decimal(f)), "{formats:?}");
    // The value itself stays a number: Excel computes with 53 and shows 53.0.
    let mut workbook = workbook;
    let range = workbook.worksheet_range(SHEET_11).expect("⑪ sheet");
    assert!(range.used_cells().any(|(_, _, v)| *v == Data::Float(53.0)));
    // The list sheet's result cell too.
    let list_index = workbook
        .sheet_names()
        .iter()
        .position(|n| n == "一覧")
        .expect("一覧");
    let list = part(
        &bytes,
        &format!("xl/worksheets/sheet{}.xml", list_index + 1),
    );
    let formats = formats_of_cells_holding(&list, &styles, "53");
    assert!(
        !formats.is_empty() && formats.iter().all(|f| one_decimal(f)),
        "{formats:?}"
    );
}

#[test]
fn pdf_text_carries_the_declared_decimals() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let options = PdfOptions {
        fonts: FontSet::load(&dir).expect("shipped fonts"),
        binding_margin_mm: 5.0,
    };
    let fonts = Fonts::parse(&options.fonts.regular, &options.fonts.bold).expect("fonts");
    let document = hyoka::compose::compose_book(
        &book(),
        &hyoka::compose::ComposeOptions {
            variant: Variant::Handout,
        },
    );
    let (pages, _) = lay_out(&document, &options, &fonts).expect("lays out");
    // Page numbers (「- 53 -」, and the 目次's column of them) are no figures.
    let texts: Vec<&str> = pages
        .iter()
        .filter(|p| !page_texts(p).contains(&"目次"))
        .flat_map(|p| page_texts(p))
        .filter(|t| !(t.starts_with("- ") && t.ends_with(" -")))
        .collect();
    let figures = |s: &str| texts.iter().filter(|t| t.contains(s)).count();
    assert!(figures("53.0") >= 3, "result, 推移 and chart: {texts:?}");
    assert!(figures("40.0") >= 1);
    // No bare 「53」: every printed actual carries the decimal.
    assert!(
        !texts.iter().any(|t| t.trim() == "53" || t.contains("53%")),
        "{texts:?}"
    );
}

/// The texts of a laid-out page.
fn page_texts(p: &hyoka::render::pdf::layout::Page) -> Vec<&str> {
    p.items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.text.as_str()),
            Item::Shape(_) => None,
        })
        .collect()
}
