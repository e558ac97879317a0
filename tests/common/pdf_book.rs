//! A small hand-built Book for the PDF tests: real plan texts from the outline, fictional
//! figures, long texts that must wrap and split, a Kangxi radical, diagnostics.

use hyoka::book::*;
use hyoka::diag::{Diagnostic, Source};
use hyoka::values::Number;
use rust_decimal::Decimal;

fn num(value: &str) -> Number {
    Number {
        value: value.parse::<Decimal>().expect("fixture decimal"),
        decimals: 0,
        percent: false,
    }
}

fn rate(value: &str) -> Number {
    Number {
        value: value.parse::<Decimal>().expect("fixture decimal"),
        decimals: 1,
        percent: true,
    }
}

const POLICY_1: &str = "Ⅰ 合理的かつ質の高い行政経営の実現";
const POLICY_2: &str = "Ⅱ みんなが行動し、互いに支え合い、助け合い、補い合う協働のまちづくりの推進";

/// Key, label, five (value, text) targets and five actuals, R2–R6.
type IndicatorSeed = (
    &'static str,
    &'static str,
    [(&'static str, &'static str); 5],
    [(&'static str, &'static str); 5],
);

struct PlanSeed {
    number: u32,
    mark: &'static str,
    name: &'static str,
    department: &'static str,
    policy: &'static str,
    focus: &'static str,
    target_text: &'static str,
    actions: &'static str,
    effects: &'static str,
    general_plan: &'static str,
    indicators: Vec<IndicatorSeed>,
    grade: &'static str,
}

fn seeds() -> Vec<PlanSeed> {
    vec![
        PlanSeed {
            number: 1,
            mark: "①",
            name: "情報セキュリティ対策の強化",
            department: "情報統計課",
            policy: POLICY_1,
            focus: "(1) ICT（情報通信技術）の利活用の推進",
            target_text: "①サイバー攻撃によるシステム障害、情報流出等被害：0件/年\n②人的ミスによるセキュリティ事故：0件/年",
            actions: "①システム脆弱性対策\n②セキュリティ意識の醸成、研修会の実施及びe-ラーニング受講とりまとめ",
            effects: "○システム障害、情報漏えいによる市民サービス低下及び組織としての信用失墜リスクの低減を図ることができる。",
            general_plan: "方針3 地域情報化の推進\n情報セキュリティ対策を強化し、情報化への市民理解や信頼を向上させることで、地域情報化の推進を図ることができる。",
            indicators: vec![
                (
                    "1",
                    "サイバー攻撃による被害",
                    [("0", "0"); 5],
                    [("0", "0"), ("0", "0"), ("1", "1"), ("0", "0"), ("0", "0")],
                ),
                (
                    "2",
                    "人的ミスによるセキュリティ事故",
                    [("0", "0"); 5],
                    [("2", "2"), ("1", "1"), ("0", "0"), ("0", "0"), ("1", "1")],
                ),
            ],
            grade: "B",
        },
        PlanSeed {
            number: 2,
            mark: "②",
            name: "e-Tax及びeLTAXによる自主申告の推進",
            department: "税務課",
            policy: POLICY_1,
            focus: "(1) ICT（情報通信技術）の利活用の推進",
            target_text: "○申告相談者：3%減/取組期間（基準）平成30年：7,063人",
            actions: "○国税庁が進めるe-Tax（国税電子申告・納税システム）による電子申告（自主申告）の啓発\n○市税データと国税データの連携の推進",
            effects: "○納税義務者の利便性が向上する。○自主申告の推進による納税意識の向上を図ることができる。○申告相談事務の省力化及び効率化を図ることができる。",
            general_plan: "方針3 地域情報化の推進\n市民にICTを活用する有意性を理解いただくことで、地域情報化の推進を図ることができる。",
            indicators: vec![(
                "1",
                "申告相談者数",
                [
                    ("7020", "7,020"),
                    ("6978", "6,978"),
                    ("6935", "6,935"),
                    ("6893", "6,893"),
                    ("6851", "6,851"),
                ],
                [
                    ("7110", "7,110"),
                    ("6900", "6,900"),
                    ("6650", "6,650"),
                    ("6802", "6,802"),
                    ("6420", "6,420"),
                ],
            )],
            grade: "A",
        },
        PlanSeed {
            number: 7,
            mark: "⑦",
            name: "公共施設再配置計画の推進",
            department: "総務課",
            policy: POLICY_1,
            focus: "(4) 公共施設等のマネジメント",
            target_text: "○譲渡又は廃止する施設：34施設/取組期間\n令和2年度：14施設 令和3年度：6施設 令和4年度：4施設 令和5年度：6施設 令和6年度：3施設",
            actions: "○公共施設再配置計画に基づく施設の譲渡、廃止、転用の推進。地元説明会を開催し、利用者・地域の理解を得ながら進める（「公共施設等総合管理計画」と整合）。",
            effects: "○施設の総量を圧縮し、更新・維持管理に係る経費の削減を図ることができる。",
            general_plan: "方針5 健全財政の堅持\n公共施設の総量を圧縮することで、将来の財政負担を軽減し、健全財政の堅持を図ることができる。",
            indicators: vec![(
                "1",
                "譲渡又は廃止した施設数（累計）",
                [
                    ("14", "14"),
                    ("20", "20"),
                    ("24", "24"),
                    ("30", "30"),
                    ("33", "33"),
                ],
                [
                    ("9", "9"),
                    ("15", "15"),
                    ("22", "22"),
                    ("27", "27"),
                    ("31", "31"),
                ],
            )],
            grade: "C",
        },
        PlanSeed {
            number: 17,
            mark: "⑰",
            name: "地域力向上支援事業",
            department: "地域づくり課",
            policy: POLICY_2,
            focus: "(6) 協働によるまちづくりの推進",
            target_text: "○地域課題の解決に取り組む区の数：全82区/取組期間",
            actions: "○区が自ら地域課題を把握し、その解決に向けて取り組む活動を支援する。\u{2F47}常的な見守り活動や防災訓練、子どもの居場所づくりなど、地域の実情に応じた多様な取組みを対象とする。",
            effects: "○地域の課題を地域自らが解決する力が高まり、「共助」の精神が育まれる。",
            general_plan: "方針1 協働によるまちづくりの推進",
            indicators: vec![(
                "1",
                "取組区数",
                [
                    ("40", "40"),
                    ("50", "50"),
                    ("60", "60"),
                    ("70", "70"),
                    ("82", "82"),
                ],
                [
                    ("38", "38"),
                    ("52", "52"),
                    ("61", "61"),
                    ("74", "74"),
                    ("85", "85"),
                ],
            )],
            grade: "A",
        },
    ]
}

/// The fixture book: four plans, the report year R6 (2024), history from R2.
pub fn pdf_book() -> Book {
    let years = [2020, 2021, 2022, 2023, 2024];
    let long = "本年度は、前年度の課題を踏まえ、庁内各課への説明会を延べ12回開催し、職員一人ひとりの意識の向上に努めた。\
また、外部講師による研修会（「情報セキュリティの基礎」「標的型攻撃メールへの対応」）を実施し、受講率は98.5%となった。\
一方で、会計年度任用職員への周知が十分ではなかったことから、次年度は採用時研修に組み込み、全ての職員が受講できる体制を整える。";
    let mut plans = Vec::new();
    let mut list = Vec::new();
    for s in seeds() {
        let mut results = Vec::new();
        let mut history = Vec::new();
        for (key, label, targets, actuals) in &s.indicators {
            let points = (0..5)
                .map(|i| HistoryPoint {
                    year: years[i],
                    target: Some(num(targets[i].0)),
                    actual: Some(num(actuals[i].0)),
                    rate: Some(rate("1.0")),
                    grade: crate::book_fixture::grade("A"),
                    original_rate: None,
                    cites: Default::default(),
                })
                .collect();
            history.push(IndicatorHistory {
                key: key.to_string(),
                label: label.to_string(),
                unit: if s.number == 2 { "人" } else { "件" }.to_string(),
                choices: Vec::new(),
                points,
            });
            let r = IndicatorResult {
                key: key.to_string(),
                label: label.to_string(),
                unit: if s.number == 2 { "人" } else { "件" }.to_string(),
                target: Some(num(targets[4].0)),
                final_target: (s.number == 7).then(|| num("34")),
                actual: Some(num(actuals[4].0)),
                basis: (s.number == 2).then(|| num("7063")),
                basis_label: (s.number == 2).then(|| "平成30年実績".to_string()),
                rate: Some(rate("0.939")),
                grade: crate::book_fixture::grade(s.grade),
                note: (s.number == 1)
                    .then(|| "目標値が0のため、実績が0件の場合をAとする".to_string()),
                revision: None,
                choices: Vec::new(),
                cites: Default::default(),
            };
            list.push(ListRow {
                policy: s.policy.to_string(),
                focus_area: s.focus.to_string(),
                plan: s.number,
                plan_name: format!("{}{}", s.mark, s.name),
                department: s.department.to_string(),
                period: "令和2年度～令和6年度".to_string(),
                indicator: s
                    .target_text
                    .lines()
                    .nth(results.len())
                    .unwrap_or(s.target_text)
                    .to_string(),
                result: r.clone(),
                plan_grade: crate::book_fixture::grade(s.grade),
                self_grade: "B".to_string(),
                first_of_plan: results.is_empty(),
                plan_rows: s.indicators.len() as u32,
            });
            results.push(r);
        }
        plans.push(PlanPage {
            number: s.number,
            mark: s.mark.to_string(),
            name: s.name.to_string(),
            department: s.department.to_string(),
            policy: s.policy.to_string(),
            focus_area: s.focus.to_string(),
            period: "令和2年度～令和6年度".to_string(),
            target_text: s.target_text.to_string(),
            actions: s.actions.to_string(),
            effects: s.effects.to_string(),
            general_plan: s.general_plan.to_string(),
            interpretations: if s.number == 7 {
                vec!["年度ごとの目標は累計値として読み替えた（令和6年度：33施設）".to_string()]
            } else {
                Vec::new()
            },
            status: PlanStatus::Evaluated,
            results,
            grade: crate::book_fixture::grade(s.grade),
            self_grade: "B".to_string(),
            previous_grade: Some(crate::book_fixture::grade("B")),
            history,
            achievements: if s.number == 1 {
                long.to_string()
            } else {
                "計画どおり実施した。".to_string()
            },
            issues: "職員の異動に伴い、取組の継続性を確保する必要がある。".to_string(),
            direction: "引き続き取組を推進し、最終年度の目標達成を目指す。".to_string(),
            source: Some(format!("{}.xlsx › {}{}", s.department, s.mark, s.name)),
            cites: Default::default(),
        });
    }
    let summary_row = |label: &str, counts: Vec<u32>| SummaryRow {
        label: label.to_string(),
        shares: counts.iter().map(|_| rate("0.25")).collect(),
        previous: Some(vec![1, 2, 1, 0, 0]),
        change: Some(vec![1, -1, 0, 0, 0]),
        plans: counts.iter().sum(),
        counts,
    };
    Book {
        meta: BookMeta {
            outline_title: "第4次安曇野市行財政改革大綱".to_string(),
            city: "安曇野市".to_string(),
            committee: "行政改革推進委員会".to_string(),
            philosophy: "職員の資質向上と将来を見据えた戦略的な行政経営を図り、市民満足度の向上と行財政基盤の強化を目指します。".to_string(),
            year: 2024,
            date: hyoka::values::Date::new(2025, 5, 31).unwrap(),
            sample: true,
            history_years: years.to_vec(),
            book_title: "第4次安曇野市行財政改革大綱 アクションプラン".into(),
            vocabulary: Default::default(),
        },
        wording: Wording {
            title: "第4次安曇野市行財政改革大綱 アクションプラン 令和6年度 取組状況・評価".to_string(),
            cover_note: "安曇野市 行政改革推進委員会 資料".to_string(),
            sample_mark: "サンプルデータ（架空のデータ）".to_string(),
            introduction: vec!["本書は、第4次安曇野市行財政改革大綱に基づくアクションプランについて、令和6年度の取組状況と評価を取りまとめたものです。".to_string()],
            method_intro: vec!["各アクションプランの目標・指標ごとに達成率を算定し、評価の区分に当てはめて評価しました。".to_string()],
            summary_intro: vec!["評価の対象となった4件のアクションプランの評価結果は次のとおりです。".to_string()],
            footer: "第4次安曇野市行財政改革大綱 アクションプラン".to_string(),
        },
        method: Method {
            scale: vec![
                ScaleRow { mark: "A".into(), label: "目標達成".into(), condition: "達成率100%以上".into() },
                ScaleRow { mark: "B".into(), label: "概ね達成".into(), condition: "達成率80%以上100%未満".into() },
                ScaleRow { mark: "C".into(), label: "一部達成".into(), condition: "達成率50%以上80%未満".into() },
                ScaleRow { mark: "D".into(), label: "未達成".into(), condition: "達成率50%未満".into() },
                ScaleRow { mark: "－".into(), label: "評価なし".into(), condition: "目標が定められていない、又は実績が報告されていないもの".into() },
            ],
            rounding: "達成率は小数第2位を四捨五入し、小数第1位まで表示しています。".to_string(),
            plan_rule: "複数の指標があるアクションプランは、最も低い指標の評価をそのプランの評価とします。".to_string(),
            kinds: vec![
                KindMethod { name: "件数（年間）".into(), description: "達成率＝実績値÷目標値×100（目標値が0の場合は、実績値が0ならA）".into(), plans: vec!["①".into(), "⑰".into()] },
                KindMethod { name: "基準値からの増減".into(), description: "達成率＝（基準値－実績値）÷（基準値－目標値）×100".into(), plans: vec!["②".into()] },
                KindMethod { name: "累計".into(), description: "達成率＝累計実績値÷累計目標値×100".into(), plans: vec!["⑦".into()] },
            ],
        },
        summary: Summary {
            columns: vec!["A".into(), "B".into(), "C".into(), "D".into(), "－".into()],
            total: summary_row("全体", vec![2, 1, 1, 0, 0]),
            by_policy: vec![summary_row(POLICY_1, vec![1, 1, 1, 0, 0]), summary_row(POLICY_2, vec![1, 0, 0, 0, 0])],
            by_focus_area: vec![
                summary_row("(1) ICT（情報通信技術）の利活用の推進", vec![1, 1, 0, 0, 0]),
                summary_row("(4) 公共施設等のマネジメント", vec![0, 0, 1, 0, 0]),
                summary_row("(6) 協働によるまちづくりの推進", vec![1, 0, 0, 0, 0]),
            ],
            out_of_period: 0,
            not_submitted: 0,
            needs_review: 0,
            not_evaluable: 0,
            graded: 4,
        },
        list,
        plans,
        committee: None,
        follow_up: None,
        outlook: None,
        final_evaluation: None,
        diagnostics: vec![
            Diagnostic::warning("value-rounded", "実績値「6,420.4」を整数に丸めました")
                .at(Source::cell("税務課.xlsx", "② e-Tax", "D12"))
                .plan(2)
                .hint("整数で入力してください"),
        ],
        sources: Vec::new(),
    }
}

/// The fixture with `n` plans (copies of the four, renumbered), for long 一覧 and 目次.
pub fn pdf_book_with(n: usize) -> Book {
    let mut book = pdf_book();
    let base_plans = book.plans.clone();
    let base_rows = book.list.clone();
    book.plans.clear();
    book.list.clear();
    for i in 0..n {
        let mut p = base_plans[i % base_plans.len()].clone();
        p.number = i as u32 + 1;
        book.list.extend(
            base_rows
                .iter()
                .filter(|r| r.plan == base_plans[i % base_plans.len()].number)
                .cloned()
                .map(|mut r| {
                    r.plan = i as u32 + 1;
                    r
                }),
        );
        if i == 3 {
            // A row taller than a page: 取組実績 must split between its lines.
            p.achievements = format!("{}\n", base_plans[0].achievements).repeat(30);
        }
        book.plans.push(p);
    }
    book
}

const MARKS: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙";

/// The book with the real texts of all 29 plans of `plans/azumino-4th.toml` and
/// fictional figures: what the real book's pages will have to hold.
pub fn pdf_book_from_plans() -> Book {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/plans/azumino-4th.toml");
    let source = std::fs::read_to_string(path).expect("plan file");
    let set: hyoka::plan::PlanSet = toml::from_str(&source).expect("plan file parses");
    let mut book = pdf_book();
    book.plans.clear();
    book.list.clear();
    let grades = ["A", "B", "C", "A", "D"];
    for plan in &set.plans {
        let mark = MARKS
            .chars()
            .nth(plan.number as usize - 1)
            .unwrap_or('○')
            .to_string();
        let focus = set
            .focus_areas
            .iter()
            .find(|f| f.id == plan.focus_area)
            .expect("focus");
        let policy = set
            .policies
            .iter()
            .find(|p| p.id == focus.policy)
            .expect("policy");
        let policy_text = format!("{} {}", policy.id, policy.title);
        let focus_text = format!("({}) {}", focus.id, focus.title);
        let grade = grades[plan.number as usize % grades.len()];
        let mut results = Vec::new();
        let mut history = Vec::new();
        for (k, ind) in plan.indicators.iter().enumerate() {
            let base = 1000 + 937 * i64::from(plan.number) + 311 * k as i64;
            let points: Vec<HistoryPoint> = (2020..=2024)
                .map(|y| {
                    let t = base + (y as i64 - 2020) * 120;
                    let a = t - 150 + ((y as i64 * 7 + i64::from(plan.number)) % 5) * 70;
                    HistoryPoint {
                        year: y,
                        target: Some(num(&t.to_string())),
                        actual: Some(num(&a.to_string())),
                        rate: Some(rate("0.962")),
                        grade: crate::book_fixture::grade(grade),
                        original_rate: None,
                        cites: Default::default(),
                    }
                })
                .collect();
            let last = points.last().cloned().expect("five years");
            let result = IndicatorResult {
                key: ind.key.clone(),
                label: ind.label.clone(),
                unit: ind.unit.clone(),
                target: last.target.clone(),
                final_target: None,
                actual: last.actual.clone(),
                basis: ind.baseline.map(|b| num(&b.value.to_string())),
                basis_label: ind.baseline.map(|b| format!("{}年度", b.year)),
                rate: last.rate.clone(),
                grade: crate::book_fixture::grade(grade),
                note: ind
                    .interpretation
                    .as_ref()
                    .map(|_| "目標の読み方を参照".to_string()),
                revision: None,
                choices: Vec::new(),
                cites: Default::default(),
            };
            history.push(IndicatorHistory {
                key: ind.key.clone(),
                label: ind.label.clone(),
                unit: ind.unit.clone(),
                choices: Vec::new(),
                points,
            });
            book.list.push(ListRow {
                policy: policy_text.clone(),
                focus_area: focus_text.clone(),
                plan: plan.number,
                plan_name: format!("{mark}{}", plan.name),
                department: plan.department.clone(),
                period: plan.period_text.clone(),
                indicator: ind.text.clone(),
                result: result.clone(),
                plan_grade: crate::book_fixture::grade(grade),
                self_grade: "B".to_string(),
                first_of_plan: k == 0,
                plan_rows: plan.indicators.len() as u32,
            });
            results.push(result);
        }
        book.plans.push(PlanPage {
            number: plan.number,
            mark: mark.clone(),
            name: plan.name.clone(),
            department: plan.department.clone(),
            policy: policy_text,
            focus_area: focus_text,
            period: plan.period_text.clone(),
            target_text: plan.target_text.clone(),
            actions: plan.actions.clone(),
            effects: plan.effects.clone(),
            general_plan: format!(
                "{}\n{}",
                plan.general_plan.policies.join("\n"),
                plan.general_plan.text
            ),
            interpretations: plan
                .indicators
                .iter()
                .filter_map(|i| i.interpretation.clone())
                .collect(),
            status: PlanStatus::Evaluated,
            results,
            grade: crate::book_fixture::grade(grade),
            self_grade: "B".to_string(),
            previous_grade: Some(crate::book_fixture::grade("B")),
            history,
            achievements: "計画に基づき取組を実施した。".repeat(1 + plan.number as usize % 4),
            issues: "取組の継続性を確保する必要がある。".to_string(),
            direction: "引き続き取組を推進する。".to_string(),
            source: Some(format!("{}.xlsx › {mark}", plan.department)),
            cites: Default::default(),
        });
    }
    book
}
