//! Intake: reads workbooks from the input folder into raw submissions that remember their file, sheet and cell.
//!
//! - [`walk`] lists the files and tells their format by content (zip vs CFB, not the extension);
//! - [`sheet`] turns a workbook into grids of raw cells (calamine);
//! - `anchor` finds a plan sheet's fields by their labels, and its table of responses to the
//!   year before's committee opinions (「意見番号」「対応状況」「対応内容」 in one row);
//! - `marker` tells the shipped fictional sample by the defined name its generator writes;
//! - [`committee`] reads the committee's filled review workbook (委員会評価・委員会意見);
//! - `list` reads the one-table list (一覧表: one row per plan × indicator) into the same submissions;
//! - [`year`] gathers the year a submission states (sheet, list, file name, folders) and reports disagreement;
//! - [`value`] normalises what was typed (numbers, percentages, years).
//!
//! A file that cannot be read becomes a diagnostic; the other files are still read.

mod anchor;
pub mod biff;
pub mod committee;
mod list;
mod marker;
pub mod ods;
pub mod sheet;
pub mod value;
pub mod walk;
pub mod xlsx;
pub mod year;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::diag::{Diagnostic, Source};
use crate::values::FiscalYear;

pub use anchor::plan_ref;
pub use value::Value;

use sheet::{ReadError, SheetLimits, SheetProblem};
use walk::{Format, SniffError, WORKBOOK_EXTENSIONS};

/// Limits and switches for reading the input folder.
#[derive(Debug, Clone)]
pub struct IntakeOptions {
    /// Largest file read, in bytes (default 20 MB).
    pub max_file_bytes: u64,
    /// Largest total unpacked size of a zip-based workbook, in bytes (default 200 MB).
    pub max_unpacked_bytes: u64,
    /// Most rows read from one sheet (default 5,000).
    pub max_rows: usize,
    /// Most cells in one sheet's used range (default 500,000).
    pub max_cells: usize,
    /// Longest text kept from one cell, in characters (default 10,000).
    pub max_text_chars: usize,
}

impl Default for IntakeOptions {
    fn default() -> Self {
        IntakeOptions {
            max_file_bytes: 20 * 1024 * 1024,
            max_unpacked_bytes: 200 * 1024 * 1024,
            max_rows: 5_000,
            max_cells: 500_000,
            max_text_chars: 10_000,
        }
    }
}

/// Everything read from the input folder.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Intake {
    /// One entry per plan sheet found.
    pub submissions: Vec<Submission>,
    /// Problems with files that could not be read, or with sheets that could not be understood.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of workbook files read.
    pub files_read: usize,
    /// When each file was last saved, as the file itself says (by file name), where it says.
    pub saved: std::collections::BTreeMap<String, String>,
    /// The committee's filled review sheets (委員会評価・委員会意見), in file order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub committee: Vec<committee::CommitteeSheet>,
    /// The SHA-256 (lower-case hex) of every workbook read, by file name: the book cites each
    /// figure's file by it, so that a reader can prove which file a figure came from.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub digests: std::collections::BTreeMap<String, String>,
}

/// A cell's normalised value and where it was read.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Field {
    /// The value.
    pub value: Value,
    /// The cell.
    pub at: Source,
}

/// One row of a plan sheet's indicator table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IndicatorRow {
    /// What is in the 「番号」 column (e.g. 「1」, 「現年」), trimmed.
    pub key: String,
    /// What is in the 「指標」 column, trimmed.
    pub label: String,
    /// 実績値.
    pub actual: Field,
    /// 前年度実績, when the table has that column.
    pub previous: Option<Field>,
    /// 参考値 (類似団体平均値 …), when the table has that column.
    pub reference: Option<Field>,
}

/// One row of a form's response table: a department's 対応状況 and 対応内容 for one of last
/// year's committee opinions (「前年度の委員会意見への対応」).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResponseRow {
    /// 意見番号, as printed (locked) on the form.
    pub id: Field,
    /// 委員会意見 as printed on the form, when the table has that column.
    pub opinion: Option<Field>,
    /// 対応状況.
    pub status: Field,
    /// 対応内容.
    pub text: Field,
}

/// The layout a submission was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// A plan form (様式): one sheet per plan, fields found by their labels.
    Form,
    /// A one-table list (一覧表): one row per plan × indicator; its rows were grouped by plan.
    List,
}

/// One plan sheet as read, before validation. A field is `None` when its label was not
/// found on the sheet, and holds [`Value::Empty`] when the label was found but nothing was
/// written beside it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Submission {
    /// The file, relative to the input folder, with `/` separators.
    pub file: String,
    /// The sheet name.
    pub sheet: String,
    /// File and sheet.
    pub source: Source,
    /// What is written beside 「アクションプラン」.
    pub plan: Option<Field>,
    /// The plan number read from it (①, 1, No.1) or from the sheet name.
    pub plan_number: Option<u32>,
    /// The plan name part of it, if any.
    pub plan_text: String,
    /// The texts of the sheet's top rows, where a form prints the outline's title: they tell
    /// which plan file the sheet was written for (`plan::choose`, `outline-other`).
    pub headings: Vec<Field>,
    /// What is written beside 「年度」.
    pub year: Option<Field>,
    /// The fiscal year read from it.
    pub year_value: Option<FiscalYear>,
    /// 担当課.
    pub department: Option<Field>,
    /// The indicator table, row by row.
    pub indicators: Vec<IndicatorRow>,
    /// 取組実績.
    pub achievements: Option<Field>,
    /// 自己評価.
    pub self_grade: Option<Field>,
    /// 課題.
    pub issues: Option<Field>,
    /// 今後の方向性.
    pub direction: Option<Field>,
    /// 記入者.
    pub author: Option<Field>,
    /// 連絡先.
    pub contact: Option<Field>,
    /// The workbook is the shipped fictional sample (it carries the generator's defined name
    /// [`SAMPLE_NAME`](crate::labels::SAMPLE_NAME), not merely words like サンプル).
    pub sample: bool,
    /// Labels expected on a plan sheet that were not found.
    pub missing_labels: Vec<String>,
    /// Form or list: validation reports a list's rows that fit none of the plan's indicators.
    pub layout: Layout,
    /// The response table to last year's committee opinions, row by row (a form's only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<ResponseRow>,
}

/// A failure that stops intake as a whole (the folder itself cannot be read).
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// The input folder cannot be listed.
    // The cause is left to `source()`, printed once (in Japanese) by the command line.
    #[error("入力フォルダ {path} を読み込めません")]
    Folder {
        /// The folder.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// Reads every workbook below `dir` (recursively); a file that cannot be read becomes a
/// diagnostic and the others are still read. Nothing is ever written into `dir`.
pub fn read_dir(dir: &Path, options: &IntakeOptions) -> Result<Intake, IntakeError> {
    read_dir_with(dir, options, &|_| {})
}

/// [`read_dir`], calling `file_read(total)` after each file, from the reading threads, with
/// the number of files found: what a progress line counts.
pub fn read_dir_with(
    dir: &Path,
    options: &IntakeOptions,
    file_read: &(dyn Fn(usize) + Sync),
) -> Result<Intake, IntakeError> {
    let listing = walk::list_files(dir).map_err(|source| IntakeError::Folder {
        path: dir.display().to_string(),
        source,
    })?;
    let files = listing.files;
    // Workbooks are independent: read them on every core, each thread taking the next file,
    // then put the parts back in file order so the result does not depend on the threads.
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len())
        .max(1);
    let mut parts: Vec<(usize, Intake)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        let mut part = Intake::default();
                        read_path(dir, path, options, &mut part);
                        file_read(files.len());
                        mine.push((i, part));
                        release_free_memory(i);
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    parts.sort_by_key(|(i, _)| *i);
    let mut intake = Intake {
        diagnostics: listing.diagnostics,
        ..Intake::default()
    };
    // Reserved at once: a submission is 1.4 KB before its texts, and growing the list
    // by doubling held up to twice its size (with the parts) at 1,000 plans.
    intake
        .submissions
        .reserve_exact(parts.iter().map(|(_, p)| p.submissions.len()).sum());
    intake
        .diagnostics
        .reserve_exact(parts.iter().map(|(_, p)| p.diagnostics.len()).sum());
    for (_, part) in parts {
        intake.submissions.extend(part.submissions);
        intake.diagnostics.extend(part.diagnostics);
        intake.files_read += part.files_read;
        intake.saved.extend(part.saved);
        intake.committee.extend(part.committee);
        intake.digests.extend(part.digests);
    }
    Ok(intake)
}

/// Gives the memory freed after reading files back to the system, every 32 files. glibc
/// keeps freed memory of its per-thread heaps: between a workbook's large passing buffers
/// (its zip, its grids) lie the small parts kept from every file, so the freed memory
/// cannot all be reused and the process grew by about 40 KB a file (600 MB for 15,000
/// files) while what it kept was a fifth of that.
fn release_free_memory(files_read: usize) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if files_read % 32 == 31 {
        // SAFETY: malloc_trim only returns free pages of the allocator's heaps to the system.
        unsafe {
            libc::malloc_trim(0);
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = files_read;
}

/// Reads the file at `path` (inside `dir`) into `intake`, after checking that it is a
/// regular file within the size limit.
fn read_path(dir: &Path, path: &Path, options: &IntakeOptions, intake: &mut Intake) {
    let name = walk::relative(dir, path);
    let ext = walk::extension(path);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            intake.diagnostics.push(unreadable(&name, &e));
            return;
        }
    };
    if !meta.is_file() {
        // A link to a folder or to a device such as /dev/zero: reading it would fail,
        // loop or never end.
        intake.diagnostics.push(
            Diagnostic::error(
                "file-unreadable",
                "通常のファイルではないため読み込みませんでした（名前付きパイプ・ソケット・装置、またはフォルダや装置へのリンクなど）。",
            )
            .at(Source::file(&name))
            .hint("リンクではなく、ファイルそのものを入力フォルダに置いてください。"),
        );
        return;
    }
    if meta.len() > options.max_file_bytes {
        intake
            .diagnostics
            .push(file_too_large(&name, meta.len(), options.max_file_bytes));
        return;
    }
    let bytes = match read_at_most(path, options.max_file_bytes) {
        Ok(b) => b,
        Err(e) => {
            intake.diagnostics.push(unreadable(&name, &e));
            return;
        }
    };
    if bytes.len() as u64 > options.max_file_bytes {
        // It grew while being read.
        intake.diagnostics.push(file_too_large(
            &name,
            bytes.len() as u64,
            options.max_file_bytes,
        ));
        return;
    }
    read_file(&name, &ext, bytes, options, intake);
}

/// Reads a file, but no more than one byte over `limit`, so that a file that grows while
/// it is read cannot exhaust memory.
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    walk::open_file(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn file_too_large(name: &str, size: u64, limit: u64) -> Diagnostic {
    Diagnostic::error(
        "file-too-large",
        format!(
            "ファイルが大きすぎます（{}、上限 {}）。読み込みませんでした。",
            bytes_label(size),
            bytes_label(limit)
        ),
    )
    .at(Source::file(name))
    .hint(
        "不要なシートや画像を削除して保存し直してください（上限は --max-file-mb で変更できます）。",
    )
}

fn unreadable(name: &str, e: &std::io::Error) -> Diagnostic {
    let why = walk::io_reason(e);
    Diagnostic::error(
        "file-unreadable",
        format!("ファイルを読み込めません: {why}。"),
    )
    .at(Source::file(name))
    .hint("ファイルを開けるか確認し、入力フォルダに置き直してください。")
}

/// Reads one file, already loaded into memory, into `intake`; `name` is how diagnostics
/// name it and `ext` its lower-case extension.
pub fn read_file(
    name: &str,
    ext: &str,
    bytes: Vec<u8>,
    options: &IntakeOptions,
    intake: &mut Intake,
) {
    let expected_workbook = WORKBOOK_EXTENSIONS.contains(&ext);
    let at = Source::file(name);
    let format = match walk::sniff(&bytes, options.max_unpacked_bytes) {
        Ok(f) => f,
        Err(SniffError::Corrupt) => {
            intake
                .diagnostics
                .push(corrupt(name, "zip の目次が壊れています"));
            return;
        }
        Err(SniffError::TooLarge(n)) => {
            intake.diagnostics.push(
                Diagnostic::error(
                    "file-too-large",
                    format!(
                        "展開後のサイズが大きすぎます（{}、上限 {}）。読み込みませんでした。",
                        bytes_label(n),
                        bytes_label(options.max_unpacked_bytes)
                    ),
                )
                .at(at)
                .hint(
                    "不要なシートや画像を削除して保存し直してください（上限は --max-unpacked-mb で変更できます）。",
                ),
            );
            return;
        }
    };
    let skip = |code: &'static str, message: String, hint: &str, error: bool| {
        let d = if error {
            Diagnostic::error(code, message)
        } else {
            Diagnostic::warning(code, message)
        };
        d.at(Source::file(name)).hint(hint)
    };
    match format {
        Format::Empty => {
            intake.diagnostics.push(skip(
                "file-empty",
                "ファイルが空です（0 バイト）。".to_string(),
                "保存に失敗した可能性があります。Excel で開いて保存し直してください。",
                true,
            ));
            return;
        }
        Format::Encrypted => {
            intake.diagnostics.push(skip(
                "file-encrypted",
                "ファイルにパスワードが設定されているため読み込めません。".to_string(),
                "「ファイル › 情報 › ブックの保護」でパスワードを解除して保存し直してください。",
                true,
            ));
            return;
        }
        Format::OtherZip => {
            intake.diagnostics.push(skip(
                "file-zip-not-workbook",
                "zip ファイルですが Excel のブックではありません。".to_string(),
                "zip を展開し、中の Excel ファイルを入力フォルダに置いてください。",
                expected_workbook,
            ));
            return;
        }
        Format::Unknown => {
            if expected_workbook {
                intake.diagnostics.push(corrupt(
                    name,
                    "ファイルの先頭が Excel・OpenDocument の形式ではありません",
                ));
            } else {
                intake.diagnostics.push(skip(
                    "file-not-workbook",
                    "Excel のブックではないため読み飛ばしました。".to_string(),
                    "進捗シート以外のファイルは入力フォルダから移してください。",
                    false,
                ));
            }
            return;
        }
        Format::Xlsx | Format::Xls | Format::Ods => {}
    }
    let content_ext: &[&str] = match format {
        Format::Xlsx => &["xlsx", "xlsm"],
        Format::Xls => &["xls"],
        _ => &["ods"],
    };
    if !content_ext.contains(&ext) {
        intake.diagnostics.push(skip(
            "file-wrong-extension",
            format!(
                "拡張子は .{ext} ですが、中身は .{} 形式のブックです。中身の形式で読み込みました。",
                content_ext[0]
            ),
            "Excel で開き、「名前を付けて保存」で正しい形式（.xlsx）を選んで保存し直してください。",
            false,
        ));
    }
    let limits = SheetLimits {
        max_rows: options.max_rows,
        max_cells: options.max_cells,
        max_text: options.max_text_chars,
    };
    let sample = marker::is_sample(&bytes, format);
    intake
        .digests
        .insert(name.to_string(), crate::values::sha256_hex(&bytes));
    if let Some(saved) = sheet::saved_at(&bytes, format) {
        intake.saved.insert(name.to_string(), saved);
    }
    let (grids, problems) = match sheet::read_workbook(bytes, format, limits) {
        Ok(r) => r,
        Err(ReadError::Password) => {
            intake.diagnostics.push(skip(
                "file-encrypted",
                "ファイルにパスワードが設定されているため読み込めません。".to_string(),
                "パスワードを解除して保存し直してください。",
                true,
            ));
            return;
        }
        Err(ReadError::Corrupt(cause)) => {
            intake.diagnostics.push(corrupt(name, &cause));
            return;
        }
    };
    intake.files_read += 1;
    // A sheet that could not be read may have been the plan sheet: then its own diagnostic
    // says why, and 「進捗シートが見つかりません」 would mislead.
    let sheets_skipped = !problems.is_empty();
    for problem in problems {
        intake.diagnostics.push(match problem {
            SheetProblem::TooLarge { sheet, rows, cells } => Diagnostic::error(
                "sheet-too-large",
                format!(
                    "シートが大きすぎるため読み込みませんでした（{} 行・{} セル、上限 {} 行・{} セル）。",
                    count(rows),
                    count(cells),
                    count(options.max_rows),
                    count(options.max_cells)
                ),
            )
            .at(sheet_source(name, &sheet))
            .hint(
                "入力範囲の外にある不要なデータを削除してください（上限は --max-rows・--max-cells で変更できます）。",
            ),
            SheetProblem::Unreadable { sheet, cause } => Diagnostic::error(
                "sheet-unreadable",
                format!("シートを読み込めません（{cause}）。"),
            )
            .at(sheet_source(name, &sheet))
            .hint("Excel で開いて保存し直してください。"),
        });
    }
    let names = year::name_evidence(name);
    let read: Vec<(&sheet::Grid, SheetRead)> = grids
        .iter()
        .filter_map(|grid| {
            // A review sheet first: it has 「アクションプラン」 and 「年度」 like a form, but its
            // header row (委員会評価, 委員会意見) is on no form or list.
            if let Some(read) = committee::read_committee_sheet(grid, name, sample) {
                return Some((grid, SheetRead::Committee(Box::new(read))));
            }
            list::read_list_sheet(grid, name, sample)
                .map(SheetRead::List)
                .or_else(|| {
                    anchor::read_plan_sheet(grid, name, sample)
                        .map(|sub| SheetRead::Form(Box::new(sub)))
                })
                .map(|r| (grid, r))
        })
        .collect();
    // Whether a visible sheet of the workbook is a plan sheet (a list, or a form with the
    // 「アクションプラン」 label, a plan heading or a plan number in its name).
    let names_a_plan = read.iter().any(|(grid, r)| {
        !grid.hidden
            && match r {
                SheetRead::List(_) | SheetRead::Committee(_) => true,
                SheetRead::Form(sub) => sub.plan.is_some() || sub.plan_number.is_some(),
            }
    });
    let mut found = 0;
    for (grid, r) in read {
        let sub = match r {
            SheetRead::List(list) => {
                if grid.hidden {
                    intake
                        .diagnostics
                        .push(hidden_sheet(sheet_source(name, &grid.name)));
                    continue;
                }
                found += 1;
                intake.diagnostics.extend(anchor::hidden_data(grid, name));
                intake.diagnostics.extend(list.diagnostics);
                intake.submissions.extend(list.submissions);
                continue;
            }
            SheetRead::Committee(read) => {
                found += 1;
                if grid.hidden {
                    intake
                        .diagnostics
                        .push(hidden_sheet(sheet_source(name, &grid.name)));
                    continue;
                }
                match *read {
                    Ok(sheet) => intake.committee.push(sheet),
                    Err(d) => intake.diagnostics.push(d),
                }
                continue;
            }
            SheetRead::Form(sub) => *sub,
        };
        if grid.hidden {
            intake.diagnostics.push(hidden_sheet(sub.source.clone()));
            continue;
        }
        // A department's own sheet beside its plan sheets (a 集計 with 年度 and 実績値, a
        // 事務分担 with 担当者): no 「アクションプラン」 label, no plan heading, no plan number
        // in its name. It is not a plan form, so it is noted and left, not reported as one.
        // Alone in its workbook, such a sheet is still reported as a plan sheet without
        // its plan, as it may be a retyped form.
        if names_a_plan && sub.plan.is_none() && sub.plan_number.is_none() {
            intake.diagnostics.push(
                    Diagnostic::warning(
                        "sheet-skipped",
                        "アクションプランが書かれていないシートのため、進捗シートとしては読み込みませんでした。",
                    )
                    .at(sub.source.clone())
                    .hint("進捗シートなら「アクションプラン」の欄に、様式どおりのプランの番号と名称を書いてください。課で使う別のシートならこのままで構いません。"),
                );
            continue;
        }
        intake
            .diagnostics
            .extend(anchor::sheet_notes(grid, name, options.max_text_chars));
        // The year the sheet states must be the one its file and folder names state.
        let mut evidence: Vec<year::YearEvidence> = Vec::new();
        if let (Some(y), Some(f)) = (sub.year_value, &sub.year) {
            evidence.push(year::YearEvidence::cell(
                year::YearPlace::SheetCell,
                y,
                f.at.clone(),
            ));
        }
        evidence.extend(names.iter().cloned());
        if let Err(all) = year::resolve(&evidence) {
            let at = sub
                .year
                .as_ref()
                .map_or_else(|| sub.source.clone(), |f| f.at.clone());
            let mut d = year::conflict(&all, at, "このシートの値");
            if let Some(n) = sub.plan_number {
                d = d.plan(n);
            }
            intake.diagnostics.push(d);
            found += 1;
            continue;
        }
        for label in &sub.missing_labels {
            let message = format!("見出し「{label}」がシート上に見つかりません。");
            let required = REQUIRED_LABELS.contains(&label.as_str());
            intake.diagnostics.push(
                if required {
                    Diagnostic::error("sheet-label-missing", message)
                } else {
                    Diagnostic::warning("sheet-label-missing", message)
                }
                .at(sub.source.clone())
                .field(label.clone())
                .hint(format!(
                    "様式の見出し「{label}」を消したり書き換えたりしていないか確認してください。"
                )),
            );
        }
        found += 1;
        intake.submissions.push(sub);
    }
    if found == 0 && !sheets_skipped {
        intake.diagnostics.push(skip(
            "file-no-plan-sheet",
            "進捗シートが見つかりません（「アクションプラン」「実績値」などの見出しがありません）。"
                .to_string(),
            "hyoka forms で作成した様式に入力してください。見出しの文言は変えないでください。",
            true,
        ));
    }
}

/// A sheet as one of the two layouts.
enum SheetRead {
    /// A one-table list: its submissions and diagnostics.
    List(list::ListSheet),
    /// A plan form.
    Form(Box<Submission>),
    /// The committee's review sheet, or why its year cannot be told.
    Committee(Box<Result<committee::CommitteeSheet, Diagnostic>>),
}

fn hidden_sheet(at: Source) -> Diagnostic {
    Diagnostic::warning(
        "sheet-hidden",
        "非表示の進捗シートは読み込みませんでした。".to_string(),
    )
    .at(at)
    .hint("提出するシートなら再表示し、古いシートなら削除してください。")
}

/// Labels without which a plan sheet cannot be used (the others only warn).
const REQUIRED_LABELS: &[&str] = &[
    crate::labels::PLAN,
    crate::labels::YEAR,
    crate::labels::ACTUAL,
    crate::labels::ACHIEVEMENTS,
    crate::labels::SELF_GRADE,
];

/// A count with thousands separators: 「1,048,576」.
fn count(n: usize) -> String {
    crate::text::number::format_decimal(rust_decimal::Decimal::from(n), 0)
}

fn grouped(n: u64) -> String {
    crate::text::number::format_decimal(rust_decimal::Decimal::from(n), 0)
}

/// A size for people: 「20 MB」 when it is a whole number of MB (1 MB = 1,048,576 bytes, as
/// the limits are given), else 「4,294,984,556 バイト」.
fn bytes_label(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", grouped(bytes / MB))
    } else {
        format!("{} バイト", grouped(bytes))
    }
}

fn sheet_source(file: &str, sheet: &str) -> Source {
    Source {
        file: file.to_string(),
        sheet: Some(sheet.to_string()),
        ..Source::default()
    }
}

fn corrupt(name: &str, cause: &str) -> Diagnostic {
    Diagnostic::error(
        "file-corrupt",
        format!("ブックが壊れているため読み込めません（{cause}）。"),
    )
    .at(Source::file(name))
    .hint("Excel で開けるか確認し、開ける場合は保存し直してください。")
}
