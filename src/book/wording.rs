//! Wording: headings and fixed sentences rendered from the handlebars templates in `templates/`,
//! shared by every writer.
//!
//! Each field of [`Wording`] has one template file (`title.hbs`, `introduction.hbs`, …), read
//! from the folder at run time so that staff can change the wording without recompiling.
//! The output is plain text, not HTML: nothing is escaped. Department-supplied text never goes
//! through a template (a `{{` in a department's sentence stays as typed); templates see only
//! the book's cover facts and counts. Paragraph templates are split on blank lines.

use std::path::Path;

use handlebars::Handlebars;
use serde::Serialize;

use super::{Book, BookMeta, Summary, Wording};
use crate::text::wareki::{date_label, fiscal_year_label};

/// The template files, one per field of [`Wording`], in the order they are rendered.
pub const TEMPLATE_FILES: [&str; 7] = [
    "title.hbs",
    "cover_note.hbs",
    "sample_mark.hbs",
    "introduction.hbs",
    "method_intro.hbs",
    "summary_intro.hbs",
    "footer.hbs",
];

/// A template that cannot be read or rendered; names the template and the line.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A template file is missing or unreadable.
    #[error("テンプレート {name} を読み込めません: {message}")]
    Read {
        /// Template file name.
        name: String,
        /// What went wrong.
        message: String,
    },
    /// A template's syntax is wrong (e.g. an unclosed `{{#if}}`).
    #[error("テンプレート {name} の{line}行{column}列目に書式の誤りがあります: {message}")]
    Syntax {
        /// Template file name.
        name: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What went wrong (from the template engine).
        message: String,
    },
    /// A template names a value the book does not have, or a helper fails.
    #[error("テンプレート {name} の{}を差し込めません: {message}", line_text(*.line))]
    Render {
        /// Template file name.
        name: String,
        /// 1-based line, when the engine knows it.
        line: Option<usize>,
        /// What went wrong (from the template engine).
        message: String,
    },
}

fn line_text(line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{line}行目"),
        None => "内容".to_string(),
    }
}

/// What templates can refer to: `{{meta.year_label}}`, `{{summary.out_of_period}}`,
/// `{{plan_count}}`, `{{evaluated}}`.
#[derive(Serialize)]
struct TemplateData<'a> {
    meta: TemplateMeta<'a>,
    summary: &'a Summary,
    /// Number of action plans in the book.
    plan_count: usize,
    /// Number of plans graded in the report year (the grade columns of 総括 add up to it).
    evaluated: usize,
}

/// The cover facts as templates see them: the Book's, and the year and the date as printed,
/// which the Book holds only as values (`{{meta.year_label}}` is part of the templates'
/// documented vocabulary, templates/README.md).
#[derive(Serialize)]
struct TemplateMeta<'a> {
    #[serde(flatten)]
    book: &'a BookMeta,
    /// 「令和6年度（2024年度）」.
    year_label: String,
    /// 「令和7年5月31日」.
    date_label: String,
}

/// Renders the book's wording from the templates in `dir`.
///
/// # Errors
/// [`TemplateError::Read`] when a file of [`TEMPLATE_FILES`] is missing,
/// [`TemplateError::Syntax`] and [`TemplateError::Render`] with the file and line otherwise.
/// Strict mode is on: a misspelt `{{meta.yaer_label}}` is an error, not an empty string.
pub fn render(book: &Book, dir: &Path) -> Result<Wording, TemplateError> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.register_escape_fn(handlebars::no_escape);
    for name in TEMPLATE_FILES {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| TemplateError::Read {
            name: path.display().to_string(),
            message: e.to_string(),
        })?;
        registry
            .register_template_string(name, text)
            .map_err(|e| syntax_error(name, &e))?;
    }
    let data = TemplateData {
        meta: TemplateMeta {
            book: &book.meta,
            year_label: fiscal_year_label(book.meta.year),
            date_label: date_label(book.meta.date),
        },
        summary: &book.summary,
        plan_count: book.plans.len(),
        // The plans counted in the grade columns of 総括, so that the sentence and the table
        // tell the same number.
        evaluated: book.summary.graded as usize,
    };
    let text = |name: &str| -> Result<String, TemplateError> {
        registry
            .render(name, &data)
            .map_err(|e| TemplateError::Render {
                name: e.template_name.clone().unwrap_or_else(|| name.to_string()),
                line: e.line_no,
                message: render_message(e.reason()),
            })
    };
    Ok(Wording {
        title: one_line(&text("title.hbs")?),
        cover_note: one_line(&text("cover_note.hbs")?),
        sample_mark: if book.meta.sample {
            one_line(&text("sample_mark.hbs")?)
        } else {
            String::new()
        },
        introduction: paragraphs(&text("introduction.hbs")?),
        method_intro: paragraphs(&text("method_intro.hbs")?),
        summary_intro: paragraphs(&text("summary_intro.hbs")?),
        footer: one_line(&text("footer.hbs")?),
    })
}

/// The engine's reason in Japanese where it is a template writer's usual mistake.
fn render_message(reason: &handlebars::RenderErrorReason) -> String {
    match reason {
        handlebars::RenderErrorReason::MissingVariable(Some(name)) => format!(
            "「{{{{{name}}}}}」という値はありません（使える値は templates/README.md を参照してください）"
        ),
        other => other.to_string(),
    }
}

fn syntax_error(name: &str, e: &handlebars::TemplateError) -> TemplateError {
    let (line, column) = e.pos().unwrap_or((1, 1));
    TemplateError::Syntax {
        name: name.to_string(),
        line,
        column,
        message: e.reason().to_string(),
    }
}

/// Joins a template's lines into one line (a heading or a footer has no line breaks).
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits a template's output into paragraphs at blank lines; lines within a paragraph are
/// joined without a space, as Japanese text has none between lines.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(
            paragraphs("一行目\n続き\n\n\n二段落\n"),
            vec!["一行目続き".to_string(), "二段落".to_string()]
        );
        assert_eq!(one_line("  題名 \n副題\n"), "題名 副題");
    }
}
