//! The book's content, in the Excel book's order, composed with the layout engine:
//! cover, 目次, 評価の方法, 総括, 一覧, one or two pages per plan, 検証結果.

use super::Variant;
use super::chart::{Bar, Group, Series, bar_chart};
use super::layout::{
    ASCENT, Align, Builder, Cell, Color, Face, Item, LEADING, Measure, Orientation, Page, Rect,
    Shape, Table, mm,
};
use crate::book::{Book, IndicatorResult, PlanPage, PlanStatus};
use crate::text::wareki::fiscal_year_short;
use crate::values::Number;

const BODY: f32 = 9.0;
const TABLE: f32 = 8.0;
const LIST: f32 = 7.2;
const H1: f32 = 15.0;
const H2: f32 = 10.5;

/// The text of the sample mark.
fn sample_mark(book: &Book) -> String {
    if book.wording.sample_mark.is_empty() {
        "サンプルデータ（架空のデータ）".to_string()
    } else {
        book.wording.sample_mark.clone()
    }
}

/// One entry of 目次.
#[derive(Debug, Clone)]
struct TocEntry {
    title: String,
    level: u8,
    page: usize,
}

/// Lays out the whole book. Two passes: the first finds the page of every section, the
/// second prints them in 目次.
pub fn compose(
    book: &Book,
    measure: &dyn Measure,
    variant: Variant,
    binding_mm: f32,
) -> (Vec<Page>, Vec<super::layout::OutlineEntry>) {
    let binding = if variant == Variant::Handout {
        binding_mm
    } else {
        0.0
    };
    let entries = |b: &Builder<'_>| -> Vec<TocEntry> {
        b.outline
            .iter()
            .filter(|e| e.title != "目次" && e.title != "表紙")
            .map(|e| TocEntry {
                title: e.title.clone(),
                level: e.level,
                page: e.page + 1,
            })
            .collect()
    };
    // 目次 may take more than one page, which moves what follows: repeat until the page
    // numbers it prints are the ones it gets.
    let mut toc = entries(&compose_pass(book, measure, variant, binding, None));
    let mut pass = compose_pass(book, measure, variant, binding, Some(&toc));
    for _ in 0..3 {
        let next = entries(&pass);
        if next.iter().map(|e| e.page).eq(toc.iter().map(|e| e.page)) {
            break;
        }
        toc = next;
        pass = compose_pass(book, measure, variant, binding, Some(&toc));
    }
    number_pages(&mut pass, book);
    (pass.pages, pass.outline)
}

fn compose_pass<'a>(
    book: &Book,
    measure: &'a dyn Measure,
    variant: Variant,
    binding: f32,
    toc: Option<&[TocEntry]>,
) -> Builder<'a> {
    let mut b = Builder::new(measure, binding);
    cover(&mut b, book, variant);
    contents(&mut b, book, toc);
    method(&mut b, book);
    summary(&mut b, book);
    list(&mut b, book);
    for plan in &book.plans {
        plan_page(&mut b, book, plan, variant);
    }
    if !book.diagnostics.is_empty() {
        diagnostics(&mut b, book);
    }
    b
}

/// Page numbers 「- n -」 (not on the cover), the footer and the sample mark.
fn number_pages(b: &mut Builder<'_>, book: &Book) {
    let m = b.measure();
    let mark = book.meta.sample.then(|| sample_mark(book));
    for (i, page) in b.pages.iter_mut().enumerate() {
        if i == 0 {
            continue;
        }
        let size = 8.5;
        let text = format!("- {} -", i + 1);
        let w = m.width(Face::Regular, &text, size);
        let top = page.frame.bottom() + mm(5.0);
        let bounds = Rect {
            x: 0.0,
            y: top,
            w: page.width,
            h: size * LEADING,
        };
        let baseline = top + ASCENT * size;
        page.items.push(Item::text(
            &text,
            w,
            (page.width - w) / 2.0,
            baseline,
            size,
            Face::Regular,
            Color::BLACK,
            bounds,
        ));
        if !book.wording.footer.is_empty() {
            let fs = 6.5;
            let w = m.width(Face::Regular, &book.wording.footer, fs);
            if w < page.frame.w / 2.0 - mm(10.0) {
                let bounds = Rect {
                    x: page.frame.x,
                    y: top,
                    w: page.frame.w / 2.0,
                    h: size * LEADING,
                };
                page.items.push(Item::text(
                    &book.wording.footer,
                    w,
                    page.frame.x,
                    baseline,
                    fs,
                    Face::Regular,
                    Color::GREY,
                    bounds,
                ));
            }
        }
        if let Some(mark) = &mark {
            let fs = 7.0;
            let w = m.width(Face::Bold, mark, fs);
            let top = page.frame.y - mm(8.0);
            let bounds = Rect {
                x: page.frame.x,
                y: top,
                w: page.frame.w,
                h: fs * LEADING,
            };
            page.items.push(Item::text(
                mark,
                w,
                page.frame.right() - w,
                top + ASCENT * fs,
                fs,
                Face::Bold,
                Color::RED,
                bounds,
            ));
        }
    }
}

/// Centred lines across the frame.
fn centered(b: &mut Builder<'_>, text: &str, size: f32, face: Face, color: Color) {
    let frame = b.frame();
    let lh = size * LEADING;
    for line in b.break_text(text, face, size, frame.w) {
        let top = b.y();
        let bounds = Rect {
            x: frame.x,
            y: top,
            w: frame.w,
            h: lh,
        };
        let x = frame.x + (frame.w - line.width) / 2.0;
        b.text_at(
            &line.text,
            line.width,
            x,
            top + (lh - size) / 2.0 + ASCENT * size,
            size,
            face,
            color,
            bounds,
        );
        b.skip(lh);
    }
}

/// Splits a title into lines at its spaces where the pieces fit (「…大綱」「アクションプラン」),
/// so that a display title does not break inside a word; pieces too wide are broken later.
fn phrases(b: &Builder<'_>, text: &str, size: f32, face: Face, width: f32) -> Vec<String> {
    let m = b.measure();
    let mut lines: Vec<String> = Vec::new();
    for word in text.split([' ', '\u{3000}']).filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(line) if m.width(face, &format!("{line} {word}"), size) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

fn cover(b: &mut Builder<'_>, book: &Book, variant: Variant) {
    b.new_page(Orientation::Portrait);
    let frame = b.frame();
    b.skip(mm(55.0));
    let title = if book.wording.title.is_empty() {
        format!("{} {}", book.meta.outline_title, book.meta.year_label)
    } else {
        book.wording.title.clone()
    };
    b.bookmark("表紙", 0);
    for phrase in phrases(b, &title, 22.0, Face::Bold, frame.w) {
        centered(b, &phrase, 22.0, Face::Bold, Color::BLACK);
    }
    b.skip(mm(6.0));
    let y = b.y();
    b.push(Item::Shape(Shape::Line {
        points: vec![(frame.x + mm(30.0), y), (frame.right() - mm(30.0), y)],
        color: Color::ACCENT,
        width: 1.5,
        dashed: false,
    }));
    b.skip(mm(8.0));
    centered(b, &book.meta.year_label, 14.0, Face::Regular, Color::BLACK);
    if book.meta.sample {
        b.skip(mm(18.0));
        let mark = sample_mark(book);
        let size = 14.0;
        let w = b
            .measure()
            .width(Face::Bold, &mark, size)
            .min(frame.w - mm(20.0));
        let rect = Rect {
            x: frame.x + (frame.w - w) / 2.0 - mm(6.0),
            y: b.y(),
            w: w + mm(12.0),
            h: size * LEADING + mm(6.0),
        };
        b.push(Item::Shape(Shape::Rect {
            rect,
            fill: None,
            stroke: Some((Color::RED, 1.5)),
        }));
        b.skip(mm(3.0));
        centered(b, &mark, size, Face::Bold, Color::RED);
    }
    // Date, city and the issuing note at the foot of the cover; the note names the
    // committee's 審議資料, which the public edition is not.
    let note = match variant {
        Variant::Handout => book.wording.cover_note.as_str(),
        Variant::Web => "",
    };
    let lines: Vec<&str> = [book.meta.date_label.as_str(), book.meta.city.as_str(), note]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let foot = frame.bottom() - mm(30.0) - lines.len() as f32 * 13.0 * LEADING;
    if b.y() < foot {
        b.skip(foot - b.y());
    }
    for line in lines {
        centered(b, line, 13.0, Face::Regular, Color::BLACK);
    }
}

fn contents(b: &mut Builder<'_>, _book: &Book, toc: Option<&[TocEntry]>) {
    b.new_page(Orientation::Portrait);
    b.bookmark("目次", 0);
    b.heading("目次", H1, mm(20.0));
    let Some(toc) = toc else {
        // First pass: reserve as many lines as the real 目次 will take.
        return;
    };
    let size = BODY;
    let lh = size * 1.75;
    for entry in toc {
        if b.room() < lh {
            b.new_page(Orientation::Portrait);
        }
        let frame = b.frame();
        let indent = if entry.level == 0 { 0.0 } else { mm(6.0) };
        let face = if entry.level == 0 {
            Face::Bold
        } else {
            Face::Regular
        };
        let num = entry.page.to_string();
        let m = b.measure();
        let num_w = m.width(Face::Regular, &num, size);
        let top = b.y();
        let baseline = top + (lh - size) / 2.0 + ASCENT * size;
        let avail = frame.w - indent - num_w - mm(4.0);
        let title = b
            .break_text(&entry.title, face, size, avail)
            .into_iter()
            .next()
            .map(|l| (l.text, l.width))
            .unwrap_or_default();
        let bounds = Rect {
            x: frame.x,
            y: top,
            w: frame.w,
            h: lh,
        };
        b.text_at(
            &title.0,
            title.1,
            frame.x + indent,
            baseline,
            size,
            face,
            Color::BLACK,
            bounds,
        );
        // Dot leaders between the title and the page number.
        let dot = "・";
        let dot_w = m.width(Face::Regular, dot, size);
        let from = frame.x + indent + title.1 + mm(2.0);
        let to = frame.right() - num_w - mm(2.0);
        if dot_w > 0.0 && to > from {
            let n = ((to - from) / dot_w).floor() as usize;
            let dots = dot.repeat(n);
            let w = dot_w * n as f32;
            b.text_at(
                &dots,
                w,
                to - w,
                baseline,
                size,
                Face::Regular,
                Color::GREY,
                bounds,
            );
        }
        b.text_at(
            &num,
            num_w,
            frame.right() - num_w,
            baseline,
            size,
            Face::Regular,
            Color::BLACK,
            bounds,
        );
        b.skip(lh);
    }
}

fn section(b: &mut Builder<'_>, title: &str, orientation: Orientation) {
    b.new_page(orientation);
    b.bookmark(title, 0);
    b.heading(title, H1, mm(30.0));
}

fn paragraphs(b: &mut Builder<'_>, paras: &[String]) {
    for p in paras {
        b.paragraph(
            &format!("\u{3000}{p}"),
            BODY,
            Face::Regular,
            0.0,
            Color::BLACK,
        );
        b.skip(BODY * 0.4);
    }
}

fn widths(b: &mut Builder<'_>, fixed_mm: &[Option<f32>]) -> Vec<f32> {
    let frame = b.frame();
    let fixed: f32 = fixed_mm.iter().flatten().map(|w| mm(*w)).sum();
    let flex = fixed_mm.iter().filter(|w| w.is_none()).count().max(1) as f32;
    let rest = ((frame.w - fixed) / flex).max(mm(10.0));
    fixed_mm.iter().map(|w| w.map_or(rest, mm)).collect()
}

fn method(b: &mut Builder<'_>, book: &Book) {
    section(b, "評価の方法", Orientation::Portrait);
    if !book.wording.introduction.is_empty() {
        b.heading("はじめに", H2, mm(15.0));
        paragraphs(b, &book.wording.introduction);
    }
    paragraphs(b, &book.wording.method_intro);
    let m = &book.method;
    b.heading("評価の区分", H2, mm(25.0));
    let w = widths(b, &[Some(18.0), Some(40.0), None]);
    b.table(&Table {
        widths: w,
        aligns: vec![Align::Center, Align::Left, Align::Left],
        header: vec![Cell::head("評価"), Cell::head("区分"), Cell::head("基準")],
        rows: m
            .scale
            .iter()
            .map(|r| {
                vec![
                    Cell {
                        bold: true,
                        ..Cell::new(&r.mark)
                    },
                    Cell::new(&r.label),
                    Cell::new(&r.condition),
                ]
            })
            .collect(),
        size: TABLE,
    });
    if !m.kinds.is_empty() {
        b.heading("算定方法", H2, mm(25.0));
        let w = widths(b, &[Some(38.0), None, Some(36.0)]);
        b.table(&Table {
            widths: w,
            aligns: vec![Align::Left, Align::Left, Align::Left],
            header: vec![
                Cell::head("目標の種類"),
                Cell::head("算定方法"),
                Cell::head("対象のアクションプラン"),
            ],
            rows: m
                .kinds
                .iter()
                .map(|k| {
                    vec![
                        Cell::key(&k.name),
                        Cell::new(&k.description),
                        Cell::new(k.plans.join("")),
                    ]
                })
                .collect(),
            size: TABLE,
        });
    }
    if !m.plan_rule.is_empty() {
        b.heading("アクションプランの評価", H2, mm(15.0));
        paragraphs(b, std::slice::from_ref(&m.plan_rule));
    }
    if !m.rounding.is_empty() {
        b.heading("端数処理", H2, mm(15.0));
        paragraphs(b, std::slice::from_ref(&m.rounding));
    }
}

fn summary(b: &mut Builder<'_>, book: &Book) {
    section(b, "総括", Orientation::Portrait);
    paragraphs(b, &book.wording.summary_intro);
    let s = &book.summary;
    let cols = s.columns.len();
    let mut fixed: Vec<Option<f32>> = vec![None];
    fixed.extend(std::iter::repeat_n(Some(17.0), cols));
    fixed.push(Some(14.0));
    let w = widths(b, &fixed);
    let mut header = vec![Cell::head("区分")];
    header.extend(s.columns.iter().map(Cell::head));
    header.push(Cell::head("計"));
    let row = |r: &crate::book::SummaryRow, bold: bool| {
        let mut cells = vec![Cell {
            bold,
            fill: bold.then_some(Color::KEY),
            ..Cell::new(&r.label)
        }];
        for (i, count) in r.counts.iter().enumerate() {
            let share = r.shares.get(i).map(|n| n.text.as_str()).unwrap_or("");
            cells.push(Cell::new(format!("{count}\n{share}")));
        }
        cells.push(Cell::new(r.plans.to_string()));
        cells
    };
    let mut rows = vec![row(&s.total, true)];
    rows.extend(s.by_policy.iter().map(|r| row(r, false)));
    let mut aligns = vec![Align::Left];
    aligns.extend(std::iter::repeat_n(Align::Right, cols + 1));
    b.heading("評価の内訳（基本方針別）", H2, mm(30.0));
    b.table(&Table {
        widths: w.clone(),
        aligns: aligns.clone(),
        header: header.clone(),
        rows,
        size: TABLE,
    });
    if !s.by_focus_area.is_empty() {
        b.heading("評価の内訳（重点項目別）", H2, mm(30.0));
        b.table(&Table {
            widths: w,
            aligns,
            header,
            rows: s.by_focus_area.iter().map(|r| row(r, false)).collect(),
            size: TABLE,
        });
    }
    if let (Some(prev), Some(change)) = (&s.total.previous, &s.total.change) {
        b.heading("前年度との比較", H2, mm(25.0));
        let mut fixed: Vec<Option<f32>> = vec![None];
        fixed.extend(std::iter::repeat_n(Some(17.0), cols));
        let w = widths(b, &fixed);
        let mut header = vec![Cell::head("区分")];
        header.extend(s.columns.iter().map(Cell::head));
        let mut aligns = vec![Align::Left];
        aligns.extend(std::iter::repeat_n(Align::Right, cols));
        let counts = |label: &str, v: Vec<String>| {
            let mut r = vec![Cell::key(label)];
            r.extend(v.into_iter().map(Cell::new));
            r
        };
        b.table(&Table {
            widths: w,
            aligns,
            header,
            rows: vec![
                counts(
                    "今年度",
                    s.total.counts.iter().map(u32::to_string).collect(),
                ),
                counts("前年度", prev.iter().map(u32::to_string).collect()),
                counts("増減", change.iter().map(|c| signed(*c)).collect()),
            ],
            size: TABLE,
        });
    }
    if s.out_of_period > 0 || s.not_submitted > 0 {
        let note = format!(
            "※ 評価対象外 {} 件、未提出 {} 件",
            s.out_of_period, s.not_submitted
        );
        b.paragraph(&note, TABLE, Face::Regular, 0.0, Color::GREY);
        b.skip(mm(2.0));
    }
    // The chart of this year's counts (and last year's, when known).
    let mut series = vec![Series {
        name: "今年度".to_string(),
        color: Color::ACCENT,
    }];
    if s.total.previous.is_some() {
        series.insert(
            0,
            Series {
                name: "前年度".to_string(),
                color: Color::LIGHT,
            },
        );
    }
    let groups: Vec<Group> = s
        .columns
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let now = s.total.counts.get(i).map(|c| Bar {
                value: f64::from(*c),
                text: format!("{c}件"),
            });
            let mut bars = vec![now];
            if let Some(prev) = &s.total.previous {
                bars.insert(
                    0,
                    prev.get(i).map(|c| Bar {
                        value: f64::from(*c),
                        text: format!("{c}件"),
                    }),
                );
            }
            Group {
                label: label.clone(),
                bars,
            }
        })
        .collect();
    let h = mm(65.0);
    b.ensure(h + mm(4.0));
    let frame = b.frame();
    let rect = Rect {
        x: frame.x + mm(15.0),
        y: b.y() + mm(2.0),
        w: frame.w - mm(30.0),
        h,
    };
    bar_chart(b, rect, "評価別のアクションプラン数", &series, &groups);
    b.skip(h + mm(4.0));
}

/// A signed count as printed: 「+2」「-1」「±0」.
fn signed(v: i64) -> String {
    match v {
        0 => "±0".to_string(),
        v if v > 0 => format!("+{v}"),
        v => v.to_string(),
    }
}

/// A number with its unit as printed.
fn with_unit(n: Option<&Number>, unit: &str) -> String {
    match n {
        None => "－".to_string(),
        Some(n) if unit.is_empty() || n.text.ends_with(unit) || n.text.ends_with('%') => {
            n.text.clone()
        }
        Some(n) => format!("{}{}", n.text, unit),
    }
}

fn list(b: &mut Builder<'_>, book: &Book) {
    section(b, "一覧", Orientation::Landscape);
    let w = widths(
        b,
        &[
            Some(30.0),
            Some(32.0),
            Some(42.0),
            Some(20.0),
            None,
            Some(20.0),
            Some(20.0),
            Some(15.0),
            Some(10.0),
            Some(11.0),
            Some(11.0),
        ],
    );
    let header = [
        "基本方針",
        "重点項目",
        "アクションプラン",
        "担当課",
        "目標・指標",
        "年度目標",
        "実績値",
        "達成率",
        "評価",
        "プラン\n評価",
        "自己\n評価",
    ]
    .into_iter()
    .map(Cell::head)
    .collect();
    let mut rows = Vec::new();
    let mut prev: Option<&crate::book::ListRow> = None;
    for r in &book.list {
        let same_policy = prev.is_some_and(|p| p.policy == r.policy);
        let same_focus = same_policy && prev.is_some_and(|p| p.focus_area == r.focus_area);
        let cont = !r.first_of_plan;
        let res = &r.result;
        let indicator = if res.label.is_empty() || r.indicator.contains(&res.label) {
            r.indicator.clone()
        } else {
            format!("{}\n{}", res.label, r.indicator)
        };
        rows.push(vec![
            Cell::new(&r.policy).merged(same_policy),
            Cell::new(&r.focus_area).merged(same_focus),
            Cell::new(&r.plan_name).merged(cont),
            Cell::new(&r.department).merged(cont).align(Align::Center),
            Cell::new(indicator),
            Cell::new(with_unit(res.target.as_ref(), &res.unit)),
            Cell::new(with_unit(res.actual.as_ref(), &res.unit)),
            Cell::new(
                res.rate
                    .as_ref()
                    .map_or("－".to_string(), |n| n.text.clone()),
            ),
            Cell {
                bold: true,
                ..Cell::new(&res.grade)
            },
            Cell {
                bold: true,
                ..Cell::new(&r.plan_grade)
            }
            .merged(cont)
            .align(Align::Center),
            Cell::new(&r.self_grade).merged(cont).align(Align::Center),
        ]);
        prev = Some(r);
    }
    b.table(&Table {
        widths: w,
        aligns: vec![
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Center,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Center,
            Align::Center,
            Align::Center,
        ],
        header,
        rows,
        size: LIST,
    });
}

fn plan_title(plan: &PlanPage) -> String {
    if plan.name.starts_with(&plan.mark) {
        plan.name.clone()
    } else {
        format!("{}{}", plan.mark, plan.name)
    }
}

fn plan_page(b: &mut Builder<'_>, book: &Book, plan: &PlanPage, variant: Variant) {
    b.new_page(Orientation::Portrait);
    let title = plan_title(plan);
    b.bookmark(&title, 1);
    b.heading(&title, 13.0, mm(40.0));

    let w = widths(b, &[Some(20.0), None, Some(20.0), None]);
    let mut grade = if plan.grade_label.is_empty() {
        plan.grade.clone()
    } else {
        format!("{}（{}）", plan.grade, plan.grade_label)
    };
    if plan.status != PlanStatus::Evaluated {
        grade = format!("{grade}　{}", plan.status_label);
    }
    let mut self_grade = plan.self_grade.clone();
    if let Some(prev) = &plan.previous_grade {
        self_grade = format!("{self_grade}（前年度評価 {prev}）");
    }
    b.table(&Table {
        widths: w,
        aligns: vec![Align::Left; 4],
        header: Vec::new(),
        rows: vec![
            vec![
                Cell::key("担当課"),
                Cell::new(&plan.department),
                Cell::key("取組期間"),
                Cell::new(&plan.period),
            ],
            vec![
                Cell::key("基本方針"),
                Cell::new(&plan.policy),
                Cell::key("重点項目"),
                Cell::new(&plan.focus_area),
            ],
            vec![
                Cell::key("評価"),
                Cell {
                    bold: true,
                    ..Cell::new(grade)
                },
                Cell::key("自己評価"),
                Cell::new(self_grade),
            ],
        ],
        size: TABLE,
    });

    let kw = widths(b, &[Some(30.0), None]);
    let mut rows = vec![
        vec![Cell::key("目標・指標"), Cell::new(&plan.target_text)],
        vec![Cell::key("取組内容"), Cell::new(&plan.actions)],
        vec![Cell::key("得られる効果"), Cell::new(&plan.effects)],
        vec![
            Cell::key("第2次総合計画の方針"),
            Cell::new(&plan.general_plan),
        ],
    ];
    if !plan.interpretations.is_empty() {
        rows.push(vec![
            Cell::key("目標の読み方"),
            Cell::new(plan.interpretations.join("\n")),
        ]);
    }
    b.table(&Table {
        widths: kw.clone(),
        aligns: vec![Align::Left, Align::Left],
        header: Vec::new(),
        rows,
        size: TABLE,
    });

    b.heading(&format!("{}の実績", book.meta.year_label), H2, mm(25.0));
    if plan.results.is_empty() {
        b.paragraph(&plan.status_label, BODY, Face::Regular, 0.0, Color::BLACK);
        b.skip(mm(2.0));
    } else {
        results_table(b, &plan.results);
    }

    if plan.history.iter().any(|h| !h.points.is_empty()) {
        b.heading("推移", H2, mm(40.0));
        history(b, plan);
    }

    b.heading("取組の状況", H2, mm(25.0));
    b.table(&Table {
        widths: kw,
        aligns: vec![Align::Left, Align::Left],
        header: Vec::new(),
        rows: vec![
            vec![Cell::key("取組実績"), Cell::new(&plan.achievements).top()],
            vec![Cell::key("課題"), Cell::new(&plan.issues).top()],
            vec![Cell::key("今後の方向性"), Cell::new(&plan.direction).top()],
        ],
        size: TABLE,
    });
    // Where the figures came from is for the committee; the public edition names no
    // internal file.
    if variant == Variant::Handout
        && let Some(source) = &plan.source
    {
        b.paragraph(
            &format!("資料：{source}"),
            6.5,
            Face::Regular,
            0.0,
            Color::GREY,
        );
    }
    if variant == Variant::Handout {
        // The box takes what is left of the page, between 22 and 40 mm; below that it
        // moves to a page of its own.
        let label = (H2 - 1.0) * LEADING + mm(3.0);
        b.ensure(label + mm(22.0));
        b.skip(mm(2.0));
        b.paragraph("委員会意見", H2 - 1.0, Face::Bold, 0.0, Color::ACCENT);
        let frame = b.frame();
        let rect = Rect {
            x: frame.x,
            y: b.y() + mm(1.0),
            w: frame.w,
            h: (b.room() - mm(1.5)).clamp(mm(10.0), mm(40.0)),
        };
        b.push(Item::Shape(Shape::Rect {
            rect,
            fill: None,
            stroke: Some((Color::RULE, 0.8)),
        }));
        b.skip(rect.h + mm(2.0));
    }
}

fn results_table(b: &mut Builder<'_>, results: &[IndicatorResult]) {
    let w = widths(
        b,
        &[
            None,
            Some(22.0),
            Some(22.0),
            // Wide enough for the longest basis label, 「類似団体(Ⅱ-1)平均値」, on one line.
            Some(36.0),
            Some(16.0),
            Some(10.0),
            Some(24.0),
        ],
    );
    let rows = results
        .iter()
        .map(|r| {
            let mut target = with_unit(r.target.as_ref(), &r.unit);
            if let Some(f) = &r.final_target {
                target = format!("{target}\n（最終 {}）", with_unit(Some(f), &r.unit));
            }
            let basis = match (&r.basis_label, &r.basis) {
                (Some(l), Some(n)) => format!("{l}\n{}", with_unit(Some(n), &r.unit)),
                (None, Some(n)) => with_unit(Some(n), &r.unit),
                _ => "－".to_string(),
            };
            vec![
                Cell::new(if r.unit.is_empty() {
                    r.label.clone()
                } else {
                    format!("{}（{}）", r.label, r.unit)
                }),
                Cell::new(target),
                Cell::new(with_unit(r.actual.as_ref(), &r.unit)),
                Cell::new(basis),
                Cell::new(r.rate.as_ref().map_or("－".to_string(), |n| n.text.clone())),
                Cell {
                    bold: true,
                    ..Cell::new(&r.grade)
                },
                Cell::new(r.note.clone().unwrap_or_default()),
            ]
        })
        .collect();
    b.table(&Table {
        widths: w,
        aligns: vec![
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Center,
            Align::Left,
        ],
        header: [
            "指標",
            "年度目標",
            "実績値",
            "基準値",
            "達成率",
            "評価",
            "備考",
        ]
        .into_iter()
        .map(Cell::head)
        .collect(),
        rows,
        size: TABLE,
    });
}

fn history(b: &mut Builder<'_>, plan: &PlanPage) {
    let years: Vec<String> = plan
        .history
        .iter()
        .max_by_key(|h| h.points.len())
        .map(|h| h.points.iter().map(|p| fiscal_year_short(p.year)).collect())
        .unwrap_or_default();
    let mut fixed = vec![Some(36.0), Some(14.0)];
    fixed.extend(std::iter::repeat_n(None, years.len().max(1)));
    let w = widths(b, &fixed);
    let mut header = vec![Cell::head("指標"), Cell::head("区分")];
    header.extend(years.iter().map(Cell::head));
    let mut rows = Vec::new();
    for h in &plan.history {
        let label = if h.unit.is_empty() || h.label.contains(&h.unit) {
            h.label.clone()
        } else {
            format!("{}（{}）", h.label, h.unit)
        };
        let line = |name: &str, f: &dyn Fn(&crate::book::HistoryPoint) -> String, first: bool| {
            let mut r = vec![
                Cell::new(&label).merged(!first),
                Cell::key(name).align(Align::Center),
            ];
            for y in &years {
                let text = h
                    .points
                    .iter()
                    .find(|p| &fiscal_year_short(p.year) == y)
                    .map_or(String::new(), f);
                r.push(Cell::new(text));
            }
            r
        };
        let text = |n: &Option<Number>| n.as_ref().map_or("－".to_string(), |n| n.text.clone());
        rows.push(line("目標", &|p| text(&p.target), true));
        rows.push(line("実績", &|p| text(&p.actual), false));
        rows.push(line("達成率", &|p| text(&p.rate), false));
        rows.push(line("評価", &|p| p.grade.clone(), false));
    }
    let mut aligns = vec![Align::Left, Align::Center];
    aligns.extend(std::iter::repeat_n(Align::Right, years.len()));
    b.table(&Table {
        widths: w,
        aligns,
        header,
        rows,
        size: TABLE,
    });

    // Charts, two per row: target against actual by year.
    let frame = b.frame();
    let gap = mm(6.0);
    let cw = (frame.w - gap) / 2.0;
    let ch = mm(40.0);
    let charts: Vec<_> = plan
        .history
        .iter()
        .filter(|h| !h.points.is_empty())
        .collect();
    for pair in charts.chunks(2) {
        b.ensure(ch + mm(3.0));
        // The frame moves with the binding margin when the charts start a new page.
        let frame = b.frame();
        let y = b.y();
        for (i, h) in pair.iter().enumerate() {
            let rect = Rect {
                x: frame.x + i as f32 * (cw + gap),
                y,
                w: cw,
                h: ch,
            };
            let groups: Vec<Group> = h
                .points
                .iter()
                .map(|p| Group {
                    label: fiscal_year_short(p.year),
                    bars: vec![bar(&p.target), bar(&p.actual)],
                })
                .collect();
            // `IndicatorHistory::label` already carries the unit in real books.
            let title = if h.unit.is_empty() || h.label.contains(&h.unit) {
                h.label.clone()
            } else {
                format!("{}（{}）", h.label, h.unit)
            };
            bar_chart(
                b,
                rect,
                &title,
                &[
                    Series {
                        name: "目標".to_string(),
                        color: Color::LIGHT,
                    },
                    Series {
                        name: "実績".to_string(),
                        color: Color::ACCENT,
                    },
                ],
                &groups,
            );
        }
        b.skip(ch + mm(3.0));
    }
}

fn bar(n: &Option<Number>) -> Option<Bar> {
    n.as_ref().map(|n| Bar {
        value: n.value.try_into().unwrap_or(0.0),
        text: n.text.clone(),
    })
}

fn diagnostics(b: &mut Builder<'_>, book: &Book) {
    section(b, "検証結果", Orientation::Portrait);
    let w = widths(b, &[Some(13.0), Some(12.0), Some(45.0), None]);
    let rows = book
        .diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(hint) = &d.hint {
                text = format!("{text}\n→ {hint}");
            }
            let place = d
                .source
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let color = (d.severity == crate::diag::Severity::Error).then_some(Color::RED);
            vec![
                Cell {
                    color,
                    bold: true,
                    ..Cell::new(d.severity.label())
                },
                Cell::new(
                    d.plan
                        .map(|n| {
                            book.plans
                                .iter()
                                .find(|p| p.number == n)
                                .map_or(n.to_string(), |p| p.mark.clone())
                        })
                        .unwrap_or_default(),
                ),
                Cell::new(place),
                Cell::new(format!("{text}\n[{}]", d.code)),
            ]
        })
        .collect();
    b.table(&Table {
        widths: w,
        aligns: vec![Align::Center, Align::Center, Align::Left, Align::Left],
        header: ["区分", "プラン", "場所", "内容"]
            .into_iter()
            .map(Cell::head)
            .collect(),
        rows,
        size: TABLE,
    });
}
