//! The tagged PDF (PDF/UA-1, #16 §1): walks the structure tree with lopdf and checks that
//! every text is marked content the tree points to (or an artifact), figures have their
//! text alternative, tables their header cells, every plan its heading, the ParentTree maps
//! every MCID, and a screen reader's order (the tree flattened) is the Document's.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::pdf_book::pdf_book;
use hyoka::compose::{ComposeOptions, compose_book};
use hyoka::document::{Block, Document, Variant};
use hyoka::render::pdf::{FontSet, PdfOptions, render_pdf};
use lopdf::{Dictionary, Object, ObjectId};

fn pdf(doc: &Document) -> lopdf::Document {
    let options = PdfOptions {
        fonts: FontSet::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"))
            .expect("shipped fonts"),
        binding_margin_mm: 5.0,
    };
    let bytes = render_pdf(doc, &options).expect("renders");
    lopdf::Document::load_mem(&bytes).expect("the PDF loads")
}

fn dict<'a>(pdf: &'a lopdf::Document, o: &'a Object) -> &'a Dictionary {
    match o {
        Object::Reference(id) => pdf.get_dictionary(*id).expect("a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn name(d: &Dictionary, key: &[u8]) -> String {
    String::from_utf8_lossy(d.get(key).and_then(Object::as_name).unwrap_or(b"")).into_owned()
}

/// An element's kids: /K as one item or an array.
fn kids(d: &Dictionary) -> Vec<Object> {
    match d.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(o) => vec![o.clone()],
        Err(_) => Vec::new(),
    }
}

/// The structure tree's elements in reading order (preorder), with each element's role,
/// and the (page, MCID) pairs it marks.
struct Element {
    role: String,
    id: Option<ObjectId>,
    alt: bool,
    depth: usize,
    marks: Vec<(ObjectId, i64)>,
}

fn walk(pdf: &lopdf::Document, o: &Object, depth: usize, out: &mut Vec<Element>) {
    let d = dict(pdf, o);
    if name(d, b"Type") == "MCR" || name(d, b"Type") == "OBJR" {
        return;
    }
    let index = out.len();
    out.push(Element {
        role: name(d, b"S"),
        id: o.as_reference().ok(),
        alt: d.get(b"Alt").is_ok(),
        depth,
        marks: Vec::new(),
    });
    for kid in kids(d) {
        match &kid {
            Object::Integer(mcid) => {
                let page = d.get(b"Pg").and_then(Object::as_reference).expect("Pg");
                out[index].marks.push((page, *mcid));
            }
            _ => {
                let k = dict(pdf, &kid);
                if name(k, b"Type") == "MCR" {
                    let page = k.get(b"Pg").and_then(Object::as_reference).expect("Pg");
                    let mcid = k.get(b"MCID").and_then(Object::as_i64).expect("MCID");
                    out[index].marks.push((page, mcid));
                } else {
                    walk(pdf, &kid, depth + 1, out);
                }
            }
        }
    }
}

/// The roles a Document's blocks are tagged with, in order, not looking inside tables,
/// lists and figures.
fn expected(doc: &Document) -> Vec<String> {
    fn blocks(bs: &[Block], out: &mut Vec<String>) {
        for b in bs {
            match b {
                Block::Heading(h) => out.push(format!("H{}", h.level.clamp(1, 3))),
                Block::Paragraph(_) => out.push("P".into()),
                Block::List(_) => out.push("L".into()),
                Block::Table(_) => out.push("Table".into()),
                Block::Chart(_) => out.push("Figure".into()),
                Block::Box(lb) => {
                    out.push("Div".into());
                    out.push("P".into());
                    blocks(&lb.blocks, out);
                }
                Block::KeepTogether(inner) => blocks(inner, out),
                Block::PageBreak => {}
            }
        }
    }
    let mut out = Vec::new();
    for (i, s) in doc.sections.iter().enumerate() {
        out.push("Sect".into());
        blocks(&s.blocks, &mut out);
        if i == 0 {
            // The writer's own 目次 follows the cover.
            out.extend(["Sect", "H2", "TOC"].map(String::from));
        }
    }
    out
}

fn check(doc: &Document) {
    let pdf = pdf(doc);
    let catalog = pdf.catalog().expect("catalog");
    let marked = dict(&pdf, catalog.get(b"MarkInfo").expect("MarkInfo"));
    assert_eq!(marked.get(b"Marked").unwrap(), &Object::Boolean(true));
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"ja");
    let viewer = dict(&pdf, catalog.get(b"ViewerPreferences").unwrap());
    assert_eq!(
        viewer.get(b"DisplayDocTitle").unwrap(),
        &Object::Boolean(true)
    );
    let metadata = pdf
        .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8(metadata.content.clone()).expect("XMP in UTF-8");
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(xmp.contains(&doc.meta.title), "{xmp}");

    let root = dict(
        &pdf,
        catalog.get(b"StructTreeRoot").expect("StructTreeRoot"),
    );
    let mut elements = Vec::new();
    walk(&pdf, root.get(b"K").unwrap(), 0, &mut elements);
    assert_eq!(elements[0].role, "Document");

    // The ParentTree: per page, MCID → the element that marks it.
    let parent_tree = dict(&pdf, root.get(b"ParentTree").unwrap());
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    let mut parents: BTreeMap<i64, Object> = BTreeMap::new();
    for pair in nums.chunks(2) {
        parents.insert(pair[0].as_i64().unwrap(), pair[1].clone());
    }
    let by_id: BTreeMap<ObjectId, &Element> = elements
        .iter()
        .filter_map(|e| e.id.map(|id| (id, e)))
        .collect();

    // Every text-showing operator inside marked content (an MCID or an artifact), and
    // every MCID on a page mapped back to the element that marks it.
    let mut mcids_seen = 0;
    for (page_number, page_id) in pdf.get_pages() {
        let page = pdf.get_dictionary(page_id).unwrap();
        let key = page.get(b"StructParents").unwrap().as_i64().unwrap();
        let content = lopdf::content::Content::decode(&pdf.get_page_content(page_id))
            .expect("content decodes");
        // Open marked content: (an artifact, its MCID).
        let mut stack: Vec<(bool, Option<i64>)> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BMC" | "BDC" => {
                    let tag = op.operands[0].as_name().unwrap();
                    let mcid = op
                        .operands
                        .get(1)
                        .and_then(|p| p.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok());
                    if let Some(mcid) = mcid {
                        mcids_seen += 1;
                        let refs = parents
                            .get(&key)
                            .and_then(|o| o.as_array().ok())
                            .expect("the page's ParentTree entry");
                        let element = refs
                            .get(mcid as usize)
                            .and_then(|o| o.as_reference().ok())
                            .unwrap_or_else(|| panic!("p{page_number}: MCID {mcid} unmapped"));
                        let e = by_id.get(&element).expect("an element of the tree");
                        assert!(
                            e.marks.contains(&(page_id, mcid)),
                            "p{page_number}: {} does not point to MCID {mcid}",
                            e.role
                        );
                    }
                    stack.push((tag == b"Artifact", mcid));
                }
                "EMC" => {
                    stack.pop().expect("balanced marked content");
                }
                "Tj" | "TJ" | "'" | "\"" => assert!(
                    stack
                        .iter()
                        .any(|(artifact, mcid)| *artifact || mcid.is_some()),
                    "p{page_number}: text outside marked content"
                ),
                _ => {}
            }
        }
        assert!(
            stack.is_empty(),
            "p{page_number}: unbalanced marked content"
        );
    }
    let marks: usize = elements.iter().map(|e| e.marks.len()).sum();
    assert_eq!(marks, mcids_seen, "every mark of the tree is on a page");

    // Figures say what they show; tables have header cells.
    for (i, e) in elements.iter().enumerate() {
        if e.role == "Figure" {
            assert!(e.alt, "a Figure without /Alt");
        }
        if e.role == "Table" {
            let inside = elements[i + 1..]
                .iter()
                .take_while(|x| x.depth > e.depth)
                .filter(|x| x.role == "TH")
                .count();
            assert!(inside > 0, "a table without TH cells");
        }
    }
    // A heading for every plan: its Sect starts with an H2.
    let plans = doc
        .sections
        .iter()
        .filter(|s| s.id.starts_with("plan-"))
        .count();
    let plan_sects = elements
        .iter()
        .enumerate()
        .filter(|(_, e)| e.role == "Sect" && e.depth == 2)
        .filter(|(i, _)| elements.get(i + 1).is_some_and(|h| h.role == "H2"))
        .count();
    assert!(plans > 0);
    assert_eq!(
        plan_sects, plans,
        "every plan's Sect under its part, headed"
    );

    // The reading order: the tree flattened is the Document's order.
    let shown = [
        "Sect", "H1", "H2", "H3", "P", "L", "Table", "Figure", "Div", "TOC",
    ];
    let mut order = Vec::new();
    let mut skip_below: Option<usize> = None;
    for e in &elements[1..] {
        if let Some(d) = skip_below {
            if e.depth > d {
                continue;
            }
            skip_below = None;
        }
        if shown.contains(&e.role.as_str()) {
            order.push(e.role.clone());
        }
        if ["Table", "Figure", "L", "TOC"].contains(&e.role.as_str()) {
            skip_below = Some(e.depth);
        }
    }
    assert_eq!(order, expected(doc));
}

#[test]
fn both_editions_are_tagged_in_the_documents_order() {
    let book = pdf_book();
    for variant in [Variant::Handout, Variant::Web] {
        check(&compose_book(&book, &ComposeOptions { variant }));
    }
}
