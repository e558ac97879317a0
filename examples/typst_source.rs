//! Writes the book as a Typst source (`.typ`) from the same [`Document`] the HTML and CSV
//! editions are written from, so that `bench/compare.sh` can time Typst on content
//! equivalent to hyoka's PDF: the same sections, headings, paragraphs, tables (with their
//! merged cells), charts, boxes, page breaks, marks and footer, in the book's font.
//!
//! ```text
//! cargo run --release --example typst_source -- OUT.typ [入力フォルダ] [計画定義ファイル]
//! typst compile --font-path fonts OUT.typ OUT.pdf
//! ```
//!
//! Each block maps to one Typst construct; nothing here decides content (numbers print through
//! `compose::format_number`, as in every writer).

use std::fmt::Write as _;
use std::path::PathBuf;

use hyoka::compose::{ComposeOptions, NumberStyle, compose_book, format_number};
use hyoka::document::{
    Block, Cell, CellContent, Chart, Document, LabelledBox, ParagraphStyle, Section, Table,
};
use hyoka::pipeline::{BuildOptions, Prepared, prepare_book};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "使い方: typst_source 出力.typ [入力フォルダ] [計画定義ファイル]";
    let out = PathBuf::from(args.next().ok_or(usage)?);
    let input = PathBuf::from(args.next().unwrap_or_else(|| "input".into()));
    let plan = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "plans/azumino-4th.toml".into()),
    );
    let options = BuildOptions {
        year: None,
        input,
        plan,
        templates: PathBuf::from("templates"),
        allow_errors: false,
        date: None,
        intake: Default::default(),
    };
    let book = match prepare_book(&options)? {
        Prepared::Book { book, .. } => book,
        Prepared::Rejected { diagnostics, .. } => {
            return Err(format!("入力にエラーが {} 件あります", diagnostics.len()).into());
        }
    };
    let document = compose_book(&book, &ComposeOptions::default());
    std::fs::write(&out, typst(&document))?;
    Ok(())
}

/// The whole Document as Typst markup.
fn typst(doc: &Document) -> String {
    let mut t = String::new();
    let marks: Vec<&str> = [&doc.meta.sample_mark, &doc.meta.provisional_mark]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let _ = writeln!(
        t,
        "#set document(title: {})\n\
         #set text(font: \"BIZ UDGothic\", lang: {}, size: 10pt)\n\
         #set page(paper: \"a4\", margin: (x: 18mm, y: 20mm),\n  \
           header: align(right, text(size: 8pt, fill: red, {})),\n  \
           footer: context align(center, text(size: 8pt, {} + \"　\" + counter(page).display(\"1\"))))\n\
         #set par(justify: false, leading: 0.7em)\n\
         #set table(stroke: 0.5pt, inset: 3pt)\n\
         #show heading.where(level: 1): set text(size: 18pt)\n\
         #show heading.where(level: 2): set text(size: 14pt)\n\
         #show heading.where(level: 3): set text(size: 11pt)",
        string(&doc.meta.title),
        string(&doc.meta.lang),
        string(&marks.join("　")),
        string(&doc.meta.footer),
    );
    for (i, section) in doc.sections.iter().enumerate() {
        self::section(&mut t, section);
        // 目次 after the cover, as in the PDF.
        if i == 0 {
            let _ = writeln!(
                t,
                "#pagebreak(weak: true)\n#outline(title: {}, depth: 2)",
                string(&doc.meta.contents_label)
            );
        }
    }
    t
}

fn section(t: &mut String, section: &Section) {
    // A wide section gets landscape pages; `set page` starts a new page either way.
    let _ = writeln!(
        t,
        "#set page(flipped: {})\n#pagebreak(weak: true)",
        section.wide
    );
    let _ = writeln!(t, "#[");
    for block in &section.blocks {
        self::block(t, block, section.contents_title.is_some());
    }
    let _ = writeln!(t, "] <{}>", section.id);
}

fn block(t: &mut String, block: &Block, outlined: bool) {
    match block {
        Block::Heading(h) => {
            // Level 1 and 2 headings of titled sections make the 目次.
            let _ = writeln!(
                t,
                "#heading(level: {}, outlined: {})[{}]",
                h.level,
                outlined && h.level <= 2,
                lines(&h.text)
            );
        }
        Block::Paragraph(p) => {
            let text = lines(&p.text);
            let _ = match p.style {
                ParagraphStyle::Body => writeln!(t, "#par(first-line-indent: 1em)[{text}]"),
                ParagraphStyle::Cover => {
                    writeln!(t, "#align(center, text(size: 14pt)[{text}])\n#v(1em)")
                }
                ParagraphStyle::Note => writeln!(t, "#text(size: 8pt)[{text}]\n"),
                ParagraphStyle::Mark => {
                    writeln!(t, "#text(fill: red, weight: \"bold\")[{text}]\n")
                }
            };
        }
        Block::List(list) => {
            let _ = write!(t, "#{}(", if list.ordered { "enum" } else { "list" });
            for item in &list.items {
                let _ = write!(t, "[{}], ", lines(item));
            }
            let _ = writeln!(t, ")");
        }
        Block::Table(table) => self::table(t, table),
        Block::Chart(chart) => self::chart(t, chart),
        Block::Box(b) => boxed(t, b, outlined),
        Block::KeepTogether(blocks) => {
            let _ = writeln!(t, "#block(breakable: false)[");
            for b in blocks {
                self::block(t, b, outlined);
            }
            let _ = writeln!(t, "]");
        }
        Block::PageBreak => {
            let _ = writeln!(t, "#pagebreak(weak: true)");
        }
    }
}

fn table(t: &mut String, table: &Table) {
    let columns = table
        .header
        .iter()
        .chain(&table.body)
        .map(|row| row.iter().map(|c| c.col_span as usize).sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(table.widths.len())
        .max(1);
    let widths: Vec<String> = if table.widths.is_empty() {
        vec!["1fr".into(); columns]
    } else {
        table.widths.iter().map(|w| format!("{w}fr")).collect()
    };
    let _ = writeln!(
        t,
        "#figure(kind: table, supplement: none, caption: figure.caption(position: top, {}),\n\
         table(columns: ({},),",
        string(&table.caption),
        widths.join(", ")
    );
    if !table.header.is_empty() {
        let _ = write!(t, "table.header(");
        for row in &table.header {
            for c in row {
                cell(t, c, true);
            }
        }
        let _ = writeln!(t, "),");
    }
    for row in &table.body {
        for c in row {
            cell(t, c, false);
        }
        t.push('\n');
    }
    let _ = writeln!(t, "))");
}

fn cell(t: &mut String, cell: &Cell, in_header: bool) {
    let (content, align) = match &cell.content {
        CellContent::Text(s) => (lines(s), "left"),
        CellContent::Number(n) => (
            format!("#{}", string(&format_number(n, NumberStyle::Print))),
            "right",
        ),
        CellContent::Grade(g) => (format!("#{}", string(&g.mark)), "center"),
        CellContent::Empty => (String::new(), "left"),
    };
    let fill = if in_header || cell.header.is_some() {
        ", fill: luma(230)"
    } else {
        ""
    };
    let _ = write!(
        t,
        "table.cell(colspan: {}, rowspan: {}, align: {align}{fill})[{content}], ",
        cell.col_span, cell.row_span
    );
}

/// Bars drawn as rectangles, one group per category, with the values above the bars and a
/// legend: what the PDF's chart shows.
fn chart(t: &mut String, chart: &Chart) {
    let max = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .map(|n| n.value)
        .max()
        .unwrap_or_default();
    let scale = |v: rust_decimal::Decimal| -> f64 {
        if max.is_zero() {
            0.0
        } else {
            use rust_decimal::prelude::ToPrimitive;
            (v / max).to_f64().unwrap_or(0.0).max(0.0) * 40.0
        }
    };
    let colours = ["rgb(\"#4472c4\")", "rgb(\"#ed7d31\")", "rgb(\"#a5a5a5\")"];
    let _ = writeln!(
        t,
        "#figure(kind: image, supplement: none, caption: {}, block(breakable: false)[",
        string(&chart.title)
    );
    let _ = writeln!(
        t,
        "#grid(columns: {}, column-gutter: 6pt, align: bottom + center,",
        chart.categories.len().max(1)
    );
    for (i, _) in chart.categories.iter().enumerate() {
        let _ = write!(t, "stack(dir: ltr, spacing: 2pt, ");
        for (k, series) in chart.series.iter().enumerate() {
            match series.values.get(i).and_then(Option::as_ref) {
                Some(n) => {
                    let _ = write!(
                        t,
                        "stack(dir: ttb, spacing: 1pt, text(size: 6pt, {}), rect(width: 10pt, height: {:.2}mm, fill: {})), ",
                        string(&format_number(n, NumberStyle::Print)),
                        scale(n.value),
                        colours[k % colours.len()]
                    );
                }
                None => {
                    let _ = write!(t, "box(width: 10pt), ");
                }
            }
        }
        let _ = writeln!(t, "),");
    }
    for category in &chart.categories {
        let _ = write!(t, "text(size: 8pt, {}), ", string(category));
    }
    let _ = writeln!(t, ")");
    let legend: Vec<String> = chart
        .series
        .iter()
        .enumerate()
        .map(|(k, s)| {
            format!(
                "box(rect(width: 6pt, height: 6pt, fill: {})) + h(2pt) + text(size: 8pt, {})",
                colours[k % colours.len()],
                string(&s.name)
            )
        })
        .collect();
    let _ = writeln!(
        t,
        "#align(center, {})\n#hide[{}]\n])",
        if legend.is_empty() {
            "[]".to_string()
        } else {
            legend.join(" + h(8pt) + ")
        },
        lines(&chart.alt)
    );
}

fn boxed(t: &mut String, b: &LabelledBox, outlined: bool) {
    let _ = writeln!(t, "#text(weight: \"bold\")[{}]", lines(&b.label));
    if b.blocks.is_empty() {
        let _ = writeln!(t, "#rect(width: 100%, height: 30mm)");
    } else {
        let _ = writeln!(t, "#rect(width: 100%, inset: 6pt)[");
        for block in &b.blocks {
            self::block(t, block, outlined);
        }
        let _ = writeln!(t, "]");
    }
}

/// Text with its `\n` line breaks, as markup that takes every character literally.
fn lines(s: &str) -> String {
    s.split('\n')
        .map(|line| format!("#{}", string(line)))
        .collect::<Vec<_>>()
        .join("#linebreak()")
}

/// A Typst string literal.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
