//! The shipped sample (input/): it is marked as fictional by the generator's workbook name, not
//! by words in cells, and its 2024 book gives the grades worked out by hand below.
//!
//! The fixtures in `tests/fixtures/sample-mark/` are plan ① of 情報統計課 for 2024, once as the
//! sample generator writes it (見本) and once as a real department would (実データ, whose
//! 取組実績 and 課題 speak of サンプルデータ and 架空のデータ). The .xlsx files are written by
//! [`fixture_workbooks`] (`HYOKA_UPDATE=1 cargo test --test sample_book`); the .xls and .ods
//! were saved from them through LibreOffice once:
//!
//! ```text
//! cd tests/fixtures/sample-mark
//! soffice --headless --convert-to xls 見本.xlsx 実データ.xlsx
//! soffice --headless --convert-to ods 見本.xlsx 実データ.xlsx
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use hyoka::forms::{IndicatorFill, Input, PlanFill, WorkbookOptions, make_workbook};
use hyoka::plan::PlanSet;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/sample-mark")
}

fn plans() -> PlanSet {
    let text = std::fs::read_to_string(root().join("plans/azumino-4th.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// Plan ① for 2024, filled; `sample` as the sample generator sets it.
fn plan_one(plans: &PlanSet, sample: bool, achievements: &str, issues: &str) -> Vec<u8> {
    let zero = || IndicatorFill {
        actual: Some(Input::Number(0.0)),
        ..Default::default()
    };
    let fill = PlanFill {
        indicators: BTreeMap::from([("1".to_string(), zero()), ("2".to_string(), zero())]),
        achievements: Some(achievements.to_string()),
        self_grade: Some("A".to_string()),
        issues: Some(issues.to_string()),
        direction: Some("引き続き取り組む。".to_string()),
        author: Some("情報 一郎".to_string()),
        contact: Some("内線 2007".to_string()),
        extra_row_above: None,
        responses: Default::default(),
    };
    let options = WorkbookOptions {
        sample,
        fills: BTreeMap::from([(1, fill)]),
        prior: None,
    };
    make_workbook(plans, 2024, "情報統計課", &[1], &options).unwrap()
}

/// The two .xlsx fixtures: (file stem, bytes).
fn fixture_workbooks(plans: &PlanSet) -> [(&'static str, Vec<u8>); 2] {
    [
        (
            "見本",
            plan_one(
                plans,
                true,
                "庁内研修を実施した。（サンプル）",
                "受講率の向上が課題である。",
            ),
        ),
        (
            "実データ",
            plan_one(
                plans,
                false,
                "統計のサンプルデータを整備し、架空のデータによる標的型攻撃メール訓練を行った。",
                "サンプルデータ（架空のデータ）を使った訓練の教材づくりに時間を要した。",
            ),
        ),
    ]
}

/// Whether a workbook shows the visible sample mark 「サンプル／架空のデータ」 in some cell.
fn shows_mark(path: &Path) -> bool {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    wb.sheet_names().into_iter().any(|name| {
        wb.worksheet_range(&name).is_ok_and(|range| {
            range.used_cells().any(
                |(_, _, v)| matches!(v, Data::String(s) if s.contains("サンプル／架空のデータ")),
            )
        })
    })
}

/// Each fixture, in each format (and an .xlsx renamed .xlsm), read on its own: the sample is
/// marked, the real workbook is not, whatever its cells say.
#[test]
fn the_mark_comes_from_the_generator_name_in_every_format() {
    let plans = plans();
    if std::env::var_os("HYOKA_UPDATE").is_some() {
        std::fs::create_dir_all(fixtures()).unwrap();
        for (stem, bytes) in fixture_workbooks(&plans) {
            std::fs::write(fixtures().join(format!("{stem}.xlsx")), bytes).unwrap();
        }
    }
    let mut seen = 0;
    for stem in ["見本", "実データ"] {
        let sample = stem == "見本";
        for ext in ["xlsx", "xlsm", "xls", "ods"] {
            let from = fixtures().join(format!(
                "{stem}.{}",
                if ext == "xlsm" { "xlsx" } else { ext }
            ));
            assert!(from.exists(), "{} missing", from.display());
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join(format!("{stem}.{ext}"));
            std::fs::copy(&from, &file).unwrap();
            // People read the mark too: the sample says so on its face in every format.
            assert_eq!(shows_mark(&file), sample, "{stem}.{ext}: visible mark");
            let intake =
                hyoka::intake::read_dir(dir.path(), &hyoka::intake::IntakeOptions::default())
                    .unwrap();
            assert_eq!(intake.submissions.len(), 1, "{stem}.{ext}");
            let sub = &intake.submissions[0];
            assert_eq!(sub.sample, sample, "{stem}.{ext}");
            if !sample {
                // The words are there, and still do not mark the book.
                let text = sub.achievements.as_ref().unwrap().value.as_text();
                assert!(text.contains("サンプルデータ"), "{stem}.{ext}: {text}");
            }
            let v = hyoka::validate::validate(&plans, &intake, Some(2024));
            assert!(
                !v.diagnostics.iter().any(|d| d.is_error()),
                "{stem}.{ext}: {:#?}",
                v.diagnostics
            );
            let book = hyoka::evaluate::build_book(
                &plans,
                &v,
                &hyoka::evaluate::BookOptions {
                    year: 2024,
                    allow_errors: false,
                },
            )
            .unwrap();
            assert_eq!(book.meta.sample, sample, "{stem}.{ext}: book");
            seen += 1;
        }
    }
    assert_eq!(seen, 8);
}

/// The book of `year` built from the shipped input/, as `hyoka build` prepares it.
fn sample_book(year: i32) -> hyoka::book::Book {
    let options = hyoka::pipeline::BuildOptions {
        year: Some(year),
        input: root().join("input"),
        plan: root().join("plans/azumino-4th.toml"),
        templates: root().join("templates"),
        allow_errors: false,
        date: None,
        intake: hyoka::intake::IntakeOptions::default(),
    };
    match hyoka::pipeline::prepare_book(&options).unwrap() {
        hyoka::pipeline::Prepared::Book { book, .. } => *book,
        hyoka::pipeline::Prepared::Rejected { diagnostics, .. } => {
            panic!("the sample of {year} is rejected: {diagnostics:#?}")
        }
    }
}

/// The 2024 grades of the sample, worked out by hand from the values typed in
/// input/2024年度 (and, for cumulative and 前年度比 indicators, input/2020–2023年度) with the
/// rules of the book's 評価の方法 and the scale of plans/azumino-4th.toml (A ≥ 100%,
/// B ≥ 80%, C ≥ 50%, D below; 達成率 rounded to 0.1%; a plan takes its lowest indicator).
/// Each entry: plan, indicator rates as printed (None: no rate), plan grade.
const HAND_GRADES: &[(u32, &[Option<&str>], &str)] = &[
    // ① two 発生件数0 indicators, both 0 件: met, no rate → A.
    (1, &[None, None], "A"),
    // ② 申告相談者 3%減 from 7,063 (H30): 6,851.11, a ceiling of whole 人 rounded down to
    //    6,851, the 2024 target (last year); (6,874 − 7,063) ÷ (6,851 − 7,063) = −189 ÷ −212
    //    = 89.15% → 89.2% → B.
    (2, &[Some("89.2%")], "B"),
    // ③ RPA 累計10業務: 2 + 2 + 2 + 2 + 2 (R2–R6) = 10 ÷ 10 = 100.0% → A.
    (3, &[Some("100.0%")], "A"),
    // ④ 満足度 82% by R6 (from 72% in H30): R6 target 82; 79.9 ÷ 82 = 97.4% → B.
    (4, &[Some("97.4%")], "B"),
    // ⑤ 民間活力導入 1事業以上: 0 ÷ 1 = 0.0% → D.
    (5, &[Some("0.0%")], "D"),
    // ⑥ 経営基盤強化支援 10社: 11 ÷ 10 = 110.0% → A.
    (6, &[Some("110.0%")], "A"),
    // ⑦ 累計34施設 (the period's total in its last year): 14 + 6 + 4 + 6 + 3 = 33;
    //    33 ÷ 34 = 97.1% → B.
    (7, &[Some("97.1%")], "B"),
    // ⑧ 定期点検 累計761橋: 141 + 137 + 133 + 139 + 144 = 694; 694 ÷ 761 = 91.2% (B);
    //    修繕工事 5橋: 5 ÷ 5 = 100.0% (A); lowest → B.
    (8, &[Some("91.2%"), Some("100.0%")], "B"),
    // ⑨ period R2–R5: out of period in R6 → －.
    (9, &[None], "－"),
    // ⑩ 実質公債費比率, lower is better, R6 target 11.6: 11.6 ÷ 12.1 = 95.9% → B.
    (10, &[Some("95.9%")], "B"),
    // ⑪ 将来負担比率, lower is better, against the reported 類似団体平均値 41:
    //    41 ÷ 45 = 91.1% → B.
    (11, &[Some("91.1%")], "B"),
    // ⑫ 現年 99.9% (typed as a percentage) ÷ 99.5 = 100.4% (A); 滞繰 22.4 ÷ 22.5 = 99.6% (B);
    //    lowest → B.
    (12, &[Some("100.4%"), Some("99.6%")], "B"),
    // ⑬ 土地売却 2件: 2 ÷ 2 = 100.0% → A.
    (13, &[Some("100.0%")], "A"),
    // ⑭ 5%減 from H28: 電気 final 1,292,000; (1,296,233 − 1,360,000) ÷ (1,292,000 − 1,360,000)
    //    = 63,767 ÷ 68,000 = 93.8% (B); 灯油 final 44,935; (44,831 − 47,300) ÷ (44,935 − 47,300)
    //    = 2,469 ÷ 2,365 = 104.4% (A); lowest → B.
    (14, &[Some("93.8%"), Some("104.4%")], "B"),
    // ⑮ ⑯ period R2–R5 → －.
    (15, &[None], "－"),
    (16, &[None], "－"),
    // ⑰ 部制度 83区 by R6: 56 ÷ 83 = 67.5% → C.
    (17, &[Some("67.5%")], "C"),
    // ⑱ 協働取組 50件: 52 ÷ 50 = 104.0% (A); 登録団体 250 by R6: 253 ÷ 250 = 101.2% (A) → A.
    (18, &[Some("104.0%"), Some("101.2%")], "A"),
    // ⑲ ⑳ ㉑ period R2–R4 → －.
    (19, &[None], "－"),
    (20, &[None], "－"),
    (21, &[None], "－"),
    // ㉒ 訪問者 1,000,000人: 「790,221人」 → 790,221 ÷ 1,000,000 = 79.0% → C.
    (22, &[Some("79.0%")], "C"),
    // ㉓ 社会増減 300人: 134 ÷ 300 = 44.7% → D.
    (23, &[Some("44.7%")], "D"),
    // ㉔ period R2–R3 → －.
    (24, &[None], "－"),
    // ㉕ 移住就労世帯 4件: 4 ÷ 4 = 100.0% → A.
    (25, &[Some("100.0%")], "A"),
    // ㉖ 進出企業 累計10社: 2 × 5 years = 10 ÷ 10 = 100.0% → A.
    (26, &[Some("100.0%")], "A"),
    // ㉗ 1: 80.2 ÷ 80 = 100.3% (A); 2a: 前年度比10%増 from R5's reported 147: 161.7, a
    //    target to reach in whole 人 rounded up to 162, (159 − 147) ÷ (162 − 147) = 12 ÷ 15
    //    = 80.0% (B); 2b: 36.6 ÷ 85 = 43.1% (D); 3: 92.6 ÷ 90 = 102.9% (A); lowest → D.
    (
        27,
        &[Some("100.3%"), Some("80.0%"), Some("43.1%"), Some("102.9%")],
        "D",
    ),
    // ㉘ 時間外勤務 前年度比3%減 from R5's reported 57,156: 55,441.32, a ceiling of whole
    //    時間 rounded down to 55,441; (55,839 − 57,156) ÷ (55,441 − 57,156) = 1,317 ÷ 1,715
    //    = 76.8% → C.
    (28, &[Some("76.8%")], "C"),
    // ㉙ 地域行事参加 40%: 17.1 ÷ 40 = 42.8% → D.
    (29, &[Some("42.8%")], "D"),
];

/// Issue 12 §4: the sample book's grades per plan, against the hand-worked table above.
#[test]
fn the_sample_book_grades_match_the_hand_worked_table() {
    let book = sample_book(2024);
    assert_eq!(book.plans.len(), HAND_GRADES.len());
    for (page, (number, rates, grade)) in book.plans.iter().zip(HAND_GRADES) {
        assert_eq!(page.number, *number);
        let got: Vec<Option<String>> = page
            .results
            .iter()
            .map(|r| r.rate.as_ref().map(hyoka::compose::value_text))
            .collect();
        let got: Vec<Option<&str>> = got.iter().map(Option::as_deref).collect();
        assert_eq!(got, *rates, "plan {number}: rates");
        assert_eq!(book.method.mark(page.grade), *grade, "plan {number}: grade");
    }
    // A 7, B 8, C 3, D 4, － 7, counted from the table rather than from the book.
    let count = |g: &str| HAND_GRADES.iter().filter(|(_, _, m)| *m == g).count() as u32;
    let counts: Vec<u32> = ["A", "B", "C", "D", "－"]
        .iter()
        .map(|g| count(g))
        .collect();
    assert_eq!(counts, [7, 8, 3, 4, 7]);
    assert_eq!(book.summary.total.counts, counts);
}

/// The sample is marked in every year's book, and the mark is on the Excel book's cover and
/// on every page of both PDF editions (配布用 and 公開用).
#[test]
fn every_edition_of_the_sample_shows_the_mark() {
    const MARK: &str = "サンプルデータ（架空のデータ）";
    for year in 2020..=2024 {
        let book = sample_book(year);
        assert!(book.meta.sample, "{year}");
        assert_eq!(book.wording.sample_mark, MARK, "{year}");
    }
    let book = sample_book(2024);
    let xlsx = hyoka::pipeline::xlsx_edition(&book).unwrap().0;
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let cover = wb.worksheet_range("表紙").unwrap();
    assert!(
        cover
            .used_cells()
            .any(|(_, _, v)| matches!(v, Data::String(s) if s.contains(MARK))),
        "the Excel cover shows the mark"
    );
    let fonts = hyoka::render::pdf::FontSet::load(&root().join("fonts")).unwrap();
    let measure = hyoka::render::pdf::font::Fonts::parse(&fonts.regular, &fonts.bold).unwrap();
    for variant in [
        hyoka::render::pdf::Variant::Handout,
        hyoka::render::pdf::Variant::Web,
    ] {
        let options = hyoka::render::pdf::PdfOptions {
            fonts: fonts.clone(),
            binding_margin_mm: 0.0,
        };
        let document =
            hyoka::compose::compose_book(&book, &hyoka::compose::ComposeOptions { variant });
        let (pages, _) = hyoka::render::pdf::lay_out(&document, &options, &measure).unwrap();
        assert!(pages.len() > 1);
        for (i, page) in pages.iter().enumerate() {
            let marked = page.items.iter().any(|item| {
                matches!(item, hyoka::render::pdf::layout::Item::Text(t) if t.text.contains(MARK))
            });
            assert!(marked, "{variant:?}: page {} has no sample mark", i + 1);
        }
    }
}

/// The sample's 令和5年度 review (input/2023年度, fictional and marked as the other sample
/// files) and the 令和6年度 sheets' responses to it, as examples/sample_input.rs writes them:
/// opinions on ② (2), ⑤ (3), ⑧ (2) and ⑫ (1), numbered across the review 0…7, answered by
/// n mod 5 as 対応済, 対応中, 未対応, 対応しない, and left unanswered (⑤'s third).
#[test]
fn the_sample_carries_the_r5_review_and_the_r6_responses() {
    use hyoka::book::ResponseStatus::{Declined, Done, InProgress, NotYet};
    let intake = hyoka::intake::read_dir(
        &root().join("input"),
        &hyoka::intake::IntakeOptions::default(),
    )
    .unwrap();
    assert_eq!(intake.committee.len(), 1, "one review sheet");
    assert!(intake.committee[0].sample, "marked by the generator's name");

    let r5 = sample_book(2023);
    let review = r5
        .committee
        .as_ref()
        .expect("the R5 review is in the sample");
    // Every plan graded as computed but ⑦, one step stricter.
    assert_eq!(review.differing, 1);
    let seven = review.plans.iter().find(|r| r.plan == 7).unwrap();
    assert!(seven.differs && seven.grade.as_deref() != Some(r5.method.mark(seven.computed)));
    let counts: Vec<(u32, usize)> = review
        .plans
        .iter()
        .filter(|r| !r.opinions.is_empty())
        .map(|r| (r.plan, r.opinions.len()))
        .collect();
    assert_eq!(counts, vec![(2, 2), (5, 3), (8, 2), (12, 1)]);

    let r6 = sample_book(2024);
    let follow = r6.follow_up.as_ref().expect("R6 answers R5's opinions");
    let got: Vec<(String, Option<hyoka::book::ResponseStatus>)> = follow
        .plans
        .iter()
        .flat_map(|p| p.items.iter().map(|i| (i.id.clone(), i.status)))
        .collect();
    let want = [
        ("R5-②-1", Some(Done)),
        ("R5-②-2", Some(InProgress)),
        ("R5-⑤-1", Some(NotYet)),
        ("R5-⑤-2", Some(Declined)),
        ("R5-⑤-3", None),
        ("R5-⑧-1", Some(Done)),
        ("R5-⑧-2", Some(InProgress)),
        ("R5-⑫-1", Some(NotYet)),
    ]
    .map(|(id, s)| (id.to_string(), s));
    assert_eq!(got, want);
    let open = follow
        .plans
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| i.is_open())
        .count();
    assert_eq!(open, 5, "対応中 2, 未対応 2, unanswered 1");
    // No warning about the review or the responses: the sample is clean.
    assert!(
        !r6.diagnostics
            .iter()
            .any(|d| d.code.starts_with("response-") || d.code.starts_with("committee-")),
        "{:#?}",
        r6.diagnostics
    );
}
