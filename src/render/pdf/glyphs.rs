//! Characters the embedded font cannot draw: found on the laid-out pages, placed in the
//! Document (section and field), and named by plan and workbook as warnings instead of
//! silent `.notdef` boxes.
//!
//! The pages say what is drawn and in which face; the Document says where each text is
//! (the section, and the row heading or heading above it); the Book names the plan's
//! workbook. A character is looked up only when a page lacks its glyph, so the usual book
//! (every character in the font) costs one glyph lookup per drawn character.

use std::collections::BTreeSet;

use super::font::{Fonts, normalize};
use super::layout::{Item, Page};
use crate::book::Book;
use crate::diag::{Diagnostic, Source};
use crate::document::{Block, Cell, CellContent, Document, Scope};
/// Code of the warning.
pub const CODE: &str = "pdf-missing-glyph";

/// Characters of `pages` that the face they are drawn in has no glyph for, in code point order.
pub fn missing_chars(pages: &[Page], fonts: &Fonts<'_>) -> BTreeSet<char> {
    let mut missing = BTreeSet::new();
    for page in pages {
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            let face = fonts.get(run.face);
            for c in run.text.chars() {
                // Spaces and controls are not drawn as glyphs; the face caches each lookup.
                if face.glyph(c) == 0 && !c.is_whitespace() && !c.is_control() {
                    missing.insert(c);
                }
            }
        }
    }
    missing
}

/// 「😀（U+1F600）」: the character and its code point, so an invisible one can be found too.
fn describe(c: char) -> String {
    format!("{c}（U+{:04X}）", u32::from(c))
}

/// Characters the font lacks, found in one field of one section of the Document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyphs {
    /// The section's id (「plan-5」).
    pub section: String,
    /// What the text is, as the page names it: the row's heading (「取組実績」), the heading
    /// above it, 「アクションプラン名」 for a plan's title.
    pub field: String,
    /// The characters, in code point order.
    pub chars: BTreeSet<char>,
}

/// Where in `doc` the characters of `missing` are, in the Document's order; a field named
/// twice in a section (two indicators' notes) is one entry.
pub fn find_missing(doc: &Document, missing: &BTreeSet<char>) -> Vec<MissingGlyphs> {
    let mut found: Vec<MissingGlyphs> = Vec::new();
    if missing.is_empty() {
        return found;
    }
    for section in &doc.sections {
        let mut texts: Vec<(String, &str)> = Vec::new();
        let title = section.contents_title.as_deref().unwrap_or_default();
        let plan = section.id.starts_with("plan-");
        collect(&section.blocks, title, plan, &mut texts);
        for (field, text) in texts {
            let chars: BTreeSet<char> = normalize(text)
                .chars()
                .filter(|c| missing.contains(c))
                .collect();
            if chars.is_empty() {
                continue;
            }
            match found
                .iter_mut()
                .find(|f| f.section == section.id && f.field == field)
            {
                Some(f) => f.chars.extend(chars),
                None => found.push(MissingGlyphs {
                    section: section.id.clone(),
                    field,
                    chars,
                }),
            }
        }
    }
    found
}

fn cell_text(c: &Cell) -> Option<&str> {
    match &c.content {
        CellContent::Text(s) => Some(s),
        CellContent::Grade(g) => Some(&g.mark),
        CellContent::Number(n) => Some(&n.unit),
        CellContent::Empty => None,
    }
}

/// Every text of `blocks` with the field it is shown under.
fn collect<'d>(blocks: &'d [Block], context: &str, plan: bool, out: &mut Vec<(String, &'d str)>) {
    let mut context = context.to_string();
    for block in blocks {
        match block {
            Block::Heading(h) => {
                let field = if plan && h.level <= 2 {
                    "アクションプラン名".to_string()
                } else {
                    h.text.clone()
                };
                out.push((field, &h.text));
                if h.level >= 3 {
                    context = h.text.clone();
                }
            }
            Block::Paragraph(p) => out.push((context.clone(), &p.text)),
            Block::List(l) => out.extend(l.items.iter().map(|i| (context.clone(), i.as_str()))),
            Block::Table(t) => {
                for row in t.header.iter().chain(&t.body) {
                    let field = row
                        .iter()
                        .find(|c| matches!(c.header, Some(Scope::Row | Scope::RowGroup)))
                        .and_then(cell_text)
                        .map_or_else(|| context.clone(), str::to_string);
                    out.extend(
                        row.iter()
                            .filter_map(cell_text)
                            .map(|text| (field.clone(), text)),
                    );
                }
            }
            Block::Chart(c) => {
                out.push((c.title.clone(), &c.title));
                out.extend(c.categories.iter().map(|t| (c.title.clone(), t.as_str())));
                out.extend(c.series.iter().map(|s| (c.title.clone(), s.name.as_str())));
            }
            Block::Box(b) => {
                out.push((b.label.clone(), &b.label));
                collect(&b.blocks, &b.label, plan, out);
            }
            Block::KeepTogether(inner) => collect(inner, &context, plan, out),
            Block::PageBreak => {}
        }
    }
}

/// One warning per plan and field holding characters the font lacks, in the Document's
/// order, each naming the plan's workbook; the rest (title, wording, 検証結果) in one
/// warning without a plan.
pub fn missing_glyph_warnings(found: &[MissingGlyphs], book: &Book) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut attributed = BTreeSet::new();
    let mut others = BTreeSet::new();
    for f in found {
        let Some(plan) = book
            .plans
            .iter()
            .find(|p| f.section == format!("plan-{}", p.number))
        else {
            others.extend(f.chars.iter().copied());
            continue;
        };
        attributed.extend(f.chars.iter().copied());
        // The book's display id, when the plan file gives the plan one of its own (「1-1」).
        let own_id =
            (plan.mark != crate::text::number::circled(plan.number)).then(|| plan.mark.clone());
        let list: Vec<String> = f.chars.iter().map(|c| describe(*c)).collect();
        let mut d = Diagnostic::warning(
            CODE,
            format!(
                "PDF のフォントにない文字があります: {}（{} {}）。PDF では □ と表示されます",
                list.join("、"),
                own_id.as_ref().map_or_else(
                    || crate::text::number::plan_label(plan.number),
                    |id| format!("プラン{id}")
                ),
                f.field
            ),
        )
        .plan_as(plan.number, own_id.clone())
        .field(f.field.clone())
        .hint(HINT);
        if let Some(source) = &plan.source {
            d = d.at(source_of(source));
        }
        warnings.push(d);
    }
    let rest: Vec<String> = others
        .iter()
        .filter(|c| !attributed.contains(c))
        .map(|c| describe(*c))
        .collect();
    if !rest.is_empty() {
        warnings.push(
            Diagnostic::warning(
                CODE,
                format!(
                    "PDF のフォントにない文字があります: {}（評価書の見出し・定型文・検証結果など）。PDF では □ と表示されます",
                    rest.join("、")
                ),
            )
            .hint(HINT),
        );
    }
    warnings
}

/// The book's 「file › sheet」 back as a [`Source`], so the warning is listed with the other
/// diagnostics of that workbook.
fn source_of(printed: &str) -> Source {
    match printed.split_once(" › ") {
        Some((file, sheet)) => Source {
            file: file.to_string(),
            sheet: Some(sheet.to_string()),
            ..Source::default()
        },
        None => Source::file(printed),
    }
}

const HINT: &str = "Excel の評価書にはそのまま表示されます。PDF でも読めるようにするには、常用の文字に置き換えてください";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_a_character_with_its_code_point() {
        assert_eq!(describe('😀'), "😀（U+1F600）");
        assert_eq!(describe('\u{FE0F}'), "\u{FE0F}（U+FE0F）");
    }
}
