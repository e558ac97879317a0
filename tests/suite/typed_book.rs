//! The Book (the Evaluation) holds values, not their printed forms: a year is a `FiscalYear`,
//! the date a `Date`, a grade a position in the scale, a figure a `Number` of value and
//! decimals; compose decides how each prints. Text stays text only where a person wrote it.
//!
//! Read from the sources, so that a new `String` field in `src/book/` or `src/values/` fails
//! here until it is either made a value or listed below with the reason it is text.

use std::collections::BTreeMap;
use std::path::Path;

/// Fields that hold what a person wrote (the plan file, a department's workbook, the
/// committee's review) or an identifier: text by nature, printed as given.
const USER_TEXT: &[&str] = &[
    // The committee's opinions and the departments' responses, as typed.
    "OpinionFollowUp.id",
    "OpinionFollowUp.opinion",
    "OpinionFollowUp.member",
    "OpinionFollowUp.response",
    "Opinion.id",
    "Opinion.text",
    "Opinion.member",
    // The 委員会評価 as the committee typed it (a mark, or 妥当／要再検討).
    "PlanReview.grade",
    // Where the figures were read: paths, digests, sheet names and cells are identifiers.
    "SourceFile.path",
    "SourceFile.sha256",
    "SourceFile.sheets",
    "Cite.cell",
    // The outline's own names, from the plan file.
    "BookMeta.outline_title",
    "BookMeta.city",
    "BookMeta.committee",
    "BookMeta.philosophy",
    "BookMeta.book_title",
    // The scale's marks and names, as the plan file gives them.
    "ScaleRow.mark",
    "ScaleRow.label",
    // A plan's definition, from the plan file.
    "ListRow.department",
    "ListRow.period",
    "ListRow.indicator",
    "PlanPage.name",
    "PlanPage.department",
    "PlanPage.period",
    "PlanPage.target_text",
    "PlanPage.actions",
    "PlanPage.effects",
    "PlanPage.general_plan",
    "PlanPage.interpretations",
    "PlanOutlook.name",
    "FinalPlan.name",
    "FinalPlan.department",
    "FinalPlan.period",
    "RevisionResult.original_text",
    "RevisionResult.revised_text",
    "RevisionResult.reason",
    "RevisionResult.decided",
    // An indicator's key, label, unit and answers, from the plan file.
    "IndicatorResult.key",
    "IndicatorResult.label",
    "IndicatorResult.unit",
    "IndicatorResult.choices",
    "IndicatorHistory.key",
    "IndicatorHistory.label",
    "IndicatorHistory.unit",
    "IndicatorHistory.choices",
    "IndicatorOutlook.key",
    "IndicatorOutlook.label",
    "IndicatorOutlook.unit",
    "PeriodResult.key",
    "PeriodResult.label",
    "PeriodResult.unit",
    // What a department wrote: its 自己評価 as typed, 取組実績, 課題, 今後の方向性.
    "ListRow.self_grade",
    "PlanPage.self_grade",
    "PlanPage.achievements",
    "PlanPage.issues",
    "PlanPage.direction",
    "FinalPlan.achievements",
    "FinalPlan.issues",
];

/// Text the Book still makes for print, to be moved into compose. Listed so that it cannot
/// grow unseen: a field that is moved must leave this list (a stale entry fails too).
const PRINTED_TO_MOVE: &[&str] = &[
    // Rendered from the templates (their data already gets the year and date as printed).
    "Wording.title",
    "Wording.cover_note",
    "Wording.sample_mark",
    "Wording.introduction",
    "Wording.method_intro",
    "Wording.summary_intro",
    "Wording.footer",
    // Fixed sentences and the kinds' descriptions of 評価の方法.
    "Method.rounding",
    "Method.plan_rule",
    "ScaleRow.condition",
    "KindMethod.name",
    "KindMethod.description",
    "KindMethod.plans",
    "Outlook.method",
    "FinalEvaluation.method",
    // A plan's display mark (「①」) and its levels with their ids (「Ⅰ …」, 「(1) …」).
    "PlanFollowUp.mark",
    "PlanReview.mark",
    "PlanPage.mark",
    "PlanOutlook.mark",
    "FinalPlan.mark",
    "Outlook.finished",
    "Outlook.yearly_only",
    "ListRow.plan_name",
    "ListRow.policy",
    "ListRow.focus_area",
    "PlanPage.policy",
    "PlanPage.focus_area",
    "SummaryRow.label",
    "ReachedRow.label",
    // The scale's marks as 総括's columns (compose could read them from the scale).
    "Summary.columns",
    // Notes and reasons worded in evaluate (could be enums compose words).
    "IndicatorResult.basis_label",
    "IndicatorResult.note",
    "IndicatorOutlook.kind",
    "IndicatorOutlook.no_projection",
    "PeriodResult.kind",
    "PeriodResult.note",
    // The submission's place as printed; `PlanPage::cites` holds it as a cite.
    "PlanPage.source",
];

/// `Struct.field` → its type, for every named field of every `pub struct` in the `.rs` files
/// of `dir`.
fn fields(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        out.extend(fields_of(&source));
    }
    out
}

fn fields_of(source: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let code = line.trim();
        if code.starts_with("//") {
            continue;
        }
        if let Some(rest) = code.strip_prefix("pub struct ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // A unit or tuple struct has no named fields.
            current = code.ends_with('{').then_some(name);
            continue;
        }
        if line.starts_with('}') {
            current = None;
            continue;
        }
        let Some(name) = &current else { continue };
        if let Some(field) = code.strip_prefix("pub ")
            && let Some((field, ty)) = field.split_once(": ")
        {
            out.insert(
                format!("{name}.{field}"),
                ty.trim_end_matches(',').to_string(),
            );
        }
    }
    out
}

fn holds_text(ty: &str) -> bool {
    ty.contains("String") || ty.contains("str")
}

#[test]
fn the_book_holds_values_and_only_user_text() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = fields(&src.join("book"));
    all.extend(fields(&src.join("values")));
    // The scan must see the typed fields, or an empty scan would pass.
    for (field, ty) in [
        ("BookMeta.year", "FiscalYear"),
        ("BookMeta.date", "Date"),
        ("PlanPage.grade", "Option<Grade>"),
        ("HistoryPoint.grade", "Option<Grade>"),
        ("IndicatorResult.target", "Option<Number>"),
        ("FinalPlan.final_year", "FiscalYear"),
        ("RevisionResult.from", "FiscalYear"),
        ("Number.decimals", "u32"),
        ("PlanPage.achievements", "String"),
    ] {
        assert_eq!(
            all.get(field).map(String::as_str),
            Some(ty),
            "the scan misses {field}"
        );
    }
    let text: Vec<&String> = all
        .iter()
        .filter(|(_, ty)| holds_text(ty))
        .map(|(f, _)| f)
        .collect();
    let unexplained: Vec<&&String> = text
        .iter()
        .filter(|f| !USER_TEXT.contains(&f.as_str()) && !PRINTED_TO_MOVE.contains(&f.as_str()))
        .collect();
    assert!(
        unexplained.is_empty(),
        "text in the Book that is neither a person's text nor listed to move into compose \
         (make it a value compose prints): {unexplained:?}"
    );
    let stale: Vec<&&str> = USER_TEXT
        .iter()
        .chain(PRINTED_TO_MOVE)
        .filter(|f| !text.iter().any(|t| t == *f))
        .collect();
    assert!(stale.is_empty(), "listed but no longer text: {stale:?}");
    // A value's printed form (`year_label`, `date_label`) is never a person's text.
    let labels: Vec<&&str> = USER_TEXT.iter().filter(|f| f.ends_with("_label")).collect();
    assert!(
        labels.is_empty(),
        "printed forms listed as user text: {labels:?}"
    );
    // A Number is its value, decimals and percent flag: no text.
    assert!(
        all.iter()
            .filter(|(f, _)| f.starts_with("Number."))
            .all(|(_, ty)| !holds_text(ty)),
        "values::Number carries text: {all:?}"
    );
}

#[test]
fn the_scan_reads_fields_and_skips_comments() {
    let found = fields_of(
        "/// A doc.\npub struct A {\n    /// pub fake: String,\n    pub year_label: String,\n    pub year: FiscalYear,\n}\npub struct B(pub u8);\nstruct C {\n    x: String,\n}\n",
    );
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        [
            ("A.year".to_string(), "FiscalYear".to_string()),
            ("A.year_label".to_string(), "String".to_string()),
        ]
    );
}

/// The sample's book as JSON (what `hyoka build --dump-json` prints), wording aside, names
/// the report year, the date and the figures only as values.
#[test]
fn the_sample_book_prints_no_year_date_or_figure() {
    let book = crate::pdf_pages::sample_book();
    let mut json = serde_json::to_value(&book).unwrap();
    json.as_object_mut().unwrap().remove("wording");
    let text = json.to_string();
    for printed in [
        hyoka::text::wareki::fiscal_year_label(book.meta.year),
        hyoka::text::wareki::date_label(book.meta.date),
    ] {
        assert!(!text.contains(&printed), "the Book holds 「{printed}」");
    }
    assert!(text.contains(r#""date":"2025-05-31""#), "{text:.300}");
    let mut numbers = 0;
    assert_no_number_text(&json, &mut numbers);
    assert!(numbers > 100, "the sample's figures: {numbers}");
}

/// Every number object (one with `decimals`) holds no `text`; counts them.
fn assert_no_number_text(json: &serde_json::Value, numbers: &mut usize) {
    match json {
        serde_json::Value::Object(map) => {
            if map.contains_key("decimals") {
                *numbers += 1;
                assert!(!map.contains_key("text"), "a Number with its text: {map:?}");
            }
            map.values().for_each(|v| assert_no_number_text(v, numbers));
        }
        serde_json::Value::Array(items) => {
            items.iter().for_each(|v| assert_no_number_text(v, numbers));
        }
        _ => {}
    }
}
