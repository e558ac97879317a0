//! What a committee member sees on the PDF's pages (#13 §5): every page carries the footer
//! title, its number and the marks; no page holds only an empty box; charts keep their
//! zero line at the foot, their whole title and a label on every bar.

use std::path::Path;

use hyoka::compose::{ComposeOptions, compose_book};
use hyoka::document::{
    Block, CellContent, Chart, ChartKind, Document, DocumentMeta, Heading, Number, Section, Series,
    Table, Variant,
};
use hyoka::render::pdf::layout::{Color, Face, Item, Page, Shape};
use hyoka::render::pdf::{FontSet, PdfOptions, font::Fonts, lay_out};
use rust_decimal::Decimal;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pages_of(doc: &Document) -> Vec<Page> {
    let fonts = FontSet::load(&root().join("fonts")).expect("shipped fonts");
    let measure = Fonts::parse(&fonts.regular, &fonts.bold).expect("fonts parse");
    let options = PdfOptions {
        fonts: fonts.clone(),
        binding_margin_mm: 5.0,
    };
    lay_out(doc, &options, &measure).expect("lays out").0
}

/// The shipped sample's book of 2024, as `hyoka build` prepares it.
pub(crate) fn sample_book() -> hyoka::book::Book {
    let options = hyoka::pipeline::BuildOptions {
        year: Some(2024),
        input: root().join("input"),
        plan: root().join("plans/azumino-4th.toml"),
        templates: root().join("templates"),
        allow_errors: false,
        date: None,
        intake: hyoka::intake::IntakeOptions::default(),
    };
    match hyoka::pipeline::prepare_book(&options).expect("the sample builds") {
        hyoka::pipeline::Prepared::Book { book, .. } => *book,
        hyoka::pipeline::Prepared::Rejected { diagnostics, .. } => {
            panic!("the sample is rejected: {diagnostics:#?}")
        }
    }
}

fn texts(page: &Page) -> Vec<&str> {
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.text.as_str()),
            Item::Shape(_) => None,
        })
        .collect()
}

/// A Document of a cover and one section holding `blocks`.
fn document(blocks: Vec<Block>, provisional: Option<&str>) -> Document {
    let heading = |level, text: &str| {
        Block::Heading(Heading {
            level,
            text: text.to_string(),
            id: None,
        })
    };
    let mut body = vec![heading(2, "推移")];
    body.extend(blocks);
    Document {
        meta: DocumentMeta {
            title: "評価書".to_string(),
            lang: "ja".to_string(),
            sample_mark: Some("サンプルデータ（架空のデータ）".to_string()),
            provisional_mark: provisional.map(str::to_string),
            variant: Variant::Handout,
            footer:
                "第4次安曇野市行財政改革大綱 アクションプラン 令和6年度（2024年度）取組状況・評価"
                    .to_string(),
            contents_label: "目次".to_string(),
            author: "安曇野市".to_string(),
            date: "2025-05-31".to_string(),
        },
        sections: vec![
            Section {
                id: "cover".to_string(),
                contents_title: None,
                contents_level: 1,
                blocks: vec![heading(1, "評価書")],
                wide: false,
            },
            Section {
                id: "trend".to_string(),
                contents_title: Some("推移".to_string()),
                contents_level: 1,
                blocks: body,
                wide: false,
            },
        ],
        data: hyoka::document::Table {
            caption: String::new(),
            header: Vec::new(),
            body: Vec::new(),
            widths: Vec::new(),
        },
    }
}

fn chart(title: &str, values: &[[&str; 2]], unit: &str) -> Block {
    let n = |v: &str| {
        Some(Number {
            value: v.parse::<Decimal>().unwrap(),
            decimals: v.split_once('.').map_or(0, |(_, d)| d.len() as u32),
            unit: unit.to_string(),
        })
    };
    Block::Chart(Chart {
        kind: ChartKind::Bar,
        title: title.to_string(),
        categories: ["R2", "R3", "R4", "R5", "R6"][..values.len()]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        series: ["目標", "実績"]
            .iter()
            .enumerate()
            .map(|(i, name)| Series {
                name: name.to_string(),
                values: values.iter().map(|v| n(v[i])).collect(),
            })
            .collect(),
        alt: title.to_string(),
    })
}

/// The page a chart is drawn on: the last page (the Document's only chart is last).
fn chart_page(pages: &[Page]) -> &Page {
    pages.last().expect("pages")
}

#[test]
fn every_page_but_the_cover_has_the_footer_title_number_and_marks() {
    let book = sample_book();
    for variant in [Variant::Handout, Variant::Web] {
        let doc = compose_book(&book, &ComposeOptions { variant });
        let pages = pages_of(&doc);
        assert!(pages.iter().any(|p| p.width < p.height), "portrait pages");
        assert!(pages.iter().any(|p| p.width > p.height), "landscape pages");
        for (i, page) in pages.iter().enumerate().skip(1) {
            let t = texts(page);
            assert!(
                t.contains(&doc.meta.footer.as_str()),
                "{variant:?} p{}: no footer",
                i + 1
            );
            assert!(
                t.contains(&format!("- {} -", i + 1).as_str()),
                "p{}: no number",
                i + 1
            );
            assert!(
                t.contains(&"サンプルデータ（架空のデータ）"),
                "p{}: no mark",
                i + 1
            );
        }
    }
    // The provisional mark, when plans could not be graded, beside the sample mark.
    let mark =
        "暫定版：入力に誤りがあるアクションプランを含みます（要確認のプランは評価していません）";
    let pages = pages_of(&document(Vec::new(), Some(mark)));
    for page in &pages[1..] {
        assert!(texts(page).contains(&mark), "{:?}", texts(page));
    }
}

#[test]
fn no_page_holds_only_an_empty_box_or_only_a_chart() {
    let book = sample_book();
    let doc = compose_book(&book, &ComposeOptions::default());
    let pages = pages_of(&doc);
    let furniture = |t: &str| {
        t == doc.meta.footer || t.starts_with("- ") || t == "サンプルデータ（架空のデータ）"
    };
    for (i, page) in pages.iter().enumerate() {
        let own: Vec<&str> = texts(page).into_iter().filter(|t| !furniture(t)).collect();
        assert!(
            own != ["委員会意見"],
            "page {} holds only the 委員会意見 box; the page before: {:?}",
            i + 1,
            texts(&pages[i - 1])
        );
        // A chart comes with its data table on the page (a 「区分」 or 「年度」 header).
        let charts = page
            .items
            .iter()
            .filter(|i| matches!(i, Item::Shape(Shape::Rect { stroke: Some((c, w)), fill: None, .. }) if *c == Color::RULE && (*w - 0.4).abs() < 0.01))
            .count();
        if charts > 0 {
            assert!(
                own.iter().any(|t| *t == "区分" || *t == "年度"),
                "page {}: a chart without its table: {own:?}",
                i + 1
            );
        }
    }
    // The handout's 委員会意見 boxes are there, one per plan (besides the column of that name
    // in the tables of the year before's opinions and their responses).
    let columns: usize = doc
        .sections
        .iter()
        .flat_map(|s| tables(&s.blocks))
        .flat_map(|t| t.header.iter().flatten())
        .filter(|c| matches!(&c.content, CellContent::Text(t) if t == "委員会意見"))
        .count();
    let boxes = pages
        .iter()
        .flat_map(texts)
        .filter(|t| *t == "委員会意見")
        .count();
    assert_eq!(boxes, book.plans.len() + columns);
}

#[test]
fn an_all_zero_chart_keeps_its_zero_line_at_the_foot() {
    let doc = document(
        vec![chart(
            "被害件数（件）",
            &[["0", "0"], ["0", "0"], ["0", "0"]],
            "件",
        )],
        None,
    );
    let pages = pages_of(&doc);
    let page = chart_page(&pages);
    let frame = page
        .items
        .iter()
        .find_map(|i| match i {
            Item::Shape(Shape::Rect {
                rect,
                fill: None,
                stroke: Some(_),
            }) => Some(*rect),
            _ => None,
        })
        .expect("the chart's frame");
    let zero = page
        .items
        .iter()
        .find_map(|i| match i {
            Item::Shape(Shape::Line { points, width, .. })
                if (*width - 0.6).abs() < 0.01 && points[0].1 > frame.y =>
            {
                Some(points[0].1)
            }
            _ => None,
        })
        .expect("the zero line");
    assert!(
        zero > frame.y + frame.h * 0.6,
        "zero line at {zero}, chart {frame:?}"
    );
}

#[test]
fn a_long_chart_title_is_printed_whole() {
    let title = "市税等（市県民税・固定資産税・軽自動車税・国民健康保険税・介護保険料・後期高齢者医療保険料）の現年度分及び滞納繰越分を合わせた収納率（%）";
    let doc = document(
        vec![chart(title, &[["98.5", "98.7"], ["98.6", "98.9"]], "%")],
        None,
    );
    let pages = pages_of(&doc);
    let shown: String = chart_page(&pages)
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) if t.face == Face::Bold && t.size <= 8.0 && t.color != Color::RED => {
                Some(t.text.as_str())
            }
            _ => None,
        })
        .collect();
    assert_eq!(shown, title);
}

#[test]
fn every_bar_is_labelled_targets_too() {
    let values = [
        ["6992.37", "7023"],
        ["6957.06", "6983"],
        ["6921.74", "6950"],
        ["6886.43", "6908"],
        ["6851.11", "6874"],
    ];
    let doc = document(vec![chart("申告相談者数（人）", &values, "人")], None);
    let pages = pages_of(&doc);
    let shown = texts(chart_page(&pages));
    for v in values.iter().flatten() {
        let printed = hyoka::compose::format_number(
            &Number {
                value: v.parse().unwrap(),
                decimals: if v.contains('.') { 2 } else { 0 },
                unit: String::new(),
            },
            hyoka::compose::NumberStyle::Print,
        );
        assert!(
            shown.iter().any(|t| t.trim_end_matches('人') == printed),
            "no label {printed}: {shown:?}"
        );
    }
}

/// Every table among `blocks`, those inside boxes and keep-together groups too.
fn tables(blocks: &[Block]) -> Vec<&Table> {
    blocks
        .iter()
        .flat_map(|b| match b {
            Block::Table(t) => vec![t],
            Block::Box(b) => tables(&b.blocks),
            Block::KeepTogether(inner) => tables(inner),
            _ => Vec::new(),
        })
        .collect()
}
