//! The book-level sheets: 表紙, 評価の方法, 総括, 一覧 and 検証結果.

use rust_xlsxwriter::{ChartLegendPosition, ChartType, Format, FormatAlign, Worksheet, XlsxError};

use super::Chrome;
use super::grid::{BODY, Grid, Orientation, ROW_PT, Styles, book_chart, chart_rows};
use super::measure::{Metrics, text_units};
use crate::book::{Book, ListRow};

/// 表紙, followed on a second page by はじめに.
pub fn cover(
    ws: &mut Worksheet,
    book: &Book,
    s: &Styles,
    chrome: &Chrome,
) -> Result<(), XlsxError> {
    ws.set_name("表紙")?;
    let mut g = Grid::new(ws, &[85.0; 8], Orientation::Portrait, chrome)?;
    g.gap(150.0)?;
    // The title's parts (outline, アクションプラン, year, 取組状況・評価) on lines of their own.
    let title = book
        .wording
        .title
        .split(' ')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    g.text_sized(0, 7, &title, &s.title, Metrics { size: 20.0 })?;
    g.end_row()?;
    g.gap(24.0)?;
    centered_line(&mut g, &book.wording.cover_note, 14.0, false)?;
    g.gap(60.0)?;
    if !book.wording.sample_mark.is_empty() {
        g.text_sized(
            1,
            6,
            &book.wording.sample_mark,
            &s.sample,
            Metrics { size: 16.0 },
        )?;
        g.min_height(42.0);
        g.end_row()?;
    }
    g.gap(200.0)?;
    centered_line(&mut g, &book.meta.date_label, 14.0, false)?;
    g.gap(12.0)?;
    centered_line(&mut g, &book.meta.city, 18.0, true)?;

    if !book.wording.introduction.is_empty() {
        g.page_break();
        g.text_sized(0, 7, "はじめに", &s.heading, Metrics { size: 14.0 })?;
        g.end_row()?;
        g.gap(8.0)?;
        for para in &book.wording.introduction {
            g.text(0, 7, &format!("　{para}"), &s.para)?;
            g.end_row()?;
            g.gap(6.0)?;
        }
        g.gap(12.0)?;
        g.text(0, 1, "基本理念", &s.label)?;
        g.text(2, 7, &book.meta.philosophy, &s.cell)?;
        g.end_row()?;
    }
    g.finish()
}

/// A row of the cover with `text` centred across the page at `size` points: the cover's
/// lines each have their own size, so they take a format of their own rather than a style.
fn centered_line(g: &mut Grid, text: &str, size: f64, bold: bool) -> Result<(), XlsxError> {
    let format = super::grid::base_format()
        .set_font_size(size)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let format = if bold { format.set_bold() } else { format };
    let last = g.cols() - 1;
    g.text_sized(0, last, text, &format, Metrics { size })?;
    g.end_row()
}

/// 評価の方法: the scale, how a plan's grade follows, the rounding rule, the 算定方法 of each
/// kind and how ambiguous targets were read.
pub fn method(
    ws: &mut Worksheet,
    book: &Book,
    s: &Styles,
    chrome: &Chrome,
) -> Result<(), XlsxError> {
    ws.set_name("評価の方法")?;
    let m = &book.method;
    let mut g = Grid::new(
        ws,
        &[70.0, 130.0, 340.0, 140.0],
        Orientation::Portrait,
        chrome,
    )?;
    heading(&mut g, "評価の方法", s)?;
    for para in &book.wording.method_intro {
        g.text(0, 3, &format!("　{para}"), &s.para)?;
        g.end_row()?;
    }
    section(&mut g, "評価の区分", s)?;
    g.text(0, 0, "評価", &s.header)?;
    g.text(1, 1, "区分", &s.header)?;
    g.text(2, 3, "基準", &s.header)?;
    g.end_row()?;
    for row in &m.scale {
        g.text(0, 0, &row.mark, &s.grade)?;
        g.text(1, 1, &row.label, &s.center)?;
        g.text(2, 3, &row.condition, &s.cell)?;
        g.min_height(22.0);
        g.end_row()?;
    }
    g.gap(6.0)?;
    for rule in [&m.plan_rule, &m.rounding] {
        if !rule.is_empty() {
            g.text(0, 3, &format!("※{rule}"), &s.para)?;
            g.end_row()?;
        }
    }
    if !m.kinds.is_empty() {
        section(&mut g, "算定方法", s)?;
        g.text(0, 1, "目標の種類", &s.header)?;
        g.text(2, 2, "算定方法", &s.header)?;
        g.text(3, 3, "対象のアクションプラン", &s.header)?;
        g.end_row()?;
        for kind in &m.kinds {
            g.text(0, 1, &kind.name, &s.label)?;
            g.text(2, 2, &kind.description, &s.cell)?;
            g.text(3, 3, &kind.plans.join("、"), &s.cell)?;
            g.end_row()?;
        }
    }
    let readings: Vec<(String, &String)> = book
        .plans
        .iter()
        .flat_map(|p| {
            p.interpretations
                .iter()
                .map(move |i| (format!("{}{}", p.mark, p.name), i))
        })
        .collect();
    if !readings.is_empty() {
        section(&mut g, "目標の読み方", s)?;
        g.text(0, 1, "アクションプラン", &s.header)?;
        g.text(2, 3, "読み方", &s.header)?;
        g.end_row()?;
        for (plan, text) in readings {
            g.text(0, 1, &plan, &s.label)?;
            g.text(2, 3, text, &s.cell)?;
            g.end_row()?;
        }
    }
    g.finish()
}

/// 総括: counts, shares and the change from last year per 基本方針 and 重点項目, and a chart.
pub fn summary(
    ws: &mut Worksheet,
    book: &Book,
    s: &Styles,
    chrome: &Chrome,
) -> Result<(), XlsxError> {
    ws.set_name("総括")?;
    let sm = &book.summary;
    let n = sm.columns.len() as u16;
    let mut widths = vec![280.0];
    widths.extend(std::iter::repeat_n(56.0, usize::from(n) + 1));
    let mut g = Grid::new(ws, &widths, Orientation::Portrait, chrome)?;
    let last = n + 1;
    heading(&mut g, "総括", s)?;
    for para in &book.wording.summary_intro {
        g.text(0, last, &format!("　{para}"), &s.para)?;
        g.end_row()?;
    }
    let groups: Vec<_> = std::iter::once(&sm.total)
        .chain(&sm.by_policy)
        .chain(&sm.by_focus_area)
        .collect();
    let header = |g: &mut Grid, total: bool| -> Result<(), XlsxError> {
        g.text(0, 0, "区分", &s.header)?;
        for (i, c) in sm.columns.iter().enumerate() {
            g.text(1 + i as u16, 1 + i as u16, c, &s.header)?;
        }
        if total {
            g.text(last, last, "計", &s.header)?;
        }
        g.end_row()
    };
    let count_format = s.number.clone().set_num_format("#,##0");

    let year = &book.meta.year_label;
    let table_height = |rows: usize| ROW_PT * (rows as f64 + 1.0) + 40.0;
    g.keep(table_height(groups.len()));
    section(&mut g, &format!("評価別件数（{year}）"), s)?;
    header(&mut g, true)?;
    let mut total_row = 0;
    for (k, row) in groups.iter().enumerate() {
        if k == 0 {
            total_row = g.row;
        }
        g.text(0, 0, &row.label, if k == 0 { &s.label } else { &s.middle })?;
        counts(&mut g, &row.counts, &count_format)?;
        g.count(last, f64::from(row.plans), &count_format)?;
        g.end_row()?;
    }

    g.keep(table_height(groups.len()));
    section_to(&mut g, "評価別割合", s, n)?;
    header(&mut g, false)?;
    for (k, row) in groups.iter().enumerate() {
        g.text(0, 0, &row.label, if k == 0 { &s.label } else { &s.middle })?;
        for (i, share) in row.shares.iter().enumerate() {
            g.number(1 + i as u16, Some(share), &s.number)?;
        }
        g.end_row()?;
    }

    let mut previous_row = None;
    if groups.iter().any(|r| r.change.is_some()) {
        g.keep(table_height(groups.len()));
        section_to(&mut g, "前年度からの増減（件）", s, n)?;
        header(&mut g, false)?;
        let change_format = s.number.clone().set_num_format("+#,##0;-#,##0;0");
        for (k, row) in groups.iter().enumerate() {
            g.text(0, 0, &row.label, if k == 0 { &s.label } else { &s.middle })?;
            for i in 0..sm.columns.len() {
                let col = 1 + i as u16;
                match row.change.as_ref().and_then(|c| c.get(i)) {
                    Some(v) => g.count(col, *v as f64, &change_format)?,
                    None => g.text(col, col, "－", &s.center)?,
                }
            }
            g.end_row()?;
        }
        if let Some(prev) = &sm.total.previous {
            g.keep(table_height(2) + 260.0);
            section_to(&mut g, "全体の件数（前年度との比較）", s, n)?;
            header(&mut g, false)?;
            previous_row = Some(g.row);
            for (label, row) in [("前年度", prev), (year.as_str(), &sm.total.counts)] {
                g.text(0, 0, label, &s.label)?;
                counts(&mut g, row, &count_format)?;
                g.end_row()?;
            }
        }
    }
    g.gap(8.0)?;
    let note = format!(
        "※取組期間外（評価対象外）のアクションプランは{}項目、未提出は{}項目です。",
        sm.out_of_period, sm.not_submitted
    );
    g.text(0, last, &note, &s.para)?;
    g.end_row()?;

    if n > 0 {
        counts_chart(&mut g, year, n, total_row, previous_row)?;
    }
    g.finish()
}

/// One count per grade in the columns after the row's label: the 総括 tables put the
/// grades in the same columns so that the chart can read any of their rows.
fn counts(g: &mut Grid, counts: &[u32], format: &Format) -> Result<(), XlsxError> {
    for (i, c) in counts.iter().enumerate() {
        g.count(1 + i as u16, f64::from(*c), format)?;
    }
    Ok(())
}

/// The 総括 chart: a native column chart of this year's counts against last year's, read
/// from the cells of the tables above.
fn counts_chart(
    g: &mut Grid,
    year: &str,
    n: u16,
    total_row: u32,
    previous_row: Option<u32>,
) -> Result<(), XlsxError> {
    let sheet = "総括";
    let mut chart = book_chart(
        ChartType::Column,
        "評価別件数",
        (600, 250),
        ChartLegendPosition::Bottom,
    );
    let (this_year_row, categories_row) = match previous_row {
        Some(prev) => (prev + 1, prev - 1),
        None => (total_row, total_row - 1),
    };
    let categories = (sheet, categories_row, 1, categories_row, n);
    if let Some(prev) = previous_row {
        chart
            .add_series()
            .set_name("前年度")
            .set_categories(categories)
            .set_values((sheet, prev, 1, prev, n));
    }
    chart
        .add_series()
        .set_name(year)
        .set_categories(categories)
        .set_values((sheet, this_year_row, 1, this_year_row, n));
    chart.y_axis().set_num_format("0");
    g.keep(f64::from(chart_rows(250)) * ROW_PT);
    g.gap(8.0)?;
    g.insert_chart(&chart, 250, 10)
}

/// The columns of 一覧, with their widths in pixels.
const LIST_COLUMNS: [(&str, f64); 12] = [
    ("基本方針", 100.0),
    ("重点項目", 110.0),
    ("アクションプラン名", 150.0),
    ("担当課", 80.0),
    ("取組期間", 90.0),
    ("目標・指標", 230.0),
    ("年度目標", 80.0),
    ("実績", 80.0),
    ("達成率", 62.0),
    ("指標の評価", 56.0),
    ("評価", 50.0),
    ("自己評価", 60.0),
];

/// One plan's rows of 一覧 with their heights.
struct PlanRows<'b> {
    rows: Vec<&'b ListRow>,
    heights: Vec<f64>,
}

impl PlanRows<'_> {
    fn total(&self) -> f64 {
        self.heights.iter().sum()
    }
}

/// 一覧: the seed's list table with this year's results; 基本方針, 重点項目 and plan cells
/// merged over their rows, restarted on each printed page as in the seed.
pub fn list(ws: &mut Worksheet, book: &Book, s: &Styles, chrome: &Chrome) -> Result<(), XlsxError> {
    ws.set_name("一覧")?;
    let mut widths: Vec<f64> = LIST_COLUMNS.iter().map(|c| c.1).collect();
    // Number columns grow to their longest printed value (「1,360,000」).
    for (c, pick) in [
        (
            6usize,
            (|r: &ListRow| r.result.target.as_ref())
                as fn(&ListRow) -> Option<&crate::values::Number>,
        ),
        (7, |r: &ListRow| r.result.actual.as_ref()),
        (8, |r: &ListRow| r.result.rate.as_ref()),
    ] {
        let units = book
            .list
            .iter()
            .filter_map(pick)
            .map(|n| text_units(&n.text))
            .max()
            .unwrap_or(0);
        widths[c] = widths[c].max(BODY.px_for(units + 1));
    }
    let mut g = Grid::new(ws, &widths, Orientation::Landscape, chrome)?;
    let title = format!(
        "{}・アクションプラン一覧（{}）",
        book.meta.outline_title, book.meta.year_label
    );
    table_title(&mut g, &title, LIST_COLUMNS.map(|c| c.0), 30.0, s)?;

    let width = |c: u16| widths[usize::from(c)];
    let indicator_text = |r: &ListRow| {
        // The seed's 目標・指標 usually names its unit (「0件/年」); add it when it does not.
        if r.result.unit.is_empty() || r.indicator.contains(r.result.unit.as_str()) {
            r.indicator.clone()
        } else {
            format!("{}（単位：{}）", r.indicator, r.result.unit)
        }
    };
    // Group the rows by plan and size each row for its own cells and each plan for its
    // merged cells.
    let mut plans: Vec<PlanRows> = Vec::new();
    for row in &book.list {
        match plans.last_mut() {
            Some(p) if p.rows[0].plan == row.plan && !row.first_of_plan => p.rows.push(row),
            _ => plans.push(PlanRows {
                rows: vec![row],
                heights: Vec::new(),
            }),
        }
    }
    for p in &mut plans {
        p.heights = p
            .rows
            .iter()
            .map(|r| {
                BODY.height_pt(&indicator_text(r), width(5))
                    .max(ROW_PT + 4.0)
            })
            .collect();
        let first = p.rows[0];
        let need = [
            BODY.height_pt(&first.plan_name, width(2)),
            BODY.height_pt(&first.department, width(3)),
            BODY.height_pt(&first.period, width(4)),
        ]
        .into_iter()
        .fold(0.0, f64::max);
        grow_last(&mut p.heights, need);
    }
    // Page breaks fall between plans; 基本方針 and 重点項目 are merged per page, so a merge
    // too short for its text grows its last row, which may move later breaks: repeat until
    // the layout settles (heights only grow, so it does).
    let mut breaks;
    let mut rounds = 0;
    loop {
        breaks = paginate(&plans, g.pages);
        let mut grew = false;
        for (col, key) in [(0u16, 0usize), (1, 1)] {
            for seg in segments(&plans, &breaks, key) {
                let text = label_of(plans[seg.0].rows[0], key);
                let need = BODY.height_pt(text, width(col));
                let have: f64 = plans[seg.0..=seg.1].iter().map(PlanRows::total).sum();
                if have + 0.01 < need {
                    let own = plans[seg.1].total();
                    grow_last(&mut plans[seg.1].heights, need - have + own);
                    grew = true;
                }
            }
        }
        rounds += 1;
        if !grew || rounds > 8 {
            break;
        }
    }

    let mut starts = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        if breaks[i] {
            g.page_break();
        } else {
            g.keep(p.total());
        }
        starts.push(g.row);
        let r0 = g.row;
        let n = p.rows.len() as u32;
        for (k, (row, h)) in p.rows.iter().zip(&p.heights).enumerate() {
            g.text(5, 5, &indicator_text(row), &s.cell)?;
            let res = &row.result;
            g.number(6, res.target.as_ref(), &s.number)?;
            g.number(7, res.actual.as_ref(), &s.number)?;
            g.number(8, res.rate.as_ref(), &s.number)?;
            g.text(9, 9, &res.grade, &s.center)?;
            if k == 0 {
                for (c, text, f) in [
                    (2u16, row.plan_name.as_str(), &s.cell),
                    (3, row.department.as_str(), &s.cell),
                    (4, row.period.as_str(), &s.cell),
                    (10, row.plan_grade.as_str(), &s.grade),
                    (11, row.self_grade.as_str(), &s.center),
                ] {
                    g.block_text((r0, r0 + n - 1), (c, c), text, f)?;
                }
            }
            g.advance(*h)?;
        }
    }
    // 基本方針 and 重点項目 cells, merged over each page's run of plans.
    for (col, key) in [(0u16, 0usize), (1, 1)] {
        for seg in segments(&plans, &breaks, key) {
            let first = starts[seg.0];
            let last_row = starts[seg.1] + plans[seg.1].rows.len() as u32 - 1;
            let text = label_of(plans[seg.0].rows[0], key);
            g.block_text((first, last_row), (col, col), text, &s.cell)?;
        }
    }
    g.finish()
}

fn label_of(row: &ListRow, key: usize) -> &str {
    if key == 0 {
        &row.policy
    } else {
        &row.focus_area
    }
}

/// Runs of consecutive plans with the same 基本方針 (`key` 0) or the same 基本方針 and
/// 重点項目 (`key` 1) on the same page, as (first, last) plan indices.
fn segments(plans: &[PlanRows], breaks: &[bool], key: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        let r = p.rows[0];
        let same = |j: usize| {
            let q = plans[j].rows[0];
            q.policy == r.policy && (key == 0 || q.focus_area == r.focus_area)
        };
        match out.last_mut() {
            Some(seg) if !breaks[i] && same(seg.1) => seg.1 = i,
            _ => out.push((i, i)),
        }
    }
    out
}

/// Whether each plan starts a new page, when plans are kept whole on a page where they fit.
fn paginate(plans: &[PlanRows], mut pages: super::grid::Pages) -> Vec<bool> {
    plans
        .iter()
        .map(|p| {
            let broke = pages.keep(p.total());
            for h in &p.heights {
                pages.advance(*h);
            }
            broke
        })
        .collect()
}

/// Makes the rows add up to at least `need` points by growing the last one.
fn grow_last(heights: &mut [f64], need: f64) {
    let have: f64 = heights.iter().sum();
    if have < need
        && let Some(last) = heights.last_mut()
    {
        *last += need - have;
    }
}

/// 検証結果: the diagnostics the book was built with.
pub fn diagnostics(
    ws: &mut Worksheet,
    book: &Book,
    s: &Styles,
    chrome: &Chrome,
) -> Result<(), XlsxError> {
    ws.set_name("検証結果")?;
    let cols = [
        ("重大度", 56.0),
        ("コード", 150.0),
        ("プラン", 50.0),
        ("場所", 220.0),
        ("項目", 90.0),
        ("内容", 330.0),
        ("対処", 200.0),
    ];
    let widths: Vec<f64> = cols.iter().map(|c| c.1).collect();
    let mut g = Grid::new(ws, &widths, Orientation::Landscape, chrome)?;
    table_title(&mut g, "検証結果", cols.map(|c| c.0), ROW_PT, s)?;
    for d in &book.diagnostics {
        let plan = d
            .plan
            .map(|n| {
                book.plans
                    .iter()
                    .find(|p| p.number == n)
                    .map_or_else(|| n.to_string(), |p| p.mark.clone())
            })
            .unwrap_or_default();
        let place = d
            .source
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        g.text(0, 0, d.severity.label(), &s.center)?;
        g.text(1, 1, d.code, &s.cell)?;
        g.text(2, 2, &plan, &s.center)?;
        g.text(3, 3, &place, &s.cell)?;
        g.text(4, 4, d.field.as_deref().unwrap_or(""), &s.cell)?;
        g.text(5, 5, &d.message, &s.cell)?;
        g.text(6, 6, d.hint.as_deref().unwrap_or(""), &s.cell)?;
        g.end_row()?;
    }
    g.finish()
}

/// The title of a sheet that is one long table, and the table's column names in a row of
/// at least `header_pt` points, repeated at the top of every printed page.
fn table_title<const N: usize>(
    g: &mut Grid,
    title: &str,
    names: [&str; N],
    header_pt: f64,
    s: &Styles,
) -> Result<(), XlsxError> {
    let last = g.cols() - 1;
    g.text_sized(0, last, title, &s.heading, Metrics { size: 14.0 })?;
    g.end_row()?;
    let header_row = g.row;
    for (c, name) in names.into_iter().enumerate() {
        g.text(c as u16, c as u16, name, &s.header)?;
    }
    g.min_height(header_pt);
    g.end_row()?;
    g.repeat_rows(header_row, header_pt)
}

/// A sheet heading over the whole width.
pub(super) fn heading(g: &mut Grid, text: &str, s: &Styles) -> Result<(), XlsxError> {
    let last = g.cols() - 1;
    g.text_sized(0, last, text, &s.heading, Metrics { size: 14.0 })?;
    g.min_height(26.0);
    g.end_row()?;
    g.gap(6.0)
}

/// A section heading over the whole width, after a little space.
pub(super) fn section(g: &mut Grid, text: &str, s: &Styles) -> Result<(), XlsxError> {
    let last = g.cols() - 1;
    section_to(g, text, s, last)
}

/// A section heading over columns up to `last` (the width of the table below it).
pub(super) fn section_to(g: &mut Grid, text: &str, s: &Styles, last: u16) -> Result<(), XlsxError> {
    g.gap(10.0)?;
    g.text_sized(0, last, text, &s.section, Metrics { size: 11.0 })?;
    g.min_height(22.0);
    g.end_row()
}
