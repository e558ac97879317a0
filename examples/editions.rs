//! Writes the HTML and CSV editions of the shipped sample book, until `hyoka build` writes
//! them itself: `cargo run --example editions -- <folder> [handout|web]`.

use std::path::{Path, PathBuf};

use hyoka::compose::{ComposeOptions, Variant, compose_book};
use hyoka::pipeline::{BuildOptions, Prepared, prepare_book};
use hyoka::render::{csv::render_csv, html::render_html};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "output".to_string()));
    let variant = match args.next().as_deref() {
        None | Some("handout") => Variant::Handout,
        Some("web") => Variant::Web,
        Some(other) => anyhow::bail!("種類「{other}」は使えません（handout または web）"),
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = BuildOptions {
        year: None,
        input: root.join("input"),
        plan: root.join("plans/azumino-4th.toml"),
        templates: root.join("templates"),
        allow_errors: false,
        date: None,
        intake: Default::default(),
    };
    let Prepared::Book { book, .. } = prepare_book(&options)? else {
        anyhow::bail!("サンプル入力に誤りがあります（hyoka check で確認してください）");
    };
    let doc = compose_book(&book, &ComposeOptions { variant });
    std::fs::create_dir_all(&out)?;
    let stem = format!("{}評価書", book.meta.year);
    std::fs::write(out.join(format!("{stem}.html")), render_html(&doc))?;
    std::fs::write(out.join(format!("{stem}.csv")), render_csv(&doc))?;
    println!("{}", out.join(format!("{stem}.html")).display());
    Ok(())
}
