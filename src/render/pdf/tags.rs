//! The logical structure of the PDF (PDF/UA-1): a tree of structure elements built while
//! the Document's blocks are laid out, which every drawn text points into.
//!
//! Pure, like `layout`: each laid-out item records the element it belongs to (or none: an
//! artifact such as a running footer, a rule or a repeated table header), and `emit`
//! writes the tree as the file's StructTreeRoot with marked content on the pages.

/// A standard structure type (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The whole document.
    Document,
    /// A section: a part of the book, or a plan.
    Sect,
    /// A generic group (a labelled box).
    Div,
    /// Headings.
    H1,
    /// Level 2.
    H2,
    /// Level 3.
    H3,
    /// A paragraph.
    P,
    /// A list, its items and their bodies.
    L,
    /// A list item.
    LI,
    /// A list item's body.
    LBody,
    /// A table and its parts.
    Table,
    /// Header rows.
    THead,
    /// Body rows.
    TBody,
    /// A row.
    TR,
    /// A header cell.
    TH,
    /// A data cell.
    TD,
    /// A chart.
    Figure,
    /// A chart's or table's title.
    Caption,
    /// The table of contents and its entries.
    TOC,
    /// An entry of the table of contents.
    TOCI,
    /// A link (with its annotation).
    Link,
}

impl Role {
    /// The name written as the element's /S.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::Div => "Div",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::Caption => "Caption",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::Link => "Link",
        }
    }
}

/// One structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Its type.
    pub role: Role,
    /// Its parent (none for the root).
    pub parent: Option<usize>,
    /// Its child elements, in reading order.
    pub children: Vec<usize>,
    /// The text alternative (a Figure's).
    pub alt: Option<String>,
    /// A header cell's scope: 「Column」, 「Row」 or 「Both」.
    pub scope: Option<&'static str>,
    /// Rows and columns a cell spans (1 when it spans none).
    pub spans: (u32, u32),
}

/// The structure tree: element 0 is the Document.
#[derive(Debug, Clone, PartialEq)]
pub struct StructTree {
    /// The elements; a child always comes after its parent.
    pub nodes: Vec<Node>,
}

impl Default for StructTree {
    fn default() -> Self {
        StructTree {
            nodes: vec![Node {
                role: Role::Document,
                parent: None,
                children: Vec::new(),
                alt: None,
                scope: None,
                spans: (1, 1),
            }],
        }
    }
}

impl StructTree {
    /// Adds an element of `role` as the last child of `parent`; returns its index.
    pub fn add(&mut self, parent: usize, role: Role) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            role,
            parent: Some(parent),
            children: Vec::new(),
            alt: None,
            scope: None,
            spans: (1, 1),
        });
        self.nodes[parent].children.push(id);
        id
    }
}
