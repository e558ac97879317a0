//! The fiscal year of a submission, from every place that states one: the sheet's 年度 cell,
//! a list's 年度 column or the block above its table, the file name and the folder names.
//!
//! They must agree. Last year's form reused and renamed 「2024年度_…」 with its cell still
//! saying 令和5年度 is the classic slip: filing its values under either year would be a guess,
//! so a disagreement is an エラー naming every year found and the values are not filed.

use crate::diag::{Diagnostic, Source};
use crate::text::{nfkc, wareki};
use crate::values::FiscalYear;

/// Where a year was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum YearPlace {
    /// The 年度 cell of a plan form.
    SheetCell,
    /// A list's 年度 column.
    ListColumn,
    /// The 年度 written above a list's table (a label and its value, or a title).
    HeaderBlock,
    /// A list's 実績値 header that names its year (「令和6年度実績」).
    ColumnHeader,
    /// The file's own name.
    FileName,
    /// A folder the file sits in, below the input folder.
    Folder,
}

/// One statement of the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearEvidence {
    /// What kind of place.
    pub place: YearPlace,
    /// The year it states.
    pub year: FiscalYear,
    /// The cell, for sheet places.
    pub at: Option<Source>,
    /// The name, for file and folder places.
    pub name: Option<String>,
}

impl YearEvidence {
    /// A year read from a cell.
    pub fn cell(place: YearPlace, year: FiscalYear, at: Source) -> Self {
        YearEvidence {
            place,
            year,
            at: Some(at),
            name: None,
        }
    }

    /// 「シートの年度欄（B3）」, 「ファイル名「2024年度_収納課.xlsx」」.
    fn describe(&self) -> String {
        let cell = self
            .at
            .as_ref()
            .and_then(|s| s.cell.clone())
            .map(|c| format!("（{c}）"))
            .unwrap_or_default();
        let name = self.name.as_deref().unwrap_or_default();
        match self.place {
            YearPlace::SheetCell => format!("シートの年度欄{cell}"),
            YearPlace::ListColumn => format!("一覧表の「年度」列{cell}"),
            YearPlace::HeaderBlock => format!("一覧表の上の年度{cell}"),
            YearPlace::ColumnHeader => format!("一覧表の実績値の見出し{cell}"),
            YearPlace::FileName => format!("ファイル名「{name}」"),
            YearPlace::Folder => format!("フォルダ名「{name}」"),
        }
    }
}

/// The years stated by the file name and the folder of `path` (relative to the input folder,
/// `/`-separated): the file's name first, then the nearest folder whose name states a year
/// (an outer folder such as 「令和7年度作業」 sorts the work, the inner one files the sheets).
pub fn name_evidence(path: &str) -> Vec<YearEvidence> {
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let Some(file) = parts.pop() else {
        return Vec::new();
    };
    let evidence = |place: YearPlace, name: &str| -> Vec<YearEvidence> {
        years_in_name(name)
            .into_iter()
            .map(|year| YearEvidence {
                place,
                year,
                at: None,
                name: Some(name.to_string()),
            })
            .collect()
    };
    let mut out = evidence(YearPlace::FileName, file);
    if let Some(folder) = parts
        .iter()
        .rev()
        .map(|f| evidence(YearPlace::Folder, f))
        .find(|e| !e.is_empty())
    {
        out.extend(folder);
    }
    out
}

/// The distinct fiscal years a file or folder name (or a title) states, in order.
///
/// Stricter than reading a cell: names carry dates and version numbers, so only what names
/// a fiscal year counts: 「2024年度」, 「FY2024」, 「令和6年度」, 「令和6」, 「R6」, 「H30」 (the letter not
/// part of a word), or a name part that is four digits alone (「2024」, 「2024_収納課」).
/// 「2025年4月」, 「令和7年4月」, 「R7.4.1」 and 「20250401」 are dates, not fiscal years.
pub fn years_in_name(name: &str) -> Vec<FiscalYear> {
    let chars: Vec<char> = nfkc(name).chars().filter(|c| !c.is_whitespace()).collect();
    let mut years = Vec::new();
    let mut push = |token: String| {
        if let Ok(y) = wareki::parse_fiscal_year(&token)
            && !years.contains(&y)
        {
            years.push(y);
        }
    };
    let digits_at = |i: usize| -> String {
        chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect()
    };
    // What follows a year: 「年度」 confirms it; 「年」 then a digit, or 「.」/「/」 then a digit,
    // makes it a date.
    let fiscal_after = |j: usize| -> Option<bool> {
        let at = |k: usize| chars.get(k).copied();
        match (at(j), at(j + 1), at(j + 2)) {
            (Some('年'), Some('度'), _) => Some(true),
            (Some('年'), _, _) => None,
            (Some('.' | '/' | '-'), Some(d), _) if d.is_ascii_digit() => None,
            (Some('月'), _, _) => None,
            _ => Some(false),
        }
    };
    let mut i = 0;
    while i < chars.len() {
        // Compared in place: a String of the rest at every character made this quadratic.
        let rest = &chars[i..];
        let word_start = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        // 令和6年度, 平成30, 令和元年度.
        if let Some(era) = ["令和", "平成", "昭和"]
            .iter()
            .find(|e| rest.iter().copied().take(e.chars().count()).eq(e.chars()))
        {
            let j = i + 2;
            let (body, end) = if chars.get(j) == Some(&'元') {
                ("元".to_string(), j + 1)
            } else {
                let d = digits_at(j);
                let end = j + d.len();
                (d, end)
            };
            if !body.is_empty() && body.chars().count() <= 2 && fiscal_after(end).is_some() {
                push(format!("{era}{body}"));
            }
            i = end.max(i + 1);
            continue;
        }
        // R6, H30, FY2024: a letter that starts a word.
        let letter = chars[i].to_ascii_uppercase();
        if word_start && matches!(letter, 'R' | 'H') {
            let d = digits_at(i + 1);
            if (1..=2).contains(&d.len()) && fiscal_after(i + 1 + d.len()).is_some() {
                push(format!("{letter}{d}"));
            }
            i += 1 + d.len();
            continue;
        }
        if word_start
            && matches!(rest, [f, y, ..] if f.eq_ignore_ascii_case(&'F') && y.eq_ignore_ascii_case(&'Y'))
        {
            let d = digits_at(i + 2);
            if d.len() == 4 && fiscal_after(i + 2 + d.len()).is_some() {
                push(d.clone());
            }
            i += 2 + d.len();
            continue;
        }
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let d = digits_at(i);
            let end = i + d.len();
            if d.len() == 4 {
                match fiscal_after(end) {
                    Some(true) => push(d.clone()),
                    // Four digits alone between separators: a year folder 「2024」.
                    Some(false)
                        if is_separator(i.checked_sub(1).map(|k| chars[k]))
                            && is_separator(chars.get(end).copied()) =>
                    {
                        push(d.clone());
                    }
                    _ => {}
                }
            }
            i = end;
            continue;
        }
        i += 1;
    }
    years
}

/// Whether a character (or the start or end of the name) separates parts of a name.
fn is_separator(c: Option<char>) -> bool {
    c.is_none_or(|c| matches!(c, '_' | '-' | '.' | '(' | ')' | '[' | ']' | '、' | '・'))
}

/// The year the evidence agrees on: `Ok(None)` when nothing states one, `Err` listing
/// everything when two places disagree.
pub fn resolve(evidence: &[YearEvidence]) -> Result<Option<FiscalYear>, Vec<YearEvidence>> {
    let Some(first) = evidence.first() else {
        return Ok(None);
    };
    if evidence.iter().all(|e| e.year == first.year) {
        Ok(Some(first.year))
    } else {
        Err(evidence.to_vec())
    }
}

/// The エラー for years that disagree: every place with its year, and what was not filed.
/// `what` says what was left out, e.g. 「このシートの値」.
pub fn conflict(evidence: &[YearEvidence], at: Source, what: &str) -> Diagnostic {
    let found = evidence
        .iter()
        .map(|e| format!("{}は{}", e.describe(), wareki::fiscal_year_label(e.year)))
        .collect::<Vec<_>>()
        .join("、");
    Diagnostic::error(
        "year-conflict",
        format!("年度が食い違っています（{found}）。{what}はどの年度にも登録しませんでした。"),
    )
    .at(at)
    .field(crate::labels::YEAR)
    .hint("前の年度の様式を使い回していないか確認し、シートの年度・ファイル名・フォルダ名を正しい年度にそろえてください。")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_named_in_file_and_folder_names() {
        let cases: &[(&str, &[FiscalYear])] = &[
            ("2024年度_収納課_進捗シート.xlsx", &[2024]),
            ("令和6年度_収納課.xlsx", &[2024]),
            ("令和６年度（2024年度）一覧.xlsx", &[2024]),
            ("R6_収納課.xlsx", &[2024]),
            ("r6収納課.xlsx", &[2024]),
            ("Ｒ６年度", &[2024]),
            ("H30年度", &[2018]),
            ("令和元年度", &[2019]),
            ("FY2024.xlsx", &[2024]),
            ("2024", &[2024]),
            ("2024_収納課.xlsx", &[2024]),
            ("2023年度→2024年度.xlsx", &[2023, 2024]),
            // Dates, versions and words are not fiscal years.
            ("収納課_20250401.xlsx", &[]),
            ("収納課_2025年4月提出.xlsx", &[]),
            ("収納課_令和7年4月1日.xlsx", &[]),
            ("R7.4.1提出.xlsx", &[]),
            ("HR2課.xlsx", &[]),
            ("収納課_v2024a.xlsx", &[]),
            ("進捗シート.xlsx", &[]),
            ("第4次大綱", &[]),
        ];
        for (name, want) in cases {
            assert_eq!(years_in_name(name), *want, "{name}");
        }
    }

    #[test]
    fn folders_and_file_are_told_apart() {
        let e = name_evidence("令和7年度作業/2024年度/収納課/R5_収納課.xlsx");
        let got: Vec<(YearPlace, FiscalYear)> = e.iter().map(|e| (e.place, e.year)).collect();
        assert_eq!(
            got,
            [(YearPlace::FileName, 2023), (YearPlace::Folder, 2024)],
            "the nearest folder naming a year"
        );
        assert!(resolve(&e).is_err());
        assert_eq!(resolve(&e[1..]), Ok(Some(2024)));
        assert_eq!(resolve(&[]), Ok(None));
        assert_eq!(name_evidence("収納課.xlsx"), []);
    }

    #[test]
    fn a_conflict_names_every_place_and_year() {
        let mut e = vec![YearEvidence::cell(
            YearPlace::SheetCell,
            2023,
            Source::cell("2024年度/2024年度_収納課.xlsx", "①", "B3"),
        )];
        e.extend(name_evidence("2024年度/2024年度_収納課.xlsx"));
        let d = conflict(
            &resolve(&e).unwrap_err(),
            Source::file("f"),
            "このシートの値",
        );
        assert_eq!(
            d.message,
            "年度が食い違っています（シートの年度欄（B3）は令和5年度（2023年度）、ファイル名「2024年度_収納課.xlsx」は令和6年度（2024年度）、フォルダ名「2024年度」は令和6年度（2024年度））。このシートの値はどの年度にも登録しませんでした。"
        );
        assert!(d.is_error());
    }
}
