//! The committee's review in the book: per plan the 委員会評価 and every opinion with its id
//! (in the 委員会意見 box), in the 総括 the committee's grades beside the computed ones, and
//! the opinions as a data table for the open-data CSV.

use super::front::grade;
use super::{heading, paragraph};
use crate::book::{Book, PlanPage, PlanReview};
use crate::document::{Block, Cell, LabelledBox, ParagraphStyle, Table, Variant};
use crate::text::wareki::fiscal_year_short;

/// The committee's review of `plan`, if the review workbook had one.
fn review<'b>(book: &'b Book, plan: &PlanPage) -> Option<&'b PlanReview> {
    book.committee
        .as_ref()?
        .plans
        .iter()
        .find(|r| r.plan == plan.number)
}

/// 「B（算定評価 A と異なる）」: the committee's grade as read beside the computed one.
fn grade_text(book: &Book, r: &PlanReview) -> Option<String> {
    let g = r.grade.as_ref()?;
    let agreement = book.committee.as_ref().is_some_and(|c| c.agreement);
    let label = grade(book, g).label;
    let mark = if label.is_empty() {
        g.clone()
    } else {
        format!("{g}（{label}）")
    };
    Some(if agreement {
        format!("{mark}　算定評価 {}", r.computed)
    } else if r.differs {
        format!("{mark}　算定評価 {} と異なる", r.computed)
    } else {
        format!("{mark}　算定評価と同じ")
    })
}

/// The 委員会意見 box of a plan's section: the committee's grade and opinions when it gave
/// any; else, in the handout only, an empty box to write in (the web edition shows none).
pub(super) fn plan_box(book: &Book, plan: &PlanPage, variant: Variant) -> Option<Block> {
    let Some(r) = review(book, plan) else {
        return (variant == Variant::Handout).then(|| {
            Block::Box(LabelledBox {
                label: book.meta.vocabulary.body_opinion(),
                blocks: Vec::new(),
            })
        });
    };
    let mut blocks = Vec::new();
    if let Some(text) = grade_text(book, r) {
        blocks.push(paragraph(
            format!("{}：{text}", book.meta.vocabulary.body_grade()),
            ParagraphStyle::Body,
        ));
    }
    if !r.opinions.is_empty() {
        let members = r.opinions.iter().any(|o| !o.member.is_empty());
        let mut header = vec![Cell::col_header("意見番号"), Cell::col_header("意見")];
        if members {
            header.push(Cell::col_header("委員名"));
        }
        let body = r
            .opinions
            .iter()
            .map(|o| {
                let mut row = vec![Cell::row_header(&o.id), Cell::text(&o.text)];
                if members {
                    row.push(Cell::text(&o.member));
                }
                row
            })
            .collect();
        blocks.push(Block::Table(Table {
            caption: format!("{}への{}", r.mark, book.meta.vocabulary.body_opinion()),
            header: vec![header],
            body,
            widths: if members { vec![2, 8, 2] } else { vec![2, 10] },
        }));
    }
    Some(Block::Box(LabelledBox {
        label: book.meta.vocabulary.body_opinion(),
        blocks,
    }))
}

/// The 総括's part on the committee: how many plans it graded differently, and its grades
/// beside the computed ones. Nothing without a review.
pub(super) fn summary_blocks(book: &Book) -> Vec<Block> {
    let Some(c) = &book.committee else {
        return Vec::new();
    };
    let body_grade = book.meta.vocabulary.body_grade();
    let mut blocks = vec![heading(3, body_grade.as_str())];
    let count = if c.agreement {
        format!(
            "{}は {} プランの算定評価を審議し、{} プランを「要再検討」としました。",
            book.meta.committee, c.graded, c.differing
        )
    } else {
        format!(
            "{}が評価した {} プランのうち、{body_grade}が算定した評価と異なるプランは {} プランです。",
            book.meta.committee, c.graded, c.differing
        )
    };
    blocks.push(paragraph(count, ParagraphStyle::Body));
    let header = vec![
        Cell::col_header("アクションプラン"),
        Cell::col_header("算定評価"),
        Cell::col_header(body_grade.as_str()),
        Cell::col_header("差異"),
        Cell::col_header("意見"),
    ];
    let body = c
        .plans
        .iter()
        .map(|r| {
            let title = book
                .plans
                .iter()
                .find(|p| p.number == r.plan)
                .map_or_else(|| r.mark.clone(), super::plan::plan_title);
            vec![
                Cell::row_header(title),
                Cell::grade(grade(book, &r.computed)),
                r.grade
                    .as_ref()
                    .map_or_else(|| Cell::text("－"), |g| Cell::grade(grade(book, g))),
                Cell::text(if r.differs { "異なる" } else { "" }),
                Cell::text(format!("{}件", r.opinions.len())),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        caption: format!("算定評価と{body_grade}"),
        header: vec![header],
        body,
        widths: vec![6, 2, 2, 2, 2],
    }));
    blocks
}

/// Every opinion of the report year as a data table (one row per opinion): プラン番号,
/// アクションプラン, 意見番号, 年度, 委員会意見, 委員名. Empty body without a review.
pub fn opinions_table(book: &Book) -> Table {
    let opinion = book.meta.vocabulary.body_opinion();
    let header = [
        "プラン番号",
        "アクションプラン",
        "意見番号",
        "年度",
        opinion.as_str(),
        "委員名",
    ]
    .into_iter()
    .map(Cell::col_header)
    .collect();
    let year = book.meta.year;
    let body = book
        .committee
        .iter()
        .flat_map(|c| &c.plans)
        .flat_map(|r| {
            let name = book
                .plans
                .iter()
                .find(|p| p.number == r.plan)
                .map(|p| p.name.clone())
                .unwrap_or_default();
            r.opinions.iter().map(move |o| {
                vec![
                    Cell::text(r.plan.to_string()),
                    Cell::text(name.clone()),
                    Cell::text(&o.id),
                    Cell::text(year.to_string()),
                    Cell::text(&o.text),
                    Cell::text(&o.member),
                ]
            })
        })
        .collect();
    Table {
        caption: format!("{}の{opinion}", fiscal_year_short(year)),
        header: vec![header],
        body,
        widths: Vec::new(),
    }
}
