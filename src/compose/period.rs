//! 最終評価 in the book of the outline's last year: the part itself (period targets reached per
//! 基本方針 and 重点項目, final grades, every plan's grades side by side, its period target
//! against the result, its 成果と課題), its lines in 総括 and its method in 評価の方法.

use rust_decimal::Decimal;

use super::front::{breakdown, scale_grade};
use super::{figure, heading, paragraph, section};
use crate::book::{Book, FinalEvaluation, FinalPlan, PeriodOutcome, PeriodResult, SummaryRow};
use crate::document::{Block, Cell, List, Number, ParagraphStyle, Section, Table};
use crate::text::wareki::{fiscal_year_era, fiscal_year_label, fiscal_year_short};

/// The word of an outcome.
fn outcome_text(o: PeriodOutcome) -> &'static str {
    match o {
        PeriodOutcome::Reached => "達成",
        PeriodOutcome::NotReached => "未達成",
        PeriodOutcome::Undetermined => "判定不能",
    }
}

/// The outline's period as printed: 「令和2年度（2020年度）～令和6年度（2024年度）」.
fn period_text(f: &FinalEvaluation) -> String {
    format!(
        "{}～{}",
        fiscal_year_label(f.start),
        fiscal_year_label(f.end)
    )
}

fn title(p: &FinalPlan) -> String {
    format!("{}{}", p.mark, p.name)
}

fn count(n: u32) -> Cell {
    Cell::number(Number {
        value: Decimal::from(n),
        decimals: 0,
        unit: String::new(),
    })
}

/// 「②e-Tax…（令和6年度の評価 B）」.
fn plan_line(book: &Book, p: &FinalPlan) -> String {
    format!(
        "{}（{}の評価 {}）",
        title(p),
        fiscal_year_era(p.final_year),
        book.method.mark(p.grade)
    )
}

/// The 総括's lines on the final evaluation: how many plans reached their period target, and
/// which did not. Nothing outside the outline's last year.
pub(super) fn summary_blocks(book: &Book) -> Vec<Block> {
    let Some(f) = &book.final_evaluation else {
        return Vec::new();
    };
    let Some(total) = f.reached.first() else {
        return Vec::new();
    };
    let mut blocks = vec![
        heading(3, "取組期間の目標の達成状況（最終評価）"),
        paragraph(
            format!(
                "大綱の取組期間（{}）を終え、アクションプラン{}項目のうち、それぞれの取組期間の目標を達成したものは{}項目、達成しなかったものは{}項目{}です（詳しくは最終評価を参照）。",
                period_text(f),
                total.plans,
                total.reached,
                total.not_reached,
                if total.undetermined > 0 {
                    format!("、報告がなく判定できないものは{}項目", total.undetermined)
                } else {
                    String::new()
                }
            ),
            ParagraphStyle::Body,
        ),
    ];
    for (outcome, lead) in [
        (
            PeriodOutcome::NotReached,
            "取組期間の目標を達成しなかったアクションプラン",
        ),
        (
            PeriodOutcome::Undetermined,
            "判定できなかったアクションプラン",
        ),
    ] {
        let items: Vec<String> = f
            .plans
            .iter()
            .filter(|p| p.outcome == outcome)
            .map(|p| plan_line(book, p))
            .collect();
        if !items.is_empty() {
            blocks.push(paragraph(format!("{lead}："), ParagraphStyle::Body));
            blocks.push(Block::List(List {
                ordered: false,
                items,
            }));
        }
    }
    blocks
}

/// 評価の方法's part on the final evaluation. Nothing outside the outline's last year.
pub(super) fn method_blocks(book: &Book) -> Vec<Block> {
    match &book.final_evaluation {
        Some(f) => vec![
            heading(3, "最終評価の方法"),
            paragraph(&f.method, ParagraphStyle::Body),
        ],
        None => Vec::new(),
    }
}

/// The sections of the 最終評価 part; none outside the outline's last year.
pub(super) fn sections(book: &Book) -> Vec<Section> {
    let Some(f) = &book.final_evaluation else {
        return Vec::new();
    };
    let mut overview = overview(book, f);
    overview.wide = true;
    let mut grades = grades(book, f);
    grades.wide = true;
    let mut targets = targets(f);
    targets.wide = true;
    vec![overview, grades, targets, work(book, f)]
}

/// 最終評価: the lead, period targets reached and final grades per 基本方針 and 重点項目
/// (in the outline's own words, as far as it names levels).
fn overview(book: &Book, f: &FinalEvaluation) -> Section {
    let words = &book.meta.vocabulary;
    let mut blocks = vec![paragraph(
        format!(
            "大綱の取組期間（{}）の最終評価として、各アクションプランをそれぞれの取組期間の最終年度の評価で評価し\
             （取組期間が途中で終わったものはその年度の評価です）、取組期間の目標の達成状況、各年度の評価の推移と、\
             {}の最後の報告による成果と課題を示します（方法は評価の方法を参照）。",
            period_text(f),
            words.department
        ),
        ParagraphStyle::Body,
    )];
    blocks.push(heading(3, "取組期間の目標の達成状況"));
    let header = ["区分", "達成", "未達成", "判定不能", "計"]
        .into_iter()
        .map(Cell::col_header)
        .collect();
    let levels: Vec<String> = words
        .levels
        .iter()
        .take(2)
        .map(|l| format!("{l}別"))
        .collect();
    let caption = if levels.is_empty() {
        "取組期間の目標を達成したアクションプランの数".to_string()
    } else {
        format!(
            "取組期間の目標を達成したアクションプランの数（{}）",
            levels.join("・")
        )
    };
    blocks.push(Block::Table(Table {
        caption,
        header: vec![header],
        body: f
            .reached
            .iter()
            .map(|r| {
                vec![
                    Cell::row_header(&r.label),
                    count(r.reached),
                    count(r.not_reached),
                    count(r.undetermined),
                    count(r.plans),
                ]
            })
            .collect(),
        widths: vec![6, 1, 1, 1, 1],
    }));
    let mut rows: Vec<&SummaryRow> = vec![&f.grades.total];
    match words.policy_level() {
        Some(level) => {
            blocks.push(heading(3, format!("最終評価の内訳（{level}別）")));
            rows.extend(f.grades.by_policy.iter());
            blocks.push(Block::Table(breakdown(
                book,
                &format!("{level}別の最終評価の件数と構成比"),
                &rows,
            )));
        }
        None => {
            blocks.push(heading(3, "最終評価の内訳"));
            blocks.push(Block::Table(breakdown(
                book,
                "最終評価の件数と構成比",
                &rows,
            )));
        }
    }
    if let (false, Some(level)) = (f.grades.by_focus_area.is_empty(), words.focus_level()) {
        blocks.push(heading(3, format!("最終評価の内訳（{level}別）")));
        let rows: Vec<&SummaryRow> = f.grades.by_focus_area.iter().collect();
        blocks.push(Block::Table(breakdown(
            book,
            &format!("{level}別の最終評価の件数と構成比"),
            &rows,
        )));
    }
    section("final", "最終評価", 1, blocks)
}

/// Every plan's grade year by year beside its final grade and its period target's outcome.
fn grades(book: &Book, f: &FinalEvaluation) -> Section {
    let mut header = vec![
        Cell::col_header("アクションプラン"),
        Cell::col_header("取組期間"),
    ];
    header.extend(
        f.years
            .iter()
            .map(|y| Cell::col_header(fiscal_year_short(*y))),
    );
    header.push(Cell::col_header("最終評価"));
    header.push(Cell::col_header("評価の年度"));
    header.push(Cell::col_header("取組期間の目標"));
    let body = f
        .plans
        .iter()
        .map(|p| {
            let mut cells = vec![Cell::row_header(title(p)), Cell::text(&p.period)];
            cells.extend(p.yearly_grades.iter().map(|g| match g {
                Some(g) => Cell::grade(scale_grade(book, *g)),
                None => Cell::text("期間外"),
            }));
            cells.push(Cell::grade(scale_grade(book, p.grade)));
            cells.push(Cell::text(fiscal_year_era(p.final_year)));
            cells.push(Cell::text(outcome_text(p.outcome)));
            cells
        })
        .collect();
    let mut widths = vec![10, 6];
    widths.extend(f.years.iter().map(|_| 2));
    widths.extend([3, 4, 3]);
    section(
        "final-grades",
        "最終評価：アクションプラン別の評価の推移",
        2,
        vec![Block::Table(Table {
            caption: "アクションプラン別の各年度の評価と最終評価".to_string(),
            header: vec![header],
            body,
            widths,
        })],
    )
}

/// The period target of one indicator against its result, as a row's cells after the plan.
fn target_cells(r: &PeriodResult) -> Vec<Cell> {
    let mut cells = vec![Cell::text(format!("{}\n（{}）", r.label, r.kind))];
    match r.years_met {
        None => {
            cells.push(Cell::number_or_dash(
                r.target.as_ref().map(|n| figure(n, &r.unit)),
            ));
            cells.push(Cell::number_or_dash(
                r.actual.as_ref().map(|n| figure(n, &r.unit)),
            ));
        }
        Some(met) => {
            cells.push(Cell::text("各年度の年度目標"));
            cells.push(Cell::text(format!("{}年度中{}年度達成", r.years, met)));
        }
    }
    cells.push(Cell::text(outcome_text(r.outcome)));
    cells.push(Cell::text(r.note.clone().unwrap_or_default()));
    cells
}

/// Every indicator's period target against the result.
fn targets(f: &FinalEvaluation) -> Section {
    let header = [
        "アクションプラン",
        "指標（目標の種類）",
        "期間目標",
        "結果",
        "達成",
        "備考",
    ]
    .into_iter()
    .map(Cell::col_header)
    .collect();
    let mut body = Vec::new();
    for p in &f.plans {
        let rows = u32::try_from(p.indicators.len()).unwrap_or(1);
        for (k, r) in p.indicators.iter().enumerate() {
            let mut cells = Vec::new();
            if k == 0 {
                cells.push(
                    Cell::row_header(format!(
                        "{}\n（～{}、{}）",
                        title(p),
                        fiscal_year_era(p.final_year),
                        outcome_text(p.outcome)
                    ))
                    .rows(rows),
                );
            }
            cells.extend(target_cells(r));
            body.push(cells);
        }
    }
    section(
        "final-targets",
        "最終評価：取組期間の目標と結果",
        2,
        vec![
            paragraph(
                "累計・取組期間末の水準・基準値からの増減の目標は取組期間の最終年度の累計又は実績値と、毎年度の目標は各年度の達成の有無と比べます。",
                ParagraphStyle::Body,
            ),
            Block::Table(Table {
                caption: "指標別の取組期間の目標と結果".to_string(),
                header: vec![header],
                body,
                widths: vec![4, 4, 2, 2, 1, 3],
            }),
        ],
    )
}

/// 成果と課題: per plan the 取組実績 and 課題 of the department's last submission.
fn work(book: &Book, f: &FinalEvaluation) -> Section {
    let header = ["アクションプラン", "成果（取組実績）", "課題"]
        .into_iter()
        .map(Cell::col_header)
        .collect();
    let body = f
        .plans
        .iter()
        .map(|p| {
            let from = p.submitted.map_or_else(
                || "（報告なし）".to_string(),
                |y| format!("（{}の報告）", fiscal_year_era(y)),
            );
            vec![
                Cell::row_header(format!("{}\n{from}", title(p))),
                Cell::text(if p.achievements.trim().is_empty() {
                    "－".to_string()
                } else {
                    p.achievements.clone()
                }),
                Cell::text(if p.issues.trim().is_empty() {
                    "－".to_string()
                } else {
                    p.issues.clone()
                }),
            ]
        })
        .collect();
    section(
        "final-work",
        "最終評価：成果と課題",
        2,
        vec![
            paragraph(
                format!(
                    "各アクションプランの成果と課題を、{}の最後の報告（通常は取組期間の最終年度の進捗シート）の取組実績と課題のとおり示します。",
                    book.meta.vocabulary.department
                ),
                ParagraphStyle::Body,
            ),
            Block::Table(Table {
                caption: "アクションプラン別の成果と課題".to_string(),
                header: vec![header],
                body,
                widths: vec![3, 5, 5],
            }),
        ],
    )
}

/// The final evaluation as a data table (one row per indicator, figures without separators
/// or units) for the open-data CSV; `None` outside the outline's last year.
pub(super) fn data_table(book: &Book) -> Option<Table> {
    let f = book.final_evaluation.as_ref()?;
    let header = [
        "プラン番号",
        "アクションプラン",
        "評価の年度",
        "最終評価",
        "プランの期間目標",
        "指標",
        "単位",
        "目標の種類",
        "期間目標",
        "結果",
        "年度目標を達成した年度数",
        "年度数",
        "指標の期間目標",
        "備考",
    ]
    .into_iter()
    .map(Cell::col_header)
    .collect();
    let not_graded = book.summary.columns.last().cloned().unwrap_or_default();
    let mut body = Vec::new();
    for p in &f.plans {
        for r in &p.indicators {
            let value = |n: &Option<crate::values::Number>| {
                n.as_ref()
                    .map_or_else(Cell::empty, |n| Cell::number(figure(n, "")))
            };
            body.push(vec![
                Cell::text(p.number.to_string()),
                Cell::text(&p.name),
                Cell::text(p.final_year.to_string()),
                match book.method.mark(p.grade) {
                    mark if mark == not_graded => Cell::empty(),
                    mark => Cell::text(mark),
                },
                Cell::text(outcome_text(p.outcome)),
                Cell::text(&r.label),
                Cell::text(&r.unit),
                Cell::text(&r.kind),
                value(&r.target),
                value(&r.actual),
                r.years_met
                    .map_or_else(Cell::empty, |m| Cell::text(m.to_string())),
                Cell::text(r.years.to_string()),
                Cell::text(outcome_text(r.outcome)),
                Cell::text(r.note.clone().unwrap_or_default()),
            ]);
        }
    }
    Some(Table {
        caption: format!("最終評価（{}）", period_text(f)),
        header: vec![header],
        body,
        widths: Vec::new(),
    })
}
