//! Laid-out pages → PDF bytes. The only file that calls printpdf (and lopdf, for what
//! printpdf does not write: the document language, a nested outline, a stable file id).

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Object, StringFormat};
use printpdf::{
    Codepoint, Color as PdfColor, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt,
    Rgb, TextItem, WindingOrder, xobject::DictItem,
};

use super::PdfError;
use super::font::{Fonts, subset};
use super::layout::{Color, Face, Item, OutlineEntry, PT_PER_MM, Page, Shape};
use super::tags::{Role, StructTree};

/// Document information written to the Info dictionary.
pub struct DocInfo<'a> {
    /// Title.
    pub title: &'a str,
    /// Author (the city).
    pub author: &'a str,
    /// Subject.
    pub subject: &'a str,
    /// ISO date `YYYY-MM-DD`, used for both creation and modification dates.
    pub date: &'a str,
}

/// A rule's colour (RGB bits), width (bits) and dashing: rules of one style share a path.
type RuleStyle = (u32, u32, u32, u32, bool);

const FONT_IDS: [(Face, &str); 2] = [(Face::Regular, "F1"), (Face::Bold, "F2")];

/// Writes the pages as a PDF.
pub fn emit(
    pages: &[Page],
    outline: &[OutlineEntry],
    tree: &StructTree,
    info: &DocInfo<'_>,
    fonts: &Fonts<'_>,
    font_bytes: (&[u8], &[u8]),
) -> Result<Vec<u8>, PdfError> {
    // Which glyphs each face needs.
    let mut used: BTreeMap<Face, BTreeSet<u16>> = BTreeMap::new();
    for run in pages.iter().flat_map(|p| &p.items).filter_map(|i| match i {
        Item::Text(t) => Some(t),
        Item::Shape(_) => None,
    }) {
        let face = fonts.get(run.face);
        let set = used.entry(run.face).or_default();
        set.extend(run.text.chars().map(|c| face.glyph(c)));
    }

    let mut doc = PdfDocument::new(info.title);
    let mut remap: BTreeMap<Face, BTreeMap<u16, u16>> = BTreeMap::new();
    for (face, id) in FONT_IDS {
        let Some(glyphs) = used.get(&face) else {
            continue;
        };
        let bytes = match face {
            Face::Regular => font_bytes.0,
            Face::Bold => font_bytes.1,
        };
        let glyphs: Vec<u16> = glyphs.iter().copied().collect();
        let sub = subset(bytes, &glyphs)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&sub.bytes, 0, &mut warnings)
            .ok_or_else(|| PdfError::Font("サブセットを読み込めません".to_string()))?;
        // printpdf tags only fonts it subset itself; this one was subset here.
        parsed.font_name = Some(format!("{}+{}", sub.tag, fonts.get(face).postscript_name()));
        doc.resources
            .fonts
            .map
            .insert(FontId(id.to_string()), PdfFont::new(parsed));
        remap.insert(face, sub.glyphs);
    }

    // Marked content: per page, the element of each MCID; per element, its (page, MCID)s.
    let mut marked: Vec<Vec<usize>> = Vec::with_capacity(pages.len());
    let mut contents: Vec<Vec<(usize, usize)>> = vec![Vec::new(); tree.nodes.len()];
    for (page_index, page) in pages.iter().enumerate() {
        let mut ops = Vec::new();
        let mut mcids: Vec<usize> = Vec::new();
        let mut open: Option<Option<usize>> = None;
        // Rules (artifact lines) by style, stroked together at the end of the page: one
        // state change per style instead of one per segment.
        let mut rules: BTreeMap<RuleStyle, Vec<&[(f32, f32)]>> = BTreeMap::new();
        for (i, item) in page.items.iter().enumerate() {
            // Text belongs to its element; shapes are artifacts (rules, fills, boxes) but
            // inside a figure, whose drawing they are.
            let node =
                page.nodes.get(i).copied().flatten().filter(|n| {
                    matches!(item, Item::Text(_)) || tree.nodes[*n].role == Role::Figure
                });
            if node.is_none()
                && let Item::Shape(Shape::Line {
                    points,
                    color,
                    width,
                    dashed,
                }) = item
            {
                let key = (
                    color.0.to_bits(),
                    color.1.to_bits(),
                    color.2.to_bits(),
                    width.to_bits(),
                    *dashed,
                );
                rules.entry(key).or_default().push(points);
                continue;
            }
            if open != Some(node) {
                if open.is_some() {
                    ops.push(Op::EndMarkedContent);
                }
                match node {
                    None => ops.push(Op::BeginMarkedContent {
                        tag: "Artifact".to_string(),
                    }),
                    Some(n) => {
                        let mcid = mcids.len();
                        mcids.push(n);
                        contents[n].push((page_index, mcid));
                        ops.push(Op::BeginMarkedContentWithProperties {
                            tag: tree.nodes[n].role.name().to_string(),
                            properties: DictItem::Dict {
                                map: BTreeMap::from([(
                                    "MCID".to_string(),
                                    DictItem::Int(mcid as i64),
                                )]),
                            },
                        });
                    }
                }
                open = Some(node);
            }
            match item {
                Item::Text(run) => {
                    let face = fonts.get(run.face);
                    let map = remap.get(&run.face);
                    let glyphs: Vec<Codepoint> = run
                        .text
                        .chars()
                        .map(|c| {
                            let old = face.glyph(c);
                            let gid = map.and_then(|m| m.get(&old)).copied().unwrap_or(0);
                            Codepoint::with_cid(gid, 0.0, c.to_string())
                        })
                        .collect();
                    let id = if run.face == Face::Bold { "F2" } else { "F1" };
                    ops.push(Op::StartTextSection);
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(FontId(id.to_string())),
                        size: Pt(run.size),
                    });
                    ops.push(Op::SetFillColor {
                        col: rgb(run.color),
                    });
                    ops.push(Op::SetTextCursor {
                        pos: point(page, run.x, run.baseline),
                    });
                    ops.push(Op::ShowText {
                        items: vec![TextItem::GlyphIds(glyphs)],
                    });
                    ops.push(Op::EndTextSection);
                }
                Item::Shape(Shape::Rect { rect, fill, stroke }) => {
                    let corners = [
                        (rect.x, rect.y),
                        (rect.right(), rect.y),
                        (rect.right(), rect.bottom()),
                        (rect.x, rect.bottom()),
                    ];
                    if let Some(fill) = fill {
                        ops.push(Op::SetFillColor { col: rgb(*fill) });
                        ops.push(Op::DrawPolygon {
                            polygon: Polygon {
                                rings: vec![PolygonRing {
                                    points: corners
                                        .iter()
                                        .map(|(x, y)| line_point(page, *x, *y))
                                        .collect(),
                                }],
                                mode: PaintMode::Fill,
                                winding_order: WindingOrder::NonZero,
                            },
                        });
                    }
                    if let Some((color, width)) = stroke {
                        stroke_line(&mut ops, page, &corners, true, *color, *width, false);
                    }
                }
                Item::Shape(Shape::Line {
                    points,
                    color,
                    width,
                    dashed,
                }) => stroke_line(&mut ops, page, points, false, *color, *width, *dashed),
            }
        }
        if open.is_some() {
            ops.push(Op::EndMarkedContent);
        }
        if !rules.is_empty() {
            ops.push(Op::BeginMarkedContent {
                tag: "Artifact".to_string(),
            });
            for ((r, g, b, width, dashed), lines) in rules {
                let color = Color(f32::from_bits(r), f32::from_bits(g), f32::from_bits(b));
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetOutlineColor { col: rgb(color) });
                ops.push(Op::SetOutlineThickness {
                    pt: Pt(f32::from_bits(width)),
                });
                if dashed {
                    ops.push(Op::SetLineDashPattern {
                        dash: printpdf::LineDashPattern::new(0.0, &[3.0, 2.0]),
                    });
                }
                for points in lines {
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: points
                                .iter()
                                .map(|(x, y)| line_point(page, *x, *y))
                                .collect(),
                            is_closed: false,
                        },
                    });
                }
                ops.push(Op::RestoreGraphicsState);
            }
            ops.push(Op::EndMarkedContent);
        }
        marked.push(mcids);
        doc.pages.push(PdfPage::new(
            Mm(page.width / PT_PER_MM),
            Mm(page.height / PT_PER_MM),
            ops,
        ));
    }

    let date = unix_time(info.date);
    let stamp = printpdf::OffsetDateTime::from_unix_timestamp(date)
        .map_err(|e| PdfError::Font(e.into()))?;
    let meta = &mut doc.metadata.info;
    meta.author = info.author.to_string();
    meta.subject = info.subject.to_string();
    meta.creator = "hyoka".to_string();
    meta.producer = "hyoka (printpdf)".to_string();
    meta.creation_date = stamp;
    meta.modification_date = stamp;
    meta.metadata_date = stamp;

    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        image_optimization: None,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&options, &mut warnings);
    finish(&mut lo, outline, info, pages)?;
    write_structure(&mut lo, tree, &contents, &marked, pages, info.title)?;
    for page_id in lo.get_pages().into_values() {
        for content in lo.get_page_contents(page_id) {
            if let Ok(Object::Stream(stream)) = lo.get_object_mut(content) {
                stream.content = one_string_per_run(&stream.content);
            }
        }
    }
    compress(&mut lo)?;
    let mut out = Vec::new();
    // The structure tree is thousands of small dictionaries: object streams compress them.
    let save = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(400)
        .compression_level(6)
        .build();
    lo.save_with_options(&mut out, save)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

/// Rewrites each `[<0001><0002>] TJ` (printpdf writes one string per glyph) as one string,
/// `<00010002> Tj`: a run has no kerning here, so the glyphs are simply in sequence.
fn one_string_per_run(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len());
    let mut i = 0;
    while i < content.len() {
        if content[i..].starts_with(b"[<")
            && let Some(end) = content[i..].iter().position(|b| *b == b']')
            && content[i + end + 1..].starts_with(b" TJ")
            && content[i + 1..i + end]
                .iter()
                .all(|b| b.is_ascii_hexdigit() || *b == b'<' || *b == b'>')
        {
            out.push(b'<');
            out.extend(
                content[i + 1..i + end]
                    .iter()
                    .filter(|b| b.is_ascii_hexdigit()),
            );
            out.extend_from_slice(b"> Tj");
            i += end + 4;
            continue;
        }
        out.push(content[i]);
        i += 1;
    }
    out
}

/// Deflates every stream not yet filtered, as `lopdf::Document::compress` does but at
/// the default level: the best level costs several times the time for about 1% of size.
fn compress(doc: &mut lopdf::Document) -> Result<(), PdfError> {
    use std::io::Write as _;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        // XMP stays readable to tools that look for the packet without decoding.
        if stream.dict.get(b"Filter").is_ok()
            || stream.dict.get(b"Type").ok() == Some(&Object::Name(b"Metadata".to_vec()))
        {
            continue;
        }
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder
            .write_all(&stream.content)
            .map_err(|e| PdfError::Write(e.to_string()))?;
        let compressed = encoder
            .finish()
            .map_err(|e| PdfError::Write(e.to_string()))?;
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
    Ok(())
}

/// Adds the language, the outline and a content-derived file id.
fn finish(
    doc: &mut lopdf::Document,
    outline: &[OutlineEntry],
    info: &DocInfo<'_>,
    pages: &[Page],
) -> Result<(), PdfError> {
    doc.version = "1.7".to_string();
    let page_ids = doc.get_pages();
    let outline_root = if outline.is_empty() {
        None
    } else {
        Some(write_outline(doc, outline, &page_ids))
    };
    let catalog = doc
        .catalog_mut()
        .map_err(|e| PdfError::Write(e.to_string()))?;
    catalog.set("Lang", Object::string_literal("ja"));
    catalog.set(
        "ViewerPreferences",
        lopdf::Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    if let Some(root) = outline_root {
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    if let Ok(info_ref) = doc.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(dict) = doc.get_dictionary_mut(info_ref)
    {
        for key in ["GTS_PDFXVersion", "Identifier", "Keywords", "Trapped"] {
            dict.remove(key.as_bytes());
        }
    }
    // The file id printpdf writes comes from its process-wide counter; derive it from the
    // content instead, so the same book gives the same bytes however it is called.
    let mut h = Fnv::default();
    h.write(info.title.as_bytes());
    h.write(info.date.as_bytes());
    for page in pages {
        for item in &page.items {
            if let Item::Text(t) = item {
                h.write(t.text.as_bytes());
                h.write(&t.x.to_bits().to_be_bytes());
                h.write(&t.baseline.to_bits().to_be_bytes());
            }
        }
    }
    let id = format!(
        "{:016x}{:016x}",
        h.0,
        h.0.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15
    );
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone().into_bytes(), StringFormat::Hexadecimal),
            Object::String(id.into_bytes(), StringFormat::Hexadecimal),
        ]),
    );
    Ok(())
}

/// Writes the structure tree (PDF/UA-1): an element per node with its marked content,
/// the ParentTree from each page's MCIDs (and each link annotation) back to elements, the
/// links of 目次 as annotations, MarkInfo, and XMP metadata claiming PDF/UA-1.
fn write_structure(
    doc: &mut lopdf::Document,
    tree: &StructTree,
    contents: &[Vec<(usize, usize)>],
    marked: &[Vec<usize>],
    pages: &[Page],
    title: &str,
) -> Result<(), PdfError> {
    use lopdf::Dictionary;
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let root_id = doc.new_object_id();
    let ids: Vec<lopdf::ObjectId> = tree.nodes.iter().map(|_| doc.new_object_id()).collect();
    let mut objr: Vec<Vec<Object>> = vec![Vec::new(); tree.nodes.len()];
    // Link annotations, numbered after the pages in the ParentTree.
    let mut nums: Vec<Object> = Vec::new();
    let mut next_key = pages.len() as i64;
    let mut annotation_keys = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let Some(&page_id) = page_ids.get(index) else {
            continue;
        };
        let mut annots = Vec::new();
        for link in &page.links {
            let Some(&target) = page_ids.get(link.target) else {
                continue;
            };
            let r = link.rect;
            let annot = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Link".to_vec())),
                (
                    "Rect",
                    Object::Array(
                        [r.x, page.height - r.bottom(), r.right(), page.height - r.y]
                            .into_iter()
                            .map(Object::Real)
                            .collect(),
                    ),
                ),
                ("Border", Object::Array(vec![0.into(), 0.into(), 0.into()])),
                (
                    "Dest",
                    Object::Array(vec![
                        Object::Reference(target),
                        Object::Name(b"Fit".to_vec()),
                    ]),
                ),
                ("Contents", utf16(&link.contents)),
                ("StructParent", Object::Integer(next_key)),
                ("P", Object::Reference(page_id)),
            ]);
            let id = doc.add_object(Object::Dictionary(annot));
            annots.push(Object::Reference(id));
            objr[link.node].push(Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"OBJR".to_vec())),
                ("Obj", Object::Reference(id)),
                ("Pg", Object::Reference(page_id)),
            ])));
            annotation_keys.push((next_key, ids[link.node]));
            next_key += 1;
        }
        let dict = doc
            .get_dictionary_mut(page_id)
            .map_err(|e| PdfError::Write(e.to_string()))?;
        dict.set("StructParents", Object::Integer(index as i64));
        dict.set("Tabs", Object::Name(b"S".to_vec()));
        if !annots.is_empty() {
            dict.set("Annots", Object::Array(annots));
        }
    }
    for (index, mcids) in marked.iter().enumerate() {
        nums.push(Object::Integer(index as i64));
        nums.push(Object::Array(
            mcids.iter().map(|n| Object::Reference(ids[*n])).collect(),
        ));
    }
    for (key, element) in annotation_keys {
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(element));
    }
    for (n, node) in tree.nodes.iter().enumerate() {
        let mut kids: Vec<Object> = node
            .children
            .iter()
            .map(|c| Object::Reference(ids[*c]))
            .collect();
        for (page, mcid) in &contents[n] {
            if let Some(&page_id) = page_ids.get(*page) {
                kids.push(Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"MCR".to_vec())),
                    ("Pg", Object::Reference(page_id)),
                    ("MCID", Object::Integer(*mcid as i64)),
                ])));
            }
        }
        kids.extend(objr[n].iter().cloned());
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"StructElem".to_vec()));
        d.set("S", Object::Name(node.role.name().as_bytes().to_vec()));
        d.set(
            "P",
            Object::Reference(node.parent.map_or(root_id, |p| ids[p])),
        );
        // One kid stands alone (some checkers read /K as one item before an array).
        let k = if kids.len() == 1 {
            kids.remove(0)
        } else {
            Object::Array(kids)
        };
        d.set("K", k);
        if let Some(alt) = &node.alt {
            d.set("Alt", utf16(alt));
        }
        if node.role == Role::Link
            && let Some(link) = pages.iter().flat_map(|p| &p.links).find(|l| l.node == n)
        {
            d.set("Alt", utf16(&link.contents));
        }
        let mut attributes = Vec::new();
        if let Some(scope) = node.scope {
            attributes.push(("Scope", Object::Name(scope.as_bytes().to_vec())));
        }
        if node.spans.0 > 1 {
            attributes.push(("RowSpan", Object::Integer(i64::from(node.spans.0))));
        }
        if node.spans.1 > 1 {
            attributes.push(("ColSpan", Object::Integer(i64::from(node.spans.1))));
        }
        if !attributes.is_empty() {
            attributes.insert(0, ("O", Object::Name(b"Table".to_vec())));
            d.set("A", Object::Dictionary(Dictionary::from_iter(attributes)));
        }
        doc.objects.insert(ids[n], Object::Dictionary(d));
    }
    let parent_tree = doc.add_object(Object::Dictionary(Dictionary::from_iter(vec![(
        "Nums",
        Object::Array(nums),
    )])));
    doc.objects.insert(
        root_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("K", Object::Reference(ids[0])),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(next_key)),
        ])),
    );
    let metadata = doc.add_object(Object::Stream(lopdf::Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp(title).into_bytes(),
    )));
    let catalog = doc
        .catalog_mut()
        .map_err(|e| PdfError::Write(e.to_string()))?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
    );
    catalog.set("Metadata", Object::Reference(metadata));
    Ok(())
}

/// The XMP packet: the title and the PDF/UA-1 identification.
fn xmp(title: &str) -> String {
    let title = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
<dc:language><rdf:Bag><rdf:li>ja</rdf:li></rdf:Bag></dc:language>\n\
<pdfuaid:part>1</pdfuaid:part>\n\
</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>"
    )
}

/// Writes a two-level outline; returns the Outlines dictionary's id.
fn write_outline(
    doc: &mut lopdf::Document,
    outline: &[OutlineEntry],
    page_ids: &BTreeMap<u32, lopdf::ObjectId>,
) -> lopdf::ObjectId {
    let root = doc.new_object_id();
    // Group: each level-0 entry with the level-1 entries that follow it.
    let mut groups: Vec<(&OutlineEntry, Vec<&OutlineEntry>)> = Vec::new();
    for entry in outline {
        match (entry.level, groups.last_mut()) {
            (0, _) | (_, None) => groups.push((entry, Vec::new())),
            (_, Some(last)) => last.1.push(entry),
        }
    }
    let top_ids: Vec<lopdf::ObjectId> = groups.iter().map(|_| doc.new_object_id()).collect();
    let mut total = 0i64;
    for (i, (entry, children)) in groups.iter().enumerate() {
        let child_ids: Vec<lopdf::ObjectId> =
            children.iter().map(|_| doc.new_object_id()).collect();
        for (j, child) in children.iter().enumerate() {
            let mut d = item_dict(child, top_ids[i], page_ids);
            if j > 0 {
                d.set("Prev", Object::Reference(child_ids[j - 1]));
            }
            if j + 1 < child_ids.len() {
                d.set("Next", Object::Reference(child_ids[j + 1]));
            }
            doc.objects.insert(child_ids[j], Object::Dictionary(d));
        }
        let mut d = item_dict(entry, root, page_ids);
        if i > 0 {
            d.set("Prev", Object::Reference(top_ids[i - 1]));
        }
        if i + 1 < top_ids.len() {
            d.set("Next", Object::Reference(top_ids[i + 1]));
        }
        if let (Some(first), Some(last)) = (child_ids.first(), child_ids.last()) {
            d.set("First", Object::Reference(*first));
            d.set("Last", Object::Reference(*last));
            // Negative: the plans under 一覧 start collapsed.
            d.set("Count", Object::Integer(-(child_ids.len() as i64)));
        }
        doc.objects.insert(top_ids[i], Object::Dictionary(d));
        total += 1;
    }
    let mut d = lopdf::Dictionary::new();
    d.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (top_ids.first(), top_ids.last()) {
        d.set("First", Object::Reference(*first));
        d.set("Last", Object::Reference(*last));
    }
    d.set("Count", Object::Integer(total));
    doc.objects.insert(root, Object::Dictionary(d));
    root
}

fn item_dict(
    entry: &OutlineEntry,
    parent: lopdf::ObjectId,
    page_ids: &BTreeMap<u32, lopdf::ObjectId>,
) -> lopdf::Dictionary {
    let mut d = lopdf::Dictionary::new();
    d.set("Title", utf16(&entry.title));
    d.set("Parent", Object::Reference(parent));
    if let Some(page) = page_ids.get(&(entry.page as u32 + 1)) {
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(*page),
                Object::Name(b"Fit".to_vec()),
            ]),
        );
    }
    d
}

/// A PDF text string in UTF-16BE with a byte-order mark.
fn utf16(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn stroke_line(
    ops: &mut Vec<Op>,
    page: &Page,
    points: &[(f32, f32)],
    closed: bool,
    color: Color,
    width: f32,
    dashed: bool,
) {
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetOutlineColor { col: rgb(color) });
    ops.push(Op::SetOutlineThickness { pt: Pt(width) });
    if dashed {
        ops.push(Op::SetLineDashPattern {
            dash: printpdf::LineDashPattern::new(0.0, &[3.0, 2.0]),
        });
    }
    ops.push(Op::DrawLine {
        line: Line {
            points: points
                .iter()
                .map(|(x, y)| line_point(page, *x, *y))
                .collect(),
            is_closed: closed,
        },
    });
    ops.push(Op::RestoreGraphicsState);
}

fn rgb(c: Color) -> PdfColor {
    PdfColor::Rgb(Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

/// Layout coordinates (top-left origin) → PDF (bottom-left), to a hundredth of a point
/// (finer than any printer, and half the digits).
fn point(page: &Page, x: f32, y: f32) -> Point {
    let hundredth = |v: f32| (v * 100.0).round() / 100.0;
    Point {
        x: Pt(hundredth(x)),
        y: Pt(hundredth(page.height - y)),
    }
}

fn line_point(page: &Page, x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: point(page, x, y),
        bezier: false,
    }
}

/// Seconds since 1970 at 00:00 UTC of an ISO date (`YYYY-MM-DD`); 0 when unreadable.
fn unix_time(date: &str) -> i64 {
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next())
    else {
        return 0;
    };
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400
}

#[derive(Debug)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{one_string_per_run, unix_time};

    #[test]
    fn a_run_is_one_string() {
        assert_eq!(
            one_string_per_run(b"BT\n[<016B><008B>] TJ\nET\n[<01>] TJ"),
            b"BT\n<016B008B> Tj\nET\n<01> Tj".to_vec()
        );
        // Anything else stays as it is.
        assert_eq!(one_string_per_run(b"[<01> 3 <02>] TJ"), b"[<01> 3 <02>] TJ");
    }

    #[test]
    fn dates_are_days_since_epoch() {
        assert_eq!(unix_time("1970-01-01"), 0);
        assert_eq!(unix_time("2025-05-31"), 1_748_649_600);
        assert_eq!(unix_time("bad"), 0);
    }
}
