//! The sections before and after the plans: cover, はじめに, 評価の方法, 総括, 一覧, 検証結果.

use rust_decimal::Decimal;

use super::{heading, paragraph, rate, report_year, section};
use crate::book::{self, Book, ListRow, PlanStatus, SummaryRow};
use crate::document::{
    Block, Cell, Chart, ChartKind, Grade, Heading, Number, ParagraphStyle, Scope, Section, Series,
    Table, Variant,
};
use crate::text::number::{SHARE_DECIMALS, round};
use crate::text::wareki::date_label;

/// The counter of action plans, the same in every sentence, table and chart (「22項目」).
pub(super) const PLANS: &str = "項目";

/// The mark of a book built with plans to review.
pub(super) const PROVISIONAL: &str =
    "暫定版：入力に誤りがあるアクションプランを含みます（要確認のプランは評価していません）";

/// 表紙: the title (the Document's one level-1 heading), year, marks, date and issuer.
pub(super) fn cover(book: &Book, variant: Variant) -> Section {
    let title = super::title(book);
    let mut blocks = vec![Block::Heading(Heading {
        level: 1,
        text: title.clone(),
        id: Some("top".to_string()),
    })];
    // The title usually carries the year already: print it once.
    if !title.contains(&report_year(book)) {
        blocks.push(paragraph(report_year(book), ParagraphStyle::Cover));
    }
    if book.meta.sample {
        blocks.push(paragraph(super::sample_mark(book), ParagraphStyle::Mark));
    }
    if book
        .plans
        .iter()
        .any(|p| p.status == PlanStatus::NeedsReview)
    {
        blocks.push(paragraph(PROVISIONAL, ParagraphStyle::Mark));
    }
    let mut lines = vec![date_label(book.meta.date), book.meta.city.clone()];
    // The issuing note names the committee's 審議資料: the handout's, not the public page's.
    if variant == Variant::Handout {
        lines.push(book.wording.cover_note.clone());
    }
    blocks.extend(
        lines
            .into_iter()
            .filter(|l| !l.is_empty())
            .map(|l| paragraph(l, ParagraphStyle::Cover)),
    );
    Section {
        id: "cover".to_string(),
        contents_title: None,
        contents_level: 1,
        blocks,
        wide: false,
    }
}

fn body(paras: &[String]) -> Vec<Block> {
    paras
        .iter()
        .map(|p| paragraph(p, ParagraphStyle::Body))
        .collect()
}

/// はじめに.
pub(super) fn introduction(book: &Book) -> Section {
    if book.wording.introduction.is_empty() {
        return empty("introduction");
    }
    section(
        "introduction",
        "はじめに",
        1,
        body(&book.wording.introduction),
    )
}

fn empty(id: &str) -> Section {
    Section {
        id: id.to_string(),
        contents_title: None,
        contents_level: 1,
        blocks: Vec::new(),
        wide: false,
    }
}

/// 評価の方法: the scale, the 算定方法 of each kind, the plan rule and the rounding rule.
pub(super) fn method(book: &Book) -> Section {
    let m = &book.method;
    let mut blocks = body(&book.wording.method_intro);
    blocks.push(heading(3, "評価の区分"));
    blocks.push(Block::Table(Table {
        caption: "評価の区分と基準".to_string(),
        header: vec![vec![
            Cell::col_header("評価"),
            Cell::col_header("区分"),
            Cell::col_header("基準"),
        ]],
        body: m
            .scale
            .iter()
            .map(|r| {
                vec![
                    Cell::row_header(&r.mark),
                    Cell::text(&r.label),
                    Cell::text(&r.condition),
                ]
            })
            .collect(),
        widths: vec![1, 2, 5],
    }));
    if !m.kinds.is_empty() {
        blocks.push(heading(3, "算定方法"));
        blocks.push(Block::Table(Table {
            caption: "目標の種類ごとの算定方法".to_string(),
            header: vec![vec![
                Cell::col_header("目標の種類"),
                Cell::col_header("算定方法"),
                Cell::col_header("対象のアクションプラン"),
            ]],
            body: m
                .kinds
                .iter()
                .map(|k| {
                    vec![
                        Cell::row_header(&k.name),
                        Cell::text(&k.description),
                        Cell::text(k.plans.join("")),
                    ]
                })
                .collect(),
            widths: vec![2, 6, 2],
        }));
    }
    if !m.plan_rule.is_empty() {
        blocks.push(heading(3, "アクションプランの評価"));
        blocks.push(paragraph(&m.plan_rule, ParagraphStyle::Body));
    }
    blocks.extend(super::outlook::method_blocks(book));
    blocks.extend(super::period::method_blocks(book));
    blocks.push(heading(3, "端数処理"));
    if !m.rounding.is_empty() {
        blocks.push(paragraph(&m.rounding, ParagraphStyle::Body));
    }
    blocks.push(paragraph(
        "推移の表では、同じ行の数値を同じ小数の桁数で表示しています。構成比は、評価したアクションプラン（取組期間外・未提出・要確認・評価に必要な値がないものを除く）に占める割合です。",
        ParagraphStyle::Body,
    ));
    section("method", "評価の方法", 1, blocks)
}

/// The grade columns of 総括 (every column but the last, the not-evaluated mark).
fn graded_columns(book: &Book) -> usize {
    book.summary.columns.len().saturating_sub(1)
}

/// 構成比 of each graded column among the group's evaluated plans, in percent.
fn shares(book: &Book, row: &SummaryRow) -> Vec<Option<Number>> {
    let graded = graded_columns(book);
    let evaluated: u32 = row.counts.iter().take(graded).sum();
    (0..graded)
        .map(|i| {
            let count = row.counts.get(i).copied().unwrap_or(0);
            (evaluated > 0).then(|| Number {
                value: round(
                    Decimal::from(count) * Decimal::ONE_HUNDRED / Decimal::from(evaluated),
                    SHARE_DECIMALS,
                ),
                decimals: SHARE_DECIMALS,
                unit: "%".to_string(),
            })
        })
        .collect()
}

fn count(n: u32, unit: &str) -> Number {
    Number {
        value: Decimal::from(n),
        decimals: 0,
        unit: unit.to_string(),
    }
}

/// A table of counts and shares per grade for groups of plans.
pub(super) fn breakdown(book: &Book, caption: &str, rows: &[&SummaryRow]) -> Table {
    let s = &book.summary;
    let graded = graded_columns(book);
    let mut top = vec![Cell::col_header("区分").rows(2)];
    let mut second = Vec::new();
    for (i, col) in s.columns.iter().enumerate() {
        if i < graded {
            top.push(Cell::text(col).scope(Scope::ColGroup).cols(2));
            second.push(Cell::col_header("件数"));
            second.push(Cell::col_header("構成比"));
        } else {
            top.push(Cell::col_header(format!("{col}（評価対象外等）")).rows(2));
        }
    }
    top.push(Cell::col_header("計").rows(2));
    let body = rows
        .iter()
        .map(|r| {
            let mut cells = vec![Cell::row_header(&r.label)];
            let shares = shares(book, r);
            for (i, n) in r.counts.iter().enumerate() {
                cells.push(Cell::number(count(*n, "")));
                if i < graded {
                    cells.push(Cell::number_or_dash(shares.get(i).cloned().flatten()));
                }
            }
            cells.push(Cell::number(count(r.plans, "")));
            cells
        })
        .collect();
    Table {
        caption: caption.to_string(),
        header: vec![top, second],
        body,
        widths: Vec::new(),
    }
}

/// 総括: counts per grade overall, per 基本方針 and per 重点項目, the comparison with the
/// previous year, and the chart of this year's counts beside its data.
pub(super) fn summary(book: &Book) -> Section {
    let s = &book.summary;
    let mut blocks = body(&book.wording.summary_intro);
    let words = &book.meta.vocabulary;
    let mut rows = vec![&s.total];
    // An outline that names no level has one table: all plans.
    match words.policy_level() {
        Some(level) => {
            blocks.push(heading(3, format!("評価の内訳（{level}別）")));
            rows.extend(s.by_policy.iter());
            blocks.push(Block::Table(breakdown(
                book,
                &format!("{level}別の評価の件数と構成比"),
                &rows,
            )));
        }
        None => {
            blocks.push(heading(3, "評価の内訳"));
            blocks.push(Block::Table(breakdown(book, "評価の件数と構成比", &rows)));
        }
    }
    if let (false, Some(level)) = (s.by_focus_area.is_empty(), words.focus_level()) {
        blocks.push(heading(3, format!("評価の内訳（{level}別）")));
        let rows: Vec<&SummaryRow> = s.by_focus_area.iter().collect();
        blocks.push(Block::Table(breakdown(
            book,
            &format!("{level}別の評価の件数と構成比"),
            &rows,
        )));
    }
    let ungraded: Vec<String> = [
        ("取組期間外のため評価対象外", s.out_of_period),
        ("未提出", s.not_submitted),
        ("入力に誤りがあり要確認", s.needs_review),
        ("評価に必要な値がないもの", s.not_evaluable),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(what, n)| format!("{what} {n}{PLANS}"))
    .collect();
    if !ungraded.is_empty() {
        blocks.push(paragraph(
            format!(
                "※ 「{}」の列は、{}です。",
                s.columns.last().map_or("", String::as_str),
                ungraded.join("、")
            ),
            ParagraphStyle::Note,
        ));
    }
    blocks.push(heading(3, "評価別のアクションプラン数"));
    let mut series = Vec::new();
    let mut header = vec![Cell::col_header("年度")];
    header.extend(s.columns.iter().map(Cell::col_header));
    let mut table_rows = Vec::new();
    let mut counts_row = |name: &str, counts: &[u32]| {
        series.push(Series {
            name: name.to_string(),
            values: counts.iter().map(|c| Some(count(*c, PLANS))).collect(),
        });
        let mut row = vec![Cell::row_header(name)];
        row.extend(counts.iter().map(|c| Cell::number(count(*c, ""))));
        table_rows.push(row);
    };
    if let Some(prev) = &s.total.previous {
        counts_row("前年度", prev);
    }
    counts_row("今年度", &s.total.counts);
    if let Some(change) = &s.total.change {
        let mut row = vec![Cell::row_header("増減")];
        row.extend(change.iter().map(|c| Cell::text(signed(*c))));
        table_rows.push(row);
    }
    let alt = format!(
        "評価別のアクションプラン数の棒グラフ。{}",
        series
            .iter()
            .map(|se| {
                let parts: Vec<String> = s
                    .columns
                    .iter()
                    .zip(&se.values)
                    .map(|(c, v)| {
                        let v = v.as_ref().map_or("－".to_string(), |n| {
                            super::format_number(n, super::NumberStyle::Print)
                        });
                        format!("{c} {v}")
                    })
                    .collect();
                format!("{}は{}。", se.name, parts.join("、"))
            })
            .collect::<String>()
    );
    blocks.push(Block::KeepTogether(vec![
        Block::Chart(Chart {
            kind: ChartKind::Bar,
            title: "評価別のアクションプラン数".to_string(),
            categories: s.columns.clone(),
            series,
            alt,
        }),
        Block::Table(Table {
            caption: "評価別のアクションプラン数（前年度との比較）".to_string(),
            header: vec![header],
            body: table_rows,
            widths: Vec::new(),
        }),
    ]));
    blocks.extend(super::committee::summary_blocks(book));
    blocks.extend(super::committee::open_opinions_blocks(book));
    blocks.extend(super::period::summary_blocks(book));
    blocks.extend(super::outlook::summary_blocks(book));
    section("summary", "総括", 1, blocks)
}

/// A signed count as printed: 「+2」「-1」「±0」.
fn signed(v: i64) -> String {
    match v {
        0 => "±0".to_string(),
        v if v > 0 => format!("+{v}"),
        v => v.to_string(),
    }
}

/// What groups 一覧 rows into a merged cell.
type RowKey = fn(&ListRow) -> (&str, &str);

fn policy_key(x: &ListRow) -> (&str, &str) {
    (x.policy.as_str(), "")
}

fn focus_key(x: &ListRow) -> (&str, &str) {
    (x.policy.as_str(), x.focus_area.as_str())
}

/// The length of the run of rows from `i` that share `key`.
fn run(rows: &[ListRow], i: usize, key: RowKey) -> u32 {
    let k = key(&rows[i]);
    let n = rows[i..].iter().take_while(|r| key(r) == k).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Why a plan has no figures this year, worded once.
pub(super) fn no_grade_reason(status: PlanStatus) -> Option<&'static str> {
    match status {
        PlanStatus::Evaluated => None,
        PlanStatus::OutOfPeriod => Some("取組期間外のため評価対象外"),
        PlanStatus::NotSubmitted => Some("未提出のため評価なし"),
        PlanStatus::NeedsReview => Some("入力に誤りがあるため要確認（評価なし）"),
    }
}

/// A computed grade as printed: the scale's mark with its label; none is the not-evaluated
/// row's (「－」 評価対象外).
pub(super) fn scale_grade(book: &Book, g: Option<book::Grade>) -> Grade {
    let row = book.method.row(g);
    Grade {
        mark: row.map(|r| r.mark.clone()).unwrap_or_default(),
        label: row.map(|r| r.label.clone()).unwrap_or_default(),
    }
}

/// A grade mark as typed (a 自己評価, a 委員会評価) with its label from the scale.
pub(super) fn grade(book: &Book, mark: &str) -> Grade {
    Grade {
        mark: mark.to_string(),
        label: book
            .method
            .scale
            .iter()
            .find(|r| r.mark == mark)
            .map(|r| r.label.clone())
            .unwrap_or_default(),
    }
}

/// 一覧: one row per indicator, plan-level cells merged over the plan's rows.
pub(super) fn list(book: &Book) -> Section {
    let words = &book.meta.vocabulary;
    // The levels the outline names: a column each, before the plan's.
    let levels: Vec<&str> = words.levels.iter().take(2).map(String::as_str).collect();
    let header = levels
        .iter()
        .copied()
        .chain([
            "アクションプラン",
            words.department.as_str(),
            "目標・指標",
            "年度目標",
            "実績値",
            "達成率",
            "評価",
            "プラン評価",
            "自己評価",
        ])
        .map(Cell::col_header)
        .collect();
    let status = |plan: u32| {
        book.plans
            .iter()
            .find(|p| p.number == plan)
            .map_or(PlanStatus::Evaluated, |p| p.status)
    };
    let rows = &book.list;
    let mut body = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let mut cells = Vec::new();
        let starts = |f: RowKey| i == 0 || f(&rows[i - 1]) != f(r);
        if !levels.is_empty() && starts(policy_key) {
            cells.push(Cell::text(&r.policy).rows(run(rows, i, policy_key)));
        }
        if levels.len() > 1 && starts(focus_key) {
            cells.push(Cell::text(&r.focus_area).rows(run(rows, i, focus_key)));
        }
        let span = r.plan_rows;
        let plan_status = status(r.plan);
        if r.first_of_plan {
            cells.push(Cell::row_header(&r.plan_name).rows(span));
            cells.push(Cell::text(&r.department).rows(span));
        }
        let res = &r.result;
        let indicator = if res.label.is_empty() || r.indicator.contains(&res.label) {
            r.indicator.clone()
        } else {
            format!("{}\n{}", res.label, r.indicator)
        };
        cells.push(Cell::text(indicator));
        match no_grade_reason(plan_status) {
            Some(reason) if plan_status != PlanStatus::NotSubmitted => {
                if r.first_of_plan {
                    cells.push(Cell::text(reason).cols(4).rows(span));
                }
            }
            _ => {
                cells.push(super::value_cell(
                    res.target.as_ref(),
                    &res.unit,
                    &res.choices,
                ));
                cells.push(super::value_cell(
                    res.actual.as_ref(),
                    &res.unit,
                    &res.choices,
                ));
                cells.push(Cell::number_or_dash(res.rate.as_ref().map(rate)));
                cells.push(Cell::grade(scale_grade(book, res.grade)));
            }
        }
        if r.first_of_plan {
            let plan_grade = match plan_status {
                PlanStatus::Evaluated => Cell::grade(scale_grade(book, r.plan_grade)),
                PlanStatus::OutOfPeriod => Cell::text("対象外"),
                PlanStatus::NotSubmitted => Cell::text("未提出"),
                PlanStatus::NeedsReview => Cell::text("要確認"),
            };
            cells.push(plan_grade.rows(span));
            let self_grade = if r.self_grade.is_empty() {
                Cell::text("－")
            } else {
                Cell::grade(grade(book, &r.self_grade))
            };
            cells.push(self_grade.rows(span));
        }
        body.push(cells);
    }
    let mut s = section(
        "list",
        "一覧",
        1,
        vec![Block::Table(Table {
            caption: format!("アクションプラン評価一覧（{}）", report_year(book)),
            header: vec![header],
            body,
            widths: [3, 3]
                .into_iter()
                .take(levels.len())
                .chain([4, 2, 6, 2, 2, 2, 1, 2, 2])
                .collect(),
        })],
    );
    s.wide = true;
    s
}

/// The part that holds the plans' sections, so that 目次 lists them under one entry.
pub(super) fn plans_part(book: &Book) -> Section {
    if book.plans.is_empty() {
        return empty("plans");
    }
    section(
        "plans",
        "アクションプランごとの取組状況と評価",
        1,
        vec![paragraph(
            format!(
                "以下、アクションプラン{}項目のそれぞれについて、概要、{}の実績、これまでの推移と取組の状況を示します。",
                book.plans.len(),
                report_year(book)
            ),
            ParagraphStyle::Body,
        )],
    )
}

/// 検証結果: the diagnostics the book was built with (handout only).
pub(super) fn diagnostics(book: &Book) -> Section {
    let body = book
        .diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(hint) = &d.hint {
                text = format!("{text}\n→ {hint}");
            }
            vec![
                Cell::row_header(d.severity.label()),
                Cell::text(
                    d.plan
                        .map(|n| {
                            book.plans
                                .iter()
                                .find(|p| p.number == n)
                                .map_or(n.to_string(), |p| p.mark.clone())
                        })
                        .unwrap_or_default(),
                ),
                Cell::text(
                    d.source
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                ),
                Cell::text(format!("{text}\n[{}]", d.code)),
            ]
        })
        .collect();
    section(
        "diagnostics",
        "検証結果",
        1,
        vec![Block::Table(Table {
            caption: "入力の検証結果".to_string(),
            header: vec![
                ["区分", "プラン", "場所", "内容"]
                    .into_iter()
                    .map(Cell::col_header)
                    .collect(),
            ],
            body,
            widths: vec![1, 1, 4, 6],
        })],
    )
}
