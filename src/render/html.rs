//! The web edition: `Document` → one self-contained HTML file (inline CSS and SVG, no script,
//! no external request) with a 目次, semantic headings, captioned tables with header scopes and
//! charts with a text alternative, readable on a phone, at 200% zoom and on paper.
//!
//! The output is also well-formed XML (void elements self-closed, every text escaped), so tests
//! can parse it. Nothing here decides content: every text comes from the Document and every
//! figure from [`format_number`].

use std::fmt::Write as _;

use crate::compose::{NumberStyle, format_number};
use crate::document::{
    Block, Cell, CellContent, Chart, Document, LabelledBox, List, Number, ParagraphStyle, Scope,
    Section, Table,
};

const CSS: &str = r#"
:root{--ink:#1a1a1a;--muted:#4a4a4a;--rule:#8a96a8;--head:#e8eef6;--accent:#1f4e8c;--mark:#a3001b}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--ink);background:#fff;font-family:"BIZ UDPGothic","BIZ UDゴシック","Hiragino Sans","Noto Sans CJK JP","Noto Sans JP","Yu Gothic",Meiryo,sans-serif;font-size:1rem;line-height:1.75;overflow-wrap:anywhere}
main{max-width:64rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.4;margin:2rem 0 1rem;text-align:center;word-break:keep-all}
h2{font-size:1.35rem;line-height:1.4;margin:2.5rem 0 1rem;padding:.2rem 0 .2rem .6rem;border-left:.35rem solid var(--accent)}
h3{font-size:1.1rem;margin:1.8rem 0 .6rem;color:var(--accent)}
p{margin:.5rem 0}
p.body{text-indent:1em}
p.cover{text-align:center;font-size:1.1rem}
p.note{font-size:.9rem;color:var(--muted)}
p.mark{text-align:center;font-weight:bold;color:var(--mark);border:2px solid var(--mark);padding:.3rem .6rem;margin:1rem auto;max-width:40rem}
.banner{background:#fff3f4;border-bottom:2px solid var(--mark);color:var(--mark);font-weight:bold;text-align:center;padding:.3rem 1rem;margin:0}
nav ol{padding-left:1.5rem}
nav ol ol{list-style:none;padding-left:1rem}
nav li{margin:.2rem 0}
a{color:#0b4f9c}
a:focus,.table-wrap:focus{outline:3px solid #e07b00;outline-offset:2px}
.table-wrap{overflow-x:auto;margin:.8rem 0}
table{border-collapse:collapse;width:100%;font-size:.92rem;line-height:1.55}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid var(--rule);padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:var(--head);font-weight:bold}
thead th{text-align:center;vertical-align:middle}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.grade{font-weight:bold}
table.grid td.grade{text-align:center}
th[scope=row]{min-width:5.5em}
.keep{margin:1rem 0}
figure{margin:0}
figcaption{font-weight:bold}
svg{display:block;width:100%;height:auto;max-width:36rem}
.box{margin:1.2rem 0}
.box-label{font-weight:bold;color:var(--accent);margin:0 0 .2rem}
.box-body{border:1px solid var(--rule);min-height:7rem;padding:.5rem}
footer{max-width:64rem;margin:2rem auto 0;padding:1rem;border-top:1px solid var(--rule);font-size:.85rem;color:var(--muted)}
@media (max-width:40rem){table:not(.grid) col{width:auto!important}}
@media (min-width:60rem){.keep{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5rem;align-items:start}}
@media print{
@page{size:A4;margin:14mm 12mm}
@page wide{size:A4 landscape}
section.wide{page:wide}
section.wide tr{break-inside:auto}
table.grid{min-width:0!important}
body{font-size:9.5pt}
main{max-width:none;padding:0}
.page-break{break-before:page}
.table-wrap{overflow:visible}
table{font-size:8.5pt}
thead{display:table-header-group}
tr,.keep,figure,.box{break-inside:avoid}
h2,h3{break-after:avoid}
a{color:inherit;text-decoration:none}
}
"#;

/// Writes `doc` as one HTML file.
pub fn render_html(doc: &Document) -> Vec<u8> {
    let mut w = Writer {
        // About what the sample's page takes per section, so that the page is rarely copied
        // as it grows.
        out: String::with_capacity(CSS.len() + 8 * 1024 * doc.sections.len()),
        ..Writer::default()
    };
    let meta = &doc.meta;
    w.out.push_str("<!DOCTYPE html>\n");
    let _ = write!(
        w.out,
        "<html lang=\"{}\" xml:lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        attr(&meta.lang),
        attr(&meta.lang),
        text(&meta.title)
    );
    let marks: Vec<&String> = meta
        .sample_mark
        .iter()
        .chain(&meta.provisional_mark)
        .collect();
    if !marks.is_empty() {
        w.out.push_str("<header>");
        for mark in marks {
            let _ = write!(w.out, "<p class=\"banner\">{}</p>", text(mark));
        }
        w.out.push_str("</header>\n");
    }
    w.out.push_str("<main>\n");
    let mut sections = doc.sections.iter();
    // The cover comes first, before 目次.
    if let Some(first) = doc.sections.first().filter(|s| s.contents_title.is_none()) {
        w.section(first);
        sections.next();
    }
    w.contents(doc);
    for s in sections {
        w.section(s);
    }
    w.out.push_str("</main>\n");
    if !meta.footer.is_empty() {
        let _ = writeln!(w.out, "<footer><p>{}</p></footer>", text(&meta.footer));
    }
    w.out.push_str("</body>\n</html>\n");
    w.out.into_bytes()
}

/// HTML-escapes text content.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Appends `s` HTML-escaped to `out`: the writer escapes straight into the page rather than
/// into a `String` per text (a city's book has hundreds of thousands of cells).
fn escape_into(out: &mut String, s: &str) {
    // Runs of characters that need nothing are copied whole.
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            c if crate::text::is_unshowable(c) => {
                out.push_str(&s[plain..i]);
                out.push(crate::text::REPLACEMENT);
                plain = i + c.len_utf8();
                continue;
            }
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        out.push_str(escaped);
        plain = i + c.len_utf8();
    }
    out.push_str(&s[plain..]);
}

/// Escapes an attribute value (the same as text: quotes included).
fn attr(s: &str) -> String {
    text(s)
}

/// Escaped text with line breaks.
#[cfg(test)]
fn lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    lines_into(&mut out, s);
    out
}

/// Appends `s` escaped, its line breaks as `<br/>`, to `out`.
fn lines_into(out: &mut String, s: &str) {
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br/>");
        }
        escape_into(out, line);
    }
}

#[derive(Default)]
struct Writer {
    out: String,
    tables: usize,
    charts: usize,
    boxes: usize,
}

impl Writer {
    fn contents(&mut self, doc: &Document) {
        let entries: Vec<(&Section, &str)> = doc
            .sections
            .iter()
            .filter_map(|s| s.contents_title.as_deref().map(|t| (s, t)))
            .collect();
        if entries.is_empty() {
            return;
        }
        let _ = write!(
            self.out,
            "<nav aria-labelledby=\"contents-title\">\n<h2 id=\"contents-title\">{}</h2>\n<ol>",
            text(&doc.meta.contents_label)
        );
        let mut nested = false;
        let mut open_item = false;
        for (s, title) in entries {
            let link = format!("<a href=\"#{}\">{}</a>", attr(&s.id), text(title));
            if s.contents_level >= 2 && open_item {
                if !nested {
                    self.out.push_str("\n<ol>");
                    nested = true;
                }
                let _ = write!(self.out, "\n<li>{link}</li>");
                continue;
            }
            if nested {
                self.out.push_str("\n</ol>");
                nested = false;
            }
            if open_item {
                self.out.push_str("</li>");
            }
            let _ = write!(self.out, "\n<li>{link}");
            open_item = true;
        }
        if nested {
            self.out.push_str("\n</ol>");
        }
        if open_item {
            self.out.push_str("</li>");
        }
        self.out.push_str("\n</ol>\n</nav>\n");
    }

    fn section(&mut self, s: &Section) {
        let labelled = s.blocks.iter().find_map(|b| match b {
            Block::Heading(h) => h.id.clone(),
            _ => None,
        });
        let _ = write!(self.out, "<section id=\"{}\"", attr(&s.id));
        if s.wide {
            self.out.push_str(" class=\"wide\"");
        }
        if let Some(id) = labelled {
            let _ = write!(self.out, " aria-labelledby=\"{}\"", attr(&id));
        }
        self.out.push_str(">\n");
        for b in &s.blocks {
            self.block(b);
        }
        self.out.push_str("</section>\n");
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Heading(h) => {
                let level = h.level.clamp(1, 6);
                let _ = write!(self.out, "<h{level}");
                if let Some(id) = &h.id {
                    self.out.push_str(" id=\"");
                    escape_into(&mut self.out, id);
                    self.out.push('"');
                }
                self.out.push('>');
                escape_into(&mut self.out, &h.text);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::Paragraph(p) => {
                let class = match p.style {
                    ParagraphStyle::Body => "body",
                    ParagraphStyle::Cover => "cover",
                    ParagraphStyle::Note => "note",
                    ParagraphStyle::Mark => "mark",
                };
                self.out.push_str("<p class=\"");
                self.out.push_str(class);
                self.out.push_str("\">");
                lines_into(&mut self.out, &p.text);
                self.out.push_str("</p>\n");
            }
            Block::List(l) => self.list(l),
            Block::Table(t) => self.table(t),
            Block::Chart(c) => self.chart(c),
            Block::Box(b) => self.labelled_box(b),
            Block::KeepTogether(blocks) => {
                self.out.push_str("<div class=\"keep\">\n");
                for b in blocks {
                    self.block(b);
                }
                self.out.push_str("</div>\n");
            }
            Block::PageBreak => self.out.push_str("<div class=\"page-break\"></div>\n"),
        }
    }

    fn list(&mut self, l: &List) {
        let tag = if l.ordered { "ol" } else { "ul" };
        let _ = write!(self.out, "<{tag}>");
        for item in &l.items {
            self.out.push_str("<li>");
            lines_into(&mut self.out, item);
            self.out.push_str("</li>");
        }
        let _ = writeln!(self.out, "</{tag}>");
    }

    fn table(&mut self, t: &Table) {
        self.tables += 1;
        let id = format!("table-{}", self.tables);
        // A focusable, labelled region so that keyboard users can scroll a wide table.
        // A table of columns keeps a readable width and scrolls on a phone rather than
        // squeezing its headings into one character per line.
        let columns: u32 = t
            .header
            .first()
            .map_or(0, |r| r.iter().map(|c| c.col_span).sum());
        // About 3.6 em a column, more where the widths say that the table holds long text.
        let width_units: u32 = t.widths.iter().map(|w| u32::from(*w)).sum();
        let min_width = (f64::from(columns) * 3.6).max(f64::from(width_units) * 2.4);
        let table_attrs = if columns > 0 {
            format!(" class=\"grid\" style=\"min-width:{min_width:.1}rem\"")
        } else {
            String::new()
        };
        let _ = write!(
            self.out,
            "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"{id}\" tabindex=\"0\">\n<table{table_attrs}>\n<caption id=\"{id}\">{}</caption>\n",
            text(&t.caption)
        );
        let total: u32 = t.widths.iter().map(|w| u32::from(*w)).sum();
        if total > 0 {
            self.out.push_str("<colgroup>");
            for w in &t.widths {
                let pct = (u32::from(*w) * 100).checked_div(total).unwrap_or(0);
                let _ = write!(self.out, "<col style=\"width:{pct}%\"/>");
            }
            self.out.push_str("</colgroup>\n");
        }
        // Headings on more than one level (a group heading over its columns): scopes alone
        // do not say which headings a cell has, so every cell names them (WCAG H43).
        let links = (t.header.len() > 1).then(|| HeaderLinks::new(t, &id));
        let links = links.as_ref();
        if !t.header.is_empty() {
            self.out.push_str("<thead>\n");
            for (r, row) in t.header.iter().enumerate() {
                self.row(row, links.map(|l| (l, r)));
            }
            self.out.push_str("</thead>\n");
        }
        self.out.push_str("<tbody>\n");
        for (r, row) in t.body.iter().enumerate() {
            self.row(row, links.map(|l| (l, t.header.len() + r)));
        }
        self.out.push_str("</tbody>\n</table>\n</div>\n");
    }

    fn row(&mut self, cells: &[Cell], links: Option<(&HeaderLinks, usize)>) {
        self.out.push_str("<tr>");
        for (i, c) in cells.iter().enumerate() {
            // With `headers` on every cell, a scope would only be ambiguous (H43).
            let (tag, scope) = match c.header {
                Some(_) if links.is_some() => ("th", ""),
                Some(Scope::Col) => ("th", " scope=\"col\""),
                Some(Scope::Row) => ("th", " scope=\"row\""),
                Some(Scope::ColGroup) => ("th", " scope=\"colgroup\""),
                Some(Scope::RowGroup) => ("th", " scope=\"rowgroup\""),
                None => ("td", ""),
            };
            let class = match (&c.content, c.header) {
                (_, Some(_)) => "",
                (CellContent::Number(_), None) => " class=\"num\"",
                (CellContent::Grade(_), None) => " class=\"grade\"",
                _ => "",
            };
            self.out.push('<');
            self.out.push_str(tag);
            self.out.push_str(scope);
            self.out.push_str(class);
            if let Some((links, r)) = links {
                let (id, headers) = links.of(r, i);
                if let Some(id) = id {
                    let _ = write!(self.out, " id=\"{id}\"");
                }
                if !headers.is_empty() {
                    let _ = write!(self.out, " headers=\"{}\"", headers.join(" "));
                }
            }
            if c.col_span > 1 {
                let _ = write!(self.out, " colspan=\"{}\"", c.col_span);
            }
            if c.row_span > 1 {
                let _ = write!(self.out, " rowspan=\"{}\"", c.row_span);
            }
            self.out.push('>');
            match &c.content {
                CellContent::Text(s) => lines_into(&mut self.out, s),
                CellContent::Number(n) => {
                    escape_into(&mut self.out, &format_number(n, NumberStyle::Print));
                }
                CellContent::Grade(g) => escape_into(&mut self.out, &g.mark),
                CellContent::Empty => {}
            }
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
        }
        self.out.push_str("</tr>\n");
    }

    fn labelled_box(&mut self, b: &LabelledBox) {
        self.boxes += 1;
        let id = format!("box-{}", self.boxes);
        let _ = write!(
            self.out,
            "<div class=\"box\" role=\"group\" aria-labelledby=\"{id}\">\n<p class=\"box-label\" id=\"{id}\">{}</p>\n<div class=\"box-body\">",
            text(&b.label)
        );
        for block in &b.blocks {
            self.block(block);
        }
        self.out.push_str("</div>\n</div>\n");
    }

    fn chart(&mut self, c: &Chart) {
        self.charts += 1;
        let id = format!("chart-{}", self.charts);
        let _ = write!(
            self.out,
            "<figure>\n<figcaption id=\"{id}-caption\">{}</figcaption>\n",
            text(&c.title)
        );
        self.out.push_str(&bar_chart_svg(c, &id));
        self.out.push_str("</figure>\n");
    }
}

/// Series fills: the target light with a dark outline, the actual dark, so the two differ
/// in lightness as well as hue.
const FILLS: [(&str, &str); 3] = [
    ("#c9d8ec", "#1f4e8c"),
    ("#1f4e8c", "#1f4e8c"),
    ("#b35c00", "#7a3f00"),
];

/// Approximate advance of a label at 13 px (CJK full width, digits and signs narrower).
/// A cell on the table's grid: its first column, last column, last row, and its scope
/// when it is a heading.
type Placed = (usize, usize, usize, Option<Scope>);

/// The `id` of each heading cell and the headings of each cell of a table, laid out on
/// the grid the spans make (the HTML table model): a cell's headings are the column
/// headings above any of its columns and the row headings left of it in its rows.
struct HeaderLinks {
    /// Per row (header rows first), per cell: its id (headings only) and its headings.
    cells: Vec<Vec<(Option<String>, Vec<String>)>>,
}

impl HeaderLinks {
    fn new(t: &Table, table_id: &str) -> Self {
        let rows: Vec<&Vec<Cell>> = t.header.iter().chain(&t.body).collect();
        // Where each cell lies, and the grid's occupied slots.
        let mut placed: Vec<Vec<Placed>> = Vec::new();
        let mut taken: Vec<Vec<bool>> = vec![Vec::new(); rows.len()];
        for (r, row) in rows.iter().enumerate() {
            let mut col = 0;
            let mut here = Vec::new();
            for c in row.iter() {
                while taken[r].get(col).copied().unwrap_or(false) {
                    col += 1;
                }
                let (w, h) = (c.col_span.max(1) as usize, c.row_span.max(1) as usize);
                for slots in taken.iter_mut().skip(r).take(h) {
                    if slots.len() < col + w {
                        slots.resize(col + w, false);
                    }
                    for slot in &mut slots[col..col + w] {
                        *slot = true;
                    }
                }
                here.push((col, col + w - 1, r + h - 1, c.header));
                col += w;
            }
            placed.push(here);
        }
        let id = |r: usize, i: usize| format!("{table_id}-h{r}-{i}");
        let header_rows = t.header.len();
        // The row headings over each body row, so that a cell looks at its own rows only
        // (not at every cell of a long table).
        let mut row_heads: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); placed.len()];
        for (hr, row) in placed.iter().enumerate().skip(header_rows) {
            for (hi, &(_, hl, hb, hs)) in row.iter().enumerate() {
                if matches!(hs, Some(Scope::Row | Scope::RowGroup)) {
                    for heads in &mut row_heads[hr..=hb.min(placed.len() - 1)] {
                        heads.push((hr, hi, hl));
                    }
                }
            }
        }
        let cells = placed
            .iter()
            .enumerate()
            .map(|(r, here)| {
                here.iter()
                    .enumerate()
                    .map(|(i, &(first, last, bottom, scope))| {
                        let own = scope.map(|_| id(r, i));
                        // Column headings: in a header row above, over one of the cell's
                        // columns.
                        let mut headers: Vec<String> = Vec::new();
                        for (hr, above) in placed.iter().enumerate().take(header_rows.min(r)) {
                            for (hi, &(hf, hl, hb, hs)) in above.iter().enumerate() {
                                if hb < r
                                    && hf <= last
                                    && first <= hl
                                    && matches!(hs, Some(Scope::Col | Scope::ColGroup))
                                {
                                    headers.push(id(hr, hi));
                                }
                            }
                        }
                        // Row headings: left of the cell, in one of its rows.
                        let mut rows: Vec<(usize, usize)> = row_heads
                            [r..=bottom.min(placed.len() - 1)]
                            .iter()
                            .flatten()
                            .filter(|&&(hr, hi, hl)| (hr, hi) != (r, i) && hl < first)
                            .map(|&(hr, hi, _)| (hr, hi))
                            .collect();
                        rows.sort_unstable();
                        rows.dedup();
                        headers.extend(rows.into_iter().map(|(hr, hi)| id(hr, hi)));
                        (own, headers)
                    })
                    .collect()
            })
            .collect();
        HeaderLinks { cells }
    }

    /// The id and the headings of the `i`-th cell of row `r` (header rows first).
    fn of(&self, r: usize, i: usize) -> (Option<&str>, Vec<&str>) {
        self.cells
            .get(r)
            .and_then(|row| row.get(i))
            .map_or((None, Vec::new()), |(id, headers)| {
                (id.as_deref(), headers.iter().map(String::as_str).collect())
            })
    }
}

fn label_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 7.6 } else { 13.0 })
        .sum()
}

fn fmt(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

fn value(n: &Number) -> f64 {
    n.value.try_into().unwrap_or(0.0)
}

/// A grouped bar chart as inline SVG: zero line at the value 0, every bar labelled with its
/// printed value (turned upright when it is wider than the bar), legend on top.
fn bar_chart_svg(c: &Chart, id: &str) -> String {
    const W: f64 = 520.0;
    const SIDE: f64 = 12.0;
    const LEGEND: f64 = 26.0;
    const AXIS: f64 = 24.0;
    const PLOT: f64 = 170.0;
    let groups = c.categories.len().max(1) as f64;
    let series = c.series.len().max(1) as f64;
    let group_w = (W - 2.0 * SIDE) / groups;
    let bar_w = group_w * 0.76 / series;
    let labels: Vec<Vec<Option<(f64, String)>>> = c
        .series
        .iter()
        .map(|s| {
            s.values
                .iter()
                .map(|v| {
                    v.as_ref()
                        .map(|n| (value(n), format_number(n, NumberStyle::Print)))
                })
                .collect()
        })
        .collect();
    let upright = labels
        .iter()
        .flatten()
        .flatten()
        .any(|(_, t)| label_width(t) > bar_w + 2.0);
    // Room above the tallest bar for its label.
    let label_room = if upright {
        labels
            .iter()
            .flatten()
            .flatten()
            .map(|(_, t)| label_width(t))
            .fold(0.0, f64::max)
            + 6.0
    } else {
        16.0
    };
    let values: Vec<f64> = labels.iter().flatten().flatten().map(|(v, _)| *v).collect();
    let min = values.iter().copied().fold(0.0, f64::min);
    // All zero (or no values): the zero line sits at the bottom and the plot keeps its height.
    let max = match values.iter().copied().fold(0.0, f64::max) {
        m if m > 0.0 || min < 0.0 => m,
        _ => 1.0,
    };
    let span = max - min;
    let top = LEGEND + label_room;
    let h = top + PLOT + AXIS + if min < 0.0 { 16.0 } else { 0.0 };
    let y = |v: f64| top + (max - v) / span * PLOT;
    let zero = y(0.0);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {W} {}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-size=\"13\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        fmt(h),
        text(&c.title),
        text(&c.alt)
    );
    // Legend.
    let mut lx = SIDE;
    for (i, se) in c.series.iter().enumerate() {
        let (fill, stroke) = FILLS[i % FILLS.len()];
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"7\" width=\"14\" height=\"14\" fill=\"{fill}\" stroke=\"{stroke}\"/>\
             <text x=\"{}\" y=\"19\" fill=\"#1a1a1a\">{}</text>",
            fmt(lx),
            fmt(lx + 19.0),
            text(&se.name)
        );
        lx += 19.0 + label_width(&se.name) + 18.0;
    }
    for (g, cat) in c.categories.iter().enumerate() {
        let gx = SIDE + g as f64 * group_w + group_w * 0.12;
        for (k, series_labels) in labels.iter().enumerate() {
            let (fill, stroke) = FILLS[k % FILLS.len()];
            let Some(Some((v, label))) = series_labels.get(g) else {
                continue;
            };
            let x = gx + k as f64 * bar_w;
            let (y0, y1) = if *v >= 0.0 {
                (y(*v), zero)
            } else {
                (zero, y(*v))
            };
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\"/>",
                fmt(x),
                fmt(y0),
                fmt(bar_w - 2.0),
                fmt((y1 - y0).max(0.0))
            );
            let cx = x + (bar_w - 2.0) / 2.0;
            let ty = if *v >= 0.0 { y0 - 4.0 } else { y1 + 12.0 };
            if upright {
                let _ = write!(
                    s,
                    "<text transform=\"translate({} {}) rotate(-90)\" fill=\"#1a1a1a\">{}</text>",
                    fmt(cx + 4.0),
                    fmt(ty),
                    text(label)
                );
            } else {
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#1a1a1a\">{}</text>",
                    fmt(cx),
                    fmt(ty),
                    text(label)
                );
            }
        }
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#1a1a1a\" font-size=\"14\">{}</text>",
            fmt(SIDE + (g as f64 + 0.5) * group_w),
            fmt(h - 7.0),
            text(cat)
        );
    }
    let _ = writeln!(
        s,
        "<line x1=\"{SIDE}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#1a1a1a\" stroke-width=\"1.2\"/></svg>",
        fmt(W - SIDE),
        fmt(zero),
        fmt(zero)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ChartKind, Series, Table};

    fn y1(svg: &str) -> f64 {
        let at = svg.find("<line").unwrap();
        let rest = &svg[at..];
        let v = &rest[rest.find("y1=\"").unwrap() + 4..];
        v[..v.find('"').unwrap()].parse().unwrap()
    }

    fn chart(values: &[i64]) -> Chart {
        let n = |v: i64| {
            Some(Number {
                value: v.into(),
                decimals: 0,
                unit: "件".to_string(),
            })
        };
        Chart {
            kind: ChartKind::Bar,
            title: "t".to_string(),
            categories: (0..values.len()).map(|i| format!("R{i}")).collect(),
            series: vec![Series {
                name: "実績".to_string(),
                values: values.iter().map(|v| n(*v)).collect(),
            }],
            alt: "a".to_string(),
        }
    }

    #[test]
    fn the_zero_line_of_an_all_zero_chart_is_at_the_bottom() {
        // Plan ①'s charts: every value 0. The zero line must sit where it sits when some
        // values are positive, under the plot, not at its top.
        let zeros = bar_chart_svg(&chart(&[0, 0, 0]), "c");
        let some = bar_chart_svg(&chart(&[0, 3, 1]), "c");
        assert_eq!(y1(&zeros), y1(&some));
        assert!(zeros.contains(">0件</text>"), "zero bars are labelled");
    }

    #[test]
    fn cells_under_headings_on_two_levels_name_their_headings() {
        // 基本方針別の評価: 「評価」 over A–D, a row heading per 方針 (pa11y's H43).
        let th = |t: &str, span: (u32, u32), scope: Scope| Cell {
            content: CellContent::Text(t.to_string()),
            col_span: span.0,
            row_span: span.1,
            header: Some(scope),
        };
        let td = |t: &str| Cell {
            content: CellContent::Text(t.to_string()),
            col_span: 1,
            row_span: 1,
            header: None,
        };
        let table = Table {
            caption: "基本方針別の評価".to_string(),
            header: vec![
                vec![
                    th("基本方針", (1, 2), Scope::Col),
                    th("評価", (2, 1), Scope::ColGroup),
                ],
                vec![th("A", (1, 1), Scope::Col), th("B", (1, 1), Scope::Col)],
            ],
            body: vec![vec![th("方針1", (1, 1), Scope::Row), td("3"), td("1")]],
            widths: Vec::new(),
        };
        let mut w = Writer::default();
        w.table(&table);
        let html = w.out;
        // The heading cells of row 0 are h0-0 (基本方針) and h0-1 (評価), of row 1 h1-0 (A),
        // h1-1 (B); 方針1 is h2-0.
        for id in ["h0-0", "h0-1", "h1-0", "h1-1", "h2-0"] {
            assert!(
                html.contains(&format!("id=\"table-1-{id}\"")),
                "{id}: {html}"
            );
        }
        assert!(
            html.contains("<td headers=\"table-1-h0-1 table-1-h1-0 table-1-h2-0\">3</td>"),
            "{html}"
        );
        assert!(
            html.contains("<td headers=\"table-1-h0-1 table-1-h1-1 table-1-h2-0\">1</td>"),
            "{html}"
        );
        // 方針1 is headed by 基本方針 above it.
        assert!(
            html.contains("headers=\"table-1-h0-0\">方針1</th>"),
            "{html}"
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            text("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(lines("一\n<二>"), "一<br/>&lt;二&gt;");
    }
}
