//! The whole `hyoka build` job as library functions, for the CLI, tests and benches:
//! plan file → input folder → validation → `Book` → wording → Excel and PDF bytes → files.
//!
//! Nothing here prints or reads the clock or the environment: the caller passes the book's
//! date override (the CLI takes it from `SOURCE_DATE_EPOCH`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

use crate::book::Book;
use crate::compose::{ComposeOptions, compose_book};
use crate::diag::Diagnostic;
use crate::evaluate::{BookOptions, EvaluateError, build_book};
use crate::intake::{IntakeError, IntakeOptions, read_dir, read_dir_with};
use crate::output::{OutputDir, OutputError};
use crate::plan::PlanError;
use crate::render::csv::render_csv;
use crate::render::html::render_html;
use crate::render::pdf::{FontSet, PdfError, PdfOptions, Variant, render_pdf_checked};
use crate::render::xlsx::{XlsxError, XlsxOptions, render_xlsx_checked};
use crate::text::wareki::fiscal_year_era;
use crate::validate::validate;
use crate::values::{Date, FiscalYear};

/// Where to read from and what to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The report year; `None`: the latest year found in the input.
    pub year: Option<FiscalYear>,
    /// The input folder (`input/`).
    pub input: PathBuf,
    /// The plan file (`plans/azumino-4th.toml`).
    pub plan: PathBuf,
    /// The templates folder (`templates/`).
    pub templates: PathBuf,
    /// Build even when the input has errors; affected plans are marked 要確認.
    pub allow_errors: bool,
    /// The book's date instead of the one derived from the report year (`SOURCE_DATE_EPOCH`).
    pub date: Option<Date>,
    /// Limits of reading the input folder (file size, unpacked size, rows, cells, text).
    pub intake: IntakeOptions,
}

/// A failure that stops the build.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The plan file cannot be used.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The input folder cannot be read.
    #[error(transparent)]
    Intake(#[from] IntakeError),
    /// No report year was given and none was found in the input.
    #[error(
        "報告年度を決められません。入力フォルダに進捗シートがないため、--year で年度を指定してください"
    )]
    NoYear,
    /// `--final` asked for before the outline's last year.
    #[error(
        "最終評価は大綱の取組期間の最終年度（{}）以降に作成できます。{}の評価書は --final を付けずに作成してください（取組期間の目標の達成見込みを示します）",
        fiscal_year_era(*end),
        fiscal_year_era(*year)
    )]
    FinalTooEarly {
        /// The report year asked for (or the latest found in the input).
        year: FiscalYear,
        /// The outline's last year.
        end: FiscalYear,
    },
    /// Evaluation failed.
    #[error(transparent)]
    Evaluate(#[from] EvaluateError),
    /// A template cannot be rendered.
    #[error(transparent)]
    Template(#[from] crate::book::wording::TemplateError),
    /// The Excel book cannot be written.
    #[error(transparent)]
    Xlsx(#[from] XlsxError),
    /// The PDF book cannot be written.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The output folder cannot be used or an output file cannot be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// The outcome of reading, validating and evaluating.
#[derive(Debug, Clone)]
pub enum Prepared {
    /// The book, with the plan file's warnings (the book holds the input's diagnostics).
    Book {
        /// The book, wording included.
        book: Box<Book>,
        /// Warnings of the plan-file linter.
        plan_warnings: Vec<Diagnostic>,
        /// Number of workbook files read.
        files_read: usize,
    },
    /// The input has errors and `allow_errors` is off: every diagnostic, errors first.
    Rejected {
        /// Every diagnostic of validation.
        diagnostics: Vec<Diagnostic>,
        /// Number of workbook files read.
        files_read: usize,
    },
}

/// Reads the plan file and the input folder, validates, evaluates and renders the wording.
///
/// # Errors
/// A [`PipelineError`] when the plan file, the input folder, evaluation or a template fails.
pub fn prepare_book(options: &BuildOptions) -> Result<Prepared, PipelineError> {
    prepare(options, false, &Progress::default())
}

/// [`prepare_book`], advancing `progress` as it goes (files read, then evaluation).
///
/// # Errors
/// As [`prepare_book`].
pub fn prepare_book_with(
    options: &BuildOptions,
    progress: &Progress,
) -> Result<Prepared, PipelineError> {
    prepare(options, false, progress)
}

/// As [`prepare_book`], for the 最終評価 (`hyoka build --final`): the book of the outline's
/// last year, which holds the final evaluation, also when a later report year is asked for
/// (there is no yearly evaluation after the outline's period).
///
/// # Errors
/// [`PipelineError::FinalTooEarly`] when the report year (asked for, or the latest in the
/// input) is before the outline's last year; otherwise as [`prepare_book`].
pub fn prepare_final_book(options: &BuildOptions) -> Result<Prepared, PipelineError> {
    prepare(options, true, &Progress::default())
}

/// [`prepare_final_book`], advancing `progress` as it goes.
///
/// # Errors
/// As [`prepare_final_book`].
pub fn prepare_final_book_with(
    options: &BuildOptions,
    progress: &Progress,
) -> Result<Prepared, PipelineError> {
    prepare(options, true, progress)
}

fn prepare(
    options: &BuildOptions,
    final_evaluation: bool,
    progress: &Progress,
) -> Result<Prepared, PipelineError> {
    let loaded = crate::plan::load(&options.plan)?;
    let end = loaded.plans.outline.period.end;
    let asked = match options.year {
        Some(year) if final_evaluation && year < end => {
            return Err(PipelineError::FinalTooEarly { year, end });
        }
        Some(_) if final_evaluation => Some(end),
        other => other,
    };
    progress.set_stage(Stage::Reading);
    let intake = read_dir_with(&options.input, &options.intake, &|total| {
        progress.file_read(total)
    })?;
    progress.set_stage(Stage::Evaluating);
    let validated = validate(&loaded.plans, &intake, asked);
    if !options.allow_errors && validated.diagnostics.iter().any(Diagnostic::is_error) {
        let mut diagnostics = validated.diagnostics;
        // Stable: errors first, each group in validation's order.
        diagnostics.sort_by_key(|d| d.severity);
        return Ok(Prepared::Rejected {
            diagnostics,
            files_read: validated.files_read,
        });
    }
    let mut year = asked.or(validated.year).ok_or(PipelineError::NoYear)?;
    if final_evaluation {
        if year < end {
            return Err(PipelineError::FinalTooEarly { year, end });
        }
        year = end;
    }
    let mut book = build_book(
        &loaded.plans,
        &validated,
        &BookOptions {
            year,
            allow_errors: options.allow_errors,
        },
    )?;
    if let Some(date) = options.date {
        book.meta.date = date;
    }
    book.wording = crate::book::wording::render(&book, &options.templates)?;
    Ok(Prepared::Book {
        book: Box::new(book),
        plan_warnings: loaded.warnings,
        files_read: validated.files_read,
    })
}

/// The rendered books, not yet written.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// File name and bytes of the Excel book.
    pub xlsx: (String, Vec<u8>),
    /// File name and bytes of the PDF book.
    pub pdf: (String, Vec<u8>),
    /// File name and bytes of the HTML edition (the accessible web page).
    pub html: (String, Vec<u8>),
    /// File name and bytes of the CSV edition (open data).
    pub csv: (String, Vec<u8>),
    /// File name and bytes of the committee's opinions as CSV, when the input holds the
    /// committee's review of the year or responses to the year before's.
    pub opinions: Option<(String, Vec<u8>)>,
    /// File name and bytes of the period targets as CSV (…_最終評価.csv in the outline's last
    /// year, …_達成見込み.csv before it), when the book has them.
    pub period: Option<(String, Vec<u8>)>,
    /// Warnings found while rendering (text cut at Excel's cell limit, characters the PDF
    /// font cannot draw); the books are complete all the same.
    pub warnings: Vec<Diagnostic>,
}

/// The file names of the editions: 「令和6年度_アクションプラン評価書」 with `.xlsx`, `.pdf`,
/// `.html` and `.csv`; the web variant's PDF, HTML and CSV end in 「_公開用」.
pub fn output_names(year: FiscalYear, variant: Variant) -> EditionNames {
    output_names_for(year, variant, "委員会")
}

/// [`output_names`] for an outline whose reviewing body is `body` (委員会, 懇話会 …): the
/// opinions' CSV is 「…_懇話会意見.csv」 where a 懇話会 reviews.
pub fn output_names_for(year: FiscalYear, variant: Variant, body: &str) -> EditionNames {
    let stem = format!("{}_アクションプラン評価書", fiscal_year_era(year));
    let published = match variant {
        Variant::Handout => stem.clone(),
        Variant::Web => format!("{stem}_公開用"),
    };
    EditionNames {
        xlsx: format!("{stem}.xlsx"),
        pdf: format!("{published}.pdf"),
        html: format!("{published}.html"),
        csv: format!("{published}.csv"),
        // The body's word comes from the plan file: a 「/」 in it must not make a folder.
        opinions: format!("{published}_{}意見.csv", crate::forms::safe_file_part(body)),
    }
}

/// The file name of each edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionNames {
    /// The Excel book.
    pub xlsx: String,
    /// The PDF book.
    pub pdf: String,
    /// The HTML edition.
    pub html: String,
    /// The CSV edition.
    pub csv: String,
    /// The committee's opinions as CSV.
    pub opinions: String,
}

/// Renders every edition in memory: the Excel book from the Book; the PDF, HTML and CSV
/// editions from the one Document composed for `variant`. Warnings of the writers (text cut at Excel's cell
/// limit, characters the PDF font cannot draw) come back in [`Outputs::warnings`].
///
/// # Errors
/// [`PipelineError::Xlsx`] or [`PipelineError::Pdf`] when a writer fails.
pub fn render_outputs(
    book: &Book,
    variant: Variant,
    fonts: FontSet,
) -> Result<Outputs, PipelineError> {
    render_outputs_with(book, variant, fonts, &Progress::default())
}

/// [`render_outputs`], advancing `progress` as each edition is done.
///
/// # Errors
/// As [`render_outputs`].
pub fn render_outputs_with(
    book: &Book,
    variant: Variant,
    fonts: FontSet,
    progress: &Progress,
) -> Result<Outputs, PipelineError> {
    progress.set_stage(Stage::Rendering);
    let names = output_names_for(book.meta.year, variant, &book.meta.vocabulary.body);
    let document = compose_book(book, &ComposeOptions { variant });
    // The two writers share nothing: on a city's hundreds of plans, running the Excel
    // writer beside the (slower) PDF writer hides its cost on a second core.
    let (xlsx, pdf) = std::thread::scope(|scope| {
        let xlsx = scope.spawn(|| {
            // The Excel book is always the handout's; a handout run has composed it already.
            let xlsx = if variant == Variant::Handout {
                render_xlsx_checked(&document, &XlsxOptions::for_book(book))
            } else {
                xlsx_edition(book)
            };
            progress.edition_done(Edition::Xlsx);
            xlsx
        });
        let pdf = render_pdf_checked(
            &document,
            &PdfOptions {
                fonts,
                binding_margin_mm: 0.0,
            },
        );
        progress.edition_done(Edition::Pdf);
        let xlsx = xlsx
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (xlsx, pdf)
    });
    let ((xlsx, mut warnings), pdf) = (xlsx?, pdf?);
    warnings.extend(crate::render::pdf::glyphs::missing_glyph_warnings(
        &pdf.missing,
        book,
    ));
    let period = crate::compose::period_table(book).map(|(suffix, table)| {
        let stem = names.csv.trim_end_matches(".csv");
        (
            format!("{stem}_{suffix}.csv"),
            crate::render::csv::render_table_csv(&table),
        )
    });
    let (html, csv) = (render_html(&document), render_csv(&document));
    progress.edition_done(Edition::Web);
    Ok(Outputs {
        xlsx: (names.xlsx, xlsx),
        pdf: (names.pdf, pdf.bytes),
        html: (names.html, html),
        csv: (names.csv, csv),
        opinions: (book.committee.is_some() || book.follow_up.is_some()).then(|| {
            (
                names.opinions,
                crate::render::csv::render_table_csv(&crate::compose::opinions_table(book)),
            )
        }),
        period,
        warnings,
    })
}

/// The Excel book of `book` with the writer's warnings: the handout's Document (the xlsx is
/// the reform office's working book, one file whatever the variant) mapped to sheets.
///
/// # Errors
/// [`XlsxError`] when the writer fails.
pub fn xlsx_edition(book: &Book) -> Result<(Vec<u8>, Vec<Diagnostic>), XlsxError> {
    let document = compose_book(
        book,
        &ComposeOptions {
            variant: crate::document::Variant::Handout,
        },
    );
    render_xlsx_checked(&document, &XlsxOptions::for_book(book))
}

impl Outputs {
    /// Every edition as (file name, bytes), in the order they are reported.
    pub fn files(&self) -> Vec<(&str, &[u8])> {
        [&self.xlsx, &self.pdf, &self.html, &self.csv]
            .into_iter()
            .chain(&self.opinions)
            .chain(&self.period)
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
            .collect()
    }
}

/// Writes every edition into the output folder, all or none (see [`OutputDir::write_all`]):
/// a failed build replaces no earlier book and leaves no temporary file. Returns the paths
/// written.
///
/// # Errors
/// [`PipelineError::Output`] naming the file that could not be written.
pub fn write_outputs(out: &OutputDir, outputs: &Outputs) -> Result<Vec<PathBuf>, PipelineError> {
    Ok(out.write_all(&outputs.files())?)
}

/// The plans the committee reviews for `book`'s year, with their computed grades and 自己評価,
/// as `hyoka committee` writes them into the review workbook: every plan in its period,
/// 「未提出」 where no sheet came in.
pub fn review_plans(book: &Book) -> Vec<crate::forms::committee::ReviewPlan> {
    use crate::book::PlanStatus;
    book.plans
        .iter()
        .filter(|p| p.status != PlanStatus::OutOfPeriod)
        .map(|p| crate::forms::committee::ReviewPlan {
            plan: p.number,
            title: if p.name.starts_with(&p.mark) {
                p.name.clone()
            } else {
                format!("{}{}", p.mark, p.name)
            },
            department: p.department.clone(),
            computed: match p.status {
                PlanStatus::NotSubmitted => "未提出".to_string(),
                _ => book.method.mark(p.grade).to_string(),
            },
            self_grade: p.self_grade.clone(),
        })
        .collect()
}

/// The committee's opinions the forms of `year` ask the departments to answer (`hyoka
/// forms`): those of the year before's review, read from the committee's filled review
/// workbook wherever it lies in `input` (found by its header row, as `build` finds it), and,
/// before them, every earlier opinion the year before's forms answered 対応中 or 未対応 or
/// left unanswered, so that an opinion is asked again each year until it is settled.
/// Returns the opinions (`None` when there are none or the folder does not exist) and the
/// year before's review's diagnostics: when they hold an error the caller should not write
/// forms, which would leave an opinion out.
///
/// # Errors
/// [`PipelineError::Intake`] when the folder exists but cannot be read.
pub fn prior_review(
    plans: &crate::plan::PlanSet,
    input: &std::path::Path,
    intake: &IntakeOptions,
    year: FiscalYear,
) -> Result<(Option<crate::forms::PriorReview>, Vec<Diagnostic>), PipelineError> {
    if !input.is_dir() {
        return Ok((None, Vec::new()));
    }
    let read = read_dir(input, intake)?;
    let reviewed = year - 1;
    let (earlier, committee): (Vec<_>, Vec<_>) = read
        .committee
        .into_iter()
        .filter(|s| s.year_value.is_some_and(|y| y <= reviewed))
        .partition(|s| s.year_value != Some(reviewed));
    // Opinions still open: answered 対応中 or 未対応 (or not at all) on the year before's
    // forms, which asked about the review before it and any opinion carried to them.
    let answering: Vec<_> = read
        .submissions
        .into_iter()
        .filter(|s| s.year_value == Some(reviewed) && !s.responses.is_empty())
        .collect();
    let mut opinions: std::collections::BTreeMap<u32, Vec<crate::forms::PriorOpinion>> =
        std::collections::BTreeMap::new();
    if !answering.is_empty() {
        // Their own problems were `check`'s in that year: only what they answered is used.
        let answered = validate(
            plans,
            &crate::intake::Intake {
                committee: earlier,
                submissions: answering,
                ..Default::default()
            },
            Some(reviewed),
        );
        for r in answered.responses.iter().filter(|r| r.year == reviewed) {
            let status = r
                .status
                .as_deref()
                .and_then(crate::book::ResponseStatus::from_label);
            let open = matches!(
                status,
                None | Some(
                    crate::book::ResponseStatus::InProgress | crate::book::ResponseStatus::NotYet
                )
            );
            if open {
                opinions
                    .entry(r.plan)
                    .or_default()
                    .push(crate::forms::PriorOpinion {
                        id: r.id.clone(),
                        text: r.opinion.clone(),
                    });
            }
        }
    }
    // Only the review of the year before is checked here: the department sheets' own
    // problems are `check`'s, and other years' reviews are `build`'s.
    let mut diagnostics = Vec::new();
    if !committee.is_empty() {
        let only_review = crate::intake::Intake {
            committee,
            files_read: read.files_read,
            ..Default::default()
        };
        let validated = validate(plans, &only_review, Some(year));
        diagnostics = validated
            .diagnostics
            .into_iter()
            .filter(|d| d.code.starts_with("committee-"))
            .collect();
        for e in validated.committee.iter().filter(|e| e.year == reviewed) {
            opinions
                .entry(e.plan)
                .or_default()
                .extend(e.opinions.iter().map(|o| crate::forms::PriorOpinion {
                    id: o.id.clone(),
                    text: o.text.clone(),
                }));
        }
    }
    opinions.retain(|_, o| !o.is_empty());
    let prior = (!opinions.is_empty()).then_some(crate::forms::PriorReview {
        year: reviewed,
        opinions,
    });
    Ok((prior, diagnostics))
}

/// A stage of a run, as the progress line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the input folder's workbooks.
    Reading,
    /// Validating and evaluating what was read.
    Evaluating,
    /// Rendering the editions in memory.
    Rendering,
    /// Writing the files into the output folder.
    Writing,
}

/// An edition finished rendering, for the progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// The Excel book.
    Xlsx,
    /// The PDF book.
    Pdf,
    /// The HTML and CSV editions.
    Web,
}

/// How far a run has got: counters that the stages advance from any thread and that the
/// command line reads to draw its progress line. Nothing here prints; a run without a
/// progress line passes [`Progress::default`] and the counts go unread.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicU8,
    files_read: AtomicUsize,
    files_total: AtomicUsize,
    pages: AtomicUsize,
    /// One bit per [`Edition`] finished.
    editions: AtomicU8,
}

impl Progress {
    /// Enters `stage`.
    pub fn set_stage(&self, stage: Stage) {
        self.stage.store(stage as u8, Ordering::Relaxed);
    }

    /// The current stage.
    pub fn stage(&self) -> Stage {
        match self.stage.load(Ordering::Relaxed) {
            0 => Stage::Reading,
            1 => Stage::Evaluating,
            2 => Stage::Rendering,
            _ => Stage::Writing,
        }
    }

    /// One more workbook read, of `total` in the input folder.
    pub fn file_read(&self, total: usize) {
        self.files_total.store(total, Ordering::Relaxed);
        self.files_read.fetch_add(1, Ordering::Relaxed);
    }

    /// (workbooks read, workbooks in the input folder).
    pub fn files(&self) -> (usize, usize) {
        (
            self.files_read.load(Ordering::Relaxed),
            self.files_total.load(Ordering::Relaxed),
        )
    }

    /// `n` more pages (PDF) or sheets (Excel) written: what a writer calls as it goes.
    pub fn add_pages(&self, n: usize) {
        self.pages.fetch_add(n, Ordering::Relaxed);
    }

    /// Pages and sheets written so far.
    pub fn pages(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    /// `edition` is rendered.
    pub fn edition_done(&self, edition: Edition) {
        self.editions
            .fetch_or(1 << edition as u8, Ordering::Relaxed);
    }

    /// The names of the editions rendered so far: 「Excel」, 「PDF」, 「HTML・CSV」.
    pub fn editions_done(&self) -> Vec<&'static str> {
        let done = self.editions.load(Ordering::Relaxed);
        [
            (Edition::Xlsx, "Excel"),
            (Edition::Pdf, "PDF"),
            (Edition::Web, "HTML・CSV"),
        ]
        .into_iter()
        .filter(|(e, _)| done & (1 << *e as u8) != 0)
        .map(|(_, name)| name)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_japanese_and_name_the_year() {
        let handout = output_names(2024, Variant::Handout);
        assert_eq!(handout.xlsx, "令和6年度_アクションプラン評価書.xlsx");
        assert_eq!(handout.pdf, "令和6年度_アクションプラン評価書.pdf");
        assert_eq!(handout.html, "令和6年度_アクションプラン評価書.html");
        assert_eq!(handout.csv, "令和6年度_アクションプラン評価書.csv");
        let web = output_names(2019, Variant::Web);
        assert_eq!(web.pdf, "令和元年度_アクションプラン評価書_公開用.pdf");
        assert_eq!(web.html, "令和元年度_アクションプラン評価書_公開用.html");
        assert_eq!(web.xlsx, "令和元年度_アクションプラン評価書.xlsx");
        assert_eq!(
            output_names_for(2026, Variant::Handout, "懇話会").opinions,
            "令和8年度_アクションプラン評価書_懇話会意見.csv"
        );
    }

    /// Outputs named a.xlsx, a.pdf, a.html and a.csv; the HTML and CSV hold `html` and `csv`.
    fn editions(xlsx: &[u8], pdf: &[u8]) -> Outputs {
        Outputs {
            xlsx: ("a.xlsx".into(), xlsx.to_vec()),
            pdf: ("a.pdf".into(), pdf.to_vec()),
            html: ("a.html".into(), b"html".to_vec()),
            csv: ("a.csv".into(), b"csv".to_vec()),
            opinions: None,
            period: None,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn writing_replaces_whole_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let outputs = editions(b"one", b"two");
        let folder = OutputDir::open(&out, None).unwrap();
        let written = write_outputs(&folder, &outputs).unwrap();
        assert_eq!(
            written,
            ["a.xlsx", "a.pdf", "a.html", "a.csv"].map(|n| out.join(n))
        );
        assert_eq!(std::fs::read(out.join("a.pdf")).unwrap(), b"two");
        let again = editions(b"three", b"four");
        write_outputs(&folder, &again).unwrap();
        drop(folder);
        assert_eq!(std::fs::read(out.join("a.xlsx")).unwrap(), b"three");
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 4, "{names:?}");
    }

    #[test]
    fn a_failed_write_keeps_the_previous_book() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("a.xlsx"), b"old").unwrap();
        // A folder where the PDF should go makes the build fail before any rename.
        std::fs::create_dir(out.join("a.pdf")).unwrap();
        let outputs = editions(b"new", b"new");
        let folder = OutputDir::open(out, None).unwrap();
        assert!(matches!(
            write_outputs(&folder, &outputs),
            Err(PipelineError::Output(_))
        ));
        drop(folder);
        assert_eq!(std::fs::read(out.join("a.xlsx")).unwrap(), b"old");
        // The old xlsx and the folder in the PDF's way, nothing else: no HTML or CSV either.
        assert_eq!(std::fs::read_dir(out).unwrap().count(), 2);
    }
}
