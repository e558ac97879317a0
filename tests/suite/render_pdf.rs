//! The PDF book: layout stays inside its boxes, the font is embedded as a subset, the
//! metadata and outline are there, and the variants differ as they should.

use crate::common;

use std::path::Path;

use common::pdf_book::{pdf_book, pdf_book_from_plans, pdf_book_with};
use hyoka::book::Book;
use hyoka::compose::{ComposeOptions, compose_book};
use hyoka::document::Document;
use hyoka::render::pdf::glyphs::missing_glyph_warnings;
use hyoka::render::pdf::layout::{Item, Page};
use hyoka::render::pdf::{
    FontSet, PdfOptions, Variant, font::Fonts, lay_out, render_pdf, render_pdf_checked,
};

fn options() -> PdfOptions {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    PdfOptions {
        fonts: FontSet::load(&dir).expect("shipped fonts"),
        binding_margin_mm: 5.0,
    }
}

/// The Document of `book` composed for `variant`, as the pipeline hands it to the writers.
fn doc(book: &Book, variant: Variant) -> Document {
    compose_book(book, &ComposeOptions { variant })
}

fn texts(pages: &[Page]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.text.clone()),
            Item::Shape(_) => None,
        })
        .collect()
}

/// Writes the PDF for a person to look at when `HYOKA_PDF_OUT` names a directory.
fn keep(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("HYOKA_PDF_OUT") {
        std::fs::write(Path::new(&dir).join(name), bytes).expect("write sample pdf");
    }
}

#[test]
fn no_text_leaves_its_box() {
    for (book, variant) in [
        (pdf_book(), Variant::Handout),
        (pdf_book(), Variant::Web),
        (pdf_book_with(29), Variant::Handout),
        (pdf_book_from_plans(), Variant::Handout),
    ] {
        let opts = options();
        let fonts = Fonts::parse(&opts.fonts.regular, &opts.fonts.bold).unwrap();
        let (pages, _) = lay_out(&doc(&book, variant), &opts, &fonts).expect("layout fits");
        for (n, page) in pages.iter().enumerate() {
            for item in &page.items {
                if let Item::Text(t) = item {
                    let r = t.rect();
                    let b = t.bounds;
                    assert!(
                        r.x >= b.x - 0.05
                            && r.right() <= b.right() + 0.05
                            && r.y >= b.y - 0.05
                            && r.bottom() <= b.bottom() + 0.05,
                        "page {}: 「{}」 {r:?} outside {b:?}",
                        n + 1,
                        t.text
                    );
                    assert!(b.x >= 0.0 && b.right() <= page.width && b.bottom() <= page.height);
                }
            }
        }
    }
}

#[test]
fn every_plan_figure_and_section_is_laid_out() {
    let book = pdf_book();
    let opts = options();
    let fonts = Fonts::parse(&opts.fonts.regular, &opts.fonts.bold).unwrap();
    let (pages, outline) = lay_out(&doc(&book, Variant::Handout), &opts, &fonts).unwrap();
    let all = texts(&pages).join("\n");
    for plan in &book.plans {
        assert!(
            outline
                .iter()
                .any(|e| e.title == format!("{}{}", plan.mark, plan.name))
        );
        for r in &plan.results {
            for n in [&r.target, &r.actual, &r.rate].into_iter().flatten() {
                let text = hyoka::compose::value_text(n);
                assert!(all.contains(&text), "missing {text}");
            }
        }
    }
    for section in ["目次", "評価の方法", "総括", "一覧", "検証結果"] {
        assert!(
            outline.iter().any(|e| e.title == section),
            "no bookmark {section}"
        );
    }
    assert!(all.contains("サンプルデータ（架空のデータ）"));
    assert!(all.contains("- 3 -"));
    // The Kangxi radical in the fixture was normalised to the ideograph.
    assert!(!all.contains('\u{2F47}'));
    assert!(all.contains("日常的な見守り") || all.contains("日常的"));
}

#[test]
fn handout_has_blank_comment_boxes_web_has_none() {
    let book = pdf_book();
    let count = |variant| {
        let opts = options();
        let fonts = Fonts::parse(&opts.fonts.regular, &opts.fonts.bold).unwrap();
        let (pages, _) = lay_out(&doc(&book, variant), &opts, &fonts).unwrap();
        texts(&pages).iter().filter(|t| *t == "委員会意見").count()
    };
    assert_eq!(count(Variant::Handout), book.plans.len());
    assert_eq!(count(Variant::Web), 0);
}

#[test]
fn list_header_repeats_on_every_list_page() {
    let book = pdf_book_with(29);
    let opts = options();
    let fonts = Fonts::parse(&opts.fonts.regular, &opts.fonts.bold).unwrap();
    let (pages, outline) = lay_out(&doc(&book, Variant::Web), &opts, &fonts).unwrap();
    let start = outline.iter().find(|e| e.title == "一覧").unwrap().page;
    let end = outline.iter().find(|e| e.level == 1).unwrap().page;
    assert!(end - start >= 2, "29 plans should take several list pages");
    for page in &pages[start..end] {
        assert!(page.width > page.height, "一覧 is landscape");
        assert!(
            texts(std::slice::from_ref(page))
                .iter()
                .any(|t| t == "アクションプラン")
        );
    }
}

#[test]
fn pdf_embeds_a_subset_font_and_metadata() {
    let book = pdf_book();
    let opts = options();
    let bytes = render_pdf(&doc(&book, Variant::Handout), &opts).expect("pdf");
    keep("hyoka-fixture.pdf", &bytes);
    keep(
        "hyoka-fixture-29.pdf",
        &render_pdf(&doc(&pdf_book_with(29), Variant::Handout), &opts).unwrap(),
    );
    let real = render_pdf(&doc(&pdf_book_from_plans(), Variant::Handout), &opts).unwrap();
    assert!(
        real.len() < 1_000_000,
        "29 real plans: {} bytes",
        real.len()
    );
    keep("hyoka-plans.pdf", &real);
    keep(
        "hyoka-fixture-web.pdf",
        &render_pdf(&doc(&book, Variant::Web), &options()).unwrap(),
    );
    assert!(bytes.starts_with(b"%PDF-1.7"));
    assert!(bytes.len() < 1_000_000, "{} bytes", bytes.len());

    let doc = lopdf::Document::load_mem(&bytes).expect("readable pdf");
    let mut programs = Vec::new();
    let mut names = Vec::new();
    for obj in doc.objects.values() {
        if let Ok(dict) = obj.as_dict() {
            if let Ok(name) = dict.get(b"FontName").and_then(|n| n.as_name()) {
                names.push(String::from_utf8_lossy(name).to_string());
            }
            if let Ok(r) = dict.get(b"FontFile2").and_then(|o| o.as_reference()) {
                let stream = doc.get_object(r).unwrap().as_stream().unwrap();
                programs.push(
                    stream
                        .decompressed_content()
                        .unwrap_or(stream.content.clone())
                        .len(),
                );
            }
        }
    }
    assert_eq!(programs.len(), 2, "regular and bold embedded");
    for len in programs {
        assert!(
            len < opts.fonts.regular.len() / 10,
            "font program of {len} bytes is not a subset"
        );
    }
    assert_eq!(names.len(), 2);
    for name in names {
        let (tag, base) = name.split_once('+').expect("subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        assert!(base.starts_with("BIZUDGothic"), "{name}");
    }

    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"ja");
    assert!(catalog.get(b"Outlines").is_ok());
    let info = doc
        .get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    let text = |key: &[u8]| {
        let raw = info.get(key).unwrap().as_str().unwrap();
        let units: Vec<u16> = raw[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    };
    assert_eq!(text(b"Title"), book.wording.title);
    assert_eq!(text(b"Author"), "安曇野市");
    assert!(text(b"Subject").contains("令和6年度"));
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20250531000000+00'00'"
    );
}

#[test]
fn same_book_same_bytes() {
    // Nothing in the file comes from a process-wide counter (font resource names, the file
    // id is derived from the content), so even two books written by one process match.
    let book = pdf_book();
    let opts = options();
    let a = render_pdf(&doc(&book, Variant::Web), &opts).unwrap();
    let b = render_pdf(&doc(&book, Variant::Web), &opts).unwrap();
    assert!(a == b, "two renderings differ");
}

#[test]
fn an_empty_book_still_renders() {
    let mut book = pdf_book();
    book.plans.clear();
    book.list.clear();
    book.diagnostics.clear();
    book.method.kinds.clear();
    book.summary.by_focus_area.clear();
    book.summary.total.previous = None;
    book.summary.total.change = None;
    book.wording = Default::default();
    book.meta.sample = false;
    let bytes = render_pdf(&doc(&book, Variant::Web), &options()).expect("renders");
    assert!(bytes.starts_with(b"%PDF"));
}

#[test]
fn variant_names() {
    assert_eq!("handout".parse::<Variant>(), Ok(Variant::Handout));
    assert_eq!("web".parse::<Variant>(), Ok(Variant::Web));
    assert!("print".parse::<Variant>().is_err());
}

#[test]
fn outline_has_every_section_with_the_plans_under_the_list() {
    let book = pdf_book();
    let bytes = render_pdf(&doc(&book, Variant::Web), &options()).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let title = |d: &lopdf::Dictionary| {
        let raw = d.get(b"Title").unwrap().as_str().unwrap();
        let units: Vec<u16> = raw[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    };
    let siblings = |first: lopdf::ObjectId| {
        let mut out = Vec::new();
        let mut next = Some(first);
        while let Some(id) = next {
            let d = doc.get_dictionary(id).unwrap();
            out.push((
                title(d),
                d.get(b"First").and_then(|o| o.as_reference()).ok(),
            ));
            next = d.get(b"Next").and_then(|o| o.as_reference()).ok();
        }
        out
    };
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .unwrap()
        .as_reference()
        .unwrap();
    let first = doc
        .get_dictionary(root)
        .unwrap()
        .get(b"First")
        .unwrap()
        .as_reference()
        .unwrap();
    let top = siblings(first);
    let names: Vec<&str> = top.iter().map(|(t, _)| t.as_str()).collect();
    // The cover, 目次, then every part the Document titles, in its order; the plans under
    // the part that holds them.
    let document = compose_book(
        &book,
        &ComposeOptions {
            variant: Variant::Web,
        },
    );
    let mut parts = vec!["表紙", "目次"];
    parts.extend(
        document
            .sections
            .iter()
            .filter(|s| s.contents_level == 1)
            .filter_map(|s| s.contents_title.as_deref()),
    );
    assert_eq!(names, parts);
    for part in ["評価の方法", "総括", "一覧"] {
        assert!(names.contains(&part), "{part} in {names:?}");
    }
    let holder = names
        .iter()
        .position(|n| *n == "アクションプランごとの取組状況と評価")
        .expect("the plans' part");
    assert!(
        top.iter()
            .enumerate()
            .all(|(i, t)| t.1.is_some() == (i == holder))
    );
    let list_children = siblings(top[holder].1.expect("plans under their part"));
    let plans: Vec<String> = book
        .plans
        .iter()
        .map(|p| format!("{}{}", p.mark, p.name))
        .collect();
    assert_eq!(
        list_children
            .into_iter()
            .map(|(t, _)| t)
            .collect::<Vec<_>>(),
        plans
    );
}

#[test]
fn characters_missing_from_the_font_are_warned_of_with_plan_and_field() {
    let mut book = pdf_book();
    let plan = book.plans[1].number;
    let mark = book.plans[1].mark.clone();
    book.plans[1]
        .achievements
        .push_str("参加者から好評😀でした。");
    book.plans[1].direction.push('😀');
    // A character outside the plans: a diagnostic printed in 検証結果.
    book.diagnostics[0].message.push('\u{1F3EF}');
    let out = render_pdf_checked(&doc(&book, Variant::Handout), &options()).expect("still renders");
    assert!(out.bytes.starts_with(b"%PDF"));
    let warnings = missing_glyph_warnings(&out.missing, &book);
    let found: Vec<(Option<u32>, Option<&str>)> = warnings
        .iter()
        .map(|w| (w.plan, w.field.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (Some(plan), Some("取組実績")),
            (Some(plan), Some("今後の方向性")),
            (None, None)
        ],
        "{warnings:#?}"
    );
    let first = &warnings[0];
    assert_eq!(first.code, "pdf-missing-glyph");
    assert!(!first.is_error());
    assert!(first.message.contains("😀（U+1F600）"), "{}", first.message);
    assert!(
        first.message.contains(&format!("プラン{mark} 取組実績")),
        "{}",
        first.message
    );
    assert!(first.message.contains("□"), "{}", first.message);
    assert!(warnings[2].message.contains("U+1F3EF"));
    // The Excel book keeps the text as written.
    use calamine::Reader;
    let xlsx = hyoka::pipeline::xlsx_edition(&book).expect("xlsx").0;
    let mut workbook =
        calamine::Xlsx::new(std::io::Cursor::new(xlsx)).expect("the Excel book opens");
    let sheet = workbook
        .sheet_names()
        .into_iter()
        .find(|n| n.starts_with(&mark))
        .expect("the plan's sheet");
    let range = workbook.worksheet_range(&sheet).expect("sheet");
    assert!(
        range
            .used_cells()
            .any(|(_, _, v)| v.to_string().contains("好評😀でした")),
        "the Excel book keeps 😀"
    );
}

#[test]
fn a_book_in_the_fonts_characters_has_no_glyph_warnings() {
    let book = pdf_book_from_plans();
    let out = render_pdf_checked(&doc(&book, Variant::Web), &options()).unwrap();
    assert!(out.missing.is_empty(), "{:#?}", out.missing);
    assert!(missing_glyph_warnings(&out.missing, &book).is_empty());
}

#[test]
fn a_font_the_book_cannot_embed_is_refused_by_name_before_anything_is_laid_out() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        shipped.join("BIZUDGothic-Regular.ttf"),
        dir.path().join("BIZUDGothic-Regular.ttf"),
    )
    .unwrap();
    // An OpenType face with CFF outlines starts with 'OTTO': the book embeds TrueType
    // outlines only.
    let mut cff = b"OTTO".to_vec();
    cff.extend_from_slice(&[0; 60]);
    std::fs::write(dir.path().join("BIZUDGothic-Bold.ttf"), cff).unwrap();
    let message = FontSet::load(dir.path())
        .expect_err("a CFF face is refused")
        .to_string();
    assert!(message.contains("BIZUDGothic-Bold.ttf"), "{message}");
    assert!(message.contains("TrueType"), "{message}");
}
