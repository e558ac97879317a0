//! One section per action plan: its definition, this year's figures, the 推移 of every
//! indicator (chart and table), 取組の状況, and in the handout the source and 委員会意見.

use super::front::{grade, no_grade_reason, scale_grade};
use super::{
    NumberStyle, align_decimals, choice, figure, format_number, heading, paragraph, rate,
    report_year, section, value_cell,
};
use crate::book::{Book, IndicatorHistory, PlanPage, PlanStatus};
use crate::document::{
    Block, Cell, Chart, ChartKind, Number, ParagraphStyle, Section, Series, Table, Variant,
};
use crate::text::wareki::{fiscal_year_era, fiscal_year_short};

/// 「①情報セキュリティ対策の強化」.
pub(super) fn plan_title(plan: &PlanPage) -> String {
    if plan.name.starts_with(&plan.mark) {
        plan.name.clone()
    } else {
        format!("{}{}", plan.mark, plan.name)
    }
}

/// The anchor of a plan's section: 「plan-1」.
pub(super) fn plan_id(plan: &PlanPage) -> String {
    format!("plan-{}", plan.number)
}

/// An indicator's label with its unit, unless the label already ends with it.
fn label_with_unit(label: &str, unit: &str) -> String {
    if unit.is_empty() || label.ends_with(&format!("（{unit}）")) {
        label.to_string()
    } else {
        format!("{label}（{unit}）")
    }
}

/// The section of one plan; `first`: the first plan follows the short introduction of the
/// plans' part on its page, the others start a page.
pub(super) fn plan_section(book: &Book, plan: &PlanPage, variant: Variant, first: bool) -> Section {
    let title = plan_title(plan);
    let mut blocks = vec![Block::Table(overview(book, plan))];
    let reason = no_grade_reason(plan.status);
    let year = &report_year(book);
    // An out-of-period plan has no figures this year: its 評価 row says why, once.
    if plan.status != PlanStatus::OutOfPeriod {
        blocks.push(heading(3, format!("{year}の実績")));
        if let Some(reason) = reason {
            blocks.push(paragraph(format!("{reason}。"), ParagraphStyle::Body));
        }
        if !plan.results.is_empty() {
            blocks.push(Block::Table(results(book, plan)));
        }
    }
    let histories: Vec<&IndicatorHistory> = plan
        .history
        .iter()
        .filter(|h| !h.points.is_empty())
        .collect();
    if !histories.is_empty() {
        blocks.push(heading(3, "推移"));
        for h in histories {
            blocks.push(Block::KeepTogether(trend(book, h)));
        }
    }
    let work: Vec<Vec<Cell>> = [
        ("取組実績", &plan.achievements),
        ("課題", &plan.issues),
        ("今後の方向性", &plan.direction),
    ]
    .into_iter()
    .filter(|(_, text)| !text.trim().is_empty())
    .map(|(key, text)| vec![Cell::row_header(key), Cell::text(text)])
    .collect();
    if !work.is_empty() {
        blocks.push(heading(3, "取組の状況"));
        blocks.push(Block::Table(Table {
            caption: format!("{}の取組の状況", plan.mark),
            header: Vec::new(),
            body: work,
            widths: vec![1, 5],
        }));
    }
    if variant == Variant::Handout
        && let Some(source) = &plan.source
    {
        blocks.push(paragraph(format!("資料：{source}"), ParagraphStyle::Note));
    }
    // The year before's opinions, each with the department's response.
    blocks.extend(super::committee::follow_up_box(book, plan));
    // The committee's grade and opinions; without them a blank box to write in, on paper
    // only: the public edition shows opinions once there are some, never an empty box.
    blocks.extend(super::committee::plan_box(book, plan, variant));
    let mut s = section(&plan_id(plan), &title, 2, blocks);
    if !first {
        s.blocks.insert(0, Block::PageBreak);
    }
    s
}

/// The plan's facts: department, period, policy, grades and the plan's text.
fn overview(book: &Book, plan: &PlanPage) -> Table {
    let row = |key: &str, cell: Cell| vec![Cell::row_header(key), cell];
    let words = &book.meta.vocabulary;
    let mut body = vec![
        row(&words.department, Cell::text(&plan.department)),
        row("取組期間", Cell::text(&plan.period)),
    ];
    // Only the levels the outline names: a plan file with one level shows one row.
    if let Some(level) = words.policy_level() {
        body.push(row(level, Cell::text(&plan.policy)));
    }
    if let Some(level) = words.focus_level() {
        body.push(row(level, Cell::text(&plan.focus_area)));
    }
    body.push(row(
        "評価",
        match no_grade_reason(plan.status) {
            None => Cell::grade(scale_grade(book, plan.grade)),
            Some(reason) => Cell::text(reason),
        },
    ));
    if !plan.self_grade.is_empty() {
        body.push(row("自己評価", Cell::grade(grade(book, &plan.self_grade))));
    } else if plan.status != PlanStatus::OutOfPeriod {
        body.push(row("自己評価", Cell::text("記入なし")));
    }
    if let Some(prev) = plan.previous_grade {
        body.push(row("前年度の評価", Cell::grade(scale_grade(book, prev))));
    }
    for (key, text) in [
        ("目標・指標", &plan.target_text),
        ("取組内容", &plan.actions),
        ("得られる効果", &plan.effects),
        (words.general_plan.as_str(), &plan.general_plan),
    ] {
        if !text.is_empty() && !key.is_empty() {
            body.push(row(key, Cell::text(text)));
        }
    }
    // A target revised by the report year: the original and the revised definition, why and
    // by whom, as cities print a 改定内容 beside the plan.
    let revisions: Vec<String> = plan
        .results
        .iter()
        .filter_map(|r| r.revision.as_ref())
        .map(|v| {
            let decided = if v.decided.is_empty() {
                String::new()
            } else {
                format!("（{}決定）", v.decided)
            };
            format!(
                "{}から改定{decided}\n当初：{}\n改定後：{}\n理由：{}",
                fiscal_year_era(v.from),
                v.original_text,
                v.revised_text,
                v.reason
            )
        })
        .collect();
    if !revisions.is_empty() {
        body.push(row("目標の改定", Cell::text(revisions.join("\n"))));
    }
    if !plan.interpretations.is_empty() {
        body.push(row(
            "目標の読み方",
            Cell::text(plan.interpretations.join("\n")),
        ));
    }
    Table {
        caption: format!("{}の概要", plan.mark),
        header: Vec::new(),
        body,
        widths: vec![1, 5],
    }
}

/// The figures of a revised year against the original target, for the 備考 of the results:
/// the table's 年度目標 and 達成率 are those of the revised target.
fn revision_note(book: &Book, v: &crate::book::RevisionResult, unit: &str) -> String {
    let print = |n: Option<Number>| {
        n.map_or_else(
            || "－".to_string(),
            |n| format_number(&n, NumberStyle::Print),
        )
    };
    format!(
        "改定後の目標による評価（{}から）。当初の目標では 年度目標 {}、達成率 {}、評価 {}",
        fiscal_year_era(v.from),
        print(v.original_target.as_ref().map(|n| figure(n, unit))),
        print(v.original_rate.as_ref().map(rate)),
        book.method.mark(v.original_grade)
    )
}

/// This year's figures, one row per indicator.
fn results(book: &Book, plan: &PlanPage) -> Table {
    let finals = plan.results.iter().any(|r| r.final_target.is_some());
    let mut header = vec![Cell::col_header("指標"), Cell::col_header("年度目標")];
    if finals {
        header.push(Cell::col_header("最終目標"));
    }
    for h in ["実績値", "基準値", "達成率", "評価"] {
        header.push(Cell::col_header(h));
    }
    let notes = |r: &crate::book::IndicatorResult| -> Vec<String> {
        r.basis_label
            .iter()
            .map(|l| {
                if l.starts_with("基準値") {
                    l.clone()
                } else {
                    format!("基準値：{l}")
                }
            })
            .chain(r.note.clone())
            .chain(r.revision.as_ref().map(|v| revision_note(book, v, &r.unit)))
            .collect()
    };
    // No column of empty cells.
    let any_notes = plan.results.iter().any(|r| !notes(r).is_empty());
    if any_notes {
        header.push(Cell::col_header("備考"));
    }
    let body = plan
        .results
        .iter()
        .map(|r| {
            let unit = &r.unit;
            let mut cells = vec![
                Cell::row_header(label_with_unit(&r.label, unit)),
                value_cell(r.target.as_ref(), unit, &r.choices),
            ];
            if finals {
                cells.push(value_cell(r.final_target.as_ref(), unit, &r.choices));
            }
            cells.push(value_cell(r.actual.as_ref(), unit, &r.choices));
            cells.push(Cell::number_or_dash(
                r.basis.as_ref().map(|n| figure(n, unit)),
            ));
            cells.push(Cell::number_or_dash(r.rate.as_ref().map(rate)));
            cells.push(Cell::grade(scale_grade(book, r.grade)));
            if any_notes {
                cells.push(Cell::text(notes(r).join("\n")));
            }
            cells
        })
        .collect();
    Table {
        caption: format!("{}の{}の実績", plan.mark, report_year(book)),
        header: vec![header],
        body,
        widths: Vec::new(),
    }
}

/// The 推移 of an indicator judged by a choice: the stage to reach and the stage reached
/// each year, and the grade; no chart, as stages are no quantities.
fn choice_trend(book: &Book, h: &IndicatorHistory) -> Block {
    let mut header = vec![Cell::col_header("区分")];
    header.extend(
        h.points
            .iter()
            .map(|p| Cell::col_header(fiscal_year_short(p.year))),
    );
    let text = |n: Option<&crate::values::Number>| {
        Cell::text(choice(n, &h.choices).unwrap_or_else(|| "－".to_string()))
    };
    let mut target = vec![Cell::row_header("目標")];
    target.extend(h.points.iter().map(|p| text(p.target.as_ref())));
    let mut actual = vec![Cell::row_header("実績")];
    actual.extend(h.points.iter().map(|p| text(p.actual.as_ref())));
    let mut grades = vec![Cell::row_header("評価")];
    grades.extend(
        h.points
            .iter()
            .map(|p| Cell::grade(scale_grade(book, p.grade))),
    );
    Block::Table(Table {
        caption: format!("{}の推移", h.label),
        header: vec![header],
        body: vec![target, actual, grades],
        widths: Vec::new(),
    })
}

/// An indicator's 推移: the chart of target and actual by year, and its data table.
fn trend(book: &Book, h: &IndicatorHistory) -> Vec<Block> {
    if !h.choices.is_empty() {
        return vec![choice_trend(book, h)];
    }
    let label = label_with_unit(&h.label, &h.unit);
    let years: Vec<String> = h.points.iter().map(|p| fiscal_year_short(p.year)).collect();
    let mut targets: Vec<Option<Number>> = h
        .points
        .iter()
        .map(|p| p.target.as_ref().map(|n| figure(n, &h.unit)))
        .collect();
    let mut actuals: Vec<Option<Number>> = h
        .points
        .iter()
        .map(|p| p.actual.as_ref().map(|n| figure(n, &h.unit)))
        .collect();
    let mut rates: Vec<Option<Number>> =
        h.points.iter().map(|p| p.rate.as_ref().map(rate)).collect();
    align_decimals(&mut targets);
    align_decimals(&mut actuals);
    align_decimals(&mut rates);
    let print = |v: &Option<Number>| {
        v.as_ref().map_or("値なし".to_string(), |n| {
            format_number(n, NumberStyle::Print)
        })
    };
    let alt = format!(
        "{label}の目標と実績の棒グラフ。{}",
        years
            .iter()
            .enumerate()
            .map(|(i, y)| format!("{y} 目標{} 実績{}", print(&targets[i]), print(&actuals[i])))
            .collect::<Vec<_>>()
            .join("、")
    ) + "。";
    let chart = Chart {
        kind: ChartKind::Bar,
        title: label.clone(),
        categories: years.clone(),
        series: vec![
            Series {
                name: "目標".to_string(),
                values: targets.clone(),
            },
            Series {
                name: "実績".to_string(),
                values: actuals.clone(),
            },
        ],
        alt,
    };
    let mut header = vec![Cell::col_header("区分")];
    header.extend(years.iter().map(Cell::col_header));
    let unitless = |row: Vec<Option<Number>>| -> Vec<Cell> {
        row.into_iter()
            .map(|n| {
                Cell::number_or_dash(n.map(|n| Number {
                    unit: String::new(),
                    ..n
                }))
            })
            .collect()
    };
    let unit_note = if h.unit.is_empty() {
        String::new()
    } else {
        format!("（{}）", h.unit)
    };
    let mut body = Vec::new();
    let mut push = |name: String, cells: Vec<Cell>| {
        let mut row = vec![Cell::row_header(name)];
        row.extend(cells);
        body.push(row);
    };
    push(format!("目標{unit_note}"), unitless(targets));
    push(format!("実績{unit_note}"), unitless(actuals));
    push("達成率（%）".to_string(), unitless(rates));
    // Years evaluated against a revised target: their rate against the original beside it.
    if h.points.iter().any(|p| p.original_rate.is_some()) {
        let mut original: Vec<Option<Number>> = h
            .points
            .iter()
            .map(|p| p.original_rate.as_ref().map(rate))
            .collect();
        align_decimals(&mut original);
        push("当初目標の達成率（%）".to_string(), unitless(original));
    }
    push(
        "評価".to_string(),
        h.points
            .iter()
            .map(|p| Cell::grade(scale_grade(book, p.grade)))
            .collect(),
    );
    let table = Block::Table(Table {
        caption: format!("{label}の推移"),
        header: vec![header],
        body,
        widths: Vec::new(),
    });
    // A chart of nothing but zeros (plan ①'s incidents) draws an empty plot: the table says
    // it better alone.
    let drawable = chart
        .series
        .iter()
        .flat_map(|s| &s.values)
        .flatten()
        .any(|n| !n.value.is_zero());
    if drawable {
        vec![Block::Chart(chart), table]
    } else {
        vec![table]
    }
}
