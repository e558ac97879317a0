//! The Document's blocks mapped to pages with the layout engine: the cover, the 目次 the
//! writer makes from the sections' titles, then every section's blocks in order, and the
//! running footer, page numbers and marks on every page.
//!
//! Nothing here decides what a section says: headings, tables, charts and boxes come from
//! `compose`, and every figure prints through [`format_number`]. What is decided here is
//! only where things go on paper: page breaks, column widths, sizes.

use std::cell::RefCell;

use super::chart::{Bar, Group, Series as ChartSeries, bar_chart};
use super::layout::{
    ASCENT, Align, Builder, Cell as LCell, Color, Face, Item, LEADING, Measure, Orientation,
    OutlineEntry, Page, PageSink, Rect, Shape, Table as LTable, mm,
};
use super::tags::{Role, StructTree};
use crate::compose::{NumberStyle, format_number};
use crate::document::{
    Block, Cell, CellContent, Chart, Document, Heading, LabelledBox, List, Paragraph,
    ParagraphStyle, Scope, Section, Table, Variant,
};

const BODY: f32 = 9.0;
const TABLE: f32 = 8.0;
/// Wide sections (一覧) hold many columns: a smaller size keeps a plan's row short.
const WIDE_TABLE: f32 = 7.2;
const NOTE: f32 = 6.8;
const PART: f32 = 15.0;
const PLAN: f32 = 13.0;
const SUB: f32 = 10.5;
const BOX_LABEL: f32 = 9.5;
/// An empty 委員会意見 box: as tall as the page allows between these, so that it fills the
/// foot of the plan's last page instead of taking a page of its own.
const BOX_MIN: f32 = 15.0;
const BOX_MAX: f32 = 40.0;
/// A chart's height, and the least it shrinks to so that it stays beside its table.
const CHART_H: f32 = 48.0;
const CHART_MIN: f32 = 34.0;

/// One entry of 目次 (and of the outline).
#[derive(Debug, Clone)]
struct TocEntry {
    title: String,
    level: u8,
    page: usize,
}

/// Lays out the whole Document. Two passes or more: the first finds the page of every
/// section, the next print them in 目次, until the pages 目次 prints are the ones it gets.
pub fn compose(
    doc: &Document,
    measure: &dyn Measure,
    binding_mm: f32,
) -> (Vec<Page>, Vec<OutlineEntry>, StructTree) {
    let pages = RefCell::new(Vec::new());
    let (outline, tree) = compose_into(doc, measure, binding_mm, || {
        pages.borrow_mut().clear();
        |page, _: &StructTree| pages.borrow_mut().push(page)
    });
    (pages.into_inner(), outline, tree)
}

/// Like [`compose`], but hands each page, finished with its running footer, to a sink as
/// soon as the next one is begun, so that the pages are never all held. The 目次 needs the
/// pages of later sections: a first pass finds them (dropping its pages), and a pass is
/// repeated while they move. `begin` gives a fresh sink for each pass that lays out the
/// book with its 目次 (usually one; the last one's pages are the book's).
pub fn compose_into<'s, S>(
    doc: &'s Document,
    measure: &'s dyn Measure,
    binding_mm: f32,
    mut begin: impl FnMut() -> S,
) -> (Vec<OutlineEntry>, StructTree)
where
    S: FnMut(Page, &StructTree) + 's,
{
    let binding = if doc.meta.variant == Variant::Handout {
        binding_mm
    } else {
        0.0
    };
    let furnished = |mut sink: S| -> PageSink<'s> {
        let mut index = 0;
        Box::new(move |mut page: Page, tree: &StructTree| {
            furnish(&mut page, index, doc, measure);
            index += 1;
            sink(page, tree);
        })
    };
    let (_, mut toc) = compose_pass(doc, measure, binding, None, Box::new(|_, _| {}));
    let (mut pass, mut got) = compose_pass(doc, measure, binding, Some(&toc), furnished(begin()));
    for _ in 0..3 {
        if got.iter().map(|e| e.page).eq(toc.iter().map(|e| e.page)) {
            break;
        }
        toc = got;
        (pass, got) = compose_pass(doc, measure, binding, Some(&toc), furnished(begin()));
    }
    (pass.outline, pass.tree)
}

fn compose_pass<'a>(
    doc: &Document,
    measure: &'a dyn Measure,
    binding: f32,
    toc: Option<&[TocEntry]>,
    sink: PageSink<'a>,
) -> (Builder<'a>, Vec<TocEntry>) {
    let mut w = Writer {
        b: Builder::new(measure, binding).with_sink(sink),
        toc: Vec::new(),
        wide: false,
        plan_level: false,
        named: false,
        parent: 0,
        part: None,
    };
    let mut sections = doc.sections.iter();
    let first = doc.sections.first();
    let cover = first.filter(|s| s.contents_title.is_none());
    if let Some(cover) = cover {
        sections.next();
        w.cover(cover);
    }
    w.contents(doc, toc);
    let mut fresh = true;
    for section in sections {
        w.section(section, fresh);
        fresh = false;
    }
    w.b.finish();
    let entries = w.toc;
    (w.b, entries)
}

/// The builder and where in the Document it is.
struct Writer<'a> {
    b: Builder<'a>,
    /// Sections with a title, and the page each starts on (1-based).
    toc: Vec<TocEntry>,
    /// The section is wide (landscape, smaller table text).
    wide: bool,
    /// The section is a plan's (level 2 in 目次): its heading is smaller than a part's.
    plan_level: bool,
    /// The block just laid out names what follows (a heading, or a chart above its data):
    /// the next table's caption would repeat it.
    named: bool,
    /// The structure element blocks go into (a Sect, or a box's Div).
    parent: usize,
    /// The Sect of the last part (level 1 in 目次), which holds the plans' Sects.
    part: Option<usize>,
}

impl<'a> Writer<'a> {
    /// A new structure element of `role` in the current parent.
    fn element(&mut self, role: Role) -> usize {
        self.b.tree.add(self.parent, role)
    }

    /// Lays out with what is placed belonging to a new element of `role` (a leaf: a heading,
    /// a paragraph); returns the element.
    fn leaf(&mut self, role: Role, f: impl FnOnce(&mut Builder<'a>)) -> usize {
        let node = self.element(role);
        let outer = self.b.node.replace(node);
        f(&mut self.b);
        self.b.node = outer;
        node
    }

    /// A writer laying out on a fresh page of `orientation`, to measure blocks.
    fn scratch(&self, orientation: Orientation) -> Writer<'a> {
        let mut b = Builder::new(self.b.measure(), 0.0);
        b.new_page(orientation);
        Writer {
            b,
            toc: Vec::new(),
            wide: self.wide,
            plan_level: self.plan_level,
            named: self.named,
            parent: 0,
            part: None,
        }
    }

    /// The height `blocks` take from the top of a fresh page, or `None` when they need
    /// more than a page.
    fn height_of(&self, blocks: &[Block], chart_h: f32) -> Option<f32> {
        let mut s = self.scratch(self.b.orientation());
        let top = s.b.y();
        for block in blocks {
            s.block(block, chart_h);
        }
        (s.b.page_count() == 1).then(|| s.b.y() - top)
    }

    fn orientation(&self) -> Orientation {
        if self.wide {
            Orientation::Landscape
        } else {
            Orientation::Portrait
        }
    }

    /// The title page: the title where the eye meets it, the marks under it, and the date
    /// and issuer (the trailing cover lines) at its foot.
    fn cover(&mut self, s: &Section) {
        self.b.new_page(Orientation::Portrait);
        self.parent = self.b.tree.add(0, Role::Sect);
        self.b.bookmark("表紙", 0);
        self.b.skip(mm(55.0));
        let foot_from = s
            .blocks
            .iter()
            .rposition(|b| !matches!(b, Block::Paragraph(p) if p.style == ParagraphStyle::Cover))
            .map_or(0, |i| i + 1);
        let frame = self.b.frame();
        for block in &s.blocks[..foot_from] {
            match block {
                Block::Heading(h) if h.level == 1 => {
                    let lines = phrases(&self.b, &h.text, 22.0, Face::Bold, frame.w);
                    self.leaf(Role::H1, |b| {
                        for phrase in lines {
                            centered(b, &phrase, 22.0, Face::Bold, Color::BLACK);
                        }
                    });
                    self.b.skip(mm(6.0));
                    let y = self.b.y();
                    self.b.push(Item::Shape(Shape::Line {
                        points: vec![(frame.x + mm(30.0), y), (frame.right() - mm(30.0), y)],
                        color: Color::ACCENT,
                        width: 1.5,
                        dashed: false,
                    }));
                    self.b.skip(mm(8.0));
                }
                Block::Paragraph(p) if p.style == ParagraphStyle::Cover => {
                    self.leaf(Role::P, |b| {
                        centered(b, &p.text, 14.0, Face::Regular, Color::BLACK);
                    });
                }
                Block::Paragraph(p) if p.style == ParagraphStyle::Mark => {
                    self.b.skip(mm(10.0));
                    self.leaf(Role::P, |b| framed_mark(b, &p.text));
                }
                other => self.block(other, mm(CHART_H)),
            }
        }
        let lines: Vec<&str> = s.blocks[foot_from..]
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.as_str()),
                _ => None,
            })
            .collect();
        let foot = frame.bottom() - mm(30.0) - lines.len() as f32 * 13.0 * LEADING;
        if self.b.y() < foot {
            self.b.skip(foot - self.b.y());
        }
        for line in lines {
            self.leaf(Role::P, |b| {
                centered(b, line, 13.0, Face::Regular, Color::BLACK);
            });
        }
    }

    /// 目次: every titled section with the page it starts on; the first pass only
    /// reserves the page.
    fn contents(&mut self, doc: &Document, toc: Option<&[TocEntry]>) {
        let label = &doc.meta.contents_label;
        if !doc.sections.iter().any(|s| s.contents_title.is_some()) {
            return;
        }
        self.b.new_page(Orientation::Portrait);
        self.b.bookmark(label, 0);
        self.parent = self.b.tree.add(0, Role::Sect);
        self.leaf(Role::H2, |b| b.heading(label, PART, mm(20.0)));
        let Some(toc) = toc else {
            return;
        };
        let list = self.element(Role::TOC);
        let size = BODY;
        let lh = size * 1.75;
        for entry in toc {
            if self.b.room() < lh {
                self.b.new_page(Orientation::Portrait);
            }
            let frame = self.b.frame();
            let indent = if entry.level == 0 { 0.0 } else { mm(6.0) };
            let face = if entry.level == 0 {
                Face::Bold
            } else {
                Face::Regular
            };
            let num = entry.page.to_string();
            let item = self.b.tree.add(list, Role::TOCI);
            let link = self.b.tree.add(item, Role::Link);
            let m = self.b.measure();
            let num_w = m.width(Face::Regular, &num, size);
            let top = self.b.y();
            let baseline = top + (lh - size) / 2.0 + ASCENT * size;
            let avail = frame.w - indent - num_w - mm(4.0);
            let title = self
                .b
                .break_text(&entry.title, face, size, avail)
                .into_iter()
                .next()
                .map(|l| (l.text, l.width))
                .unwrap_or_default();
            let bounds = Rect {
                x: frame.x,
                y: top,
                w: frame.w,
                h: lh,
            };
            self.b.link(bounds, entry.page - 1, &entry.title, link);
            self.b.node = Some(link);
            self.b.text_at(
                &title.0,
                title.1,
                frame.x + indent,
                baseline,
                size,
                face,
                Color::BLACK,
                bounds,
            );
            // Dot leaders between the title and the page number.
            let dot = "・";
            let dot_w = m.width(Face::Regular, dot, size);
            let from = frame.x + indent + title.1 + mm(2.0);
            let to = frame.right() - num_w - mm(2.0);
            if dot_w > 0.0 && to > from {
                let n = ((to - from) / dot_w).floor() as usize;
                let w = dot_w * n as f32;
                // The leaders are decoration: an artifact between the link's two parts.
                self.b.node = None;
                self.b.text_at(
                    &dot.repeat(n),
                    w,
                    to - w,
                    baseline,
                    size,
                    Face::Regular,
                    Color::GREY,
                    bounds,
                );
            }
            self.b.node = Some(link);
            self.b.text_at(
                &num,
                num_w,
                frame.right() - num_w,
                baseline,
                size,
                Face::Regular,
                Color::BLACK,
                bounds,
            );
            self.b.node = None;
            self.b.skip(lh);
        }
    }

    /// A section: on a new page when it is the first after 目次 or changes orientation,
    /// else after what comes before it; its title goes to 目次 and the outline.
    fn section(&mut self, s: &Section, fresh: bool) {
        self.wide = s.wide;
        self.plan_level = s.contents_level >= 2;
        let orientation = self.orientation();
        if fresh || orientation != self.b.orientation() {
            self.b.new_page(orientation);
        }
        // A plan's Sect goes into the part that holds the plans.
        let holder = match self.part {
            Some(part) if self.plan_level => part,
            _ => 0,
        };
        let sect = self.b.tree.add(holder, Role::Sect);
        if !self.plan_level {
            self.part = Some(sect);
        }
        self.parent = sect;
        let mut titled = false;
        let blocks = &s.blocks;
        for (i, block) in blocks.iter().enumerate() {
            // The section's title is the page of its first heading, wherever that lands.
            if !titled && let Block::Heading(h) = block {
                self.heading(h);
                if let Some(title) = &s.contents_title {
                    let level = s.contents_level.saturating_sub(1);
                    self.b.bookmark(title, level);
                    self.toc.push(TocEntry {
                        title: title.clone(),
                        level,
                        page: self.b.page_count(),
                    });
                }
                titled = true;
                self.named = true;
                continue;
            }
            self.keep_tail_with_box(&blocks[i..]);
            self.block(block, mm(CHART_H));
        }
    }

    /// A plan's last part (its heading to the 委員会意見 box) moves to the next page
    /// together when the box would otherwise stand alone there.
    fn keep_tail_with_box(&mut self, rest: &[Block]) {
        let [Block::Heading(_), .., Block::Box(_)] = rest else {
            return;
        };
        if rest[1..].iter().any(|b| matches!(b, Block::Heading(_))) {
            return;
        }
        let min_box = BOX_LABEL * LEADING + mm(BOX_MIN + 3.0);
        let Some(without_box) = self.height_of(&rest[..rest.len() - 1], mm(CHART_H)) else {
            return;
        };
        let Block::Box(last) = &rest[rest.len() - 1] else {
            return;
        };
        let box_h = if last.blocks.is_empty() {
            min_box
        } else {
            match self.height_of(std::slice::from_ref(&rest[rest.len() - 1]), mm(CHART_H)) {
                Some(h) => h,
                None => return,
            }
        };
        let frame_h = self.b.frame().h;
        // On a page already in use the heading keeps a gap above it, which a fresh page
        // (where the tail was measured) does not.
        let tail = without_box + box_h + SUB;
        if tail > self.b.room() && tail <= frame_h {
            self.b.new_page(self.b.orientation());
        }
    }

    fn heading(&mut self, h: &Heading) {
        let (size, keep) = match h.level {
            0 | 1 => (PART + 3.0, mm(30.0)),
            2 if self.plan_level => (PLAN, mm(40.0)),
            2 => (PART, mm(30.0)),
            _ => (SUB, mm(22.0)),
        };
        let role = match h.level {
            0 | 1 => Role::H1,
            2 => Role::H2,
            _ => Role::H3,
        };
        self.leaf(role, |b| b.heading(&h.text, size, keep));
    }

    fn block(&mut self, block: &Block, chart_h: f32) {
        let named = std::mem::replace(
            &mut self.named,
            matches!(block, Block::Heading(_) | Block::Chart(_)),
        );
        match block {
            Block::Heading(h) => self.heading(h),
            Block::Paragraph(p) => self.paragraph(p),
            Block::List(l) => self.list(l),
            Block::Table(t) => {
                let node = self.element(Role::Table);
                let outer = std::mem::replace(&mut self.parent, node);
                if !named && !t.caption.is_empty() {
                    let size = self.table_size();
                    let first_rows = t.header.len() as f32 + 1.0;
                    self.caption(&t.caption, size, first_rows);
                }
                let table = self.table(t);
                self.b.table(&table);
                self.parent = outer;
            }
            Block::Chart(c) => self.chart(c, chart_h),
            Block::Box(b) => self.labelled_box(b),
            Block::KeepTogether(blocks) => self.keep_together(blocks),
            Block::PageBreak => {
                if self.b.used() {
                    self.b.new_page(self.b.orientation());
                }
            }
        }
    }

    /// A table's caption, kept with the table's first rows.
    fn caption(&mut self, caption: &str, table_size: f32, first_rows: f32) {
        let size = table_size + 0.5;
        self.b
            .ensure(size * LEADING + first_rows * table_size * LEADING * 1.6);
        self.leaf(Role::Caption, |b| {
            b.paragraph(caption, size, Face::Bold, 0.0, Color::BLACK);
        });
        self.b.skip(mm(0.8));
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let node = self.element(Role::P);
        let outer = self.b.node.replace(node);
        self.styled_paragraph(p);
        self.b.node = outer;
    }

    fn styled_paragraph(&mut self, p: &Paragraph) {
        match p.style {
            ParagraphStyle::Body => {
                self.b.paragraph(
                    &format!("\u{3000}{}", p.text),
                    BODY,
                    Face::Regular,
                    0.0,
                    Color::BLACK,
                );
                self.b.skip(BODY * 0.4);
            }
            ParagraphStyle::Note => {
                self.b
                    .paragraph(&p.text, NOTE, Face::Regular, 0.0, Color::GREY);
                self.b.skip(NOTE * 0.4);
            }
            ParagraphStyle::Mark => {
                self.b.paragraph(&p.text, BODY, Face::Bold, 0.0, Color::RED);
                self.b.skip(BODY * 0.4);
            }
            ParagraphStyle::Cover => {
                centered(&mut self.b, &p.text, 13.0, Face::Regular, Color::BLACK);
            }
        }
    }

    fn list(&mut self, l: &List) {
        let list = self.element(Role::L);
        for (i, item) in l.items.iter().enumerate() {
            let text = if l.ordered {
                format!("{}. {item}", i + 1)
            } else {
                format!("・{item}")
            };
            let li = self.b.tree.add(list, Role::LI);
            let body = self.b.tree.add(li, Role::LBody);
            let outer = self.b.node.replace(body);
            self.b
                .paragraph(&text, BODY, Face::Regular, mm(3.0), Color::BLACK);
            self.b.node = outer;
        }
        self.b.skip(BODY * 0.4);
    }

    fn table_size(&self) -> f32 {
        if self.wide { WIDE_TABLE } else { TABLE }
    }

    /// The Document's table as the layout engine's: header and body rows with row spans
    /// spelled out as cells continuing the one above, and column widths for the frame.
    fn table(&mut self, t: &Table) -> LTable {
        let size = self.table_size();
        let columns = column_count(t);
        let tree = &mut self.b.tree;
        let header = if t.header.is_empty() {
            Vec::new()
        } else {
            let head = tree.add(self.parent, Role::THead);
            grid(&t.header, columns, false, tree, head)
        };
        let body = tree.add(self.parent, Role::TBody);
        // A table of headed rows only reads as key and value: its values flush left.
        let rows = grid(&t.body, columns, t.header.is_empty(), tree, body);
        let frame_w = self.b.frame().w;
        let widths = if t.widths.len() == columns && t.widths.iter().any(|w| *w > 0) {
            let total: f32 = t.widths.iter().map(|w| f32::from(*w)).sum();
            t.widths
                .iter()
                .map(|w| frame_w * f32::from(*w) / total)
                .collect()
        } else {
            auto_widths(self.b.measure(), &header, &rows, columns, size, frame_w)
        };
        LTable {
            widths,
            aligns: vec![Align::Left; columns],
            header,
            rows,
            size,
        }
    }

    fn chart(&mut self, c: &Chart, h: f32) {
        let room = self.b.room();
        // A chart a little taller than what is left of the page shrinks to fit it.
        let h = if room < h && room >= mm(CHART_MIN) {
            room - mm(1.0)
        } else {
            h
        };
        self.b.ensure(h + mm(3.0));
        let frame = self.b.frame();
        let rect = Rect {
            x: frame.x + mm(8.0),
            y: self.b.y() + mm(1.0),
            w: frame.w - mm(16.0),
            h,
        };
        let colors = [Color::LIGHT, Color::ACCENT, Color::GREY];
        let series: Vec<ChartSeries> = c
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| ChartSeries {
                name: s.name.clone(),
                color: colors[i.min(colors.len() - 1)],
            })
            .collect();
        let groups: Vec<Group> = c
            .categories
            .iter()
            .enumerate()
            .map(|(i, label)| Group {
                label: label.clone(),
                bars: c
                    .series
                    .iter()
                    .map(|s| {
                        s.values.get(i).cloned().flatten().map(|n| Bar {
                            value: n.value.try_into().unwrap_or(0.0),
                            text: format_number(&n, NumberStyle::Print),
                            bare: format_number(
                                &crate::document::Number {
                                    unit: String::new(),
                                    ..n
                                },
                                NumberStyle::Print,
                            ),
                        })
                    })
                    .collect(),
            })
            .collect();
        let figure = self.element(Role::Figure);
        self.b.tree.nodes[figure].alt = Some(c.alt.clone());
        let caption = self.b.tree.add(figure, Role::Caption);
        let outer = self.b.node.replace(figure);
        bar_chart(&mut self.b, rect, &c.title, &series, &groups, Some(caption));
        self.b.node = outer;
        self.b.skip(h + mm(3.0));
    }

    /// A labelled box: the label, then a frame around the box's blocks; an empty box is
    /// a space to write in, as tall as the page's rest allows between its bounds.
    fn labelled_box(&mut self, lb: &LabelledBox) {
        let div = self.element(Role::Div);
        let outer = std::mem::replace(&mut self.parent, div);
        self.box_content(lb);
        self.parent = outer;
    }

    fn box_content(&mut self, lb: &LabelledBox) {
        let label_h = BOX_LABEL * LEADING;
        if lb.blocks.is_empty() {
            self.b.ensure(label_h + mm(BOX_MIN + 3.0));
            self.b.skip(mm(2.0));
            self.leaf(Role::P, |b| {
                b.paragraph(&lb.label, BOX_LABEL, Face::Bold, 0.0, Color::ACCENT);
            });
            let frame = self.b.frame();
            let rect = Rect {
                x: frame.x,
                y: self.b.y() + mm(1.0),
                w: frame.w,
                h: (self.b.room() - mm(1.5)).clamp(mm(BOX_MIN), mm(BOX_MAX)),
            };
            self.b.push(Item::Shape(Shape::Rect {
                rect,
                fill: None,
                stroke: Some((Color::RULE, 0.8)),
            }));
            self.b.skip(rect.h + mm(2.0));
            return;
        }
        self.b.ensure(label_h + mm(12.0));
        self.b.skip(mm(2.0));
        self.leaf(Role::P, |b| {
            b.paragraph(&lb.label, BOX_LABEL, Face::Bold, 0.0, Color::ACCENT);
        });
        let start_page = self.b.page_count();
        let top = self.b.y() + mm(1.0);
        self.b.skip(mm(2.5));
        for block in &lb.blocks {
            self.block(block, mm(CHART_H));
        }
        // The frame is drawn around what stayed on the label's page.
        if self.b.page_count() == start_page {
            let frame = self.b.frame();
            let rect = Rect {
                x: frame.x,
                y: top,
                w: frame.w,
                h: self.b.y() - top,
            };
            self.b.push(Item::Shape(Shape::Rect {
                rect,
                fill: None,
                stroke: Some((Color::RULE, 0.8)),
            }));
        }
        self.b.skip(mm(2.0));
    }

    /// Blocks kept on one page when they fit one; a chart among them shrinks (down to
    /// its least height) to stay on the page it starts on.
    fn keep_together(&mut self, blocks: &[Block]) {
        let full = self.height_of(blocks, mm(CHART_H));
        let room = self.b.room();
        let chart_h = match full {
            Some(h) if h <= room => mm(CHART_H),
            Some(h) if h - mm(CHART_H - CHART_MIN) <= room => mm(CHART_H) - (h - room) - 1.0,
            Some(h) => {
                self.b.ensure(h);
                mm(CHART_H)
            }
            None => mm(CHART_H),
        };
        for block in blocks {
            self.block(block, chart_h);
        }
    }
}

/// The number of columns of a table: the widest row, spans counted.
fn column_count(t: &Table) -> usize {
    let width = |row: &Vec<Cell>| {
        row.iter()
            .map(|c| c.col_span.max(1) as usize)
            .sum::<usize>()
    };
    let spans = t.header.iter().chain(&t.body).map(width).max().unwrap_or(1);
    spans.max(t.widths.len()).max(1)
}

/// A Document cell as a layout cell: its printed text, face, fill and alignment; in a
/// key/value table (`keyed`) a value is flush left and a grade says what it means.
fn cell(c: &Cell, keyed: bool) -> LCell {
    let text = match &c.content {
        CellContent::Text(s) => s.clone(),
        CellContent::Number(n) => format_number(n, NumberStyle::Print),
        CellContent::Grade(g) if keyed && !g.label.is_empty() => {
            format!("{}（{}）", g.mark, g.label)
        }
        CellContent::Grade(g) => g.mark.clone(),
        CellContent::Empty => String::new(),
    };
    let mut out = match c.header {
        Some(Scope::Col | Scope::ColGroup) => LCell::head(text),
        Some(Scope::Row | Scope::RowGroup) => LCell::key(text),
        None => LCell::new(text),
    };
    if c.header.is_none() {
        out.align = Some(match c.content {
            _ if keyed => Align::Left,
            CellContent::Number(_) => Align::Right,
            CellContent::Grade(_) => Align::Center,
            _ => Align::Left,
        });
        out.bold = matches!(c.content, CellContent::Grade(_));
    }
    out.span = c.col_span.max(1) as usize;
    if c.row_span > 1 {
        out.top = true;
    }
    out
}

/// Rows of the Document (where a cell spanning rows is absent from the rows below) as
/// full rows of layout cells, the covered places holding a copy marked as continuing.
fn grid(
    rows: &[Vec<Cell>],
    columns: usize,
    keyed: bool,
    tree: &mut StructTree,
    group: usize,
) -> Vec<Vec<LCell>> {
    // Per starting column: the cell spanning down, and how many rows it still covers.
    let mut below: Vec<Option<(LCell, u32)>> = vec![None; columns];
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let tr = tree.add(group, Role::TR);
        let mut cells = row.iter();
        let mut line = Vec::new();
        let mut col = 0;
        while col < columns {
            if let Some((c, left)) = below[col].as_mut()
                && *left > 0
            {
                *left -= 1;
                let mut cont = c.clone();
                cont.merge_above = true;
                cont.top = true;
                cont.node = None;
                col += cont.span.max(1);
                line.push(cont);
                continue;
            }
            let Some(doc_cell) = cells.next() else {
                // A short row: its missing places are empty.
                line.push(LCell::new(""));
                col += 1;
                continue;
            };
            let mut c = cell(doc_cell, keyed);
            let role = if doc_cell.header.is_some() {
                Role::TH
            } else {
                Role::TD
            };
            let node = tree.add(tr, role);
            let n = &mut tree.nodes[node];
            n.scope = doc_cell.header.map(|s| match s {
                Scope::Col | Scope::ColGroup => "Column",
                Scope::Row | Scope::RowGroup => "Row",
            });
            n.spans = (doc_cell.row_span.max(1), doc_cell.col_span.max(1));
            c.node = Some(node);
            if doc_cell.row_span > 1 {
                below[col] = Some((c.clone(), doc_cell.row_span - 1));
            }
            col += c.span.max(1);
            line.push(c);
        }
        out.push(line);
    }
    out
}

/// Column widths filling `frame_w`: each column as wide as its longest line where they
/// all fit; else the widest columns share what the narrow ones leave (a column never
/// narrower than its longest line unless that is more than its share).
fn auto_widths(
    m: &dyn Measure,
    header: &[Vec<LCell>],
    rows: &[Vec<LCell>],
    columns: usize,
    size: f32,
    frame_w: f32,
) -> Vec<f32> {
    let pad = 2.0 * 2.2 + 1.0;
    let mut natural = vec![mm(8.0); columns];
    for row in header.iter().chain(rows) {
        let mut col = 0;
        for c in row {
            let span = c.span.max(1);
            if span == 1 && col < columns && !c.merge_above {
                let face = if c.bold { Face::Bold } else { Face::Regular };
                let w = c
                    .text
                    .lines()
                    .map(|l| m.width(face, l, size))
                    .fold(0.0, f32::max);
                natural[col] = natural[col].max(w + pad);
            }
            col += span;
        }
    }
    let sum: f32 = natural.iter().sum();
    if sum <= frame_w {
        return natural.iter().map(|w| w * frame_w / sum).collect();
    }
    // Water-filling: find the cap at which the capped widths fill the frame.
    let mut sorted = natural.clone();
    sorted.sort_by(f32::total_cmp);
    let mut rest = frame_w;
    let mut cap = frame_w / columns as f32;
    for (i, w) in sorted.iter().enumerate() {
        let share = rest / (columns - i) as f32;
        if *w <= share {
            rest -= w;
        } else {
            cap = share;
            break;
        }
    }
    natural.iter().map(|w| w.min(cap)).collect()
}

/// Page numbers 「- n -」 (not on the cover), the footer title, the sample mark and the
/// provisional mark on every page but the cover (which shows its marks itself).
fn furnish(page: &mut Page, i: usize, doc: &Document, m: &dyn Measure) {
    let meta = &doc.meta;
    {
        if i == 0 {
            return;
        }
        let size = 8.5;
        let text = format!("- {} -", i + 1);
        let num_w = m.width(Face::Regular, &text, size);
        let top = page.frame.bottom() + mm(5.0);
        let baseline = top + ASCENT * size;
        page.items.push(Item::text(
            &text,
            num_w,
            page.frame.right() - num_w,
            baseline,
            size,
            Face::Regular,
            Color::BLACK,
            Rect {
                x: page.frame.right() - num_w,
                y: top,
                w: num_w,
                h: size * LEADING,
            },
        ));
        if !meta.footer.is_empty() {
            // The footer title takes what the page number leaves, smaller where it must.
            let avail = page.frame.w - num_w - mm(8.0);
            let mut fs = 6.5;
            let mut w = m.width(Face::Regular, &meta.footer, fs);
            if w > avail {
                fs = (fs * avail / w).max(4.0);
                w = m.width(Face::Regular, &meta.footer, fs);
            }
            if w <= avail {
                page.items.push(Item::text(
                    &meta.footer,
                    w,
                    page.frame.x,
                    top + ASCENT * fs + (size - fs) * ASCENT,
                    fs,
                    Face::Regular,
                    Color::GREY,
                    Rect {
                        x: page.frame.x,
                        y: top,
                        w: avail,
                        h: size * LEADING,
                    },
                ));
            }
        }
        let mark_top = page.frame.y - mm(8.0);
        let fs = 7.0;
        let mut right = page.frame.right();
        if let Some(mark) = &meta.sample_mark {
            let w = m.width(Face::Bold, mark, fs);
            page.items.push(Item::text(
                mark,
                w,
                right - w,
                mark_top + ASCENT * fs,
                fs,
                Face::Bold,
                Color::RED,
                Rect {
                    x: page.frame.x,
                    y: mark_top,
                    w: page.frame.w,
                    h: fs * LEADING,
                },
            ));
            right -= w + mm(4.0);
        }
        if let Some(mark) = &meta.provisional_mark {
            let avail = right - page.frame.x;
            let mut ps = fs;
            let mut w = m.width(Face::Bold, mark, ps);
            if w > avail {
                ps = (ps * avail / w).max(4.0);
                w = m.width(Face::Bold, mark, ps);
            }
            if w <= avail {
                page.items.push(Item::text(
                    mark,
                    w,
                    page.frame.x,
                    mark_top + ASCENT * ps,
                    ps,
                    Face::Bold,
                    Color::RED,
                    Rect {
                        x: page.frame.x,
                        y: mark_top,
                        w: avail,
                        h: fs * LEADING,
                    },
                ));
            }
        }
    }
}

/// Centred lines across the frame.
fn centered(b: &mut Builder<'_>, text: &str, size: f32, face: Face, color: Color) {
    let frame = b.frame();
    let lh = size * LEADING;
    for line in b.break_text(text, face, size, frame.w) {
        if b.room() < lh {
            b.new_page(b.orientation());
        }
        let frame = b.frame();
        let top = b.y();
        let bounds = Rect {
            x: frame.x,
            y: top,
            w: frame.w,
            h: lh,
        };
        let x = frame.x + (frame.w - line.width) / 2.0;
        b.text_at(
            &line.text,
            line.width,
            x,
            top + (lh - size) / 2.0 + ASCENT * size,
            size,
            face,
            color,
            bounds,
        );
        b.skip(lh);
    }
}

/// A mark in a red frame, centred (the cover's サンプル and 暫定 marks).
fn framed_mark(b: &mut Builder<'_>, text: &str) {
    let frame = b.frame();
    let size = 14.0;
    let lines = b.break_text(text, Face::Bold, size, frame.w - mm(20.0));
    let w = lines.iter().map(|l| l.width).fold(0.0, f32::max);
    let rect = Rect {
        x: frame.x + (frame.w - w) / 2.0 - mm(6.0),
        y: b.y(),
        w: w + mm(12.0),
        h: lines.len() as f32 * size * LEADING + mm(6.0),
    };
    b.push(Item::Shape(Shape::Rect {
        rect,
        fill: None,
        stroke: Some((Color::RED, 1.5)),
    }));
    b.skip(mm(3.0));
    for line in lines {
        centered(b, &line.text, size, Face::Bold, Color::RED);
    }
    b.skip(mm(3.0));
}

/// Splits a title into lines at its spaces where the pieces fit (「…大綱」「アクションプラン」),
/// so that a display title does not break inside a word; pieces too wide are broken later.
pub(super) fn phrases(
    b: &Builder<'_>,
    text: &str,
    size: f32,
    face: Face,
    width: f32,
) -> Vec<String> {
    let m = b.measure();
    let mut lines: Vec<String> = Vec::new();
    for word in text.split([' ', '\u{3000}']).filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(line) if m.width(face, &format!("{line} {word}"), size) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_cell(text: &str) -> Cell {
        Cell::text(text)
    }

    #[test]
    fn row_spans_become_continuing_cells() {
        let rows = vec![
            vec![doc_cell("方針").rows(2), doc_cell("a"), doc_cell("b")],
            vec![doc_cell("c"), doc_cell("d")],
        ];
        let mut tree = StructTree::default();
        let g = grid(&rows, 3, false, &mut tree, 0);
        assert_eq!(g[0][0].node, Some(2));
        assert_eq!(g[1][0].node, None);
        assert_eq!(g[1].len(), 3);
        assert!(g[1][0].merge_above);
        assert_eq!(g[1][0].text, "方針");
        assert_eq!(g[1][1].text, "c");
    }
}
