//! The compact PDF written page by page (#16 §2): each page is its own compressed content
//! stream, glyph codes are numbered in order of first use (so a page can be written before
//! the last one is laid out) and read back through the ToUnicode map to the laid-out text,
//! the fonts hold only the glyphs drawn (no cmap, no hinting), and rules and fills are
//! drawn as few paths as they allow; the running footer is drawn once and placed on every
//! page, and header cells share their attribute objects.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::pdf_book::pdf_book;
use hyoka::compose::{ComposeOptions, compose_book};
use hyoka::document::Variant;
use hyoka::render::pdf::font::Fonts;
use hyoka::render::pdf::layout::Item;
use hyoka::render::pdf::{FontSet, PdfOptions, lay_out, render_pdf};
use lopdf::Object;

struct Book {
    pdf: lopdf::Document,
    /// The text of every run, page by page, as laid out.
    runs: Vec<Vec<String>>,
}

fn book() -> Book {
    let fonts =
        FontSet::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")).expect("shipped fonts");
    let options = PdfOptions {
        fonts: fonts.clone(),
        binding_margin_mm: 5.0,
    };
    let doc = compose_book(
        &pdf_book(),
        &ComposeOptions {
            variant: Variant::Handout,
        },
    );
    let measure = Fonts::parse(&fonts.regular, &fonts.bold).expect("fonts parse");
    let (pages, _) = lay_out(&doc, &options, &measure).expect("lays out");
    let runs = pages
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter_map(|i| match i {
                    Item::Text(t) => Some(t.text.clone()),
                    Item::Shape(_) => None,
                })
                .collect()
        })
        .collect();
    let bytes = render_pdf(&doc, &options).expect("renders");
    Book {
        pdf: lopdf::Document::load_mem(&bytes).expect("the PDF loads"),
        runs,
    }
}

/// The page's one content stream, decoded.
fn content(pdf: &lopdf::Document, page: lopdf::ObjectId) -> lopdf::content::Content {
    let ids = pdf.get_page_contents(page);
    assert_eq!(ids.len(), 1, "one content stream per page");
    let stream = pdf.get_object(ids[0]).unwrap().as_stream().unwrap();
    assert_eq!(
        stream.dict.get(b"Filter").and_then(Object::as_name).ok(),
        Some(&b"FlateDecode"[..]),
        "the page's content is compressed"
    );
    let raw = stream.decompressed_content().expect("inflates");
    assert!(stream.content.len() < raw.len());
    lopdf::content::Content::decode(&raw).expect("content decodes")
}

/// A page's operations with each placed Form XObject's own in place of its `Do` (the
/// shared running footer is drawn there, with the page's fonts).
fn with_forms(
    pdf: &lopdf::Document,
    page: lopdf::ObjectId,
    ops: Vec<lopdf::content::Operation>,
) -> Vec<lopdf::content::Operation> {
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        if op.operator != "Do" {
            out.push(op);
            continue;
        }
        let resources = pdf.get_dictionary(page).unwrap().get(b"Resources").unwrap();
        let form = resources
            .as_dict()
            .unwrap()
            .get(b"XObject")
            .unwrap()
            .as_dict()
            .unwrap()
            .get(op.operands[0].as_name().unwrap())
            .unwrap()
            .as_reference()
            .unwrap();
        let stream = pdf.get_object(form).unwrap().as_stream().unwrap();
        let raw = stream.decompressed_content().expect("inflates");
        out.extend(lopdf::content::Content::decode(&raw).unwrap().operations);
    }
    out
}

fn to_unicode(pdf: &lopdf::Document, font: &lopdf::Dictionary) -> BTreeMap<u16, char> {
    let r = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
    let stream = pdf.get_object(r).unwrap().as_stream().unwrap();
    let text = String::from_utf8(stream.decompressed_content().unwrap()).unwrap();
    let hex = |s: &str| -> Vec<u16> {
        let s = s.trim_matches(|c| c == '<' || c == '>');
        (0..s.len())
            .step_by(4)
            .map(|i| u16::from_str_radix(&s[i..i + 4], 16).unwrap())
            .collect()
    };
    let mut map = BTreeMap::new();
    let mut inside = false;
    for line in text.lines() {
        if line.ends_with("beginbfchar") {
            inside = true;
        } else if line == "endbfchar" {
            inside = false;
        } else if inside {
            let (code, text) = line.split_once(' ').expect("<code> <text>");
            let units = hex(text);
            let c = char::decode_utf16(units).next().unwrap().unwrap();
            assert!(map.insert(hex(code)[0], c).is_none(), "code mapped twice");
        }
    }
    map
}

#[test]
fn codes_come_in_order_of_first_use_and_read_back_as_the_laid_out_text() {
    let book = book();
    let pdf = &book.pdf;
    // Per font: its ToUnicode map and the highest code seen so far.
    let mut fonts: BTreeMap<Vec<u8>, (BTreeMap<u16, char>, u16)> = BTreeMap::new();
    let mut texts: Vec<Vec<String>> = Vec::new();
    for (_, page) in pdf.get_pages() {
        for (name, font) in pdf.get_page_fonts(page).unwrap() {
            let map = to_unicode(pdf, font);
            fonts.entry(name).or_insert((map, 0));
        }
        let mut font = Vec::new();
        let mut runs = Vec::new();
        for op in with_forms(pdf, page, content(pdf, page).operations) {
            match op.operator.as_str() {
                "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
                "Tj" => {
                    let (map, highest) = fonts.get_mut(&font).expect("a font of the page");
                    let mut run = String::new();
                    for pair in op.operands[0].as_str().unwrap().chunks(2) {
                        let code = u16::from_be_bytes([pair[0], pair[1]]);
                        // A new glyph takes the next code: the order of first use.
                        assert!(code <= *highest + 1, "code {code} before {}", *highest + 1);
                        *highest = (*highest).max(code);
                        run.push(*map.get(&code).expect("every code drawn is in ToUnicode"));
                    }
                    runs.push(run);
                }
                "TJ" => panic!("a run is one string"),
                _ => {}
            }
        }
        texts.push(runs);
    }
    assert_eq!(texts, book.runs, "the text read back is the laid-out text");
    for (name, (map, highest)) in &fonts {
        let codes: Vec<u16> = map.keys().copied().collect();
        let expected: Vec<u16> = (1..=*highest).collect();
        assert_eq!(
            codes,
            expected,
            "{}: ToUnicode maps exactly the codes drawn",
            String::from_utf8_lossy(name)
        );
    }
}

#[test]
fn the_fonts_hold_only_the_glyphs_drawn_without_cmap_or_hinting() {
    let book = book();
    let pdf = &book.pdf;
    let mut seen = 0;
    for (_, page) in pdf.get_pages() {
        for (_, font) in pdf.get_page_fonts(page).unwrap() {
            let codes = to_unicode(pdf, font).len();
            let descendant = match font.get(b"DescendantFonts").unwrap() {
                Object::Array(a) => pdf.dereference(&a[0]).unwrap().1.as_dict().unwrap(),
                other => panic!("{other:?}"),
            };
            assert_eq!(
                descendant
                    .get(b"CIDToGIDMap")
                    .and_then(Object::as_name)
                    .unwrap(),
                b"Identity"
            );
            let descriptor = pdf
                .dereference(descendant.get(b"FontDescriptor").unwrap())
                .unwrap()
                .1
                .as_dict()
                .unwrap();
            let program = pdf
                .dereference(descriptor.get(b"FontFile2").unwrap())
                .unwrap()
                .1
                .as_stream()
                .unwrap()
                .decompressed_content()
                .unwrap();
            let face = ttf_parser::Face::parse(&program, 0).expect("the subset parses");
            // .notdef and one glyph per code (parts of composite glyphs would follow; this
            // font has none among the glyphs drawn).
            assert_eq!(usize::from(face.number_of_glyphs()), codes + 1);
            let raw = face.raw_face();
            for tag in [b"cmap", b"fpgm", b"prep", b"cvt "] {
                assert!(
                    raw.table(ttf_parser::Tag::from_bytes(tag)).is_none(),
                    "{} kept",
                    String::from_utf8_lossy(tag)
                );
            }
            seen += 1;
        }
    }
    assert!(seen > 0);
}

/// Points of a path in PDF coordinates, in hundredths.
fn hundredths(o: &Object) -> i64 {
    (o.as_float().unwrap() * 100.0).round() as i64
}

#[test]
fn rules_meet_once_and_fills_of_a_colour_are_one_path() {
    let book = book();
    let pdf = &book.pdf;
    let (mut rects, mut fills) = (0, 0);
    for (number, page) in pdf.get_pages() {
        // Horizontal and vertical segments of each stroked path.
        let mut segments: Vec<(bool, i64, i64, i64)> = Vec::new();
        let mut start = (0, 0);
        let mut artifact: Vec<bool> = Vec::new();
        for op in content(pdf, page).operations {
            let o = &op.operands;
            match op.operator.as_str() {
                "m" => start = (hundredths(&o[0]), hundredths(&o[1])),
                "l" => {
                    let end = (hundredths(&o[0]), hundredths(&o[1]));
                    if start.1 == end.1 {
                        segments.push((false, start.1, start.0.min(end.0), start.0.max(end.0)));
                    } else if start.0 == end.0 {
                        segments.push((true, start.0, start.1.min(end.1), start.1.max(end.1)));
                    }
                    start = end;
                }
                "d" => segments.clear(),
                "S" => {
                    segments.sort_unstable();
                    for pair in segments.windows(2) {
                        let (a, b) = (pair[0], pair[1]);
                        assert!(
                            !(a.0 == b.0 && a.1 == b.1 && b.2 <= a.3),
                            "p{number}: rules {a:?} and {b:?} meet but are drawn apart"
                        );
                    }
                    segments.clear();
                }
                "BMC" | "BDC" => artifact.push(o[0].as_name().unwrap() == b"Artifact"),
                "EMC" => {
                    artifact.pop();
                }
                // Cell fills are artifacts; a chart's bars are its figure's content.
                "re" if artifact.last() == Some(&true) => rects += 1,
                "f" if artifact.last() == Some(&true) => fills += 1,
                _ => {}
            }
        }
    }
    // Cell fills of one colour are one path of rectangles (a fill per rectangle, as
    // charts' bars are, would make these equal).
    assert!(fills * 2 < rects, "{fills} fills of {rects} rectangles");
}

/// The sample handout as the writer writes it.
fn sample_pdf() -> lopdf::Document {
    let fonts =
        FontSet::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")).expect("shipped fonts");
    let options = PdfOptions {
        fonts,
        binding_margin_mm: 5.0,
    };
    let mut doc = compose_book(
        &crate::pdf_pages::sample_book(),
        &ComposeOptions {
            variant: Variant::Handout,
        },
    );
    // The running text of the shipped wording, as `hyoka build` prints it.
    doc.meta.footer =
        "第4次安曇野市行財政改革大綱 アクションプラン 令和6年度（2024年度） 取組状況・評価".into();
    doc.meta.sample_mark = Some("サンプルデータ（架空のデータ）".into());
    let bytes = render_pdf(&doc, &options).expect("renders");
    lopdf::Document::load_mem(&bytes).expect("the PDF loads")
}

#[test]
fn the_running_footer_is_one_shared_artifact_and_header_cells_share_their_attributes() {
    let pdf = sample_pdf();
    let pages: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    assert!(pages.len() > 10, "the sample has many pages");
    // Each page's placed XObjects, by object number.
    let mut placed: Vec<Vec<lopdf::ObjectId>> = Vec::new();
    for page in &pages {
        let resources = pdf
            .get_dictionary(*page)
            .unwrap()
            .get(b"Resources")
            .unwrap()
            .as_dict()
            .unwrap();
        let mut ids: Vec<lopdf::ObjectId> = match resources.get(b"XObject") {
            Ok(x) => x
                .as_dict()
                .unwrap()
                .iter()
                .map(|(_, r)| r.as_reference().unwrap())
                .collect(),
            Err(_) => Vec::new(),
        };
        ids.sort_unstable();
        // Each is placed as an artifact, outside text and other marked content.
        let ops = content(&pdf, *page).operations;
        let mut marked: Vec<String> = Vec::new();
        let mut dos = 0;
        for op in &ops {
            match op.operator.as_str() {
                "BMC" | "BDC" => marked
                    .push(String::from_utf8_lossy(op.operands[0].as_name().unwrap()).into_owned()),
                "EMC" => {
                    marked.pop();
                }
                "Do" => {
                    assert_eq!(marked, ["Artifact"], "a shared drawing is an artifact");
                    dos += 1;
                }
                _ => {}
            }
        }
        assert_eq!(dos, ids.len(), "every XObject named is placed once");
        placed.push(ids);
    }
    // The cover has no footer, and the first page of each kind (left or right, portrait
    // or landscape: the footer sits elsewhere on each) draws its own; every other page
    // places a shared drawing.
    let own = placed.iter().filter(|p| p.is_empty()).count();
    assert!(
        own <= 6,
        "{own} of {} pages draw their own footer",
        placed.len()
    );
    let shared: std::collections::BTreeSet<lopdf::ObjectId> =
        placed.iter().flatten().copied().collect();
    assert!(shared.len() <= 8, "{} shared drawings", shared.len());
    for id in &shared {
        let form = pdf.get_object(*id).unwrap().as_stream().unwrap();
        assert_eq!(
            form.dict.get(b"Subtype").unwrap().as_name().unwrap(),
            b"Form"
        );
        let ops = lopdf::content::Content::decode(&form.decompressed_content().unwrap())
            .unwrap()
            .operations;
        assert!(ops.iter().any(|o| o.operator == "Tj"), "it draws text");
        assert!(
            ops.iter()
                .all(|o| !matches!(o.operator.as_str(), "BMC" | "BDC" | "EMC")),
            "an artifact's drawing holds no marked content"
        );
    }

    // Header cells refer to a few shared attribute objects instead of each its own.
    let mut attributes = std::collections::BTreeSet::new();
    let mut headers = 0;
    for object in pdf.objects.values() {
        let Ok(d) = object.as_dict() else { continue };
        if d.get(b"S").and_then(Object::as_name).ok() != Some(&b"TH"[..]) {
            continue;
        }
        headers += 1;
        let a = d.get(b"A").expect("a header cell has its scope");
        let id = a
            .as_reference()
            .expect("the attributes are a shared object");
        let scope = pdf.get_dictionary(id).unwrap().get(b"Scope").unwrap();
        assert!(matches!(scope.as_name().unwrap(), b"Row" | b"Column"));
        attributes.insert(id);
    }
    assert!(headers > 500, "{headers} header cells");
    assert!(
        attributes.len() <= 12,
        "{} attribute objects",
        attributes.len()
    );
}
