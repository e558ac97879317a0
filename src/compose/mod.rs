//! Compose: `Book` → [`Document`], the one place that decides the new editions' section order,
//! headings, columns, wording and how every number prints.
//!
//! Each section is one function taking the Book and returning a [`Section`]; [`compose_book`]
//! lists them in reading order, so a new section is one function and one line here, and no
//! writer changes. Writers call [`format_number`] for a figure's text and decide nothing else.

mod committee;
mod data;
mod front;
mod outlook;
mod period;
mod plan;

use rust_decimal::Decimal;

use crate::book::{self, Book};
use crate::document::{Block, Cell, Document, DocumentMeta, Heading, Number, Paragraph, Section};
use crate::text::number::{format_decimal, round};
use crate::text::wareki::fiscal_year_label;

pub use crate::document::Variant;
pub use committee::opinions_table;

/// The period targets as a data table for its own open-data CSV, with the file name's suffix:
/// 「最終評価」 in the outline's last year, 「達成見込み」 before it; `None` when the book has
/// neither.
pub fn period_table(book: &Book) -> Option<(&'static str, crate::document::Table)> {
    period::data_table(book)
        .map(|t| ("最終評価", t))
        .or_else(|| outlook::data_table(book).map(|t| ("達成見込み", t)))
}

/// Choices for composing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ComposeOptions {
    /// Handout (審議資料) or web (公表版).
    pub variant: Variant,
}

/// How a figure is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberStyle {
    /// For readers: thousands separators and the unit, 「6,874人」, 「89.2%」.
    Print,
    /// For data: the plain figure, no separators, no unit, 「6874」, 「89.2」.
    Data,
}

/// The printed text of a figure: rounded (四捨五入) to its decimals, which are always printed.
pub fn format_number(number: &Number, style: NumberStyle) -> String {
    match style {
        NumberStyle::Print => format!(
            "{}{}",
            format_decimal(number.value, number.decimals),
            number.unit
        ),
        NumberStyle::Data => {
            let mut rounded = round(number.value, number.decimals);
            rounded.rescale(number.decimals);
            if rounded.is_zero() {
                // 「-0.0」 is not a figure anyone wrote.
                rounded = rounded.abs();
            }
            rounded.to_string()
        }
    }
}

/// The printed text of a Book figure without its unit, as a cell prints it: 「6,851.11」, a
/// rate 「76.9%」.
pub fn value_text(n: &crate::values::Number) -> String {
    let shown = if n.percent { rate(n) } else { figure(n, "") };
    format_number(&shown, NumberStyle::Print)
}

/// Composes the whole book for `options.variant`.
pub fn compose_book(book: &Book, options: &ComposeOptions) -> Document {
    let variant = options.variant;
    let mut sections = vec![
        front::cover(book, variant),
        front::introduction(book),
        front::method(book),
        front::summary(book),
    ];
    sections.extend(period::sections(book));
    sections.push(outlook::section_of(book));
    sections.push(front::list(book));
    sections.push(front::plans_part(book));
    sections.extend(
        book.plans
            .iter()
            .enumerate()
            .map(|(i, p)| plan::plan_section(book, p, variant, i == 0)),
    );
    if variant == Variant::Handout && !book.diagnostics.is_empty() {
        sections.push(front::diagnostics(book));
    }
    let sections = sections
        .into_iter()
        .filter(|s| !s.blocks.is_empty())
        .collect();
    Document {
        meta: DocumentMeta {
            title: title(book),
            lang: "ja".to_string(),
            sample_mark: book.meta.sample.then(|| sample_mark(book)),
            provisional_mark: book
                .plans
                .iter()
                .any(|p| p.status == book::PlanStatus::NeedsReview)
                .then(|| front::PROVISIONAL.to_string()),
            variant,
            footer: book.wording.footer.clone(),
            contents_label: "目次".to_string(),
            author: book.meta.city.clone(),
            date: book.meta.date.iso(),
        },
        sections,
        data: data::figures(book, variant),
    }
}

/// The report year as the book prints it: 「令和6年度（2024年度）」.
pub(crate) fn report_year(book: &Book) -> String {
    fiscal_year_label(book.meta.year)
}

fn title(book: &Book) -> String {
    if book.wording.title.is_empty() {
        format!("{} {}", book.meta.outline_title, report_year(book))
    } else {
        book.wording.title.clone()
    }
}

fn sample_mark(book: &Book) -> String {
    if book.wording.sample_mark.is_empty() {
        "サンプルデータ（架空のデータ）".to_string()
    } else {
        book.wording.sample_mark.clone()
    }
}

/// A Book value with the indicator's unit.
fn figure(n: &crate::values::Number, unit: &str) -> Number {
    Number {
        value: n.value,
        decimals: n.decimals,
        unit: unit.to_string(),
    }
}

/// The answer a code stands for, when the indicator is judged by a choice (「実施」, 「試行」).
fn choice(n: Option<&crate::values::Number>, choices: &[String]) -> Option<String> {
    let code = n?.value;
    if choices.is_empty() || !code.fract().is_zero() || code.is_sign_negative() {
        return None;
    }
    choices.get(usize::try_from(code.mantissa()).ok()?).cloned()
}

/// A target or actual as a cell: the answer for an indicator judged by a choice (never
/// 「1」 or 「1回」), else the figure with its unit, or a dash.
fn value_cell(n: Option<&crate::values::Number>, unit: &str, choices: &[String]) -> Cell {
    if choices.is_empty() {
        Cell::number_or_dash(n.map(|n| figure(n, unit)))
    } else {
        Cell::text(choice(n, choices).unwrap_or_else(|| "－".to_string()))
    }
}

/// A Book rate (a fraction, 0.892) as the percentage it prints as (89.2%).
fn rate(n: &crate::values::Number) -> Number {
    Number {
        value: n.value * Decimal::ONE_HUNDRED,
        decimals: n.decimals,
        unit: "%".to_string(),
    }
}

/// Gives the figures of one printed row the same decimals, the most any of them has, so
/// that a row reads 「75.33 | 77.00 | 78.67」 and not 「75.33 | 77 | 78.67」.
fn align_decimals(row: &mut [Option<Number>]) {
    let most = row.iter().flatten().map(|n| n.decimals).max().unwrap_or(0);
    for n in row.iter_mut().flatten() {
        n.decimals = most;
    }
}

fn heading(level: u8, text: impl Into<String>) -> Block {
    Block::Heading(Heading {
        level,
        text: text.into(),
        id: None,
    })
}

fn paragraph(text: impl Into<String>, style: crate::document::ParagraphStyle) -> Block {
    Block::Paragraph(Paragraph {
        text: text.into(),
        style,
    })
}

/// A section whose heading is level 2 with the section's anchor.
fn section(id: &str, title: &str, level: u8, mut blocks: Vec<Block>) -> Section {
    blocks.insert(
        0,
        Block::Heading(Heading {
            level: 2,
            text: title.to_string(),
            id: Some(format!("{id}-title")),
        }),
    );
    Section {
        id: id.to_string(),
        contents_title: Some(title.to_string()),
        contents_level: level,
        blocks,
        wide: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn n(v: &str, decimals: u32, unit: &str) -> Number {
        Number {
            value: Decimal::from_str(v).unwrap(),
            decimals,
            unit: unit.to_string(),
        }
    }

    #[test]
    fn numbers_print_with_their_decimals_and_unit() {
        assert_eq!(
            format_number(&n("6851.11", 2, "人"), NumberStyle::Print),
            "6,851.11人"
        );
        assert_eq!(
            format_number(&n("6851.11", 2, "人"), NumberStyle::Data),
            "6851.11"
        );
        assert_eq!(format_number(&n("77", 2, ""), NumberStyle::Print), "77.00");
        assert_eq!(
            format_number(&n("1360000", 0, ""), NumberStyle::Data),
            "1360000"
        );
        assert_eq!(
            format_number(&n("-0.004", 2, ""), NumberStyle::Data),
            "0.00"
        );
        assert_eq!(
            format_number(&n("89.25", 1, "%"), NumberStyle::Print),
            "89.3%"
        );
    }

    #[test]
    fn a_row_gets_one_number_of_decimals() {
        let mut row = vec![Some(n("75.33", 2, "")), Some(n("77", 0, "")), None];
        align_decimals(&mut row);
        let texts: Vec<String> = row
            .iter()
            .flatten()
            .map(|x| format_number(x, NumberStyle::Print))
            .collect();
        assert_eq!(texts, ["75.33", "77.00"]);
    }
}
