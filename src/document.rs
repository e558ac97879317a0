//! The Document: one neutral model of an edition's content — sections of blocks — that
//! `compose` builds and every writer in `render` maps to its medium without deciding content.
//!
//! Nothing here is laid out: a [`Table`] knows its caption, header rows, merged cells and the
//! type of every cell, a [`Chart`] its data and its text alternative, and [`Block::KeepTogether`]
//! and [`Block::PageBreak`] are hints a paged writer may honour. A number's printed text is
//! decided by [`crate::compose::format_number`], the one function writers call for it.

use rust_decimal::Decimal;

/// A whole edition: cover facts, the sections in reading order, and the figures of the
/// open-data edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Title, language, marks.
    pub meta: DocumentMeta,
    /// The sections in reading order; the first is the cover.
    pub sections: Vec<Section>,
    /// The figures as one flat table (one row per plan × indicator × year), for data editions
    /// (CSV); writers of printed editions do not show it, as the sections already do.
    pub data: Table,
}

/// Which edition of the book a Document is composed for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Variant {
    /// The committee's handout: 審議資料 mark, data sources, blank 委員会意見 boxes, 検証結果.
    #[default]
    Handout,
    /// The 公表版 for the city website: none of the above.
    Web,
}

impl std::str::FromStr for Variant {
    type Err = String;

    /// `handout` or `web` (also 「配布用」, 「公開用」).
    fn from_str(s: &str) -> Result<Variant, String> {
        match s.trim() {
            "handout" | "配布用" => Ok(Variant::Handout),
            "web" | "公開用" => Ok(Variant::Web),
            other => Err(format!(
                "PDFの種類「{other}」は使えません（handout または web）"
            )),
        }
    }
}

/// Facts about the whole Document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentMeta {
    /// The title (the HTML `title` and the cover's heading).
    pub title: String,
    /// BCP 47 language tag: 「ja」.
    pub lang: String,
    /// The sample mark printed on every page, when the input is the shipped fictional sample.
    pub sample_mark: Option<String>,
    /// The provisional mark printed on every page, when plans could not be graded (要確認).
    pub provisional_mark: Option<String>,
    /// The edition composed.
    pub variant: Variant,
    /// Running footer text (without page numbers).
    pub footer: String,
    /// The heading of the table of contents: 「目次」.
    pub contents_label: String,
    /// Who issues it (the city), for the file's metadata.
    pub author: String,
    /// The book's date, ISO `YYYY-MM-DD` (from the data, never the clock), for the file's
    /// metadata.
    pub date: String,
}

/// One section: the cover, はじめに, a plan … Sections with a `title` appear in the 目次.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Anchor, unique in the Document: 「summary」, 「plan-1」.
    pub id: String,
    /// The entry in 目次; `None` keeps the section out of it (the cover).
    pub contents_title: Option<String>,
    /// Indentation level in 目次: 1 for parts, 2 for plans.
    pub contents_level: u8,
    /// The content, starting with its heading.
    pub blocks: Vec<Block>,
    /// A hint for paged writers: landscape suits this section's wide tables.
    pub wide: bool,
}

/// A piece of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading.
    Heading(Heading),
    /// A paragraph of running text.
    Paragraph(Paragraph),
    /// A bulleted or numbered list.
    List(List),
    /// A table.
    Table(Table),
    /// A chart with its data.
    Chart(Chart),
    /// A labelled box of blocks (a box with no blocks is a space to write in).
    Box(LabelledBox),
    /// Blocks a paged writer should not split across pages (a chart and its data table).
    KeepTogether(Vec<Block>),
    /// A hint for paged writers: start a new page here.
    PageBreak,
}

/// A heading of level 1 (the book's title), 2 (a section) or 3 (a part of a section).
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1–3.
    pub level: u8,
    /// The text.
    pub text: String,
    /// Anchor, when the heading is a link target.
    pub id: Option<String>,
}

/// How a paragraph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphStyle {
    /// Running text, first line indented by a full-width space.
    Body,
    /// A cover line, centred.
    Cover,
    /// A small note (資料, ※).
    Note,
    /// A warning mark (サンプル, 暫定).
    Mark,
}

/// A paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The text; `\n` is a line break within the paragraph.
    pub text: String,
    /// How it reads.
    pub style: ParagraphStyle,
}

/// A list of short texts.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// True for a numbered list.
    pub ordered: bool,
    /// The items.
    pub items: Vec<String>,
}

/// A table: caption, header rows and body rows of typed cells.
///
/// Merged cells follow HTML: a cell with `row_span` 2 covers the cell below it, which is
/// then absent from the next row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// What the table shows, as a sentence-free title.
    pub caption: String,
    /// Header rows (column headings).
    pub header: Vec<Vec<Cell>>,
    /// Body rows.
    pub body: Vec<Vec<Cell>>,
    /// Relative column widths (any unit), one per column; empty lets the writer choose.
    pub widths: Vec<u16>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// What it holds.
    pub content: CellContent,
    /// Columns covered (≥ 1).
    pub col_span: u32,
    /// Rows covered (≥ 1).
    pub row_span: u32,
    /// `Some` for a header cell, with what it heads.
    pub header: Option<Scope>,
}

/// What a header cell heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The column below it.
    Col,
    /// The row to its right.
    Row,
    /// The columns it spans.
    ColGroup,
    /// The rows it spans.
    RowGroup,
}

/// A cell's content, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum CellContent {
    /// Text; `\n` is a line break.
    Text(String),
    /// A figure, printed by [`crate::compose::format_number`].
    Number(Number),
    /// A grade mark.
    Grade(Grade),
    /// Nothing (printed as nothing, not as 「－」: compose writes 「－」 as text where it means it).
    Empty,
}

/// A figure: its value, the decimals it prints with, and its unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// The value (a 達成率 in percent: 89.2).
    pub value: Decimal,
    /// Decimals printed.
    pub decimals: u32,
    /// The unit printed after the figure in printed editions (「人」, 「%」); empty for none.
    pub unit: String,
}

/// A grade mark with its meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grade {
    /// 「A」, or the not-evaluated mark 「－」.
    pub mark: String,
    /// 「目標達成」; empty when not known.
    pub label: String,
}

/// The kind of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical bars, one group per category, one bar per series.
    Bar,
}

/// A chart: its data, title and text alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The kind.
    pub kind: ChartKind,
    /// The title, printed above the chart.
    pub title: String,
    /// Category labels (years, grades), in order.
    pub categories: Vec<String>,
    /// The series; each has one value per category.
    pub series: Vec<Series>,
    /// The text alternative: what the chart shows, in one or two sentences.
    pub alt: String,
}

/// One series of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its name in the legend: 「目標」, 「実績」.
    pub name: String,
    /// One value per category; `None` where there is none.
    pub values: Vec<Option<Number>>,
}

/// A labelled box of blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledBox {
    /// The label above the box: 「委員会意見」.
    pub label: String,
    /// Its content; empty for a box left blank to write in.
    pub blocks: Vec<Block>,
}

impl Cell {
    fn with(content: CellContent) -> Cell {
        Cell {
            content,
            col_span: 1,
            row_span: 1,
            header: None,
        }
    }

    /// A text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::with(CellContent::Text(text.into()))
    }

    /// A number cell.
    pub fn number(number: Number) -> Cell {
        Cell::with(CellContent::Number(number))
    }

    /// A number cell, or 「－」 when there is none.
    pub fn number_or_dash(number: Option<Number>) -> Cell {
        number.map_or_else(|| Cell::text("－"), Cell::number)
    }

    /// A grade cell.
    pub fn grade(grade: Grade) -> Cell {
        Cell::with(CellContent::Grade(grade))
    }

    /// An empty cell.
    pub fn empty() -> Cell {
        Cell::with(CellContent::Empty)
    }

    /// A column heading.
    pub fn col_header(text: impl Into<String>) -> Cell {
        Cell::text(text).scope(Scope::Col)
    }

    /// A row heading.
    pub fn row_header(text: impl Into<String>) -> Cell {
        Cell::text(text).scope(Scope::Row)
    }

    /// Makes the cell a header cell of `scope`.
    pub fn scope(mut self, scope: Scope) -> Cell {
        self.header = Some(scope);
        self
    }

    /// Spans `rows` rows.
    pub fn rows(mut self, rows: u32) -> Cell {
        self.row_span = rows.max(1);
        self
    }

    /// Spans `cols` columns.
    pub fn cols(mut self, cols: u32) -> Cell {
        self.col_span = cols.max(1);
        self
    }
}
