//! The committee's review in the book: per plan the 委員会評価 and every opinion with its id
//! (in the 委員会意見 box) and the year before's opinions with the department's response, in
//! the 総括 the committee's grades beside the computed ones and the opinions still open, and
//! the opinions as a data table for the open-data CSV. Plain blocks only (Box, Table,
//! Paragraph), so every edition prints them alike.

use super::front::{grade, scale_grade};
use super::{heading, paragraph};
use crate::book::{Book, OpinionFollowUp, PlanFollowUp, PlanPage, PlanReview};
use crate::document::{Block, Cell, LabelledBox, ParagraphStyle, Table, Variant};
use crate::text::wareki::fiscal_year_short;
use crate::values::FiscalYear;

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
        format!("{mark}　算定評価 {}", book.method.mark(r.computed))
    } else if r.differs {
        format!("{mark}　算定評価 {} と異なる", book.method.mark(r.computed))
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
                Cell::grade(scale_grade(book, r.computed)),
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

/// The label of the box of the year before's opinions and their responses, in the
/// outline's words: 「前年度の委員会意見への対応」, 「前年度の懇話会意見への対応」.
fn follow_up_label(book: &Book) -> String {
    format!("前年度の{}への対応", book.meta.vocabulary.body_opinion())
}

/// Whether `items` hold an opinion of a review before `year`'s, asked again because it was
/// still open (its id names its own year).
fn any_carried<'i>(items: impl IntoIterator<Item = &'i OpinionFollowUp>, year: FiscalYear) -> bool {
    let prefix = format!("{}-", fiscal_year_short(year));
    items.into_iter().any(|i| !i.id.starts_with(&prefix))
}

/// The year before's opinions on `plan`, if any.
fn follow_up_of<'b>(book: &'b Book, plan: &PlanPage) -> Option<&'b PlanFollowUp> {
    book.follow_up
        .as_ref()?
        .plans
        .iter()
        .find(|f| f.plan == plan.number)
}

/// What a response's 対応状況 prints: 「未回答」 while the department has not answered.
fn status_text(item: &OpinionFollowUp) -> &'static str {
    item.status.map_or("未回答", |s| s.label())
}

/// The box on a plan's page with each of the year before's opinions (locked id and text)
/// and the department's 対応状況 and 対応内容; nothing when the plan had no opinion.
/// In every edition: the city publishes how it answered its committee.
pub(super) fn follow_up_box(book: &Book, plan: &PlanPage) -> Option<Block> {
    let f = follow_up_of(book, plan)?;
    let year = book.follow_up.as_ref().map(|f| f.year)?;
    let header = vec![
        Cell::col_header("意見番号"),
        Cell::col_header(book.meta.vocabulary.body_opinion()),
        Cell::col_header("対応状況"),
        Cell::col_header("対応内容"),
    ];
    let body = f
        .items
        .iter()
        .map(|i| {
            let mut row = vec![Cell::row_header(&i.id)];
            row.extend(response_cells(i));
            row
        })
        .collect();
    Some(Block::Box(LabelledBox {
        label: follow_up_label(book),
        blocks: vec![Block::Table(Table {
            caption: if any_carried(&f.items, year) {
                format!(
                    "{}への{}の意見（{}と、それより前の対応が済んでいない意見）と対応",
                    f.mark,
                    book.meta.committee,
                    fiscal_year_short(year)
                )
            } else {
                format!(
                    "{}への{}の意見（{}）と対応",
                    f.mark,
                    book.meta.committee,
                    fiscal_year_short(year)
                )
            },
            header: vec![header],
            body,
            widths: vec![2, 5, 2, 5],
        })],
    }))
}

/// The 総括's table of every opinion of the year before still open (未対応, 対応中 or not
/// answered), with a count by 対応状況; nothing without the year before's opinions.
pub(super) fn open_opinions_blocks(book: &Book) -> Vec<Block> {
    let Some(f) = &book.follow_up else {
        return Vec::new();
    };
    let all: Vec<(&PlanFollowUp, &OpinionFollowUp)> = f
        .plans
        .iter()
        .flat_map(|p| p.items.iter().map(move |i| (p, i)))
        .collect();
    let open: Vec<_> = all.iter().filter(|(_, i)| i.is_open()).collect();
    let count =
        |s: Option<crate::book::ResponseStatus>| all.iter().filter(|(_, i)| i.status == s).count();
    let mut tally: Vec<String> = crate::book::ResponseStatus::ALL
        .into_iter()
        .map(|s| format!("{} {} 件", s.label(), count(Some(s))))
        .collect();
    tally.push(format!("未回答 {} 件", count(None)));
    let year = fiscal_year_short(f.year);
    let earlier = if any_carried(all.iter().map(|(_, i)| *i), f.year) {
        "と、それより前の対応が済んでいない意見"
    } else {
        ""
    };
    let mut blocks = vec![
        heading(3, follow_up_label(book)),
        paragraph(
            format!(
                "{}の{}の意見{earlier} {} 件への対応状況は、{}です。対応が済んでいない意見（未対応・対応中・未回答）は {} 件です。",
                crate::text::wareki::fiscal_year_label(f.year),
                book.meta.committee,
                all.len(),
                tally.join("、"),
                open.len()
            ),
            ParagraphStyle::Body,
        ),
    ];
    if open.is_empty() {
        return blocks;
    }
    let header = vec![
        Cell::col_header("アクションプラン"),
        Cell::col_header("意見番号"),
        Cell::col_header(book.meta.vocabulary.body_opinion()),
        Cell::col_header("対応状況"),
        Cell::col_header("対応内容"),
    ];
    let body = open
        .iter()
        .map(|(p, i)| {
            let title = book
                .plans
                .iter()
                .find(|pg| pg.number == p.plan)
                .map_or_else(|| p.mark.clone(), super::plan::plan_title);
            let mut row = vec![Cell::row_header(title), Cell::text(&i.id)];
            row.extend(response_cells(i));
            row
        })
        .collect();
    blocks.push(Block::Table(Table {
        caption: format!(
            "対応が済んでいない{}{}",
            if earlier.is_empty() {
                format!("{year}の")
            } else {
                String::new()
            },
            book.meta.vocabulary.body_opinion()
        ),
        header: vec![header],
        body,
        widths: vec![4, 2, 5, 2, 5],
    }));
    blocks
}

/// Every opinion as a data table (one row per opinion): the year before's with the
/// departments' responses, then the report year's (not yet answered). Columns プラン番号,
/// アクションプラン, 意見番号, 年度, 委員会意見, 委員名, 対応状況, 対応内容. Empty body
/// without either.
pub fn opinions_table(book: &Book) -> Table {
    let opinion = book.meta.vocabulary.body_opinion();
    let header = [
        "プラン番号",
        "アクションプラン",
        "意見番号",
        "年度",
        opinion.as_str(),
        "委員名",
        "対応状況",
        "対応内容",
    ]
    .into_iter()
    .map(Cell::col_header)
    .collect();
    let year = book.meta.year;
    let name_of = |number: u32| {
        book.plans
            .iter()
            .find(|p| p.number == number)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let earlier = book.follow_up.iter().flat_map(|f| {
        f.plans.iter().flat_map(move |p| {
            p.items.iter().map(move |i| {
                vec![
                    Cell::text(p.plan.to_string()),
                    Cell::text(name_of(p.plan)),
                    Cell::text(&i.id),
                    Cell::text(f.year.to_string()),
                    Cell::text(&i.opinion),
                    Cell::text(&i.member),
                    Cell::text(i.status.map_or("", |s| s.label())),
                    Cell::text(&i.response),
                ]
            })
        })
    });
    let body = earlier
        .chain(book.committee.iter().flat_map(|c| &c.plans).flat_map(|r| {
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
                    Cell::text(""),
                    Cell::text(""),
                ]
            })
        }))
        .collect();
    Table {
        caption: format!("{}の{opinion}", fiscal_year_short(year)),
        header: vec![header],
        body,
        widths: Vec::new(),
    }
}

/// An opinion, its 対応状況 and its 対応内容 (「－」 where none), as both follow-up tables
/// print them.
fn response_cells(i: &OpinionFollowUp) -> [Cell; 3] {
    [
        Cell::text(&i.opinion),
        Cell::text(status_text(i)),
        Cell::text(if i.response.is_empty() {
            "－"
        } else {
            &i.response
        }),
    ]
}
