//! Laid-out pages → PDF bytes, page by page: each page's content stream is written and
//! deflated as soon as the page is handed over, its glyphs numbered in order of first use,
//! and what needs the whole book (the fonts subset to the glyphs used, the structure tree,
//! the outline) is written at the end. The file syntax itself is `file`'s.

use std::collections::BTreeMap;
use std::io::Write as _;

use super::PdfError;
use super::file::{PdfFile, fixed, hundredths, int, literal, num, reference, text_string};
use super::font::Fonts;
use super::layout::{Color, Face, Item, OutlineEntry, Page, Rect, Shape, TextRun};
use super::subset::subset;
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

fn style(color: Color, width: f32, dashed: bool) -> RuleStyle {
    (
        color.0.to_bits(),
        color.1.to_bits(),
        color.2.to_bits(),
        width.to_bits(),
        dashed,
    )
}

/// A stroked artifact: a rule or a box outline.
enum Path<'a> {
    Line(&'a [(f32, f32)]),
    Rect(Rect),
}

/// The faces in the order of their resource names `/F1`, `/F2`.
const FACES: [Face; 2] = [Face::Regular, Face::Bold];

fn face_index(face: Face) -> usize {
    match face {
        Face::Regular => 0,
        Face::Bold => 1,
    }
}

fn io(e: std::io::Error) -> PdfError {
    PdfError::Write(e.to_string())
}

/// The glyphs of one face in the order of their first use: glyph `order[i]` of the font is
/// code (and subset glyph) `i`, `.notdef` first.
pub struct GlyphOrder {
    order: Vec<u16>,
    /// Font glyph → code; 0 for a glyph not used yet (only `.notdef` has code 0).
    codes: Vec<u16>,
    /// The character each code was first used for (for the ToUnicode map).
    chars: Vec<char>,
}

impl Default for GlyphOrder {
    fn default() -> Self {
        GlyphOrder {
            order: vec![0],
            codes: vec![0; 0x1_0000],
            chars: vec!['\0'],
        }
    }
}

impl GlyphOrder {
    /// The code of font glyph `glyph`, drawn for `c`; numbers it when it is new.
    pub fn code(&mut self, glyph: u16, c: char) -> u16 {
        if glyph == 0 {
            return 0;
        }
        let code = self.codes[usize::from(glyph)];
        if code != 0 {
            return code;
        }
        let code = self.order.len() as u16;
        self.order.push(glyph);
        self.chars.push(c);
        self.codes[usize::from(glyph)] = code;
        code
    }

    /// The font's glyphs in code order, `.notdef` first.
    pub fn order(&self) -> &[u16] {
        &self.order
    }

    /// The character of each code (code 0, `.notdef`, has none: `'\0'`).
    pub fn chars(&self) -> &[char] {
        &self.chars
    }
}

/// Writes a PDF page by page: pages go in with [`PdfWriter::page`] as they are laid out,
/// and only their compressed content stays, so memory does not grow with drawn pages.
pub struct PdfWriter<'f> {
    file: PdfFile,
    fonts: &'f Fonts<'f>,
    glyphs: [GlyphOrder; 2],
    catalog: u32,
    pages_id: u32,
    font_ids: [u32; 2],
    /// Object numbers of pages, reserved as far ahead as a link or the outline needs.
    page_ids: Vec<u32>,
    /// Object numbers of structure elements, reserved as the pages mark them.
    node_ids: Vec<u32>,
    /// The ParentTree in key order: a page's elements by MCID, or a link's element.
    parents: Vec<Parent>,
    /// Pages written so far.
    page_count: usize,
    /// Faces any page draws with (and so names as a resource).
    faces_used: [bool; 2],
    /// Per element, its (page, MCID)s.
    contents: Vec<Vec<(u32, u32)>>,
    /// Per element, its link annotations (annotation, page).
    objr: BTreeMap<usize, Vec<(u32, u32)>>,
    /// Each link element's text.
    link_alt: BTreeMap<usize, String>,
    /// Hash of the drawn text, for the file id.
    hash: Fnv,
    /// Running text drawn once as a Form XObject and placed on every page that repeats it
    /// (the footer title, the sample mark): its XObject and resource name.
    shared: BTreeMap<RunKey, (u32, usize)>,
    /// The running text of the two pages before (a bound book mirrors its left and right
    /// pages): what a page repeats from them is shared.
    previous: [Vec<RunKey>; 2],
}

/// An artifact text run as it is drawn: text, face, and the bits of size, colour,
/// position and page height.
type RunKey = (String, usize, [u32; 7]);

fn run_key(run: &TextRun, face: usize, height: f32) -> RunKey {
    let c = run.color;
    (
        run.text.clone(),
        face,
        [run.size, c.0, c.1, c.2, run.x, run.baseline, height].map(f32::to_bits),
    )
}

/// An entry of the ParentTree. Keys are given in the order pages and their link
/// annotations are written, so a page's key is known when it is written.
enum Parent {
    /// A page's marked content: the element of each MCID.
    Page(Vec<u32>),
    /// A link annotation's element.
    Link(usize),
}

impl<'f> PdfWriter<'f> {
    /// A writer for a book in `fonts`.
    pub fn new(fonts: &'f Fonts<'f>) -> PdfWriter<'f> {
        let mut file = PdfFile::new();
        let catalog = file.reserve();
        let pages_id = file.reserve();
        let font_ids = [file.reserve(), file.reserve()];
        PdfWriter {
            file,
            fonts,
            glyphs: [GlyphOrder::default(), GlyphOrder::default()],
            catalog,
            pages_id,
            font_ids,
            page_ids: Vec::new(),
            node_ids: Vec::new(),
            parents: Vec::new(),
            page_count: 0,
            faces_used: [false; 2],
            contents: Vec::new(),
            objr: BTreeMap::new(),
            link_alt: BTreeMap::new(),
            hash: Fnv::default(),
            shared: BTreeMap::new(),
            previous: [Vec::new(), Vec::new()],
        }
    }

    fn page_id(&mut self, index: usize) -> u32 {
        while self.page_ids.len() <= index {
            let id = self.file.reserve();
            self.page_ids.push(id);
        }
        self.page_ids[index]
    }

    fn node_id(&mut self, node: usize) -> u32 {
        while self.node_ids.len() <= node {
            let id = self.file.reserve();
            self.node_ids.push(id);
        }
        self.node_ids[node]
    }

    /// Writes the next page: its content stream (deflated), its link annotations and its
    /// page object. `tree` must hold every element the page marks.
    pub fn page(&mut self, page: &Page, tree: &StructTree) -> Result<(), PdfError> {
        let index = self.page_count;
        let key = self.parents.len();
        let page_id = self.page_id(index);
        let mut canvas = Canvas::new(page.height);
        let mut mcids: Vec<u32> = Vec::new();
        let mut used = [false; 2];
        // Artifacts outside figures are drawn apart from the text, in as few state changes
        // and paths as they allow: cell fills first (they lie under the text; cells do not
        // overlap, so their order does not matter), one path per colour, and rules and box
        // outlines last, one path per style.
        let mut fills: BTreeMap<(u32, u32, u32), (Color, Vec<Rect>)> = BTreeMap::new();
        let mut rules: BTreeMap<RuleStyle, Vec<Path<'_>>> = BTreeMap::new();
        let mut items = Vec::with_capacity(page.items.len());
        for (i, item) in page.items.iter().enumerate() {
            // Text belongs to its element; shapes are artifacts (rules, fills, boxes) but
            // inside a figure, whose drawing they are.
            let node =
                page.nodes.get(i).copied().flatten().filter(|n| {
                    matches!(item, Item::Text(_)) || tree.nodes[*n].role == Role::Figure
                });
            match (node, item) {
                (None, Item::Shape(Shape::Rect { rect, fill, stroke })) => {
                    if let Some(fill) = fill {
                        let key = (fill.0.to_bits(), fill.1.to_bits(), fill.2.to_bits());
                        fills
                            .entry(key)
                            .or_insert_with(|| (*fill, Vec::new()))
                            .1
                            .push(*rect);
                    }
                    if let Some((color, width)) = stroke {
                        rules
                            .entry(style(*color, *width, false))
                            .or_default()
                            .push(Path::Rect(*rect));
                    }
                }
                (
                    None,
                    Item::Shape(Shape::Line {
                        points,
                        color,
                        width,
                        dashed,
                    }),
                ) => rules
                    .entry(style(*color, *width, *dashed))
                    .or_default()
                    .push(Path::Line(points)),
                _ => items.push((node, item, i >= page.nodes.len())),
            }
        }
        if !fills.is_empty() {
            // The solid rules, as straight segments: two fills are joined only across an
            // edge a rule draws, so a reader of the file still finds every cell's edges.
            let mut edges = Vec::new();
            for ((.., dashed), paths) in &rules {
                for path in paths.iter().filter(|_| !*dashed) {
                    match path {
                        Path::Line(points) => {
                            for pair in points.windows(2) {
                                edges
                                    .extend(straight(canvas.point(pair[0]), canvas.point(pair[1])));
                            }
                        }
                        Path::Rect(r) => {
                            let corners = [
                                (r.x, r.y),
                                (r.right(), r.y),
                                (r.right(), r.bottom()),
                                (r.x, r.bottom()),
                                (r.x, r.y),
                            ];
                            for pair in corners.windows(2) {
                                edges
                                    .extend(straight(canvas.point(pair[0]), canvas.point(pair[1])));
                            }
                        }
                    }
                }
            }
            let edges = merge_segments(edges);
            canvas.begin_artifact();
            for (color, rects) in fills.into_values() {
                canvas.fill_color(color);
                // Cells of one colour that touch are filled as one rectangle: the same
                // area, fewer numbers (a reader finds the cells from the stroked rules).
                let boxes = rects
                    .iter()
                    .map(|r| {
                        let (x, y) = canvas.point((r.x, r.bottom()));
                        (x, y, hundredths(r.w), hundredths(r.h))
                    })
                    .collect();
                for (x, y, w, h) in merge_boxes(boxes, &edges) {
                    canvas.rect_at((x, y), (x + w, y + h));
                }
                canvas.op(b"f");
            }
            canvas.op(b"EMC");
        }
        let mut code_bytes = Vec::new();
        let mut artifacts = Vec::new();
        // The shared XObjects this page places, by resource number.
        let mut placed: BTreeMap<usize, u32> = BTreeMap::new();
        for (node, item, running) in items {
            // Only the running footer and marks (the items past the page's elements): a
            // table's header row repeated on a new page is not worth an object of its own.
            let repeated = match (node, item) {
                (None, Item::Text(run)) if running => {
                    let key = run_key(run, face_index(run.face), page.height);
                    let repeated = self.shared.contains_key(&key)
                        || self.previous.iter().any(|p| p.contains(&key));
                    artifacts.push(key);
                    repeated
                }
                _ => false,
            };
            if canvas.prepare(node, matches!(item, Item::Text(_)) && !repeated) {
                match node {
                    None => canvas.begin_artifact(),
                    Some(n) => {
                        let mcid = mcids.len() as u32;
                        mcids.push(n as u32);
                        if self.contents.len() <= n {
                            self.contents.resize_with(n + 1, Vec::new);
                        }
                        self.contents[n].push((index as u32, mcid));
                        canvas.begin_marked(tree.nodes[n].role.name(), mcid);
                    }
                }
                canvas.opened(node);
            }
            match item {
                Item::Text(run) if repeated => {
                    self.hash.write(run.text.as_bytes());
                    self.hash.write(&run.x.to_bits().to_be_bytes());
                    self.hash.write(&run.baseline.to_bits().to_be_bytes());
                    let key = artifacts.last().cloned().unwrap_or_default();
                    let (id, name) = match self.shared.get(&key) {
                        Some(found) => *found,
                        None => self.share(run, (page.width, page.height), key)?,
                    };
                    placed.insert(name, id);
                    // Outside a text object, inside the page's /Artifact sequence; the
                    // XObject itself holds no marked content.
                    let _ = writeln!(canvas.out, "/X{name} Do");
                }
                Item::Text(run) => {
                    self.hash.write(run.text.as_bytes());
                    self.hash.write(&run.x.to_bits().to_be_bytes());
                    self.hash.write(&run.baseline.to_bits().to_be_bytes());
                    let f = face_index(run.face);
                    used[f] = true;
                    let metrics = self.fonts.get(run.face);
                    code_bytes.clear();
                    for c in run.text.chars() {
                        let code = self.glyphs[f].code(metrics.glyph(c), c);
                        code_bytes.extend_from_slice(&code.to_be_bytes());
                    }
                    canvas.text(run, f, &code_bytes);
                }
                Item::Shape(Shape::Rect { rect, fill, stroke }) => {
                    let (x, y) = (rect.x, page.height - rect.bottom());
                    if let Some(fill) = fill {
                        canvas.fill_color(*fill);
                        canvas.rect(x, y, rect.w, rect.h);
                        canvas.op(b"f");
                    }
                    if let Some((color, width)) = stroke {
                        canvas.stroke_style(*color, *width, false);
                        canvas.rect(x, y, rect.w, rect.h);
                        canvas.op(b"S");
                    }
                }
                Item::Shape(Shape::Line {
                    points,
                    color,
                    width,
                    dashed,
                }) => {
                    canvas.stroke_style(*color, *width, *dashed);
                    canvas.path(points);
                    canvas.op(b"S");
                }
            }
        }
        canvas.close();
        if !rules.is_empty() {
            canvas.begin_artifact();
            for ((r, g, b, width, dashed), paths) in rules {
                let color = Color(f32::from_bits(r), f32::from_bits(g), f32::from_bits(b));
                canvas.stroke_style(color, f32::from_bits(width), dashed);
                // Solid straight rules are joined where they meet or overlap (cells draw
                // their shared edges each); a dashed rule keeps its own dash phase.
                let mut straight = Vec::new();
                for path in paths {
                    match path {
                        Path::Line([a, b]) if !dashed => {
                            let (a, b) = (canvas.point(*a), canvas.point(*b));
                            if a.1 == b.1 {
                                straight.push((false, a.1, a.0.min(b.0), a.0.max(b.0)));
                            } else if a.0 == b.0 {
                                straight.push((true, a.0, a.1.min(b.1), a.1.max(b.1)));
                            } else {
                                canvas.segment(a, b);
                            }
                        }
                        Path::Line(points) => canvas.path(points),
                        Path::Rect(r) => canvas.rect(r.x, page.height - r.bottom(), r.w, r.h),
                    }
                }
                for (vertical, at, from, to) in merge_segments(straight) {
                    if vertical {
                        canvas.segment((at, from), (at, to));
                    } else {
                        canvas.segment((from, at), (to, at));
                    }
                }
                canvas.op(b"S");
            }
            canvas.op(b"EMC");
        }

        let content_id = self.file.reserve();
        self.file
            .stream(content_id, b"", std::mem::take(&mut canvas.out), true)
            .map_err(io)?;

        // Link annotations: their ParentTree keys follow their page's.
        let mut annots = Vec::new();
        for link in &page.links {
            let target = self.page_id(link.target);
            let annot = self.file.reserve();
            annots.push(annot);
            let r = link.rect;
            let mut d = Vec::with_capacity(160);
            d.extend_from_slice(b"<</Type/Annot/Subtype/Link/Rect[");
            for (k, v) in [r.x, page.height - r.bottom(), r.right(), page.height - r.y]
                .into_iter()
                .enumerate()
            {
                if k > 0 {
                    d.push(b' ');
                }
                num(&mut d, v);
            }
            let _ = write!(d, "]/Border[0 0 0]/Dest[{target} 0 R/Fit]/Contents");
            text_string(&mut d, &link.contents);
            let _ = write!(d, "/StructParent {}/P {page_id} 0 R>>", key + annots.len());
            self.file.object(annot, &d).map_err(io)?;
            self.objr
                .entry(link.node)
                .or_default()
                .push((annot, page_id));
            self.link_alt
                .entry(link.node)
                .or_insert_with(|| link.contents.clone());
        }

        let mut d = Vec::with_capacity(200);
        let _ = write!(d, "<</Type/Page/Parent {} 0 R/MediaBox[0 0 ", self.pages_id);
        num(&mut d, page.width);
        d.push(b' ');
        num(&mut d, page.height);
        d.extend_from_slice(b"]/Resources<<");
        if used.iter().any(|u| *u) {
            d.extend_from_slice(b"/Font<<");
            for (f, _) in FACES.iter().enumerate().filter(|(f, _)| used[*f]) {
                let _ = write!(d, "/F{} {} 0 R", f + 1, self.font_ids[f]);
            }
            d.extend_from_slice(b">>");
        }
        if !placed.is_empty() {
            d.extend_from_slice(b"/XObject<<");
            for (name, id) in &placed {
                let _ = write!(d, "/X{name} {id} 0 R");
            }
            d.extend_from_slice(b">>");
        }
        let _ = write!(d, ">>/Contents {content_id} 0 R/StructParents {key}/Tabs/S");
        if !annots.is_empty() {
            d.extend_from_slice(b"/Annots[");
            for (k, a) in annots.iter().enumerate() {
                if k > 0 {
                    d.push(b' ');
                }
                let _ = write!(d, "{a} 0 R");
            }
            d.push(b']');
        }
        d.extend_from_slice(b">>");
        self.file.object(page_id, &d).map_err(io)?;
        self.parents.push(Parent::Page(mcids));
        self.parents
            .extend(page.links.iter().map(|link| Parent::Link(link.node)));
        self.page_count += 1;
        self.previous.swap(0, 1);
        self.previous[1] = artifacts;
        for (all, page) in self.faces_used.iter_mut().zip(used) {
            *all |= page;
        }
        Ok(())
    }

    /// Writes what needs the whole book — fonts, structure tree, outline, metadata, the page
    /// tree and the catalog — and returns the file.
    pub fn finish(
        mut self,
        outline: &[OutlineEntry],
        tree: &StructTree,
        info: &DocInfo<'_>,
        font_bytes: (&[u8], &[u8]),
    ) -> Result<Vec<u8>, PdfError> {
        let page_count = self.page_count;
        let struct_root = self.write_structure(tree)?;
        let outline_root = if outline.is_empty() {
            None
        } else {
            Some(self.write_outline(outline)?)
        };

        let metadata = self.file.reserve();
        self.file
            .stream(
                metadata,
                b"/Type/Metadata/Subtype/XML",
                xmp(info.title).into_bytes(),
                // XMP stays readable to tools that look for the packet without decoding.
                false,
            )
            .map_err(io)?;

        let info_id = self.file.reserve();
        let date = pdf_date(info.date);
        let mut d = Vec::new();
        d.extend_from_slice(b"<</Title");
        text_string(&mut d, info.title);
        d.extend_from_slice(b"/Author");
        text_string(&mut d, info.author);
        d.extend_from_slice(b"/Subject");
        text_string(&mut d, info.subject);
        d.extend_from_slice(b"/Creator");
        text_string(&mut d, "hyoka");
        d.extend_from_slice(b"/Producer");
        text_string(&mut d, "hyoka");
        let _ = write!(d, "/CreationDate({date})/ModDate({date})>>");
        self.file.object(info_id, &d).map_err(io)?;

        let mut d = Vec::new();
        d.extend_from_slice(b"<</Type/Pages/Kids[");
        for (k, id) in self.page_ids.iter().take(page_count).enumerate() {
            if k > 0 {
                d.push(b' ');
            }
            let _ = write!(d, "{id} 0 R");
        }
        let _ = write!(d, "]/Count {page_count}>>");
        self.file.object(self.pages_id, &d).map_err(io)?;

        let mut d = Vec::new();
        let _ = write!(
            d,
            "<</Type/Catalog/Pages {} 0 R/Lang(ja)/ViewerPreferences<</DisplayDocTitle true>>\
             /MarkInfo<</Marked true>>/StructTreeRoot {struct_root} 0 R/Metadata {metadata} 0 R",
            self.pages_id
        );
        if let Some(root) = outline_root {
            let _ = write!(d, "/Outlines {root} 0 R/PageMode/UseOutlines");
        }
        d.extend_from_slice(b">>");
        self.file.object(self.catalog, &d).map_err(io)?;

        // The structure tree's objects, the most to deflate, are handed over first: they
        // deflate while the fonts are subset, and the two threads share what is left.
        self.file.flush_packed().map_err(io)?;
        // A face no page draws with is named nowhere: its reserved number stays free.
        for (f, face) in FACES.into_iter().enumerate() {
            if self.faces_used[f] {
                let bytes = if f == 0 { font_bytes.0 } else { font_bytes.1 };
                self.write_font(face, bytes)?;
            }
        }

        // The file id comes from the drawn text, so the same book gives the same bytes.
        let h = self.hash.0;
        let id = format!("{h:016x}{:016x}", h.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15);
        self.file.finish(self.catalog, info_id, &id).map_err(io)
    }

    /// The Type0 font of `face`: the subset program, its descriptor, the widths of the used
    /// glyphs and the ToUnicode map from each code back to its character.
    fn write_font(&mut self, face: Face, bytes: &[u8]) -> Result<(), PdfError> {
        let f = face_index(face);
        let metrics = self.fonts.get(face);
        let order = self.glyphs[f].order();
        let sub = subset(bytes, order)?;
        let name = format!("{}+{}", sub.tag, metrics.postscript_name());

        let program = self.file.reserve();
        let length = format!("/Length1 {}", sub.bytes.len());
        self.file
            .stream(program, length.as_bytes(), sub.bytes, true)
            .map_err(io)?;

        let m = metrics.descriptor();
        let descriptor = self.file.reserve();
        let d = format!(
            "<</Type/FontDescriptor/FontName/{name}/Flags 4/FontBBox[{} {} {} {}]/ItalicAngle 0\
             /Ascent {}/Descent {}/CapHeight {}/StemV {}/FontFile2 {program} 0 R>>",
            m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3], m.ascent, m.descent, m.cap_height, m.stem_v
        );
        self.file.object(descriptor, d.as_bytes()).map_err(io)?;

        // Widths other than the default (full-width) one, in runs of consecutive codes.
        let mut w = Vec::new();
        let mut run: Option<u16> = None;
        for (code, glyph) in order.iter().enumerate() {
            let width = metrics.width(*glyph);
            if width == 1000 {
                if run.take().is_some() {
                    w.push(b']');
                }
                continue;
            }
            if run.is_none() {
                let _ = write!(w, "{code}[");
                run = Some(code as u16);
            } else {
                w.push(b' ');
            }
            let _ = write!(w, "{width}");
        }
        if run.is_some() {
            w.push(b']');
        }
        let cid_font = self.file.reserve();
        let mut d = Vec::new();
        let _ = write!(
            d,
            "<</Type/Font/Subtype/CIDFontType2/BaseFont/{name}\
             /CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>\
             /FontDescriptor {descriptor} 0 R/DW 1000/W["
        );
        d.extend_from_slice(&w);
        d.extend_from_slice(b"]/CIDToGIDMap/Identity>>");
        self.file.object(cid_font, &d).map_err(io)?;

        let to_unicode = self.file.reserve();
        let cmap = to_unicode_cmap(self.glyphs[f].chars());
        self.file.stream(to_unicode, b"", cmap, true).map_err(io)?;

        let d = format!(
            "<</Type/Font/Subtype/Type0/BaseFont/{name}/Encoding/Identity-H\
             /DescendantFonts[{cid_font} 0 R]/ToUnicode {to_unicode} 0 R>>"
        );
        self.file
            .object(self.font_ids[f], d.as_bytes())
            .map_err(io)?;
        Ok(())
    }

    /// Writes the structure tree (PDF/UA-1): an element per node with its marked content
    /// and link annotations, and the ParentTree from each page's MCIDs (and each link
    /// annotation) back to elements. Returns the StructTreeRoot's number.
    fn write_structure(&mut self, tree: &StructTree) -> Result<u32, PdfError> {
        let root = self.file.reserve();
        for n in 0..tree.nodes.len() {
            self.node_id(n);
        }
        let page_ids = self.page_ids.clone();
        let node_ids = self.node_ids.clone();
        let mut d = Vec::with_capacity(256);
        // Attribute sets → (object number, order of first use).
        let mut attribute_ids: BTreeMap<String, (u32, usize)> = BTreeMap::new();
        for (n, node) in tree.nodes.iter().enumerate() {
            d.clear();
            d.extend_from_slice(b"<</S/");
            d.extend_from_slice(node.role.name().as_bytes());
            let marks = self.contents.get(n).map_or(&[][..], Vec::as_slice);
            // The page of the first mark is the element's /Pg: its MCIDs there are plain
            // numbers, marks on other pages name their page. /Pg before /P: the cells of a
            // page then begin with the same bytes, which deflate keeps once.
            let pg = marks.first().map(|(page, _)| *page);
            if let Some(pg) = pg {
                d.extend_from_slice(b"/Pg ");
                reference(&mut d, page_ids[pg as usize]);
            }
            d.extend_from_slice(b"/P ");
            reference(&mut d, node.parent.map_or(root, |p| node_ids[p]));
            let links = self.objr.get(&n).map_or(&[][..], Vec::as_slice);
            let count = node.children.len() + marks.len() + links.len();
            d.extend_from_slice(b"/K ");
            if count != 1 {
                // One kid stands alone (some checkers read /K as one item before an array).
                d.push(b'[');
            }
            let mut first = true;
            let mut sep = |d: &mut Vec<u8>| {
                if !first {
                    d.push(b' ');
                }
                first = false;
            };
            for c in &node.children {
                sep(&mut d);
                reference(&mut d, node_ids[*c]);
            }
            for (page, mcid) in marks {
                sep(&mut d);
                if Some(*page) == pg {
                    int(&mut d, u64::from(*mcid));
                } else {
                    let _ = write!(
                        d,
                        "<</Type/MCR/Pg {} 0 R/MCID {mcid}>>",
                        page_ids[*page as usize]
                    );
                }
            }
            for (annot, page) in links {
                sep(&mut d);
                let _ = write!(d, "<</Type/OBJR/Obj {annot} 0 R/Pg {page} 0 R>>");
            }
            if count != 1 {
                d.push(b']');
            }
            if let Some(alt) = &node.alt {
                d.extend_from_slice(b"/Alt");
                text_string(&mut d, alt);
            }
            if node.role == Role::Link
                && let Some(text) = self.link_alt.get(&n)
            {
                d.extend_from_slice(b"/Alt");
                text_string(&mut d, text);
            }
            let mut attributes = String::new();
            if let Some(scope) = node.scope {
                attributes.push_str(&format!("/Scope/{scope}"));
            }
            if node.spans.0 > 1 {
                attributes.push_str(&format!("/RowSpan {}", node.spans.0));
            }
            if node.spans.1 > 1 {
                attributes.push_str(&format!("/ColSpan {}", node.spans.1));
            }
            if !attributes.is_empty() {
                // One object per distinct set of attributes, shared by the cells that have
                // it: a table's thousand header cells repeat the same few.
                let next = attribute_ids.len();
                let (id, _) = attribute_ids.entry(attributes).or_insert((0, next));
                if *id == 0 {
                    *id = self.file.reserve();
                }
                let _ = write!(d, "/A {} 0 R", *id);
            }
            d.extend_from_slice(b">>");
            self.file.object(node_ids[n], &d).map_err(io)?;
        }

        let mut shared: Vec<(String, u32, usize)> = attribute_ids
            .into_iter()
            .map(|(a, (id, order))| (a, id, order))
            .collect();
        shared.sort_by_key(|s| s.2);
        for (attributes, id, _) in shared {
            let d = format!("<</O/Table{attributes}>>");
            self.file.object(id, d.as_bytes()).map_err(io)?;
        }

        // The ParentTree: each page's elements by MCID, and each link's element.
        let parent_tree = self.file.reserve();
        let mut d = Vec::with_capacity(self.parents.len() * 16);
        d.extend_from_slice(b"<</Nums[");
        for (key, parent) in self.parents.iter().enumerate() {
            if key > 0 {
                d.push(b' ');
            }
            match parent {
                Parent::Page(mcids) => {
                    let _ = write!(d, "{key}[");
                    for (k, n) in mcids.iter().enumerate() {
                        if k > 0 {
                            d.push(b' ');
                        }
                        reference(&mut d, node_ids[*n as usize]);
                    }
                    d.push(b']');
                }
                Parent::Link(node) => {
                    let _ = write!(d, "{key} {} 0 R", node_ids[*node]);
                }
            }
        }
        d.extend_from_slice(b"]>>");
        self.file.object(parent_tree, &d).map_err(io)?;
        let next_key = self.parents.len();
        let d = format!(
            "<</Type/StructTreeRoot/K {} 0 R/ParentTree {parent_tree} 0 R/ParentTreeNextKey {next_key}>>",
            node_ids[0]
        );
        self.file.object(root, d.as_bytes()).map_err(io)?;
        Ok(root)
    }

    /// Draws an artifact text run once, as a Form XObject the size of its page, for every
    /// page that repeats it; returns its object number and resource number.
    fn share(
        &mut self,
        run: &TextRun,
        (width, height): (f32, f32),
        key: RunKey,
    ) -> Result<(u32, usize), PdfError> {
        let f = face_index(run.face);
        self.faces_used[f] = true;
        let metrics = self.fonts.get(run.face);
        let mut codes = Vec::with_capacity(run.text.len() * 2);
        for c in run.text.chars() {
            let code = self.glyphs[f].code(metrics.glyph(c), c);
            codes.extend_from_slice(&code.to_be_bytes());
        }
        let mut canvas = Canvas::new(height);
        canvas.text(run, f, &codes);
        canvas.end_text();
        let id = self.file.reserve();
        let name = self.shared.len();
        let mut dict = Vec::with_capacity(128);
        dict.extend_from_slice(b"/Type/XObject/Subtype/Form/BBox[0 0 ");
        num(&mut dict, width);
        dict.push(b' ');
        num(&mut dict, height);
        let _ = write!(
            dict,
            "]/Resources<</Font<</F{} {} 0 R>>>>",
            f + 1,
            self.font_ids[f]
        );
        self.file.stream(id, &dict, canvas.out, true).map_err(io)?;
        self.shared.insert(key, (id, name));
        Ok((id, name))
    }

    /// Writes a two-level outline; returns the Outlines dictionary's number.
    fn write_outline(&mut self, outline: &[OutlineEntry]) -> Result<u32, PdfError> {
        let root = self.file.reserve();
        // Group: each level-0 entry with the level-1 entries that follow it.
        let mut groups: Vec<(&OutlineEntry, Vec<&OutlineEntry>)> = Vec::new();
        for entry in outline {
            match (entry.level, groups.last_mut()) {
                (0, _) | (_, None) => groups.push((entry, Vec::new())),
                (_, Some(last)) => last.1.push(entry),
            }
        }
        let top_ids: Vec<u32> = groups.iter().map(|_| self.file.reserve()).collect();
        for (i, (entry, children)) in groups.iter().enumerate() {
            let child_ids: Vec<u32> = children.iter().map(|_| self.file.reserve()).collect();
            for (j, child) in children.iter().enumerate() {
                let mut d = self.item_dict(child, top_ids[i]);
                if j > 0 {
                    let _ = write!(d, "/Prev {} 0 R", child_ids[j - 1]);
                }
                if j + 1 < child_ids.len() {
                    let _ = write!(d, "/Next {} 0 R", child_ids[j + 1]);
                }
                d.extend_from_slice(b">>");
                self.file.object(child_ids[j], &d).map_err(io)?;
            }
            let mut d = self.item_dict(entry, root);
            if i > 0 {
                let _ = write!(d, "/Prev {} 0 R", top_ids[i - 1]);
            }
            if i + 1 < top_ids.len() {
                let _ = write!(d, "/Next {} 0 R", top_ids[i + 1]);
            }
            if let (Some(first), Some(last)) = (child_ids.first(), child_ids.last()) {
                // Negative: the plans under 一覧 start collapsed.
                let _ = write!(
                    d,
                    "/First {first} 0 R/Last {last} 0 R/Count -{}",
                    child_ids.len()
                );
            }
            d.extend_from_slice(b">>");
            self.file.object(top_ids[i], &d).map_err(io)?;
        }
        let mut d = Vec::new();
        d.extend_from_slice(b"<</Type/Outlines");
        if let (Some(first), Some(last)) = (top_ids.first(), top_ids.last()) {
            let _ = write!(d, "/First {first} 0 R/Last {last} 0 R");
        }
        let _ = write!(d, "/Count {}>>", top_ids.len());
        self.file.object(root, &d).map_err(io)?;
        Ok(root)
    }

    /// An outline item's dictionary, left open for the links to its neighbours.
    fn item_dict(&mut self, entry: &OutlineEntry, parent: u32) -> Vec<u8> {
        let mut d = Vec::new();
        d.extend_from_slice(b"<</Title");
        text_string(&mut d, &entry.title);
        let _ = write!(d, "/Parent {parent} 0 R");
        if entry.page < self.page_count {
            let page = self.page_ids[entry.page];
            let _ = write!(d, "/Dest[{page} 0 R/Fit]");
        }
        d
    }
}

/// One page's content stream, with the graphics state it has set so far, so that a colour,
/// line width, dash or font is only set when it changes.
struct Canvas {
    out: Vec<u8>,
    height: f32,
    fill: Option<Color>,
    stroke: Option<Color>,
    width: Option<f32>,
    dashed: bool,
    font: Option<(usize, f32)>,
    /// Inside BT…ET: where the current line starts (hundredths of a point).
    text: Option<(i64, i64)>,
    /// The open marked-content sequence's element (`Some(None)`: an artifact).
    open: Option<Option<usize>>,
    /// Whether it was begun inside the current text object.
    open_in_text: bool,
}

impl Canvas {
    fn new(height: f32) -> Canvas {
        Canvas {
            out: Vec::with_capacity(16 * 1024),
            height,
            fill: None,
            stroke: None,
            width: None,
            dashed: false,
            font: None,
            text: None,
            open: None,
            open_in_text: false,
        }
    }

    fn op(&mut self, op: &[u8]) {
        self.out.extend_from_slice(op);
        self.out.push(b'\n');
    }

    fn begin_artifact(&mut self) {
        self.op(b"/Artifact BMC");
    }

    fn begin_marked(&mut self, tag: &str, mcid: u32) {
        self.out.push(b'/');
        self.out.extend_from_slice(tag.as_bytes());
        self.out.extend_from_slice(b"<</MCID ");
        int(&mut self.out, u64::from(mcid));
        self.out.extend_from_slice(b">>BDC\n");
    }

    /// Makes ready to draw an item of element `node` (text or not): ends what must end
    /// and returns whether a new marked-content sequence is to be begun (then followed by
    /// [`Canvas::opened`]). Marked content and text objects must nest: a sequence begun
    /// inside BT ends before ET, one begun outside may hold whole text objects. Consecutive
    /// text stays in one text object across the sequences of table cells.
    fn prepare(&mut self, node: Option<usize>, text: bool) -> bool {
        if self.open == Some(node) {
            if text {
                self.begin_text();
                return false;
            }
            if self.text.is_none() {
                return false;
            }
            if !self.open_in_text {
                self.end_text();
                return false;
            }
            // Begun inside the text object: it must end before the text object does.
            self.op(b"EMC");
            self.open = None;
            self.end_text();
            return true;
        }
        if self.open.take().is_some() {
            if !self.open_in_text {
                self.end_text();
            }
            self.op(b"EMC");
        }
        if text {
            self.begin_text();
        } else {
            self.end_text();
        }
        true
    }

    /// Records that a sequence for `node` has just been begun.
    fn opened(&mut self, node: Option<usize>) {
        self.open = Some(node);
        self.open_in_text = self.text.is_some();
    }

    /// Ends the open sequence and text object.
    fn close(&mut self) {
        if self.open.take().is_some() {
            if !self.open_in_text {
                self.end_text();
            }
            self.op(b"EMC");
        }
        self.end_text();
    }

    fn begin_text(&mut self) {
        if self.text.is_none() {
            self.op(b"BT");
            self.text = Some((0, 0));
        }
    }

    fn end_text(&mut self) {
        if self.text.take().is_some() {
            self.op(b"ET");
        }
    }

    /// Sets a colour with `op` (`rg` or `RG`); a grey (black included) as the one number
    /// of the gray operator (`g`, `G`), the same colour in fewer bytes.
    fn color(&mut self, c: Color, op: &[u8]) {
        if c.0 == c.1 && c.1 == c.2 {
            num(&mut self.out, c.0);
            self.out.push(b' ');
            self.op(&op[1..]);
            return;
        }
        for v in [c.0, c.1, c.2] {
            num(&mut self.out, v);
            self.out.push(b' ');
        }
        self.op(op);
    }

    fn fill_color(&mut self, c: Color) {
        if self.fill != Some(c) {
            self.fill = Some(c);
            self.color(c, b"rg");
        }
    }

    fn stroke_style(&mut self, c: Color, width: f32, dashed: bool) {
        if self.stroke != Some(c) {
            self.stroke = Some(c);
            self.color(c, b"RG");
        }
        if self.width != Some(width) {
            self.width = Some(width);
            num(&mut self.out, width);
            self.op(b" w");
        }
        if self.dashed != dashed {
            self.dashed = dashed;
            self.op(if dashed { b"[3 2]0 d" } else { b"[]0 d" });
        }
    }

    /// A rectangle at (`x`, `y`) in PDF coordinates (bottom-left origin), added to the
    /// current path.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.rect_at(
            (hundredths(x), hundredths(y)),
            (hundredths(x + w), hundredths(y + h)),
        );
    }

    /// A rectangle from corner `a` to corner `b` (hundredths, PDF coordinates), added to
    /// the current path in tenths of a point: the corners are rounded, not the size, so
    /// rectangles that meet still meet.
    fn rect_at(&mut self, a: (i64, i64), b: (i64, i64)) {
        let (x0, y0, x1, y1) = (tenth(a.0), tenth(a.1), tenth(b.0), tenth(b.1));
        for v in [x0, y0, x1 - x0, y1 - y0] {
            fixed(&mut self.out, v, 2);
            self.out.push(b' ');
        }
        self.op(b"re");
    }

    /// A polyline in layout coordinates (top-left origin), added to the current path.
    fn path(&mut self, points: &[(f32, f32)]) {
        for (k, (x, y)) in points.iter().enumerate() {
            fixed(&mut self.out, tenth(hundredths(*x)), 2);
            self.out.push(b' ');
            fixed(&mut self.out, tenth(hundredths(self.height - y)), 2);
            self.op(if k == 0 { b" m" } else { b" l" });
        }
    }

    /// A point in layout coordinates → PDF coordinates in hundredths of a point.
    fn point(&self, (x, y): (f32, f32)) -> (i64, i64) {
        (hundredths(x), hundredths(self.height - y))
    }

    /// A straight segment between points in hundredths (PDF coordinates).
    fn segment(&mut self, a: (i64, i64), b: (i64, i64)) {
        for (k, (x, y)) in [a, b].into_iter().enumerate() {
            fixed(&mut self.out, tenth(x), 2);
            self.out.push(b' ');
            fixed(&mut self.out, tenth(y), 2);
            self.op(if k == 0 { b" m" } else { b" l" });
        }
    }

    /// One run of text as one string of two-byte codes, in face `face` (0 or 1).
    fn text(&mut self, run: &TextRun, face: usize, codes: &[u8]) {
        self.begin_text();
        let (lx, ly) = self.text.unwrap_or_default();
        if self.font != Some((face, run.size)) {
            self.font = Some((face, run.size));
            let _ = write!(self.out, "/F{} ", face + 1);
            num(&mut self.out, run.size);
            self.op(b" Tf");
        }
        self.fill_color(run.color);
        // Hundredths, unlike the drawing's tenths: text extraction (pdftotext) groups runs
        // into lines and cells by their exact positions, and tenths change how it reads
        // some tables.
        let (x, y) = (hundredths(run.x), hundredths(self.height - run.baseline));
        fixed(&mut self.out, x - lx, 2);
        self.out.push(b' ');
        fixed(&mut self.out, y - ly, 2);
        self.op(b" Td");
        self.text = Some((x, y));
        literal(&mut self.out, codes);
        self.op(b"Tj");
    }
}

/// A position in hundredths of a point rounded to tenths (still in hundredths): the
/// drawing is written in tenths, a twentieth of a point being too little to be seen.
fn tenth(h: i64) -> i64 {
    (h + 5).div_euclid(10) * 10
}

/// Axis-parallel segments (vertical?, position across, from, to — in hundredths) joined
/// where they touch or overlap on one line, sorted.
fn merge_segments(mut segments: Vec<(bool, i64, i64, i64)>) -> Vec<(bool, i64, i64, i64)> {
    segments.sort_unstable();
    let mut out: Vec<(bool, i64, i64, i64)> = Vec::with_capacity(segments.len());
    for s in segments {
        match out.last_mut() {
            Some(last) if last.0 == s.0 && last.1 == s.1 && s.2 <= last.3 => {
                last.3 = last.3.max(s.3);
            }
            _ => out.push(s),
        }
    }
    out
}

/// A segment between points in hundredths as (vertical?, position across, from, to) when
/// it is axis-parallel.
fn straight(a: (i64, i64), b: (i64, i64)) -> Option<(bool, i64, i64, i64)> {
    if a.1 == b.1 {
        Some((false, a.1, a.0.min(b.0), a.0.max(b.0)))
    } else if a.0 == b.0 {
        Some((true, a.0, a.1.min(b.1), a.1.max(b.1)))
    } else {
        None
    }
}

/// Whether the merged, sorted `edges` draw the whole segment (within a hundredth).
fn ruled(edges: &[(bool, i64, i64, i64)], vertical: bool, at: i64, from: i64, to: i64) -> bool {
    let start = edges.partition_point(|e| (e.0, e.1) < (vertical, at - 1));
    edges[start..]
        .iter()
        .take_while(|e| (e.0, e.1) <= (vertical, at + 1))
        .any(|e| e.2 <= from + 1 && to - 1 <= e.3)
}

/// Rectangles (x, y, width, height in hundredths) joined where two share a whole edge
/// that a rule in `edges` draws: first along rows (same bottom and height, one ending
/// where the next begins), then along columns (same left and width). The union is the
/// same area (ends may differ by the hundredth each position was rounded to on its own).
fn merge_boxes(
    mut boxes: Vec<(i64, i64, i64, i64)>,
    edges: &[(bool, i64, i64, i64)],
) -> Vec<(i64, i64, i64, i64)> {
    join_boxes(&mut boxes, true, edges);
    join_boxes(&mut boxes, false, edges);
    boxes
}

fn join_boxes(
    boxes: &mut Vec<(i64, i64, i64, i64)>,
    across: bool,
    edges: &[(bool, i64, i64, i64)],
) {
    // As (along, size along, across, size across): the boxes to join follow each other.
    let turn = |(x, y, w, h): (i64, i64, i64, i64)| {
        if across { (y, h, x, w) } else { (x, w, y, h) }
    };
    let back = |(a, b, c, d): (i64, i64, i64, i64)| {
        if across { (c, a, d, b) } else { (a, c, b, d) }
    };
    let mut turned: Vec<_> = boxes.iter().map(|b| turn(*b)).collect();
    turned.sort_unstable();
    boxes.clear();
    let mut last: Option<(i64, i64, i64, i64)> = None;
    for b in turned {
        match &mut last {
            // The shared edge is vertical when joining across a row.
            Some(l)
                if l.0 == b.0
                    && l.1 == b.1
                    && (l.2 + l.3 - b.2).abs() <= 1
                    && ruled(edges, across, b.2, b.0, b.0 + b.1) =>
            {
                l.3 = b.2 + b.3 - l.2;
            }
            _ => {
                boxes.extend(last.map(back));
                last = Some(b);
            }
        }
    }
    boxes.extend(last.map(back));
}

/// The ToUnicode CMap: each code to the character it was first drawn for.
fn to_unicode_cmap(chars: &[char]) -> Vec<u8> {
    let mut out = Vec::with_capacity(chars.len() * 16 + 512);
    out.extend_from_slice(
        b"/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n\
/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let mapped: Vec<(usize, char)> = chars
        .iter()
        .copied()
        .enumerate()
        .filter(|(code, _)| *code != 0)
        .collect();
    for block in mapped.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (code, c) in block {
            let _ = write!(out, "<{code:04X}> <");
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "{unit:04X}");
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n");
    out
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

/// A PDF date (`D:YYYYMMDD000000+00'00'`) for midnight UTC of an ISO date; the epoch when
/// the date is unreadable.
fn pdf_date(date: &str) -> String {
    let mut parts = date.split('-').map(|p| p.parse::<u32>().ok());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Some(y)), Some(Some(m)), Some(Some(d))) if y <= 9999 && m <= 12 && d <= 31 => {
            format!("D:{y:04}{m:02}{d:02}000000+00'00'")
        }
        _ => "D:19700101000000+00'00'".to_string(),
    }
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
    use super::{GlyphOrder, pdf_date, to_unicode_cmap};

    #[test]
    fn rules_that_meet_or_overlap_become_one() {
        let merged = super::merge_segments(vec![
            (false, 100, 50, 70),
            (false, 100, 0, 50),
            (false, 100, 60, 90),
            (false, 100, 91, 95),
            (false, 200, 0, 50),
            (true, 100, 0, 50),
        ]);
        assert_eq!(
            merged,
            vec![
                (false, 100, 0, 90),
                (false, 100, 91, 95),
                (false, 200, 0, 50),
                (true, 100, 0, 50),
            ]
        );
    }

    #[test]
    fn dates_are_midnight_utc() {
        assert_eq!(pdf_date("2025-05-31"), "D:20250531000000+00'00'");
        assert_eq!(pdf_date("bad"), "D:19700101000000+00'00'");
    }

    #[test]
    fn glyphs_are_numbered_in_order_of_first_use() {
        let mut g = GlyphOrder::default();
        assert_eq!(g.code(500, 'あ'), 1);
        assert_eq!(g.code(7, 'A'), 2);
        assert_eq!(g.code(500, 'あ'), 1);
        assert_eq!(g.code(0, '\u{10FFFF}'), 0);
        assert_eq!(g.order(), &[0, 500, 7]);
        assert_eq!(g.chars(), &['\0', 'あ', 'A']);
    }

    #[test]
    fn the_tounicode_map_gives_each_code_its_character() {
        let cmap = String::from_utf8(to_unicode_cmap(&['\0', 'あ', '𠮷'])).unwrap();
        assert!(
            cmap.contains("2 beginbfchar\n<0001> <3042>\n<0002> <D842DFB7>\n"),
            "{cmap}"
        );
        assert!(!cmap.contains("<0000> <0000>"), "{cmap}");
    }
}
