//! Characters the embedded font cannot draw: found on the laid-out pages, named by the plan
//! and field they come from, and returned as warnings instead of silent `.notdef` boxes.
//!
//! The pages say what is drawn and in which face; the book says where each text came from.
//! A character is looked up in the book only when a page lacks its glyph, so the usual book
//! (every character in the font) costs one glyph lookup per drawn character.

use std::collections::{BTreeMap, BTreeSet};

use super::font::{Fonts, normalize};
use super::layout::{Item, Page};
use crate::book::{Book, PlanPage};
use crate::diag::{Diagnostic, Source};

/// Code of the warning.
pub const CODE: &str = "pdf-missing-glyph";

/// Characters of `pages` that the face they are drawn in has no glyph for, in code point order.
pub fn missing_chars(pages: &[Page], fonts: &Fonts<'_>) -> BTreeSet<char> {
    let mut missing = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for page in pages {
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            let face = fonts.get(run.face);
            for c in run.text.chars() {
                // Spaces and controls are not drawn as glyphs; each (face, char) is looked up once.
                if c.is_whitespace() || c.is_control() || !seen.insert((run.face, c)) {
                    continue;
                }
                if face.glyph(c) == 0 {
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

/// The texts of a plan page the PDF prints, with the field names the PDF shows beside them.
fn plan_fields(plan: &PlanPage) -> Vec<(String, &str)> {
    let mut fields: Vec<(String, &str)> = vec![
        ("アクションプラン名".into(), plan.name.as_str()),
        ("担当課".into(), plan.department.as_str()),
        ("取組期間".into(), plan.period.as_str()),
        ("目標・指標".into(), plan.target_text.as_str()),
        ("取組内容".into(), plan.actions.as_str()),
        ("得られる効果".into(), plan.effects.as_str()),
        ("第2次総合計画の方針".into(), plan.general_plan.as_str()),
        ("取組実績".into(), plan.achievements.as_str()),
        ("課題".into(), plan.issues.as_str()),
        ("今後の方向性".into(), plan.direction.as_str()),
        ("自己評価".into(), plan.self_grade.as_str()),
    ];
    for text in &plan.interpretations {
        fields.push(("目標の読み方".into(), text.as_str()));
    }
    for r in &plan.results {
        fields.push((format!("指標「{}」", r.label), r.label.as_str()));
        fields.push((format!("指標「{}」の単位", r.label), r.unit.as_str()));
        if let Some(note) = &r.note {
            fields.push((format!("指標「{}」の備考", r.label), note.as_str()));
        }
    }
    for h in &plan.history {
        fields.push((format!("指標「{}」の推移", h.label), h.label.as_str()));
    }
    fields
}

/// One warning per plan and field holding characters of `missing`, in the book's order; the
/// rest (title, wording, diagnostics) in one warning without a plan.
pub fn missing_glyph_warnings(book: &Book, missing: &BTreeSet<char>) -> Vec<Diagnostic> {
    if missing.is_empty() {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    let mut attributed = BTreeSet::new();
    for plan in &book.plans {
        // Fields in the PDF's order; a field named twice (two indicators' notes) merges.
        let mut by_field: BTreeMap<usize, (String, BTreeSet<char>)> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for (field, text) in plan_fields(plan) {
            let found: BTreeSet<char> = normalize(text)
                .chars()
                .filter(|c| missing.contains(c))
                .collect();
            if found.is_empty() {
                continue;
            }
            let index = order.iter().position(|f| *f == field).unwrap_or_else(|| {
                order.push(field.clone());
                order.len() - 1
            });
            by_field
                .entry(index)
                .or_insert_with(|| (field, BTreeSet::new()))
                .1
                .extend(found);
        }
        // The book's display id, when the plan file gives the plan one of its own (「1-1」).
        let own_id =
            (plan.mark != crate::text::number::circled(plan.number)).then(|| plan.mark.clone());
        for (field, chars) in by_field.into_values() {
            attributed.extend(chars.iter().copied());
            let list: Vec<String> = chars.iter().map(|c| describe(*c)).collect();
            let mut d = Diagnostic::warning(
                CODE,
                format!(
                    "PDF のフォントにない文字があります: {}（{} {}）。PDF では □ と表示されます",
                    list.join("、"),
                    own_id.as_ref().map_or_else(
                        || crate::text::number::plan_label(plan.number),
                        |id| format!("プラン{id}")
                    ),
                    field
                ),
            )
            .plan_as(plan.number, own_id.clone())
            .field(field)
            .hint(HINT);
            if let Some(source) = &plan.source {
                d = d.at(source_of(source));
            }
            warnings.push(d);
        }
    }
    let rest: Vec<String> = missing
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
