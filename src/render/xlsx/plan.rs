//! One sheet per action plan: its definition, this year's indicator table, the trend since
//! the first year with a chart per indicator, the department's report and an empty box for
//! the committee's opinion.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    ChartEmptyCells, ChartLegendPosition, ChartMarker, ChartMarkerType, ChartType, Worksheet,
    XlsxError,
};

use super::Chrome;
use super::grid::{Grid, Orientation, ROW_PT, Styles, book_chart};
use super::measure::Metrics;
use super::sheets::{heading, section};
use crate::book::{Book, HistoryPoint, IndicatorHistory, IndicatorResult, PlanPage};
use crate::text::number::excel_number_format;
use crate::text::wareki::fiscal_year_short;

/// Width of the printed page in pixels, shared by the columns.
const PAGE_PX: f64 = 680.0;
/// Chart size in pixels.
const CHART_W: u32 = 640;
const CHART_H: u32 = 190;

/// Writes the sheet of one plan.
pub fn plan_sheet(
    ws: &mut Worksheet,
    name: &str,
    page: &PlanPage,
    book: &Book,
    s: &Styles,
    chrome: &Chrome,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let years = page
        .history
        .iter()
        .map(|h| h.points.len())
        .max()
        .unwrap_or(0);
    let cols = 8.max(2 + years);
    let mut widths = vec![85.0, 85.0];
    widths.extend(std::iter::repeat_n(
        (PAGE_PX - 170.0) / (cols - 2) as f64,
        cols - 2,
    ));
    let mut g = Grid::new(ws, &widths, Orientation::Portrait, chrome)?;
    let last = g.cols() - 1;

    heading(&mut g, &format!("{}{}", page.mark, page.name), s)?;
    let readings = page.interpretations.join("\n");
    let rows: [(&str, &str); 11] = [
        ("基本方針", &page.policy),
        ("重点項目", &page.focus_area),
        ("担当課", &page.department),
        ("取組期間", &page.period),
        ("目標・指標", &page.target_text),
        ("取組内容", &page.actions),
        ("得られる効果", &page.effects),
        ("第2次総合計画（基本施策）の方針", &page.general_plan),
        ("目標の読み方", &readings),
        ("評価の状況", &page.status_label),
        ("提出元", page.source.as_deref().unwrap_or("")),
    ];
    for (label, value) in rows {
        if value.is_empty() && matches!(label, "目標の読み方" | "提出元") {
            continue;
        }
        let pieces = g.pieces(2, last, value);
        let first = g.row;
        let rows = pieces.len() as u32;
        if rows > 1 {
            g.block_text((first, first + rows - 1), (0, 1), label, &s.label)?;
        } else {
            g.text(0, 1, label, &s.label)?;
        }
        for piece in pieces {
            g.text(2, last, piece, &s.cell)?;
            g.min_height(22.0);
            g.end_row()?;
        }
    }

    results(&mut g, page, book, s)?;

    for (label, text) in [
        ("取組実績", &page.achievements),
        ("課題", &page.issues),
        ("今後の方向性", &page.direction),
    ] {
        let h = super::grid::BODY
            .height_pt(text, g.width(0, last))
            .max(36.0);
        g.keep(32.0 + h);
        section(&mut g, label, s)?;
        for piece in g.pieces(0, last, text) {
            g.text(0, last, piece, &s.cell)?;
            g.min_height(36.0);
            g.end_row()?;
        }
    }
    if !page.history.is_empty() {
        // The span the section names: that of the first indicator with any point.
        let span_end = |end: fn(&[HistoryPoint]) -> Option<&HistoryPoint>| {
            page.history
                .iter()
                .find_map(|h| end(&h.points))
                .map(|p| fiscal_year_short(p.year))
                .unwrap_or_default()
        };
        let (first, last_label) = (span_end(<[_]>::first), span_end(<[_]>::last));
        g.keep(22.0 + 10.0 + ROW_PT * 7.0 + f64::from(CHART_H) * 0.75 + 20.0);
        section(&mut g, &format!("推移（{first}～{last_label}）"), s)?;
        for h in &page.history {
            trend(&mut g, h, name, s)?;
        }
    }

    g.keep(32.0 + 150.0);
    section(&mut g, &format!("{}意見", book.meta.committee), s)?;
    g.text(0, last, "", &s.opinion)?;
    g.min_height(150.0);
    g.end_row()?;
    g.finish()
}

/// This year's indicator table and the plan's grade.
fn results(g: &mut Grid, page: &PlanPage, book: &Book, s: &Styles) -> Result<(), XlsxError> {
    let last = g.cols() - 1;
    let table: f64 = 32.0 + ROW_PT * (page.results.len() as f64 * 2.0 + 3.0);
    g.keep(table);
    section(g, &format!("{}の実績", book.meta.year_label), s)?;
    // Label over A–C, then one column each (the sheet has at least 8 columns).
    for (c1, c2, text) in [
        (0, 2, "指標"),
        (3, 3, "単位"),
        (4, 4, "年度目標"),
        (5, 5, "実績値"),
        (6, 6, "達成率"),
        (7, 7, "評価"),
    ] {
        g.text(c1, c2, text, &s.header)?;
    }
    g.end_row()?;
    for r in &page.results {
        g.text(0, 2, &indicator_label(r), &s.cell)?;
        g.text(3, 3, &r.unit, &s.center)?;
        g.number(4, r.target.as_ref(), &s.number)?;
        g.number(5, r.actual.as_ref(), &s.number)?;
        g.number(6, r.rate.as_ref(), &s.number)?;
        g.text(7, 7, &r.grade, &s.grade)?;
        g.min_height(24.0);
        g.end_row()?;
        if let Some(note) = &r.note {
            g.text_sized(0, last, &format!("※{note}"), &s.note, Metrics { size: 9.0 })?;
            g.end_row()?;
        }
    }
    g.gap(6.0)?;
    g.text(0, 1, "アクションプランの評価", &s.label)?;
    g.text(2, 2, &page.grade, &s.grade)?;
    g.text(3, 4, &page.grade_label, &s.center)?;
    g.text(5, 5, "自己評価", &s.label)?;
    g.text(6, 6, &page.self_grade, &s.grade)?;
    let previous = page
        .previous_grade
        .as_ref()
        .map_or_else(String::new, |p| format!("前年度 {p}"));
    g.text(7, 7, &previous, &s.center)?;
    g.min_height(26.0);
    g.end_row()
}

/// The indicator's label with its final target and basis, when it has them.
fn indicator_label(r: &IndicatorResult) -> String {
    let mut text = r.label.clone();
    if let Some(t) = &r.final_target {
        text.push_str(&format!("\n最終目標：{}{}", t.text, r.unit));
    }
    if let Some(b) = &r.basis {
        let what = r.basis_label.as_deref().unwrap_or("基準値");
        text.push_str(&format!("\n{what}：{}{}", b.text, r.unit));
    }
    text
}

/// One indicator's trend table (target, actual, rate, grade per year) and its chart.
fn trend(g: &mut Grid, h: &IndicatorHistory, sheet: &str, s: &Styles) -> Result<(), XlsxError> {
    let n = h.points.len() as u16;
    let chart_pt = f64::from(CHART_H) * 0.75;
    g.keep(ROW_PT * 6.0 + 10.0 + chart_pt + 10.0);
    g.gap(6.0)?;
    let last = g.cols() - 1;
    g.text(0, last, &h.label, &s.para.clone().set_bold())?;
    g.end_row()?;
    let header = g.row;
    g.text(0, 1, "区分", &s.header)?;
    for (i, p) in h.points.iter().enumerate() {
        let c = 2 + i as u16;
        g.text(c, c, &fiscal_year_short(p.year), &s.header)?;
    }
    g.end_row()?;
    let target_row = g.row;
    g.text(0, 1, "目標", &s.label)?;
    for (i, p) in h.points.iter().enumerate() {
        g.chart_number(2 + i as u16, p.target.as_ref(), &s.number)?;
    }
    g.end_row()?;
    let actual_row = g.row;
    g.text(0, 1, "実績", &s.label)?;
    for (i, p) in h.points.iter().enumerate() {
        g.chart_number(2 + i as u16, p.actual.as_ref(), &s.number)?;
    }
    g.end_row()?;
    g.text(0, 1, "達成率", &s.label)?;
    for (i, p) in h.points.iter().enumerate() {
        g.number(2 + i as u16, p.rate.as_ref(), &s.number)?;
    }
    g.end_row()?;
    g.text(0, 1, "評価", &s.label)?;
    for (i, p) in h.points.iter().enumerate() {
        let c = 2 + i as u16;
        g.text(c, c, &p.grade, &s.center)?;
    }
    g.end_row()?;
    if n == 0 {
        return Ok(());
    }

    let mut chart = book_chart(
        ChartType::Line,
        &h.label,
        (CHART_W, CHART_H),
        ChartLegendPosition::Right,
    );
    let categories = (sheet, header, 2, header, 1 + n);
    for (name, row, marker) in [
        ("目標", target_row, ChartMarkerType::Square),
        ("実績", actual_row, ChartMarkerType::Circle),
    ] {
        chart
            .add_series()
            .set_name(name)
            .set_categories(categories)
            .set_values((sheet, row, 2, row, 1 + n))
            .set_marker(ChartMarker::new().set_type(marker));
    }
    let format = h
        .points
        .iter()
        .find_map(|p| p.actual.as_ref().or(p.target.as_ref()))
        .map(excel_number_format);
    let y = chart.y_axis();
    if let Some(format) = format {
        // Small counts would get half steps (0, 0.5, 1) printed as 「0, 1, 1」: step by one.
        let whole = !format.contains(['.', '%']);
        let largest = h
            .points
            .iter()
            .flat_map(|p| [&p.target, &p.actual])
            .flatten()
            .filter_map(|n| n.value.to_f64())
            .fold(0.0, f64::max);
        if whole {
            if largest < 5.0 {
                y.set_min(0).set_max(5).set_major_unit(1);
            }
            y.set_num_format(format);
        }
    }
    chart.show_empty_cells_as(ChartEmptyCells::Gaps);
    g.gap(6.0)?;
    g.insert_chart(&chart, CHART_H, 20)
}
