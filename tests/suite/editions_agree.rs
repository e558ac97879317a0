//! One truth in every edition: `hyoka build` on the shipped sample, and every figure and
//! grade of the report year read back from all four files — the CSV, the xlsx cells
//! (calamine), the HTML (parsed as XML) and the PDF's text (its content streams decoded
//! through each font's ToUnicode map) — must agree. Figures are compared as decimals, so
//! 「77」 and 「77.00」 agree while 「6,851.11」 and 「6,851」 do not. The 公表版 is checked
//! for internal file names and the 審議資料 mark.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::sync::OnceLock;

use calamine::{Data, Reader, Xlsx};
use quick_xml::events::Event;
use rust_decimal::Decimal;

const BASE: &str = "令和6年度_アクションプラン評価書";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `hyoka build` on the sample into a fresh folder named `name` under Cargo's
/// temporary folder for tests (built once per test run, see [`built`]).
fn build(name: &str, extra: &[&str]) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("editions_agree-{name}"));
    if out.exists() {
        std::fs::remove_dir_all(&out).unwrap();
    }
    let mut args = vec![
        "build".to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let run = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(&args)
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1748649600")
        .env("NO_COLOR", "1")
        .output()
        .expect("run hyoka");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

// ---------------------------------------------------------------------------------------
// Figures and grades as printed

/// A printed figure as a decimal and what follows it: 「6,851.11人」 → (6851.11, 「人」),
/// 「89.2%」 → (89.2, 「%」). 「－」 or nothing is no figure.
fn figure(text: &str) -> Option<(Decimal, String)> {
    let t = text.trim();
    if t.is_empty() || t == "－" || t == "-" {
        return None;
    }
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '−')))
        .map_or(t.len(), |(i, _)| i);
    let digits: String = t[..end]
        .chars()
        .filter(|c| *c != ',')
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    let value = Decimal::from_str(&digits)
        .unwrap_or_else(|e| panic!("「{text}」 is not a printed figure: {e}"));
    Some((value.normalize(), t[end..].trim().to_string()))
}

/// The grade a printed grade cell holds: 「B（概ね達成）」 → B; anything not on the scale
/// (「－」, 「評価対象外」, nothing) is no grade.
fn grade(text: &str, scale: &[String]) -> Option<String> {
    let head: String = text
        .trim()
        .chars()
        .take_while(|c| !matches!(c, '（' | '(' | '　' | ' ' | '\n'))
        .collect();
    scale.contains(&head).then_some(head)
}

/// An xlsx cell as a decimal, the rate column's fraction turned into a percentage, rounded
/// to the decimals the CSV prints (the cell's number format shows that many).
fn xlsx_figure(cell: Option<&Data>, percent: bool, like: Option<Decimal>) -> Option<Decimal> {
    let v = match cell? {
        Data::Float(f) => Decimal::from_str(&f.to_string()).ok()?,
        Data::Int(i) => Decimal::from(*i),
        // A reason in place of figures (「取組期間外のため評価対象外」) is no figure.
        Data::String(s)
            if !s
                .trim()
                .starts_with(|c: char| c.is_ascii_digit() || c == '-') =>
        {
            return None;
        }
        Data::String(s) => return figure(s).map(|f| f.0),
        _ => return None,
    };
    let v = if percent { v * Decimal::ONE_HUNDRED } else { v };
    let dp = like.map_or(6, |l| l.scale());
    Some(
        v.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    )
}

fn xlsx_text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    }
}

/// What one edition says of one indicator in the report year.
#[derive(Debug, Clone, PartialEq)]
struct Figures {
    target: Option<Decimal>,
    actual: Option<Decimal>,
    rate: Option<Decimal>,
    grade: Option<String>,
}

/// What one edition says of one plan.
#[derive(Debug, Clone, PartialEq)]
struct PlanGrades {
    grade: Option<String>,
    self_grade: Option<String>,
}

// ---------------------------------------------------------------------------------------
// CSV

/// RFC 4180 records.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// One CSV row of the report year.
#[derive(Debug)]
struct CsvRow {
    plan: u32,
    name: String,
    indicator: String,
    unit: String,
    figures: Figures,
    self_grade: Option<String>,
}

fn csv_rows(text: &str, year: &str, scale: &[String]) -> Vec<CsvRow> {
    let records = csv_records(text);
    let header = &records[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("CSV column {name}"))
    };
    let (plan, name, indicator, unit, y) = (
        col("プラン番号"),
        col("アクションプラン"),
        col("指標"),
        col("単位"),
        col("年度"),
    );
    let (target, actual, rate, g, own) = (
        col("年度目標"),
        col("実績値"),
        col("達成率（%）"),
        col("評価"),
        col("自己評価"),
    );
    records[1..]
        .iter()
        .filter(|r| r[y] == year)
        .map(|r| {
            // Data has no units: a figure is the whole field.
            let number = |s: &str| {
                figure(s).map(|(v, rest)| {
                    assert!(rest.is_empty(), "CSV field 「{s}」 carries 「{rest}」");
                    v
                })
            };
            CsvRow {
                plan: r[plan].parse().unwrap(),
                name: r[name].clone(),
                indicator: r[indicator].clone(),
                unit: r[unit].clone(),
                figures: Figures {
                    target: number(&r[target]),
                    actual: number(&r[actual]),
                    rate: number(&r[rate]),
                    grade: grade(&r[g], scale),
                },
                self_grade: grade(&r[own], scale),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// xlsx

fn sheet(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
    let range = wb.worksheet_range(name).expect("sheet");
    // Absolute rows and columns, so that positions read as the writer wrote them.
    let (h, w) = range
        .end()
        .map_or((0, 0), |(r, c)| (r as usize + 1, c as usize + 1));
    let mut grid = vec![vec![Data::Empty; w]; h];
    for (r, c, v) in range.cells() {
        let (r0, c0) = range.start().unwrap();
        grid[r + r0 as usize][c + c0 as usize] = v.clone();
    }
    grid
}

fn find_row(grid: &[Vec<Data>], text: &str) -> Option<usize> {
    grid.iter()
        .position(|row| row.iter().any(|c| xlsx_text(Some(c)) == text))
}

fn col_of(row: &[Data], text: &str) -> usize {
    row.iter()
        .position(|c| xlsx_text(Some(c)) == text)
        .unwrap_or_else(|| panic!("column {text}"))
}

/// The plan sheet's 実績 table: indicator label (with its unit) → figures, and the plan's
/// grades from its 概要 (the first 「評価」 and 「自己評価」 row headings of the sheet).
fn xlsx_plan(
    grid: &[Vec<Data>],
    rows: &[&CsvRow],
    scale: &[String],
) -> (Vec<Option<Figures>>, PlanGrades) {
    let field = |key: &str| -> String {
        grid.iter()
            .find(|r| xlsx_text(r.first()) == key)
            .and_then(|r| r[1..].iter().find(|c| !matches!(c, Data::Empty)))
            .map_or(String::new(), |c| xlsx_text(Some(c)))
    };
    let grades = PlanGrades {
        grade: grade(&field("評価"), scale),
        self_grade: grade(&field("自己評価"), scale),
    };
    let header = grid.iter().position(|r| {
        r.iter().any(|c| xlsx_text(Some(c)) == "年度目標")
            && r.iter().any(|c| xlsx_text(Some(c)) == "実績値")
    });
    let figures = rows
        .iter()
        .map(|row| {
            let h = header?;
            let hr = &grid[h];
            let label = if row.unit.is_empty() {
                row.indicator.clone()
            } else {
                format!("{}（{}）", row.indicator, row.unit)
            };
            let r = (h + 1..grid.len()).find(|&r| xlsx_text(grid[r].first()) == label)?;
            let cell = |name: &str| grid[r].get(col_of(hr, name));
            let f = &row.figures;
            Some(Figures {
                target: xlsx_figure(cell("年度目標"), false, f.target),
                actual: xlsx_figure(cell("実績値"), false, f.actual),
                rate: xlsx_figure(cell("達成率"), false, f.rate),
                grade: grade(&xlsx_text(cell("評価")), scale),
            })
        })
        .collect();
    (figures, grades)
}

/// 一覧: each plan's rows (plan name cell merged over them) as figures, and its grades.
fn xlsx_list(grid: &[Vec<Data>], rows: &[&CsvRow], scale: &[String]) -> (Vec<Figures>, PlanGrades) {
    let h = grid
        .iter()
        .position(|r| {
            r.iter().any(|c| xlsx_text(Some(c)) == "年度目標")
                && r.iter().any(|c| xlsx_text(Some(c)) == "プラン評価")
        })
        .expect("一覧 header");
    let hr = &grid[h];
    let (name, indicator, target, actual, rate, ind, g, own) = (
        col_of(hr, "アクションプラン"),
        col_of(hr, "目標・指標"),
        col_of(hr, "年度目標"),
        col_of(hr, "実績値"),
        col_of(hr, "達成率"),
        col_of(hr, "評価"),
        col_of(hr, "プラン評価"),
        col_of(hr, "自己評価"),
    );
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let plan = squeeze(&rows[0].name);
    let start = (h + 1..grid.len())
        .find(|&r| squeeze(&xlsx_text(grid[r].get(name))).contains(&plan))
        .unwrap_or_else(|| panic!("一覧 has no row for {plan}"));
    let mut end = start + 1;
    while end < grid.len()
        && xlsx_text(grid[end].get(name)).is_empty()
        && grid[end]
            .get(indicator)
            .is_some_and(|c| !matches!(c, Data::Empty))
    {
        end += 1;
    }
    let figures = (start..end)
        .zip(rows)
        .map(|(r, row)| Figures {
            target: xlsx_figure(grid[r].get(target), false, row.figures.target),
            actual: xlsx_figure(grid[r].get(actual), false, row.figures.actual),
            rate: xlsx_figure(grid[r].get(rate), false, row.figures.rate),
            grade: grade(&xlsx_text(grid[r].get(ind)), scale),
        })
        .collect();
    assert_eq!(
        end - start,
        rows.len(),
        "一覧 rows of {plan} against the CSV's"
    );
    let grades = PlanGrades {
        grade: grade(&xlsx_text(grid[start].get(g)), scale),
        self_grade: grade(&xlsx_text(grid[start].get(own)), scale),
    };
    (figures, grades)
}

/// 総括's first table: the 全体 row's count under each grade heading.
fn xlsx_summary(grid: &[Vec<Data>]) -> BTreeMap<String, Decimal> {
    let h = find_row(grid, "区分").expect("区分");
    let total = (h + 1..grid.len())
        .find(|&r| xlsx_text(grid[r].first()) == "全体")
        .expect("全体 row");
    // A grade heads its 件数 and 構成比 columns: its count is under its first.
    grid[h]
        .iter()
        .zip(&grid[total])
        .skip(1)
        .filter_map(|(head, v)| {
            let head: String = xlsx_text(Some(head))
                .chars()
                .take_while(|c| *c != '（')
                .collect();
            if head.is_empty() {
                return None;
            }
            Some((head, xlsx_figure(Some(v), false, None)?))
        })
        .filter(|(head, _)| head != "計")
        .collect()
}

// ---------------------------------------------------------------------------------------
// HTML

#[derive(Debug)]
enum Child {
    Node(Node),
    Text(String),
}

#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Child>,
}

impl Node {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| match c {
            Child::Node(n) => Some(n),
            Child::Text(_) => None,
        })
    }

    fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        if self.name == name {
            out.push(self);
        }
        for n in self.nodes() {
            n.all(name, out);
        }
    }

    fn find_all(&self, name: &str) -> Vec<&Node> {
        let mut out = Vec::new();
        self.all(name, &mut out);
        out
    }

    /// The text, `<br/>` as a line break.
    fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            match c {
                Child::Text(t) => s.push_str(t),
                Child::Node(n) if n.name == "br" => s.push('\n'),
                Child::Node(n) => s.push_str(&n.text()),
            }
        }
        s
    }
}

fn parse_html(html: &str) -> Node {
    let mut reader = quick_xml::Reader::from_str(html);
    let mut stack = vec![Node::default()];
    let element = |e: &quick_xml::events::BytesStart<'_>| Node {
        name: AsRef::<str>::as_ref(&e.name()).to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    AsRef::<str>::as_ref(&a.key).to_string(),
                    quick_xml::escape::unescape(&a.value)
                        .expect("escaped attribute")
                        .into_owned(),
                )
            })
            .collect(),
        children: Vec::new(),
    };
    let push_text = |stack: &mut Vec<Node>, t: String| {
        stack.last_mut().unwrap().children.push(Child::Text(t));
    };
    loop {
        match reader.read_event().expect("well-formed HTML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let node = element(&e);
                stack.last_mut().unwrap().children.push(Child::Node(node));
            }
            Event::End(_) => {
                let node = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(Child::Node(node));
            }
            Event::Text(t) => push_text(&mut stack, t.xml10_content().into_owned()),
            Event::GeneralRef(r) => {
                let name = r.into_inner().into_owned();
                let c = match name.as_str() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    n => {
                        let n = n.strip_prefix('#').expect("a character reference");
                        let code = match n.strip_prefix('x') {
                            Some(hex) => u32::from_str_radix(hex, 16).unwrap(),
                            None => n.parse().unwrap(),
                        };
                        char::from_u32(code).unwrap()
                    }
                };
                push_text(&mut stack, c.to_string());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    stack.pop().unwrap()
}

/// A table's rows as cell texts (header cells included), with each cell's colspan.
fn table_rows(table: &Node) -> Vec<Vec<(String, usize)>> {
    table
        .find_all("tr")
        .iter()
        .map(|tr| {
            tr.nodes()
                .filter(|n| n.name == "th" || n.name == "td")
                .map(|c| {
                    (
                        c.text(),
                        c.attr("colspan").map_or(1, |s| s.parse().unwrap()),
                    )
                })
                .collect()
        })
        .collect()
}

fn caption(table: &Node) -> String {
    table
        .find_all("caption")
        .first()
        .map_or(String::new(), |c| c.text())
}

fn html_plan(
    root: &Node,
    rows: &[&CsvRow],
    scale: &[String],
) -> (Vec<Option<Figures>>, PlanGrades) {
    let id = format!("plan-{}", rows[0].plan);
    let section = root
        .find_all("section")
        .into_iter()
        .find(|s| s.attr("id") == Some(id.as_str()))
        .unwrap_or_else(|| panic!("HTML section {id}"));
    let tables = section.find_all("table");
    let overview = tables
        .iter()
        .find(|t| caption(t).ends_with("の概要"))
        .expect("概要");
    let field = |key: &str| {
        table_rows(overview)
            .into_iter()
            .find(|r| r.first().is_some_and(|c| c.0 == key))
            .map_or(String::new(), |r| r[1].0.clone())
    };
    let grades = PlanGrades {
        grade: grade(&field("評価"), scale),
        self_grade: grade(&field("自己評価"), scale),
    };
    let results = tables.iter().find(|t| {
        let c = caption(t);
        c.ends_with("の実績") && !c.contains("推移")
    });
    let figures = rows
        .iter()
        .map(|row| {
            let table = table_rows(results?);
            let header: Vec<String> = table[0].iter().map(|c| c.0.clone()).collect();
            let label = if row.unit.is_empty() {
                row.indicator.clone()
            } else {
                format!("{}（{}）", row.indicator, row.unit)
            };
            let r = table[1..].iter().find(|r| r[0].0 == label)?;
            let cell = |name: &str, unit: &str| {
                let text = &r[header.iter().position(|h| h == name).expect(name)].0;
                let f = figure(text.lines().next().unwrap_or(""));
                f.map(|(v, rest)| {
                    assert_eq!(rest, unit, "HTML {id} {label} {name}: 「{text}」");
                    v
                })
            };
            Some(Figures {
                target: cell("年度目標", &row.unit),
                actual: cell("実績値", &row.unit),
                rate: cell("達成率", "%"),
                grade: grade(
                    &r[header.iter().position(|h| h == "評価").unwrap()].0,
                    scale,
                ),
            })
        })
        .collect();
    (figures, grades)
}

/// 総括's first table: the 全体 row's count under each grade heading (a grade's heading
/// spans its count and its share).
fn html_summary(root: &Node) -> BTreeMap<String, Decimal> {
    let section = root
        .find_all("section")
        .into_iter()
        .find(|s| s.attr("id") == Some("summary"))
        .expect("summary section");
    let table = section.find_all("table")[0];
    let rows = table_rows(table);
    let total = rows.iter().find(|r| r[0].0 == "全体").expect("全体 row");
    let mut out = BTreeMap::new();
    let mut at = 1;
    for (head, span) in &rows[0][1..] {
        let head: String = head.chars().take_while(|c| *c != '（').collect();
        if head != "計" {
            out.insert(head, figure(&total[at].0).expect("a count").0);
        }
        at += span;
    }
    out
}

// ---------------------------------------------------------------------------------------
// PDF

/// A line of text as drawn: its start and baseline (PDF points, y up) and font size.
#[derive(Debug, Clone)]
struct Run {
    x: f32,
    y: f32,
    size: f32,
    text: String,
}

/// A straight stroke or path edge.
#[derive(Debug, Clone, Copy)]
struct Seg {
    a: (f32, f32),
    b: (f32, f32),
}

#[derive(Debug, Default)]
struct PdfPage {
    runs: Vec<Run>,
    segs: Vec<Seg>,
}

/// A font's ToUnicode CMap: code → text.
fn to_unicode(cmap: &str) -> BTreeMap<u32, String> {
    let hex = |s: &str| -> Vec<u8> {
        let s = s.trim().trim_start_matches('<').trim_end_matches('>');
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    };
    let code = |s: &str| hex(s).iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
    let utf16 = |s: &str| {
        let b = hex(s);
        let units: Vec<u16> = b
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    };
    let mut map = BTreeMap::new();
    let mut mode = "";
    for line in cmap.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            mode = "char";
        } else if line.ends_with("beginbfrange") {
            mode = "range";
        } else if line.starts_with("end") {
            mode = "";
        } else if mode == "char" {
            let parts: Vec<&str> = line.split_whitespace().collect();
            map.insert(code(parts[0]), utf16(parts[1]));
        } else if mode == "range" {
            let parts: Vec<&str> = line.split_whitespace().collect();
            let (lo, hi) = (code(parts[0]), code(parts[1]));
            let first = utf16(parts[2]);
            let base = first.chars().next().unwrap() as u32;
            for (k, c) in (lo..=hi).enumerate() {
                map.insert(c, char::from_u32(base + k as u32).unwrap().to_string());
            }
        }
    }
    map
}

fn num(o: &lopdf::Object) -> f32 {
    o.as_float().expect("a number")
}

/// Decodes every page: text through each font's ToUnicode map, strokes as segments.
/// (`lopdf::Document::extract_text` decodes the same text but without positions, and a
/// figure's column is known only from where it stands between the table's rules.)
fn read_pdf(bytes: &[u8]) -> Vec<PdfPage> {
    let doc = lopdf::Document::load_mem(bytes).expect("the PDF loads");
    let mut pages = Vec::new();
    for (_, id) in doc.get_pages() {
        let mut maps: BTreeMap<Vec<u8>, BTreeMap<u32, String>> = BTreeMap::new();
        for (name, font) in doc.get_page_fonts(id).unwrap() {
            let tu = font
                .get(b"ToUnicode")
                .expect("every font has a ToUnicode map");
            let (_, stream) = doc.dereference(tu).unwrap();
            let stream = stream.as_stream().unwrap();
            let content = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            maps.insert(name, to_unicode(&String::from_utf8_lossy(&content)));
        }
        let content = lopdf::content::Content::decode(&doc.get_page_content(id)).unwrap();
        let mut page = PdfPage::default();
        let (mut font, mut size) = (Vec::new(), 0.0);
        let (mut line, mut at) = ((0.0, 0.0), (0.0, 0.0));
        let mut current = (0.0, 0.0);
        let mut start = (0.0, 0.0);
        for op in &content.operations {
            let o = &op.operands;
            match op.operator.as_str() {
                "BT" => {
                    line = (0.0, 0.0);
                    at = line;
                }
                "Tf" => {
                    font = o[0].as_name().unwrap().to_vec();
                    size = num(&o[1]);
                }
                "Td" => {
                    line = (line.0 + num(&o[0]), line.1 + num(&o[1]));
                    at = line;
                }
                "Tm" => {
                    line = (num(&o[4]), num(&o[5]));
                    at = line;
                }
                "Tj" | "TJ" => {
                    let strings: Vec<&[u8]> = match op.operator.as_str() {
                        "Tj" => vec![o[0].as_str().unwrap()],
                        _ => o[0]
                            .as_array()
                            .unwrap()
                            .iter()
                            .filter_map(|x| x.as_str().ok())
                            .collect(),
                    };
                    let map = &maps[&font];
                    let text: String = strings
                        .iter()
                        .flat_map(|s| s.chunks(2))
                        .map(|c| {
                            let code = (u32::from(c[0]) << 8) | u32::from(c[1]);
                            map.get(&code).cloned().unwrap_or_else(|| {
                                panic!("glyph {code:04X} of {font:?} has no ToUnicode entry")
                            })
                        })
                        .collect();
                    page.runs.push(Run {
                        x: at.0,
                        y: at.1,
                        size,
                        text,
                    });
                }
                "m" => {
                    current = (num(&o[0]), num(&o[1]));
                    start = current;
                }
                "l" => {
                    let next = (num(&o[0]), num(&o[1]));
                    page.segs.push(Seg {
                        a: current,
                        b: next,
                    });
                    current = next;
                }
                "h" => {
                    page.segs.push(Seg {
                        a: current,
                        b: start,
                    });
                    current = start;
                }
                "re" => {
                    let (x, y, w, h) = (num(&o[0]), num(&o[1]), num(&o[2]), num(&o[3]));
                    let c = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
                    for p in c.windows(2) {
                        page.segs.push(Seg { a: p[0], b: p[1] });
                    }
                }
                "cm" => {
                    // The writer places everything in page coordinates; a transformation
                    // would make the positions above meaningless.
                    let m: Vec<f32> = o.iter().map(num).collect();
                    assert_eq!(m, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], "unexpected cm");
                }
                _ => {}
            }
        }
        pages.push(page);
    }
    pages
}

/// A table cell's bounds: left, right, bottom, top.
type Bounds = (f32, f32, f32, f32);

const EPS: f32 = 0.05;

impl PdfPage {
    /// The ruled cell a run sits in.
    fn cell(&self, run: &Run) -> Option<Bounds> {
        let (px, py) = (run.x + 0.5, run.y);
        let mut left = f32::MIN;
        let mut right = f32::MAX;
        let mut bottom = f32::MIN;
        let mut top = f32::MAX;
        for s in &self.segs {
            let (x0, x1) = (s.a.0.min(s.b.0), s.a.0.max(s.b.0));
            let (y0, y1) = (s.a.1.min(s.b.1), s.a.1.max(s.b.1));
            if x1 - x0 < EPS && y0 - EPS <= py && py <= y1 + EPS {
                if x0 <= px {
                    left = left.max(x0);
                } else {
                    right = right.min(x0);
                }
            } else if y1 - y0 < EPS && x0 - EPS <= px && px <= x1 + EPS {
                if y0 <= py {
                    bottom = bottom.max(y0);
                } else {
                    top = top.min(y0);
                }
            }
        }
        (left > f32::MIN && right < f32::MAX && bottom > f32::MIN && top < f32::MAX)
            .then_some((left, right, bottom, top))
    }

    /// The cells of the row a run sits in, left to right: bounds and text (lines top down).
    fn row(&self, run: &Run) -> Vec<(Bounds, String)> {
        let b = self.cell(run).expect("the run is in a ruled cell");
        let same = |a: f32, c: f32| (a - c).abs() < 0.5;
        let mut cells: Vec<(Bounds, Vec<&Run>)> = Vec::new();
        for r in &self.runs {
            let Some(c) = self.cell(r) else { continue };
            if !(same(c.2, b.2) && same(c.3, b.3)) {
                continue;
            }
            match cells.iter_mut().find(|(k, _)| same(k.0, c.0)) {
                Some((_, v)) => v.push(r),
                None => cells.push((c, vec![r])),
            }
        }
        cells.sort_by(|a, b| a.0.0.total_cmp(&b.0.0));
        cells
            .into_iter()
            .map(|(k, mut runs)| {
                runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
                let mut text = String::new();
                let mut last_y = None;
                for r in runs {
                    if last_y.is_some_and(|y: f32| (y - r.y).abs() > 0.5) {
                        text.push('\n');
                    }
                    text.push_str(&r.text);
                    last_y = Some(r.y);
                }
                (k, text)
            })
            .collect()
    }

    /// Runs in reading order (top down, then left to right).
    fn reading(&self) -> Vec<&Run> {
        let mut v: Vec<&Run> = self.runs.iter().collect();
        v.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
        v
    }
}

fn pdf_text(pages: &[PdfPage]) -> String {
    pages
        .iter()
        .flat_map(|p| p.reading())
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plan's pages: from its heading (the large run of its title) to the next plan's.
fn plan_pages<'a>(pages: &'a [PdfPage], title: &str, next: Option<&str>) -> &'a [PdfPage] {
    let heading = |t: &str| {
        pages
            .iter()
            .position(|p| p.runs.iter().any(|r| r.size > 12.0 && r.text.trim() == t))
    };
    let start = heading(title).unwrap_or_else(|| panic!("PDF heading {title}"));
    let end = next
        .and_then(heading)
        .unwrap_or((start + 3).min(pages.len()));
    &pages[start..end]
}

fn pdf_plan(
    pages: &[PdfPage],
    rows: &[&CsvRow],
    scale: &[String],
) -> (Vec<Option<Figures>>, PlanGrades) {
    let first = &pages[0];
    // The overview's keys 「評価」 and 「自己評価」, each with its value to its right.
    let reading = first.reading();
    let after = |k: &str| {
        let Some(key) = reading.iter().find(|r| r.text == k) else {
            return String::new();
        };
        let cells = first.row(key);
        cells
            .iter()
            .position(|c| c.1 == k)
            .and_then(|i| cells.get(i + 1))
            .map_or(String::new(), |c| c.1.clone())
    };
    assert!(!after("評価").is_empty(), "評価 in the overview");
    let grades = PlanGrades {
        grade: grade(&after("評価"), scale),
        self_grade: grade(&after("自己評価"), scale),
    };
    // The 実績 table: its header row holds 「年度目標」.
    let header = pages.iter().find_map(|p| {
        let run = p.runs.iter().find(|r| r.text == "年度目標")?;
        Some((p, p.row(run)))
    });
    let figures = rows
        .iter()
        .map(|row| {
            let (page, header) = header.as_ref()?;
            let label = if row.unit.is_empty() {
                row.indicator.clone()
            } else {
                format!("{}（{}）", row.indicator, row.unit)
            };
            let first_col = header[0].0;
            // The label may wrap: find the cell in the first column whose text is the label.
            let run = page.runs.iter().find(|r| {
                page.cell(r).is_some_and(|c| {
                    (c.0 - first_col.0).abs() < 0.5
                        && c.3 < first_col.2 + 0.5
                        && page
                            .row(r)
                            .first()
                            .is_some_and(|cell| cell.1.replace('\n', "") == label)
                })
            })?;
            let cells = page.row(run);
            let cell = |name: &str| {
                let left = header.iter().find(|h| h.1 == name).expect(name).0.0;
                cells
                    .iter()
                    .find(|c| (c.0.0 - left).abs() < 0.5)
                    .map_or(String::new(), |c| c.1.clone())
            };
            let number = |name: &str, unit: &str| {
                let text = cell(name);
                figure(text.lines().next().unwrap_or("")).map(|(v, rest)| {
                    assert_eq!(rest, unit, "PDF {label} {name}: 「{text}」");
                    v
                })
            };
            Some(Figures {
                target: number("年度目標", &row.unit),
                actual: number("実績値", &row.unit),
                rate: number("達成率", "%"),
                grade: grade(&cell("評価"), scale),
            })
        })
        .collect();
    (figures, grades)
}

/// 総括's first table in the PDF: the 全体 row's count (a cell's first line) per grade.
fn pdf_summary(pages: &[PdfPage]) -> BTreeMap<String, Decimal> {
    let page = pages
        .iter()
        .find(|p| p.runs.iter().any(|r| r.text == "評価の内訳（基本方針別）"))
        .expect("総括 page");
    let reading = page.reading();
    let head = reading.iter().find(|r| r.text == "区分").expect("区分");
    let total = reading.iter().find(|r| r.text == "全体").expect("全体");
    let header = page.row(head);
    let row = page.row(total);
    header
        .iter()
        .skip(1)
        .filter(|h| h.1 != "計")
        .map(|h| {
            let cell = row
                .iter()
                .find(|c| (c.0.0 - h.0.0).abs() < 0.5)
                .expect("a count under every grade");
            let count = figure(cell.1.lines().next().unwrap()).expect("a count").0;
            (h.1.chars().take_while(|c| *c != '（').collect(), count)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------

/// The grades on the scale: the 総括 table's headings but the last (the not-graded mark).
fn scale_of(summary: &BTreeMap<String, Decimal>) -> Vec<String> {
    summary
        .keys()
        .filter(|k| k.chars().all(|c| c.is_ascii_uppercase()))
        .cloned()
        .collect()
}

#[test]
fn printed_figures_read_as_decimals() {
    let scale = ["A".to_string(), "B".to_string()];
    assert_eq!(
        figure("6,851.11人"),
        Some((Decimal::from_str("6851.11").unwrap(), "人".to_string()))
    );
    assert_eq!(figure("77.00").unwrap().0, figure("77").unwrap().0);
    assert_ne!(figure("6,851").unwrap().0, figure("6,851.11").unwrap().0);
    assert_eq!(figure("89.2%").unwrap().1, "%");
    assert_eq!(figure("－"), None);
    assert_eq!(grade("B（概ね達成）", &scale), Some("B".to_string()));
    assert_eq!(grade("－（評価対象外）　評価対象外", &scale), None);
    assert_eq!(
        xlsx_figure(
            Some(&Data::Float(0.8919)),
            true,
            figure("89.2").map(|f| f.0)
        ),
        figure("89.2").map(|f| f.0)
    );
    assert_eq!(
        csv_records("a,\"b,\"\"c\"\"\"\r\nd,e\r\n"),
        [vec!["a", "b,\"c\""], vec!["d", "e"]]
    );
}

#[test]
fn every_figure_and_grade_agrees_in_all_four_editions() {
    let out = built("handout");
    let read = |ext: &str| std::fs::read(out.join(format!("{BASE}.{ext}"))).unwrap();
    let csv = String::from_utf8(read("csv")).unwrap();
    let html = parse_html(&String::from_utf8(read("html")).unwrap());
    let pdf = read_pdf(&read("pdf"));
    let mut wb = Xlsx::new(Cursor::new(read("xlsx"))).expect("the xlsx opens");

    // 総括: the same count per grade in the xlsx, the HTML and the PDF.
    let summary = html_summary(&html);
    let scale = scale_of(&summary);
    assert_eq!(scale, ["A", "B", "C", "D"], "{summary:?}");
    assert_eq!(xlsx_summary(&sheet(&mut wb, "総括")), summary, "xlsx 総括");
    assert_eq!(pdf_summary(&pdf), summary, "PDF 総括");

    let rows = csv_rows(&csv, "2024", &scale);
    let mut plans: BTreeMap<u32, Vec<&CsvRow>> = BTreeMap::new();
    for r in &rows {
        plans.entry(r.plan).or_default().push(r);
    }
    assert_eq!(plans.len(), 29);
    let list = sheet(&mut wb, "一覧");
    let sheet_names = wb.sheet_names().to_vec();
    let titles: BTreeMap<u32, String> = html
        .find_all("section")
        .iter()
        .filter_map(|s| {
            let n = s.attr("id")?.strip_prefix("plan-")?.parse().ok()?;
            Some((n, s.find_all("h2")[0].text()))
        })
        .collect();

    let mut failures = Vec::new();
    let mut graded: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut compared = 0;
    for (n, rows) in &plans {
        let title = &titles[n];
        let mark: String = title.chars().take(1).collect();
        let name = sheet_names
            .iter()
            .find(|s| s.starts_with(&mark))
            .unwrap_or_else(|| panic!("a sheet for {title}"));
        let (xlsx_figures, xlsx_grades) = xlsx_plan(&sheet(&mut wb, name), rows, &scale);
        let (list_figures, list_grades) = xlsx_list(&list, rows, &scale);
        let (html_figures, html_grades) = html_plan(&html, rows, &scale);
        let next = titles.range(n + 1..).next().map(|(_, t)| t.as_str());
        let (pdf_figures, pdf_grades) = pdf_plan(plan_pages(&pdf, title, next), rows, &scale);

        // An indicator the CSV has no figure for may have no row elsewhere either.
        let nothing = Figures {
            target: None,
            actual: None,
            rate: None,
            grade: None,
        };
        for (i, row) in rows.iter().enumerate() {
            let csv = &row.figures;
            for (edition, got) in [
                ("xlsx plan sheet", xlsx_figures[i].clone()),
                ("xlsx 一覧", Some(list_figures[i].clone())),
                ("HTML", html_figures[i].clone()),
                ("PDF", pdf_figures[i].clone()),
            ] {
                let got = got.unwrap_or_else(|| nothing.clone());
                if &got != csv {
                    failures.push(format!(
                        "{title} {}: CSV {csv:?} but {edition} {got:?}",
                        row.indicator
                    ));
                }
                compared += 1;
            }
        }
        // The plan's grade and 自己評価: no grade in the CSV, which has 自己評価 only.
        let own = rows[0].self_grade.clone();
        for (edition, g) in [
            ("xlsx 一覧", &list_grades),
            ("HTML", &html_grades),
            ("PDF", &pdf_grades),
        ] {
            if g != &xlsx_grades {
                failures.push(format!(
                    "{title}: xlsx plan sheet {xlsx_grades:?} but {edition} {g:?}"
                ));
            }
            if g.self_grade != own {
                failures.push(format!(
                    "{title}: CSV 自己評価 {own:?} but {edition} {:?}",
                    g.self_grade
                ));
            }
        }
        let mark = html_grades.grade.clone().unwrap_or_else(|| "－".into());
        *graded.entry(mark).or_default() += Decimal::ONE;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(compared, rows.len() * 4);
    // The plans' own grades add up to the 総括.
    for (mark, count) in &summary {
        assert_eq!(
            graded.get(mark).copied().unwrap_or_default(),
            *count,
            "plans graded {mark} against 総括"
        );
    }
}

/// Every file name under `dir`, and its stem.
fn input_names(dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            input_names(&path, out);
        } else {
            out.push(path.file_name().unwrap().to_string_lossy().into_owned());
            out.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
}

/// The handout and the web edition, each built once for the tests of this file.
fn built(variant: &'static str) -> &'static Path {
    static HANDOUT: OnceLock<PathBuf> = OnceLock::new();
    static WEB: OnceLock<PathBuf> = OnceLock::new();
    let (cell, extra): (_, &[&str]) = match variant {
        "web" => (&WEB, &["--variant", "web"]),
        _ => (&HANDOUT, &[]),
    };
    cell.get_or_init(|| build(variant, extra))
}

/// The text of an edition: the PDF's decoded runs, the HTML and CSV as written.
fn edition_text(variant: &'static str, ext: &str) -> String {
    let base = match variant {
        "web" => format!("{BASE}_公開用"),
        _ => BASE.to_string(),
    };
    let bytes = std::fs::read(built(variant).join(format!("{base}.{ext}"))).unwrap();
    match ext {
        "pdf" => pdf_text(&read_pdf(&bytes)),
        _ => String::from_utf8(bytes).unwrap(),
    }
}

/// The 公表版 `ext` names no file of the input folder and carries no 審議資料 mark, where the
/// handout does (so that the check can see them at all).
fn web_edition_is_public(ext: &str) {
    let mut names = Vec::new();
    input_names(&root().join("input"), &mut names);
    assert!(names.len() > 10);
    let handout = edition_text("handout", ext);
    if ext != "csv" {
        assert!(handout.contains("審議資料"), "handout .{ext}");
    }
    assert!(
        names.iter().any(|n| handout.contains(n.as_str())),
        "handout .{ext} names its sources"
    );
    let web = edition_text("web", ext);
    assert!(!web.contains("審議資料"), "web .{ext} has 審議資料");
    let files: Vec<&String> = names.iter().filter(|n| web.contains(n.as_str())).collect();
    assert!(files.is_empty(), "web .{ext} names {files:?}");
    assert!(!web.contains(".xlsx"), "web .{ext} names an .xlsx");
}

#[test]
fn the_web_html_names_no_internal_file_and_no_handout_mark() {
    web_edition_is_public("html");
}

#[test]
fn the_web_csv_names_no_internal_file() {
    web_edition_is_public("csv");
}

// The PDF is still laid out from the Book (src/render/pdf/content.rs), not from the
// Document: its web variant printed 「行政改革推進委員会 審議資料」 on the cover and
// 「資料：2024年度/…_進捗シート.xlsx › …」 under every plan until the writer left them out.
#[test]
fn the_web_pdf_names_no_internal_file_and_no_handout_mark() {
    web_edition_is_public("pdf");
}
