//! Plan definitions: the model of the outline's action plans, loaded from `plans/*.toml` and linted.
//!
//! [`parse`] reads in three steps: TOML syntax, the model's shape (serde, each piece on its own so
//! that every problem is found), then meaning (`lint`: 担当課, periods, duplicates, and the
//! outline's own inconsistencies as warnings). Every diagnostic carries its TOML line and column.
//!
//! Diagnostic codes. Errors (the file cannot be used): `plan-toml-syntax`, `plan-missing-field`,
//! `plan-unknown-field`, `plan-wrong-type`, `plan-invalid-value`, `plan-unknown-department`,
//! `plan-unknown-focus-area`, `plan-unknown-policy`, `plan-period-reversed`,
//! `plan-period-outside`, `plan-year-outside-period`, `plan-duplicate-number`,
//! `plan-duplicate-id`, `plan-duplicate-indicator-key`, `plan-duplicate-grade`,
//! `plan-grades-empty`, `plan-grades-not-descending`, `plan-no-indicators`,
//! `plan-missing-baseline`, `plan-schedule-empty`, `plan-decimals-too-many`,
//! `plan-value-impossible`.
//! Warnings (the file is used; a person should look): `plan-breakdown-sum`,
//! `plan-step-mismatch`, `plan-target-worse-than-baseline`, `plan-schedule-worsens`,
//! `plan-years-missing`, `plan-period-note-missing`, `plan-general-plan-mismatch`,
//! `plan-number-order`, `plan-focus-area-unused`, `plan-baseline-in-period`,
//! `plan-change-direction`, `plan-zero-direction`, `plan-duplicate-department`, `plan-grades-gap`,
//! `plan-decimals-hide-digits`, `plan-exceed-not-percent`.

mod lint;
mod load;
mod model;
pub mod target;

use std::path::Path;

use rust_decimal::Decimal;

pub use model::*;

use crate::diag::Diagnostic;
use crate::values::FiscalYear;

/// Plan definitions that loaded, with the linter's warnings.
#[derive(Debug, Clone)]
pub struct LoadedPlans {
    /// The definitions.
    pub plans: PlanSet,
    /// Warnings (e.g. inconsistencies of the seed that the file resolves).
    pub warnings: Vec<Diagnostic>,
}

/// A plan file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The file cannot be read.
    // The cause is left to `source()`, so that a printed chain does not repeat it.
    #[error("計画定義ファイル {path} を読み込めません")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file has errors; every one is listed with its TOML line, errors first, then any
    /// warnings found along the way.
    #[error("計画定義ファイルに {} 件のエラーがあります", .0.iter().filter(|d| d.is_error()).count())]
    Invalid(Vec<Diagnostic>),
}

/// Loads and lints a plan file.
///
/// # Errors
/// [`PlanError::Read`] when the file cannot be read, [`PlanError::Invalid`] when it has errors.
pub fn load(path: &Path) -> Result<LoadedPlans, PlanError> {
    let source = std::fs::read_to_string(path).map_err(|source| PlanError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let mut loaded = parse(&source, &path.display().to_string())?;
    let own = &loaded.plans.outline.title;
    loaded.plans.other_outlines = plan_files(path.parent().unwrap_or(Path::new(".")))
        .into_iter()
        .filter(|other| !same_file(other, path))
        .filter_map(|other| outline_title(&other))
        .filter(|title| !title.is_empty() && !own.contains(title.as_str()))
        .collect();
    loaded.plans.source_file = Some((
        path.display().to_string(),
        crate::values::sha256_hex(source.as_bytes()),
    ));
    Ok(loaded)
}

/// Whether two paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The plan files of a folder (`*.toml`), in name order; none when it cannot be read.
pub fn plan_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The `[outline] title` of a plan file, read without checking the rest of it (the file may
/// be one that is not used this time).
pub fn outline_title(path: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        outline: Title,
    }
    #[derive(serde::Deserialize)]
    struct Title {
        title: String,
    }
    let text = std::fs::read_to_string(path).ok()?;
    let head: Head = toml::from_str(&text).ok()?;
    Some(head.outline.title.trim().to_string())
}

/// How the plan file for an input folder was chosen, when `--plan` is not given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// The only plan file of the folder.
    Only(std::path::PathBuf),
    /// The plan file whose outline title the most sheets carry.
    ByTitle {
        /// The file.
        path: std::path::PathBuf,
        /// Its outline title.
        title: String,
        /// How many sheets carry it.
        sheets: usize,
    },
}

impl Choice {
    /// The chosen file.
    pub fn path(&self) -> &Path {
        match self {
            Choice::Only(path) | Choice::ByTitle { path, .. } => path,
        }
    }
}

/// Why no plan file could be chosen.
#[derive(Debug, thiserror::Error)]
pub enum ChoiceError {
    /// The folder holds no plan file.
    #[error("計画定義のフォルダ {0} に計画定義ファイル（.toml）がありません")]
    NoFile(String),
    /// Several plan files, and no sheet carries any of their titles.
    #[error(
        "計画定義のフォルダ {folder} に計画定義ファイルが {count} 件あり、進捗シートにはどの大綱の表題（{titles}）も書かれていないため、どれを使うか決められません。--plan で計画定義ファイルを指定してください"
    )]
    NoTitle {
        /// The folder.
        folder: String,
        /// How many plan files it holds.
        count: usize,
        /// Their titles, joined.
        titles: String,
    },
}

/// Chooses the plan file of `dir` for sheets whose top rows read `headings` (one list per
/// sheet): the only file, or the one whose outline title the most sheets carry (a form prints
/// it in its first row). A tie goes to the file first in name order.
///
/// # Errors
/// [`ChoiceError`] when the folder holds no plan file, or several and no sheet names one.
pub fn choose<'a>(
    dir: &Path,
    headings: impl IntoIterator<Item = Vec<&'a str>>,
) -> Result<Choice, ChoiceError> {
    let files = plan_files(dir);
    match files.as_slice() {
        [] => return Err(ChoiceError::NoFile(dir.display().to_string())),
        [only] => return Ok(Choice::Only(only.clone())),
        _ => {}
    }
    let titled: Vec<(std::path::PathBuf, String)> = files
        .iter()
        .filter_map(|f| outline_title(f).map(|t| (f.clone(), t)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let mut counts = vec![0usize; titled.len()];
    for sheet in headings {
        // A sheet counts for the longest title it carries, so that 「…大綱」 does not also
        // count for a title it contains.
        let best = titled
            .iter()
            .enumerate()
            .filter(|(_, (_, t))| sheet.iter().any(|h| h.contains(t.as_str())))
            .max_by_key(|(i, (_, t))| (t.chars().count(), std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        if let Some(i) = best {
            counts[i] += 1;
        }
    }
    let best = counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)));
    match best {
        Some((i, n)) => Ok(Choice::ByTitle {
            path: titled[i].0.clone(),
            title: titled[i].1.clone(),
            sheets: *n,
        }),
        None => Err(ChoiceError::NoTitle {
            folder: dir.display().to_string(),
            count: files.len(),
            titles: titled
                .iter()
                .map(|(_, t)| format!("「{t}」"))
                .collect::<Vec<_>>()
                .join("、"),
        }),
    }
}

/// Parses and lints plan definitions from TOML text; `file` names it in diagnostics.
///
/// # Errors
/// [`PlanError::Invalid`] with every problem found (syntax, shape, meaning), each at its line.
pub fn parse(source: &str, file: &str) -> Result<LoadedPlans, PlanError> {
    let locator = load::Locator::new(file, source);
    let read = load::read(source, &locator).map_err(PlanError::Invalid)?;
    let found = lint::lint(&read.parts, &read.spans, &locator);
    let (mut errors, mut warnings): (Vec<_>, Vec<_>) = read
        .errors
        .into_iter()
        .chain(found)
        .partition(Diagnostic::is_error);
    // Diagnostics in file order, so that they read top to bottom.
    let position = |d: &Diagnostic| d.source.as_ref().and_then(|s| s.line);
    errors.sort_by_key(position);
    warnings.sort_by_key(position);
    match read.parts.into_set() {
        Some(plans) if errors.is_empty() => Ok(LoadedPlans { plans, warnings }),
        _ => {
            errors.append(&mut warnings);
            Err(PlanError::Invalid(errors))
        }
    }
}

/// The circled number the outline prints for a plan: 1 → 「①」, 29 → 「㉙」, 50 → 「㊿」;
/// beyond 50 the plain number in parentheses.
pub fn circled_number(number: u32) -> String {
    crate::text::number::circled(number)
}

impl Plan {
    /// The plan's id as printed everywhere (book, forms, sheet names, messages): the file's
    /// `id` (「1-1」), or the circled number (「①」) when the file gives none.
    pub fn display_id(&self) -> String {
        match self.id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => circled_number(self.number),
        }
    }

    /// Whether the file gives the plan an id of its own (not the circled number).
    pub fn has_own_id(&self) -> bool {
        // Asked of every plan for every plan reference read (validation): no allocation
        // unless the file gives an id (at 1,000 plans the two strings were 19% of `check`).
        self.id
            .as_deref()
            .map(str::trim)
            .is_some_and(|id| !id.is_empty() && id != circled_number(self.number))
    }

    /// The plan's own id when the file gives one, for [`crate::diag::Diagnostic::plan_as`].
    pub fn own_id(&self) -> Option<String> {
        self.has_own_id().then(|| self.display_id())
    }

    /// The plan's number in a sentence (「アクションプラン5の…」): its own id (「1-1」) when the
    /// file gives one, else the order number.
    pub fn number_text(&self) -> String {
        self.own_id().unwrap_or_else(|| self.number.to_string())
    }

    /// 「「①」のような」: how a hint shows the form of the city's plan ids, by its first plan.
    pub fn id_example(plans: &[Plan]) -> String {
        plans.first().map_or_else(
            || "「①」のような".to_string(),
            |p| format!("「{}」のような", p.display_id()),
        )
    }

    /// The plan named in running text: 「プラン①」, 「プラン1-1」.
    pub fn label(&self) -> String {
        if self.has_own_id() {
            format!("プラン{}", self.display_id())
        } else {
            crate::text::number::plan_label(self.number)
        }
    }
}

impl PlanSet {
    /// The plan whose own display id (「1-1」, 「No.3」, 「(2)-③」) begins `text`, as a form
    /// or a retyped sheet writes it beside 「アクションプラン」 or in a sheet name, with the
    /// rest of the text (the name part). Full-width and half-width forms and spaces are not
    /// told apart; an id must end where a digit or letter does not follow, so that 「1-1」 is
    /// not read in 「1-12」. The longest id wins. Plans printed with their circled number are
    /// left to the number reading of intake (①, 1, No.1), which already knows them.
    pub fn plan_by_display_id(&self, text: &str) -> Option<(&Plan, String)> {
        let written = id_key(text);
        self.plan_by_id_key(&written).or_else(|| {
            // 「No.2-2」, 「第2-2」 for an id printed 「2-2」.
            ["アクションプラン", "no.", "no", "#", "第", "№"]
                .iter()
                .find_map(|prefix| written.strip_prefix(prefix))
                .and_then(|rest| self.plan_by_id_key(rest))
        })
    }

    fn plan_by_id_key(&self, written: &str) -> Option<(&Plan, String)> {
        self.plans
            .iter()
            .filter(|p| p.has_own_id())
            .filter_map(|p| {
                let id = id_key(&p.display_id());
                let rest = written.strip_prefix(id.as_str())?;
                let boundary = rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
                (boundary && !id.is_empty()).then_some((p, id.chars().count(), rest))
            })
            .max_by_key(|(_, len, _)| *len)
            .map(|(p, _, rest)| {
                let rest = rest.trim_start_matches(['.', ')', '、', ':', '_', '-', '・']);
                (p, rest.to_string())
            })
    }
}

/// A display id or a written plan reference, compared without width, case or spaces.
fn id_key(s: &str) -> String {
    crate::text::nfkc(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// Whether a unit is a percentage (「%」 or 「％」).
pub fn is_percent_unit(unit: &str) -> bool {
    matches!(unit.trim(), "%" | "％")
}

/// The most decimals an indicator's `decimals` may ask for: finer figures do not occur in an
/// evaluation book, and a larger number is more likely a typing error (10 for 1.0).
pub const MAX_DECIMALS: u32 = 4;

impl Indicator {
    /// The revision in force in `year`: the latest whose `from` it has reached.
    pub fn revision_in_force(&self, year: FiscalYear) -> Option<&Revision> {
        self.revisions
            .iter()
            .filter(|r| r.from <= year)
            .max_by_key(|r| r.from)
    }

    /// The indicator as it stands in `year`: its target replaced by the revision in force,
    /// and with no revisions of its own; itself when none is.
    pub fn in_force(&self, year: FiscalYear) -> std::borrow::Cow<'_, Indicator> {
        match self.revision_in_force(year) {
            None => std::borrow::Cow::Borrowed(self),
            Some(r) => std::borrow::Cow::Owned(Indicator {
                target: r.target.clone(),
                text: r.text.clone(),
                revisions: Vec::new(),
                ..self.clone()
            }),
        }
    }

    /// The figures of the definition: baseline and every target value written in the file.
    pub fn figures(&self) -> Vec<Decimal> {
        let mut figures: Vec<Decimal> = self.baseline.iter().map(|b| b.value).collect();
        // A revised target's figures count too: they print with the same decimals.
        let targets = std::iter::once(&self.target).chain(self.revisions.iter().map(|r| &r.target));
        for target in targets {
            match target {
                Target::Annual { value, .. } | Target::Level { value, .. } => figures.push(*value),
                Target::Schedule { values } => figures.extend(values.values().copied()),
                Target::Cumulative { total, breakdown } => {
                    figures.push(*total);
                    figures.extend(breakdown.iter().flat_map(|b| b.values().copied()));
                }
                Target::BaselineChange { .. }
                | Target::PreviousYearChange { .. }
                | Target::Zero
                | Target::Reference { .. }
                | Target::Done
                | Target::Milestone { .. } => {}
            }
        }
        figures
    }

    /// Whether a figure of this indicator can be above 100: `can_exceed_100` when the file
    /// says; otherwise any unit but % can, and a % can only when the kind measures a change
    /// (a rate of increase has no ceiling).
    pub fn may_exceed_100(&self) -> bool {
        self.can_exceed_100.unwrap_or_else(|| {
            !is_percent_unit(&self.unit)
                || matches!(
                    self.target,
                    Target::BaselineChange { .. } | Target::PreviousYearChange { .. }
                )
        })
    }

    /// Whether a figure of this indicator can be below 0: `can_be_negative` when the file
    /// says; otherwise only an indicator of an increase or decrease (増減).
    pub fn may_be_negative(&self) -> bool {
        self.can_be_negative
            .unwrap_or_else(|| self.label.contains("増減"))
    }

    /// The decimals this indicator's figures are printed with at least: `decimals` when the
    /// file says (at most [`MAX_DECIMALS`]: the lint refuses more, and a model built without
    /// the lint still prints sanely), otherwise the most any figure of the definition needs.
    pub fn value_decimals(&self) -> u32 {
        match self.decimals {
            Some(decimals) => decimals.min(MAX_DECIMALS),
            // Only the scale tells here: 99.08 needs two, but a TOML 53.0 reads as 53.
            None => self.figures().iter().map(|d| d.scale()).max().unwrap_or(0),
        }
    }

    /// A figure of this indicator as printed everywhere: with [`Indicator::value_decimals`]
    /// decimals, or more when `value` needs them, and thousands separators (「53.0」,
    /// 「1,360,000」, 「99.50」).
    pub fn format_value(&self, value: Decimal) -> String {
        let decimals = self
            .value_decimals()
            .max(crate::text::number::needed_decimals(value));
        crate::text::number::format_decimal(value, decimals)
    }
}
