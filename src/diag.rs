//! Diagnostics: every problem hyoka finds, with where it was found and how to fix it.
//!
//! The library never prints; it returns these and `main` formats them.

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// エラー: the input cannot be used as it is.
    Error,
    /// 警告: the input is used, but a person should look at it.
    Warning,
}

impl Severity {
    /// The Japanese word printed for the severity.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
        }
    }
}

/// Where something was read from: a workbook cell or a line of a text file.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Source {
    /// The file, as given by the user (relative to the input folder where possible).
    pub file: String,
    /// The sheet name, for workbooks.
    pub sheet: Option<String>,
    /// The cell in A1 notation, for workbooks.
    pub cell: Option<String>,
    /// 1-based line and column, for text files such as the plan TOML.
    pub line: Option<(usize, usize)>,
}

impl Source {
    /// A whole file.
    pub fn file(file: impl Into<String>) -> Self {
        Source {
            file: file.into(),
            ..Source::default()
        }
    }

    /// A cell of a sheet of a workbook.
    pub fn cell(
        file: impl Into<String>,
        sheet: impl Into<String>,
        cell: impl Into<String>,
    ) -> Self {
        Source {
            file: file.into(),
            sheet: Some(sheet.into()),
            cell: Some(cell.into()),
            line: None,
        }
    }

    /// A line and column of a text file.
    pub fn line(file: impl Into<String>, line: usize, column: usize) -> Self {
        Source {
            file: file.into(),
            line: Some((line, column)),
            ..Source::default()
        }
    }
}

impl std::fmt::Display for Source {
    /// `営業部.xlsx › 実績 › C12` or `plans/a.toml:12:3`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some((line, col)) = self.line {
            write!(f, ":{line}:{col}")?;
        }
        if let Some(sheet) = &self.sheet {
            write!(f, " › {sheet}")?;
        }
        if let Some(cell) = &self.cell {
            write!(f, " › {cell}")?;
        }
        Ok(())
    }
}

/// One problem found in the input or the plan definitions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// エラー or 警告.
    pub severity: Severity,
    /// A stable code such as `plan-unknown-department` or `value-not-number`, for tests and filtering.
    pub code: &'static str,
    /// The message, in Japanese, complete on its own.
    pub message: String,
    /// Where the problem is, when it has a place.
    pub source: Option<Source>,
    /// The action plan number concerned, if any.
    pub plan: Option<u32>,
    /// The plan's display id when the plan file gives one of its own (「1-1」); absent for a
    /// plan printed with its circled number, which [`Diagnostic::plan`] already tells.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<String>,
    /// The field concerned (e.g. 「実績値」, `indicators[0].target`), if any.
    pub field: Option<String>,
    /// How to fix it, in Japanese.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An エラー with a code and a message.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A 警告 with a code and a message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            source: None,
            plan: None,
            plan_id: None,
            field: None,
            hint: None,
        }
    }

    /// Adds the place the problem was found.
    pub fn at(mut self, source: Source) -> Self {
        self.source = Some(source);
        self
    }

    /// Adds the action plan concerned.
    pub fn plan(mut self, number: u32) -> Self {
        self.plan = Some(number);
        self
    }

    /// Adds the action plan concerned with its display id, so that messages name it as the
    /// city prints it (「プラン1-1」).
    /// `id` is the plan's own id (`Plan::own_id`), none for a circled number.
    pub fn plan_as(mut self, number: u32, id: Option<String>) -> Self {
        self.plan = Some(number);
        self.plan_id = id;
        self
    }

    /// The plan as named in running text: 「プラン1-1」, 「プラン①」.
    pub fn plan_label(&self) -> Option<String> {
        match (&self.plan_id, self.plan) {
            (Some(id), _) => Some(format!("プラン{id}")),
            (None, Some(n)) => Some(crate::text::number::plan_label(n)),
            (None, None) => None,
        }
    }

    /// Adds the field concerned.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this is an エラー.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
