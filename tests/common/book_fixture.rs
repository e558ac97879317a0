//! A small hand-built Book for writer tests: four plans of the 令和6年度 book —
//! ① with two indicators, ⑫ with a percentage schedule, ⑮ outside its period and
//! ㉒ not submitted — with history R2–R6 and one diagnostic.
#![allow(dead_code)]

use std::str::FromStr;

use hyoka::book::{
    Book, BookMeta, Grade, HistoryPoint, IndicatorHistory, IndicatorResult, KindMethod, ListRow,
    Method, PlanPage, PlanStatus, ScaleRow, Summary, SummaryRow, Wording,
};
use hyoka::diag::{Diagnostic, Source};
use hyoka::values::Number;
use rust_decimal::Decimal;

/// The report year of the fixture.
pub const YEAR: i32 = 2024;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("fixture decimal")
}

/// A count such as 「1,234」.
pub fn count(v: &str) -> Number {
    let value = dec(v);
    Number {
        decimals: hyoka::text::number::needed_decimals(value),
        value,
        percent: false,
    }
}

/// A percentage value printed with two decimals, e.g. 99.10 (unit %).
pub fn pct2(v: &str) -> Number {
    Number {
        value: dec(v),
        decimals: 2,
        percent: false,
    }
}

/// A rate as a fraction printed as 「76.9%」.
pub fn rate(v: &str) -> Number {
    Number {
        value: dec(v),
        decimals: 1,
        percent: true,
    }
}

/// A grade of the fixture's scale by its mark: A is 0 … D is 3; 「－」 (or any other
/// mark) is not evaluated.
pub fn grade(mark: &str) -> Option<Grade> {
    ["A", "B", "C", "D"]
        .iter()
        .position(|m| *m == mark)
        .map(|i| Grade(i as u8))
}

#[allow(clippy::too_many_arguments)]
fn result(
    key: &str,
    label: &str,
    unit: &str,
    target: Option<Number>,
    actual: Option<Number>,
    rate: Option<Number>,
    grade: &str,
    note: Option<&str>,
) -> IndicatorResult {
    IndicatorResult {
        key: key.into(),
        label: label.into(),
        unit: unit.into(),
        target,
        final_target: None,
        actual,
        basis: None,
        basis_label: None,
        rate,
        grade: self::grade(grade),
        note: note.map(Into::into),
        revision: None,
        choices: Vec::new(),
        cites: Default::default(),
    }
}

type Point<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, &'a str);

fn history(
    key: &str,
    label: &str,
    unit: &str,
    make: fn(&str) -> Number,
    points: &[Point<'_>],
) -> IndicatorHistory {
    IndicatorHistory {
        key: key.into(),
        label: format!("{label}（{unit}）"),
        unit: unit.into(),
        choices: Vec::new(),
        points: points
            .iter()
            .enumerate()
            .map(|(i, (t, a, r, g))| HistoryPoint {
                year: 2020 + i as i32,
                target: t.map(make),
                actual: a.map(make),
                rate: r.map(rate),
                grade: self::grade(g),
                original_rate: None,
                cites: Default::default(),
            })
            .collect(),
    }
}

const POLICY_1: &str = "Ⅰ 合理的かつ質の高い行政経営の実現";
const POLICY_2: &str = "Ⅱ みんなが行動し、互いに支え合い、助け合い、補い合う協働のまちづくりの推進";
const POLICY_3: &str = "Ⅲ 経営視点に立ち、市民のニーズに的確に対応できる行政サービスの提供";
const FOCUS_1: &str = "(1) ICT（情報通信技術）の利活用の推進";
const FOCUS_5: &str = "(5) 健全財政の堅持";
const FOCUS_8: &str = "(8) 広報・広聴の充実";

fn plans() -> Vec<PlanPage> {
    let p1 = PlanPage {
        number: 1,
        mark: "①".into(),
        name: "情報セキュリティ対策の強化".into(),
        department: "情報統計課".into(),
        policy: POLICY_1.into(),
        focus_area: FOCUS_1.into(),
        period: "令和2年度～令和6年度".into(),
        target_text: "①サイバー攻撃によるシステム障害、情報流出等被害：0件/年\n②人的ミスによるセキュリティ事故：0件/年".into(),
        actions: "①システム脆弱性対策\n②セキュリティ意識の醸成、研修会の実施及びe-ラーニング受講とりまとめ".into(),
        effects: "○システム障害、情報漏えいによる市民サービス低下及び組織としての信用失墜リスクの低減を図ることができる。".into(),
        general_plan: "方針3 地域情報化の推進\n情報セキュリティ対策を強化し、情報化への市民理解や信頼を向上させることで、地域情報化の推進を図ることができる。".into(),
        interpretations: vec!["「0件/年」は実績が0件のときに限り目標達成（A）とし、1件以上は達成率を算定せずD評価としました。".into()],
        status: PlanStatus::Evaluated,
        results: vec![
            result("1", "サイバー攻撃によるシステム障害、情報流出等被害", "件", Some(count("0")), Some(count("0")), None, "A", None),
            result("2", "人的ミスによるセキュリティ事故", "件", Some(count("0")), Some(count("1")), None, "D", Some("目標0件に対し1件発生したため、達成率は算定せずD評価")),
        ],
        grade: grade("D"),
        self_grade: "B".into(),
        previous_grade: Some(grade("A")),
        history: vec![
            history("1", "システム障害・情報流出等被害", "件", count, &[
                (Some("0"), Some("0"), None, "A"),
                (Some("0"), Some("0"), None, "A"),
                (Some("0"), Some("0"), None, "A"),
                (Some("0"), Some("0"), None, "A"),
                (Some("0"), Some("0"), None, "A"),
            ]),
            history("2", "人的ミスによるセキュリティ事故", "件", count, &[
                (Some("0"), Some("2"), None, "D"),
                (Some("0"), Some("1"), None, "D"),
                (Some("0"), Some("0"), None, "A"),
                (Some("0"), Some("0"), None, "A"),
                (Some("0"), Some("1"), None, "D"),
            ]),
        ],
        achievements: "・全職員を対象に情報セキュリティ研修（e-ラーニング）を実施し、受講率は98.7%となった。\n・外部からの不正アクセスを監視する仕組みを更新し、脆弱性診断を年2回実施した。\n・{{meta.city}} のような波括弧もそのまま印刷される。".into(),
        issues: "メールの誤送信が1件発生した。送信前の確認手順が徹底されていない。".into(),
        direction: "誤送信防止のため、外部宛メールの送信保留機能を全庁に導入する。".into(),
        source: Some("情報統計課.xlsx › ① 情報セキュリティ".into()),
        cites: Default::default(),
    };
    let p12 = PlanPage {
        number: 12,
        mark: "⑫".into(),
        name: "収税等収納率の向上".into(),
        department: "収納課".into(),
        policy: POLICY_1.into(),
        focus_area: FOCUS_5.into(),
        period: "令和2年度～令和6年度".into(),
        target_text: "○各年次の目標数値 (参考) 平成30年度：現年 99.08% 滞繰 24.76% 令和2年度：現年 99.10% 滞繰 22.50% 令和3年度：現年 99.20% 滞繰 22.50% 令和4年度：現年 99.30% 滞繰 22.50% 令和5年度：現年 99.40% 滞繰 22.50% 令和6年度：現年 99.50% 滞繰 22.50%".into(),
        actions: "○税負担の公平性と自主財源確保の観点から年間計画に基づく滞納整理(差押による強制換価処分等)の実施 ①現年度重視の徴収体制の強化 ②新規滞納者の増加抑制(時間的経過を与えない取組み) ③滞納者への納付誓約、計画納付の促進 ④公平性を確保するため「差押」等の滞納処分の積極的な実施 ⑤公売(動産、不動産)の強化 ⑥その他収納率向上の取組みの実施".into(),
        effects: "○税負担の公平性の確保及び自主財源の確保を図ることができる。".into(),
        general_plan: "方針5 健全財政の堅持\n高い収納率を確保することで、健全財政の堅持を図ることができる。".into(),
        interpretations: vec![],
        status: PlanStatus::Evaluated,
        results: vec![
            result("現年", "収納率（現年度分）", "%", Some(pct2("99.50")), Some(pct2("99.31")), Some(rate("0.998")), "B", None),
            result("滞繰", "収納率（滞納繰越分）", "%", Some(pct2("22.50")), Some(pct2("25.10")), Some(rate("1.116")), "A", None),
        ],
        grade: grade("B"),
        self_grade: "A".into(),
        previous_grade: Some(grade("B")),
        history: vec![
            history("現年", "収納率（現年度分）", "%", pct2, &[
                (Some("99.10"), Some("99.12"), Some("1.000"), "A"),
                (Some("99.20"), Some("99.18"), Some("1.000"), "B"),
                (Some("99.30"), Some("99.35"), Some("1.001"), "A"),
                (Some("99.40"), Some("99.28"), Some("0.999"), "B"),
                (Some("99.50"), Some("99.31"), Some("0.998"), "B"),
            ]),
            history("滞繰", "収納率（滞納繰越分）", "%", pct2, &[
                (Some("22.50"), Some("23.84"), Some("1.060"), "A"),
                (Some("22.50"), Some("21.02"), Some("0.934"), "B"),
                (Some("22.50"), Some("24.33"), Some("1.081"), "A"),
                (Some("22.50"), Some("26.71"), Some("1.187"), "A"),
                (Some("22.50"), Some("25.10"), Some("1.116"), "A"),
            ]),
        ],
        achievements: "・現年度分の早期納付を促すため、口座振替の加入勧奨を行った。\n・滞納繰越分について、財産調査に基づく差押を実施した（差押件数 412件）。".into(),
        issues: "=SUM(A1:A3) ではなく文字どおりの記載：現年度分は目標に0.19ポイント届かなかった。".into(),
        direction: "コンビニ納付・スマートフォン決済の周知を強化し、現年度分の収納率向上を図る。".into(),
        source: Some("収納課.xlsx › ⑫ 収納率".into()),
        cites: Default::default(),
    };
    let p15 = PlanPage {
        number: 15,
        mark: "⑮".into(),
        name: "安曇野市国民健康保険における医療費の増加抑制（特定健康診査）".into(),
        department: "国保年金課".into(),
        policy: POLICY_1.into(),
        focus_area: FOCUS_5.into(),
        period: "令和2年度～ ※令和5年度\n※取組期間は第3期安曇野市国民健康保険特定健康診査等実施計画と整合させている。".into(),
        target_text: "○特定健康診査受診率：60%/取組期間 (参考) 平成30年度：48.2% (速報値)".into(),
        actions: "○特定健康診査受診率を高めるため、被保険者の健康意識の向上\n○受診しやすい環境づくり".into(),
        effects: "○特定健康診査の受診により、被保険者自らの健康状態を知ることができる。".into(),
        general_plan: "方針5 健全財政の堅持".into(),
        interpretations: vec!["最終目標60%に向け、基準値48.2%から各年度の目標を直線で按分しました。".into()],
        status: PlanStatus::OutOfPeriod,
        results: vec![result("1", "特定健康診査受診率", "%", None, None, None, "－", Some("令和6年度は取組期間外のため評価対象外"))],
        grade: grade("－"),
        self_grade: "".into(),
        previous_grade: Some(grade("C")),
        history: vec![history("1", "特定健康診査受診率", "%", pct2, &[
            (Some("50.56"), Some("44.10"), Some("0.872"), "B"),
            (Some("52.92"), Some("46.30"), Some("0.875"), "B"),
            (Some("55.28"), Some("47.90"), Some("0.866"), "B"),
            (Some("57.64"), Some("45.00"), Some("0.781"), "C"),
            (None, None, None, "－"),
        ])],
        achievements: "".into(),
        issues: "".into(),
        direction: "".into(),
        source: None,
        cites: Default::default(),
    };
    let p22 = PlanPage {
        number: 22,
        mark: "㉒".into(),
        name: "ホームページの充実".into(),
        department: "秘書広報課".into(),
        policy: POLICY_2.into(),
        focus_area: FOCUS_8.into(),
        period: "令和2年度～令和6年度".into(),
        target_text: "○市ホームページへの訪問者：100万人/年".into(),
        actions: "○ホームページの内容の充実".into(),
        effects: "○市政情報を迅速に発信できる。".into(),
        general_plan: "方針2 広報・広聴の充実".into(),
        interpretations: vec![],
        status: PlanStatus::NotSubmitted,
        results: vec![result(
            "1",
            "市ホームページへの訪問者",
            "人",
            Some(count("1000000")),
            None,
            None,
            "－",
            Some("未提出"),
        )],
        grade: grade("－"),
        self_grade: "".into(),
        previous_grade: Some(grade("A")),
        history: vec![history(
            "1",
            "市ホームページへの訪問者",
            "人",
            count,
            &[
                (Some("1000000"), Some("1123456"), Some("1.123"), "A"),
                (Some("1000000"), Some("1087001"), Some("1.087"), "A"),
                (Some("1000000"), Some("998765"), Some("0.999"), "B"),
                (Some("1000000"), Some("1204321"), Some("1.204"), "A"),
                (Some("1000000"), None, None, "－"),
            ],
        )],
        achievements: "".into(),
        issues: "".into(),
        direction: "".into(),
        source: None,
        cites: Default::default(),
    };
    vec![p1, p12, p15, p22]
}

fn list(plans: &[PlanPage]) -> Vec<ListRow> {
    let mut rows = Vec::new();
    for p in plans {
        for (i, r) in p.results.iter().enumerate() {
            rows.push(ListRow {
                policy: p.policy.clone(),
                focus_area: p.focus_area.clone(),
                plan: p.number,
                plan_name: format!("{}{}", p.mark, p.name),
                department: p.department.clone(),
                period: p.period.clone(),
                indicator: r.label.clone(),
                result: r.clone(),
                plan_grade: p.grade,
                self_grade: p.self_grade.clone(),
                first_of_plan: i == 0,
                plan_rows: p.results.len() as u32,
            });
        }
    }
    rows
}

fn summary_row(
    label: &str,
    counts: [u32; 5],
    prev: Option<[u32; 5]>,
    shares: [&str; 5],
) -> SummaryRow {
    SummaryRow {
        label: label.into(),
        counts: counts.to_vec(),
        shares: shares.iter().map(|s| rate(s)).collect(),
        previous: prev.map(|p| p.to_vec()),
        change: prev.map(|p| {
            counts
                .iter()
                .zip(p)
                .map(|(c, p)| i64::from(*c) - i64::from(p))
                .collect()
        }),
        plans: counts.iter().sum(),
    }
}

/// The fixture book; `sample` sets the sample mark.
pub fn book(sample: bool) -> Book {
    let plans = plans();
    let list = list(&plans);
    Book {
        meta: BookMeta {
            outline_title: "第4次安曇野市行財政改革大綱".into(),
            city: "安曇野市".into(),
            committee: "行政改革推進委員会".into(),
            philosophy: "職員の資質向上と将来を見据えた戦略的な行政経営を図り、市民満足度の向上と行財政基盤の強化を目指します。".into(),
            year: YEAR,
            date: hyoka::values::Date::new(2025, 5, 31).unwrap(),
            sample,
            history_years: (2020..=YEAR).collect(),
            book_title: "第4次安曇野市行財政改革大綱 アクションプラン".into(),
            vocabulary: Default::default(),
        },
        wording: Wording {
            title: "第4次安曇野市行財政改革大綱 アクションプラン 令和6年度（2024年度） 取組状況・評価".into(),
            cover_note: "行政改革推進委員会 審議資料".into(),
            sample_mark: if sample { "サンプルデータ（架空のデータ）".into() } else { String::new() },
            introduction: vec![
                "安曇野市では、第4次安曇野市行財政改革大綱に基づき、行財政改革に取り組んでいます。".into(),
                "本書は、令和6年度（2024年度）におけるアクションプラン4項目の取組状況を取りまとめ、目標・指標の達成状況から評価を行ったものです。".into(),
            ],
            method_intro: vec!["各アクションプランの目標・指標について、担当課から報告された実績値を年度目標と比較して達成率を算定し、次の区分により評価しました。".into()],
            summary_intro: vec!["令和6年度（2024年度）の評価対象となるアクションプランは2項目です（取組期間外 1項目、未提出 1項目を除く）。".into()],
            footer: "第4次安曇野市行財政改革大綱 アクションプラン 令和6年度（2024年度） 取組状況・評価".into(),
        },
        method: Method {
            scale: vec![
                ScaleRow { mark: "A".into(), label: "目標達成".into(), condition: "達成率100%以上".into() },
                ScaleRow { mark: "B".into(), label: "概ね達成".into(), condition: "達成率80%以上100%未満".into() },
                ScaleRow { mark: "C".into(), label: "一部達成".into(), condition: "達成率50%以上80%未満".into() },
                ScaleRow { mark: "D".into(), label: "目標未達成".into(), condition: "達成率50%未満".into() },
                ScaleRow { mark: "－".into(), label: "評価対象外".into(), condition: "取組期間外、未提出または評価できないもの".into() },
            ],
            rounding: "達成率は小数第4位を四捨五入し、百分率で小数第1位まで表示します。".into(),
            plan_rule: "複数の指標を持つアクションプランは、各指標の評価のうち最も低いものをプランの評価とします。".into(),
            kinds: vec![
                KindMethod { name: "件数ゼロ".into(), description: "実績が0件のときA、1件以上のときD（達成率は算定しない）".into(), plans: vec!["①".into()] },
                KindMethod { name: "年次目標".into(), description: "達成率＝実績値÷その年度の目標値".into(), plans: vec!["⑫".into()] },
                KindMethod { name: "到達水準".into(), description: "基準値から最終目標までを年数で按分した値をその年度の目標とし、達成率＝実績値÷年度目標".into(), plans: vec!["⑮".into()] },
                KindMethod { name: "年間目標".into(), description: "達成率＝実績値÷年間目標値".into(), plans: vec!["㉒".into()] },
            ],
        },
        summary: Summary {
            columns: vec!["A".into(), "B".into(), "C".into(), "D".into(), "－".into()],
            total: summary_row("全体", [0, 1, 0, 1, 2], Some([1, 1, 1, 0, 1]), ["0", "0.25", "0", "0.25", "0.5"]),
            by_policy: vec![
                summary_row(POLICY_1, [0, 1, 0, 1, 1], Some([1, 1, 1, 0, 0]), ["0", "0.333", "0", "0.333", "0.333"]),
                summary_row(POLICY_2, [0, 0, 0, 0, 1], Some([0, 0, 0, 0, 1]), ["0", "0", "0", "0", "1"]),
            ],
            by_focus_area: vec![
                summary_row(FOCUS_1, [0, 0, 0, 1, 0], Some([1, 0, 0, 0, 0]), ["0", "0", "0", "1", "0"]),
                summary_row(FOCUS_5, [0, 1, 0, 0, 1], Some([0, 1, 1, 0, 0]), ["0", "0.5", "0", "0", "0.5"]),
                summary_row(FOCUS_8, [0, 0, 0, 0, 1], Some([0, 0, 0, 0, 1]), ["0", "0", "0", "0", "1"]),
            ],
            out_of_period: 1,
            not_submitted: 1,
            needs_review: 0,
            not_evaluable: 0,
            graded: 2,
        },
        list,
        plans,
        committee: None,
        follow_up: None,
        outlook: None,
        final_evaluation: None,
        diagnostics: vec![
            Diagnostic::warning("submission-missing", "アクションプラン㉒の令和6年度の進捗シートが提出されていません。")
                .plan(22)
                .hint("秘書広報課に提出を依頼してください。"),
            Diagnostic::warning("value-rounded", "実績値 99.314 を小数第2位に丸めて読み取りました。")
                .at(Source::cell("収納課.xlsx", "⑫ 収納率", "D12"))
                .plan(12)
                .field("実績値"),
        ],
        sources: Vec::new(),
    }
}

/// A book of all 29 plans in the outline's 基本方針 and 重点項目, made by repeating the four
/// fixture plans: for page breaks and merges at full size.
pub fn book_large(sample: bool) -> Book {
    let mut b = book(sample);
    let marks: Vec<char> = ('①'..='⑳').chain('㉑'..='㉙').collect();
    let focus = |n: u32| -> (&str, &str) {
        match n {
            1..=2 => (POLICY_1, FOCUS_1),
            3..=4 => (POLICY_1, "(2) 事務事業の見直し"),
            5..=6 => (POLICY_1, "(3) 民間活力の活用"),
            7..=9 => (POLICY_1, "(4) 公共施設等のマネジメント"),
            10..=16 => (POLICY_1, FOCUS_5),
            17..=19 => (POLICY_2, "(6) 協働によるまちづくりの推進"),
            20..=21 => (POLICY_2, "(7) 高齢者の生きがいづくり"),
            22 => (POLICY_2, FOCUS_8),
            23..=26 => (POLICY_2, "(9) 人口減少抑制の取組み"),
            27..=28 => (POLICY_3, "(10) 職員の育成"),
            _ => (POLICY_3, "(11) 地域活動への参加"),
        }
    };
    let templates = b.plans.clone();
    b.plans = (1..=29u32)
        .map(|n| {
            let mut p = templates[(n as usize - 1) % templates.len()].clone();
            let (policy, area) = focus(n);
            p.number = n;
            p.mark = marks[n as usize - 1].to_string();
            p.policy = policy.into();
            p.focus_area = area.into();
            p
        })
        .collect();
    b.list = list(&b.plans);
    b
}

/// A book with the real definitions of every plan in `plans` (texts, indicators, groups) and
/// the fixture's made-up results: for looking at the layout with the outline's real text.
pub fn book_from_plans(plans: &hyoka::plan::PlanSet, sample: bool) -> Book {
    let mut b = book(sample);
    let templates = b.plans.clone();
    let marks: Vec<char> = ('①'..='⑳').chain('㉑'..='㉙').collect();
    b.plans = plans
        .plans
        .iter()
        .enumerate()
        .map(|(i, def)| {
            let mut p = templates[i % templates.len()].clone();
            let area = plans.focus_areas.iter().find(|f| f.id == def.focus_area);
            let policy = area.and_then(|a| plans.policies.iter().find(|p| p.id == a.policy));
            p.number = def.number;
            p.mark = marks
                .get(def.number as usize - 1)
                .map_or_else(|| def.number.to_string(), char::to_string);
            p.name = def.name.clone();
            p.department = def.department.clone();
            p.policy = policy.map_or_else(String::new, |p| format!("{} {}", p.id, p.title));
            p.focus_area = area.map_or_else(String::new, |a| format!("({}) {}", a.id, a.title));
            p.period = match &def.period_note {
                Some(note) => format!("{}\n{note}", def.period_text),
                None => def.period_text.clone(),
            };
            p.target_text = def.target_text.trim().to_string();
            p.actions = def.actions.trim().to_string();
            p.effects = def.effects.trim().to_string();
            p.general_plan = format!(
                "{}\n{}",
                def.general_plan.policies.join("　"),
                def.general_plan.text
            );
            p.interpretations = def
                .indicators
                .iter()
                .filter_map(|i| i.interpretation.clone())
                .collect();
            let result = p.results[0].clone();
            let history = p.history[0].clone();
            p.results = def
                .indicators
                .iter()
                .map(|ind| IndicatorResult {
                    key: ind.key.clone(),
                    label: ind.label.clone(),
                    unit: ind.unit.clone(),
                    ..result.clone()
                })
                .collect();
            p.history = def
                .indicators
                .iter()
                .map(|ind| IndicatorHistory {
                    key: ind.key.clone(),
                    label: format!("{}（{}）", ind.label, ind.unit),
                    unit: ind.unit.clone(),
                    ..history.clone()
                })
                .collect();
            p
        })
        .collect();
    b.list = list(&b.plans);
    for (row, ind) in b
        .list
        .iter_mut()
        .zip(plans.plans.iter().flat_map(|p| &p.indicators))
    {
        row.indicator = ind.text.clone();
    }
    b
}
