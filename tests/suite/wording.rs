//! The wording templates: rendered from the shipped `templates/`, plain text, and errors that
//! name the template file and line.

use crate::book_fixture;

use std::path::{Path, PathBuf};

use hyoka::book::wording::{self, TEMPLATE_FILES, TemplateError};

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")
}

/// A copy of the shipped templates with `name` replaced by `text`.
fn with_template(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in TEMPLATE_FILES {
        std::fs::copy(shipped().join(file), dir.path().join(file)).unwrap();
    }
    std::fs::write(dir.path().join(name), text).unwrap();
    dir
}

#[test]
fn shipped_templates_render_the_books_wording() {
    let book = book_fixture::book(false);
    let w = wording::render(&book, &shipped()).expect("the shipped templates render");
    assert_eq!(
        w.title,
        "第4次安曇野市行財政改革大綱 アクションプラン 令和6年度（2024年度） 取組状況・評価"
    );
    assert_eq!(w.sample_mark, "", "no mark on a real book");
    assert_eq!(w.introduction.len(), 3);
    assert!(
        w.introduction[1].contains("アクションプラン4項目"),
        "{:?}",
        w.introduction
    );
    assert!(w.summary_intro[0].contains("評価対象となるアクションプランは2項目"));
    assert!(w.summary_intro[0].contains("取組期間外 1項目、未提出 1項目"));
    assert!(!w.method_intro.is_empty());
    assert!(w.footer.contains("令和6年度"));

    let sample = wording::render(&book_fixture::book(true), &shipped()).unwrap();
    assert_eq!(sample.sample_mark, "サンプルデータ（架空のデータ）");
}

#[test]
fn output_is_plain_text_not_html() {
    let mut book = book_fixture::book(false);
    book.meta.city = "安曇野市<&>\"".into();
    let dir = with_template("cover_note.hbs", "{{meta.city}} & 「資料」\n");
    let w = wording::render(&book, dir.path()).unwrap();
    assert_eq!(w.cover_note, "安曇野市<&>\" & 「資料」");
}

#[test]
fn a_syntax_error_names_the_file_and_line() {
    let dir = with_template(
        "introduction.hbs",
        "一行目\n\n{{#if meta.sample}}\n閉じていない\n",
    );
    let err = wording::render(&book_fixture::book(false), dir.path()).unwrap_err();
    match &err {
        TemplateError::Syntax { name, line, .. } => {
            assert_eq!(name, "introduction.hbs");
            assert!(*line >= 3, "line {line}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert!(err.to_string().contains("introduction.hbs"), "{err}");
}

#[test]
fn an_unknown_value_names_the_file_and_line_in_strict_mode() {
    let dir = with_template("summary_intro.hbs", "総括\n\n{{meta.yaer_label}}の評価\n");
    let err = wording::render(&book_fixture::book(false), dir.path()).unwrap_err();
    match &err {
        TemplateError::Render { name, line, .. } => {
            assert_eq!(name, "summary_intro.hbs");
            assert_eq!(*line, Some(3));
        }
        other => panic!("expected a render error, got {other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains("summary_intro.hbs")
            && text.contains("3行目")
            && text.contains("「{{meta.yaer_label}}」という値はありません"),
        "{text}"
    );
}

#[test]
fn a_missing_template_is_named() {
    let dir = with_template("footer.hbs", "");
    std::fs::remove_file(dir.path().join("footer.hbs")).unwrap();
    let err = wording::render(&book_fixture::book(false), dir.path()).unwrap_err();
    assert!(matches!(err, TemplateError::Read { .. }));
    assert!(err.to_string().contains("footer.hbs"), "{err}");
}
