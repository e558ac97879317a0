//! Vector charts: bars drawn from values, labelled with the Document's printed texts (no
//! axis numbers are computed, so every figure on a chart is one the book printed).

use super::layout::{ASCENT, Builder, Color, Face, Item, Rect, Shape};

/// One bar of a series.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Value, for the bar's height.
    pub value: f64,
    /// The printed value, shown above the bar.
    pub text: String,
    /// The printed value without its unit (the chart's title names the unit), used where
    /// the full text is wider than the bar.
    pub bare: String,
}

/// A category (x position) with one optional bar per series.
#[derive(Debug, Clone)]
pub struct Group {
    /// Label under the group.
    pub label: String,
    /// One entry per series.
    pub bars: Vec<Option<Bar>>,
}

/// A series: legend name and colour.
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// Fill.
    pub color: Color,
}

/// Draws a grouped bar chart in `rect` (title on top, legend, labels below).
pub fn bar_chart(
    b: &mut Builder<'_>,
    rect: Rect,
    title: &str,
    series: &[Series],
    groups: &[Group],
    caption: Option<usize>,
) {
    let m = b.measure();
    let small = 5.8;
    let label_size = 7.0;
    let title_size = 8.0;
    b.push(Item::Shape(Shape::Rect {
        rect,
        fill: None,
        stroke: Some((Color::RULE, 0.4)),
    }));
    let inner = Rect {
        x: rect.x + 6.0,
        y: rect.y + 4.0,
        w: rect.w - 12.0,
        h: rect.h - 8.0,
    };
    // The whole title, on one line or two, smaller where it must: never cut mid-word.
    let (title_size, title_lines) = [title_size, 7.0, 6.0, 5.0]
        .into_iter()
        .map(|size| (size, b.break_text(title, Face::Bold, size, inner.w)))
        .find(|(_, lines)| lines.len() <= 2)
        .unwrap_or_else(|| (5.0, b.break_text(title, Face::Bold, 5.0, inner.w)));
    let mut top = inner.y;
    // The title is the figure's caption; the rest belongs to the figure itself.
    let figure = b.node;
    if caption.is_some() {
        b.node = caption;
    }
    for line in title_lines {
        let bounds = Rect {
            x: inner.x,
            y: top,
            w: inner.w,
            h: title_size * 1.4,
        };
        b.text_at(
            &line.text,
            line.width,
            inner.x,
            top + title_size * 0.2 + ASCENT * title_size,
            title_size,
            Face::Bold,
            Color::BLACK,
            bounds,
        );
        top += title_size * 1.4;
    }
    b.node = figure;
    // Legend on one line, right below the title.
    let mut lx = inner.x;
    for s in series {
        let w = m.width(Face::Regular, &s.name, small);
        if lx + 10.0 + w > inner.right() {
            break;
        }
        b.push(Item::Shape(Shape::Rect {
            rect: Rect {
                x: lx,
                y: top + 1.0,
                w: 7.0,
                h: small * 0.8,
            },
            fill: Some(s.color),
            stroke: None,
        }));
        let bounds = Rect {
            x: lx + 9.0,
            y: top,
            w: w + 0.2,
            h: small * 1.4,
        };
        b.text_at(
            &s.name,
            w,
            lx + 9.0,
            top + small * 0.2 + ASCENT * small,
            small,
            Face::Regular,
            Color::GREY,
            bounds,
        );
        lx += 9.0 + w + 10.0;
    }
    top += small * 1.6;

    let n = groups.len().max(1) as f32;
    let slot = inner.w / n;
    let per = series.len().max(1) as f32;
    let bar_w = (slot * 0.8 / per).min(40.0);
    // Every bar is labelled: with its printed value where all fit their bars, else without
    // the unit, in a smaller size where that fits; as a last resort the labels of a group
    // stand in a column above it, in the series' order (the legend's).
    let fits = |pick: fn(&Bar) -> &str, size: f32| {
        groups
            .iter()
            .flat_map(|g| g.bars.iter().flatten())
            .all(|bar| m.width(Face::Regular, pick(bar), size) <= bar_w - 1.0)
    };
    let full: fn(&Bar) -> &str = |bar| &bar.text;
    let bare: fn(&Bar) -> &str = |bar| &bar.bare;
    let choice = [(full, small), (bare, small), (bare, 5.0), (bare, 4.4)]
        .into_iter()
        .find(|(pick, size)| fits(*pick, *size));
    let per_bar = choice.is_some();
    let (pick, small) = choice.unwrap_or((bare, 4.4));
    let stacked = if per_bar { 1.0 } else { per };

    let label_h = label_size * 1.5;
    let value_h = small * 1.4 * stacked;
    let plot = Rect {
        x: inner.x,
        y: top + value_h,
        w: inner.w,
        h: (inner.bottom() - label_h - top - value_h).max(1.0),
    };
    let values = groups
        .iter()
        .flat_map(|g| g.bars.iter().flatten().map(|b| b.value));
    let max = values.clone().fold(0.0f64, f64::max);
    let min = values.fold(0.0f64, f64::min);
    // All zeros: the zero line stays at the foot of the plot, where a reader looks for it.
    let (max, span) = if max > min {
        (max, max - min)
    } else {
        (1.0, 1.0)
    };
    let zero_y = plot.y + plot.h * (max / span) as f32;
    let y_of = |v: f64| plot.y + plot.h * ((max - v) / span) as f32;

    b.push(Item::Shape(Shape::Line {
        points: vec![(plot.x, zero_y), (plot.right(), zero_y)],
        color: Color::RULE,
        width: 0.6,
        dashed: false,
    }));
    for (gi, g) in groups.iter().enumerate() {
        let gx = plot.x + slot * gi as f32;
        let start = gx + (slot - bar_w * per) / 2.0;
        let group_top = g
            .bars
            .iter()
            .flatten()
            .map(|bar| y_of(bar.value).min(zero_y))
            .fold(zero_y, f32::min);
        for (si, bar) in g.bars.iter().enumerate() {
            let Some(bar) = bar else { continue };
            let x = start + bar_w * si as f32;
            let y = y_of(bar.value);
            let (y0, y1) = if y < zero_y { (y, zero_y) } else { (zero_y, y) };
            let color = series.get(si).map_or(Color::ACCENT, |s| s.color);
            b.push(Item::Shape(Shape::Rect {
                rect: Rect {
                    x: x + 0.6,
                    y: y0,
                    w: bar_w - 1.2,
                    h: (y1 - y0).max(0.3),
                },
                fill: Some(color),
                stroke: None,
            }));
            let text = pick(bar);
            let w = m.width(Face::Regular, text, small);
            let (cx, baseline) = if per_bar {
                (x + bar_w / 2.0 - w / 2.0, y0 - 1.5)
            } else {
                let above = g.bars.iter().skip(si + 1).flatten().count() as f32;
                (
                    gx + (slot - w) / 2.0,
                    group_top - 1.5 - above * small * 1.15,
                )
            };
            let bounds = Rect {
                x: cx - 0.1,
                y: baseline - ASCENT * small - 0.1,
                w: w + 0.2,
                h: small + 0.2,
            };
            if bounds.y >= rect.y && bounds.bottom() <= rect.bottom() {
                b.text_at(
                    text,
                    w,
                    cx,
                    baseline,
                    small,
                    Face::Regular,
                    Color::BLACK,
                    bounds,
                );
            }
        }
        let lw = m.width(Face::Regular, &g.label, label_size);
        if lw <= slot {
            let lx = gx + (slot - lw) / 2.0;
            let ly = plot.bottom() + 1.0;
            let bounds = Rect {
                x: gx,
                y: ly,
                w: slot,
                h: label_h,
            };
            b.text_at(
                &g.label,
                lw,
                lx,
                ly + ASCENT * label_size + 1.0,
                label_size,
                Face::Regular,
                Color::BLACK,
                bounds,
            );
        }
    }
}
