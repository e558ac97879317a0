//! The module graph follows the pipeline: no top-level module of the library imports one that
//! sits above it. Read from the sources, so a new `use` against the pipeline fails here even
//! when it compiles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Arrows that run against the pipeline: (from, to). `*` as `to` means every other module.
const FORBIDDEN: &[(&str, &str)] = &[
    // The value types are the bottom: they know nothing else of the crate.
    ("values", "*"),
    // The sheet-label contract sits below the forms that print it and the intake that reads it.
    ("labels", "*"),
    // Text (和暦, numbers, line breaking) knows only the value types.
    ("text", "book"),
    ("text", "plan"),
    ("text", "evaluate"),
    ("text", "intake"),
    ("text", "validate"),
    ("text", "forms"),
    ("text", "render"),
    ("text", "pipeline"),
    ("text", "diag"),
    // Readers do not know the writers of input forms.
    ("intake", "forms"),
    ("validate", "forms"),
    // Forms are made from the plan definition, not from an evaluation.
    ("forms", "evaluate"),
    // Writers map what they are given; they never read input or compute.
    ("render", "intake"),
    ("render", "validate"),
    ("render", "evaluate"),
    ("render", "pipeline"),
];

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The source without comments (a path in a doc comment is no dependency).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|line| {
            let code = line.trim_start();
            if code.starts_with("//") {
                ""
            } else {
                line.split(" // ").next().unwrap_or(line)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The top-level modules a file's code names: `crate::x…`, `use crate::{x, y::…}`, and
/// `super::` paths that climb out of the file's own top-level module.
fn imports(code: &str, module_path: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names in the braces: depth 0 only.
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        start = true;
                        continue;
                    }
                    _ => {}
                }
                if start && depth == 0 && (c.is_ascii_alphabetic() || c == '_') {
                    out.insert(ident_at(&group[i..]).to_string());
                    start = false;
                }
            }
        } else {
            out.insert(ident_at(rest).to_string());
        }
    }
    for (at, _) in code.match_indices("super::") {
        // Count the chain only from its first `super`.
        if code[..at].ends_with("super::") {
            continue;
        }
        let mut rest = &code[at..];
        let mut ups = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            ups += 1;
            rest = r;
        }
        if ups >= module_path.len() {
            out.insert(ident_at(rest).to_string());
        }
    }
    out
}

/// Top-level module → the top-level modules it names, for every file of the library.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).unwrap();
        let parts: Vec<String> = rel
            .with_extension("")
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        // The binary's own modules are not part of the library's graph.
        if parts[0] == "main" || parts[0] == "cli" || parts[0] == "lib" {
            continue;
        }
        // The module path of the file: `forms/mod.rs` is `forms`, `forms/target.rs` `forms::target`.
        let mut module_path = parts.clone();
        if module_path.last().is_some_and(|l| l == "mod") {
            module_path.pop();
        }
        let top = parts[0].clone();
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        let names = imports(&code, &module_path);
        let entry = graph.entry(top.clone()).or_default();
        entry.extend(names.into_iter().filter(|n| *n != top));
    }
    graph
}

#[test]
fn no_module_imports_against_the_pipeline() {
    let graph = graph();
    // The reader must see the arrows that do exist, or an empty graph would pass.
    for (from, to) in [
        ("evaluate", "plan"),
        ("render", "book"),
        ("validate", "intake"),
    ] {
        assert!(
            graph.get(from).is_some_and(|t| t.contains(to)),
            "the scan misses {from} → {to}: {graph:#?}"
        );
    }
    let mut wrong = Vec::new();
    for (from, targets) in &graph {
        for to in targets {
            let forbidden = FORBIDDEN
                .iter()
                .any(|(f, t)| f == from && (*t == "*" || t == to));
            if forbidden {
                wrong.push(format!("{from} → {to}"));
            }
        }
    }
    assert!(wrong.is_empty(), "arrows against the pipeline: {wrong:?}");
    for module in [
        "values", "labels", "text", "intake", "validate", "forms", "render",
    ] {
        assert!(graph.contains_key(module), "no module `{module}` in src/");
    }
}

#[test]
fn the_scan_reads_grouped_and_relative_paths() {
    let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let found = imports(
        "use crate::{plan::{A, B}, text};\nlet x = crate::diag::f();\nuse super::super::book::X;",
        &path(&["render", "pdf", "content"]),
    );
    assert_eq!(
        found,
        ["diag", "plan", "text"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        "super::super from render::pdf::content stays in render"
    );
    let found = imports("use super::evaluate::X;", &path(&["forms"]));
    assert!(found.contains("evaluate"), "{found:?}");
    let code =
        code_of("/// See [`crate::forms::labels`].\nuse crate::labels; // not crate::forms\n");
    assert_eq!(
        imports(&code, &path(&["intake"])),
        ["labels".to_string()].into_iter().collect(),
        "comments name no dependency"
    );
}
