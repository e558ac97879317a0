//! 達成見込み in the book: its section (every projected indicator with the figures behind the
//! verdict), its lines in 総括 (the 要注意 plans, candidates for revision) and its method in
//! 評価の方法.

use super::{NumberStyle, figure, format_number, heading, paragraph, report_year, section};
use crate::book::{Book, OutlookVerdict, PlanOutlook};
use crate::document::{Block, Cell, List, ParagraphStyle, Section, Table};
use crate::text::wareki::fiscal_year_short;

/// The word of a verdict.
pub(super) fn verdict_text(v: OutlookVerdict) -> &'static str {
    match v {
        OutlookVerdict::OnTrack => "達成見込み",
        OutlookVerdict::AtRisk => "要注意",
    }
}

/// The plans flagged 要注意.
fn at_risk(book: &Book) -> Vec<&PlanOutlook> {
    book.outlook
        .iter()
        .flat_map(|o| &o.plans)
        .filter(|p| p.verdict == Some(OutlookVerdict::AtRisk))
        .collect()
}

/// 「②e-Tax及びeLTAXによる自主申告の推進」.
fn plan_title(p: &PlanOutlook) -> String {
    format!("{}{}", p.mark, p.name)
}

/// 「②e-Tax…：申告相談者 残り1年あたり-49.45人が必要、これまでの年平均は-36.5人（見込み6,877人、期間目標6,851.11人）」.
fn at_risk_line(p: &PlanOutlook) -> String {
    let print =
        |n: &crate::values::Number, unit: &str| format_number(&figure(n, unit), NumberStyle::Print);
    let figures: Vec<String> = p
        .indicators
        .iter()
        .filter_map(|i| {
            let pr = i.projection.as_ref()?;
            (pr.verdict == OutlookVerdict::AtRisk).then(|| {
                format!(
                    "{} 残り1年あたり{}が必要、これまでの年平均は{}（最終年度の見込み{}、期間目標{}）",
                    i.label,
                    print(&pr.needed, &i.unit),
                    print(&pr.pace, &i.unit),
                    print(&pr.projected, &i.unit),
                    print(&pr.target, &i.unit),
                )
            })
        })
        .collect();
    format!("{}：{}", plan_title(p), figures.join("／"))
}

/// The 総括's lines on 達成見込み: the 要注意 plans with their figures. Nothing without an
/// outlook.
pub(super) fn summary_blocks(book: &Book) -> Vec<Block> {
    if book.outlook.is_none() {
        return Vec::new();
    }
    let flagged = at_risk(book);
    let mut blocks = vec![heading(3, "取組期間の目標の達成見込み")];
    if flagged.is_empty() {
        blocks.push(paragraph(
            "これまでの年平均の実績で推移した場合に取組期間の目標に届かない（要注意の）アクションプランはありません。",
            ParagraphStyle::Body,
        ));
        return blocks;
    }
    blocks.push(paragraph(
        format!(
            "これまでの年平均の実績で推移した場合、次の{}項目は取組期間の目標に届かない見込みです（要注意）。\
             原因を整理し、取組内容又は目標の見直しを検討する候補とします（算定の方法は評価の方法、数値は達成見込みを参照）。",
            flagged.len()
        ),
        ParagraphStyle::Body,
    ));
    blocks.push(Block::List(List {
        ordered: false,
        items: flagged.into_iter().map(at_risk_line).collect(),
    }));
    blocks
}

/// 評価の方法's part on the projection. Nothing without an outlook.
pub(super) fn method_blocks(book: &Book) -> Vec<Block> {
    match &book.outlook {
        Some(o) => vec![
            heading(3, "達成見込みの算定"),
            paragraph(&o.method, ParagraphStyle::Body),
        ],
        None => Vec::new(),
    }
}

/// The 達成見込み section: one row per indicator with a period target, the figures behind the
/// verdict or why there is none. Empty (left out) without an outlook.
pub(super) fn section_of(book: &Book) -> Section {
    let Some(o) = &book.outlook else {
        return Section {
            id: "outlook".to_string(),
            contents_title: None,
            contents_level: 1,
            blocks: Vec::new(),
            wide: false,
        };
    };
    let year = book.meta.year;
    let mut blocks = vec![paragraph(
        format!(
            "取組期間の目標（累計、取組期間末の水準、基準値からの増減）がある指標について、{}までの年平均の実績で推移した場合の取組期間の最終年度の見込みを示します。\
             年平均の実績が残り1年あたりの必要量に届かないものを「要注意」とします（算定の方法は評価の方法を参照）。",
            report_year(book)
        ),
        ParagraphStyle::Body,
    )];
    let header = [
        "アクションプラン",
        "指標",
        "期間目標",
        "今年度の累計又は実績値",
        "算定の期間",
        "年平均の実績",
        "残りの年度数",
        "残り1年あたりの必要量",
        "最終年度の見込み",
        "判定",
    ]
    .into_iter()
    .map(Cell::col_header)
    .collect();
    let mut body = Vec::new();
    for p in &o.plans {
        let rows = u32::try_from(p.indicators.len()).unwrap_or(1);
        for (k, i) in p.indicators.iter().enumerate() {
            let mut cells = Vec::new();
            if k == 0 {
                let verdict = p.verdict.map_or("見込みなし", verdict_text);
                cells
                    .push(Cell::row_header(format!("{}\n（{verdict}）", plan_title(p))).rows(rows));
            }
            cells.push(Cell::text(format!("{}\n（{}）", i.label, i.kind)));
            match &i.projection {
                Some(pr) => {
                    let unit = &i.unit;
                    cells.push(Cell::number(figure(&pr.target, unit)));
                    cells.push(Cell::number(figure(&pr.current, unit)));
                    cells.push(Cell::text(format!(
                        "{}～{}（{}年）",
                        fiscal_year_short(pr.from_year),
                        fiscal_year_short(year),
                        pr.years_so_far
                    )));
                    cells.push(Cell::number(figure(&pr.pace, unit)));
                    cells.push(Cell::text(format!("{}年度", pr.years_left)));
                    cells.push(Cell::number(figure(&pr.needed, unit)));
                    cells.push(Cell::number(figure(&pr.projected, unit)));
                    cells.push(Cell::text(verdict_text(pr.verdict)));
                }
                None => {
                    cells.push(Cell::text(i.no_projection.clone().unwrap_or_default()).cols(8));
                }
            }
            body.push(cells);
        }
    }
    blocks.push(Block::Table(Table {
        caption: format!("取組期間の目標の達成見込み（{}まで）", report_year(book)),
        header: vec![header],
        body,
        widths: vec![4, 4, 2, 2, 2, 2, 2, 2, 2, 2],
    }));
    if !o.finished.is_empty() {
        blocks.push(paragraph(
            format!(
                "※ 取組期間が今年度で終わる又は終わったアクションプラン（{}）は見込みを示しません（結果は各年度の評価と、大綱の最終年度の最終評価に示します）。",
                o.finished.join("")
            ),
            ParagraphStyle::Note,
        ));
    }
    if !o.yearly_only.is_empty() {
        blocks.push(paragraph(
            format!(
                "※ 毎年度の目標（年度別、前年度比、発生件数0、参考値を含む）だけのアクションプラン（{}）は取組期間の目標がないため、各年度の評価によります。",
                o.yearly_only.join("")
            ),
            ParagraphStyle::Note,
        ));
    }
    let mut s = section("outlook", "達成見込み", 1, blocks);
    s.wide = true;
    s
}

/// The outlook as a data table (one row per indicator with a period target, figures without
/// separators or units) for the open-data CSV; `None` without an outlook.
pub(super) fn data_table(book: &Book) -> Option<Table> {
    let o = book.outlook.as_ref()?;
    let header = [
        "プラン番号",
        "アクションプラン",
        "指標",
        "単位",
        "目標の種類",
        "年度",
        "期間目標",
        "累計又は実績値",
        "算定の開始年度",
        "年平均の実績",
        "残りの年度数",
        "残り1年あたりの必要量",
        "最終年度の見込み",
        "判定",
        "見込みを示さない理由",
    ]
    .into_iter()
    .map(Cell::col_header)
    .collect();
    let plain = |n: &crate::values::Number| Cell::number(figure(n, ""));
    let mut body = Vec::new();
    for p in &o.plans {
        for i in &p.indicators {
            let mut row = vec![
                Cell::text(p.plan.to_string()),
                Cell::text(&p.name),
                Cell::text(&i.label),
                Cell::text(&i.unit),
                Cell::text(&i.kind),
                Cell::text(book.meta.year.to_string()),
            ];
            match &i.projection {
                Some(pr) => row.extend([
                    plain(&pr.target),
                    plain(&pr.current),
                    Cell::text(pr.from_year.to_string()),
                    plain(&pr.pace),
                    Cell::text(pr.years_left.to_string()),
                    plain(&pr.needed),
                    plain(&pr.projected),
                    Cell::text(verdict_text(pr.verdict)),
                    Cell::empty(),
                ]),
                None => {
                    row.extend((0..8).map(|_| Cell::empty()));
                    row.push(Cell::text(i.no_projection.clone().unwrap_or_default()));
                }
            }
            body.push(row);
        }
    }
    Some(Table {
        caption: format!("{}の達成見込み", report_year(book)),
        header: vec![header],
        body,
        widths: Vec::new(),
    })
}
