//! The sheet-label contract: the label texts `forms` prints and `intake` looks for.
//!
//! It sits below both so that neither reader nor writer depends on the other. Both sides use
//! these constants so that a renamed label is renamed everywhere; intake also
//! accepts the aliases listed here, because departments retype sheets.

/// 「年度」: the fiscal year reported on.
pub const YEAR: &str = "年度";
/// 「担当課」.
pub const DEPARTMENT: &str = "担当課";
/// 「アクションプラン」: the plan number and name.
pub const PLAN: &str = "アクションプラン";
/// 「取組期間」.
pub const PERIOD: &str = "取組期間";
/// 「目標・指標」.
pub const TARGET_TEXT: &str = "目標・指標";
/// Indicator table header: the indicator's key.
pub const INDICATOR_KEY: &str = "番号";
/// Indicator table header: the indicator's label.
pub const INDICATOR: &str = "指標";
/// Indicator table header: the unit.
pub const UNIT: &str = "単位";
/// Indicator table header: this year's target.
pub const YEAR_TARGET: &str = "今年度の目標";
/// Indicator table header: 実績値.
pub const ACTUAL: &str = "実績値";
/// Indicator table header: 前年度実績.
pub const PREVIOUS: &str = "前年度実績";
/// Indicator table header: the reference value (類似団体平均値 …).
pub const REFERENCE: &str = "参考値";
/// 「取組実績」.
pub const ACHIEVEMENTS: &str = "取組実績";
/// 「自己評価」.
pub const SELF_GRADE: &str = "自己評価";
/// 「課題」.
pub const ISSUES: &str = "課題";
/// 「今後の方向性」.
pub const DIRECTION: &str = "今後の方向性";
/// 「記入者」.
pub const AUTHOR: &str = "記入者";
/// 「連絡先」.
pub const CONTACT: &str = "連絡先";

/// Committee review table header: the grade hyoka computed (the committee sees it locked).
pub const COMPUTED_GRADE: &str = "算定評価";
/// Committee review table header: the committee's own grade (委員会評価), an input.
pub const COMMITTEE_GRADE: &str = "委員会評価";
/// Committee review table header: an opinion's stable id, e.g. 「R6-⑫-1」.
pub const OPINION_ID: &str = "意見番号";
/// Committee review table header: the opinion's text (委員会意見), an input.
pub const COMMITTEE_OPINION: &str = "委員会意見";
/// Committee review table header: the member who gave the opinion (optional).
pub const MEMBER: &str = "委員名";
/// The title of the committee's review sheet (for people; intake goes by the headers).
pub const COMMITTEE_TITLE: &str = "委員会評価シート";

/// Response table header on next year's form: how far the department has acted on one of
/// last year's opinions (one of [`RESPONSE_STATUSES`]), an input.
pub const RESPONSE_STATUS: &str = "対応状況";
/// Response table header on next year's form: what the department did or does, an input.
pub const RESPONSE_TEXT: &str = "対応内容";
/// The choices of 対応状況, in the order the form's list offers them.
pub const RESPONSE_STATUSES: &[&str] = &["対応済", "対応中", "未対応", "対応しない"];
/// The headers that make a row the header of a form's response table: all in one row.
pub const RESPONSE_HEADERS: &[&str] = &[OPINION_ID, RESPONSE_STATUS, RESPONSE_TEXT];

/// The headers that make a row the header of a committee review table: all of them in one
/// row. A department form prints its labels one per row and a one-table list has no
/// 委員会評価 column, so neither can be taken for a review sheet.
pub const COMMITTEE_HEADERS: &[&str] = &[PLAN, COMMITTEE_GRADE, COMMITTEE_OPINION];

/// Accepted spellings of each label, the printed one first.
pub const ALIASES: &[(&str, &[&str])] = &[
    (YEAR, &["年度", "報告年度", "対象年度", "評価年度"]),
    (
        DEPARTMENT,
        &[
            "担当課",
            "担当課名",
            "所管課",
            "担当部署",
            "所管部署",
            "担当部局",
        ],
    ),
    (
        PLAN,
        &[
            "アクションプラン",
            "アクションプラン名",
            "アクションプランNo.",
            "アクションプラン番号",
            "プラン名",
            "プラン番号",
        ],
    ),
    (INDICATOR_KEY, &["番号", "No.", "No"]),
    (INDICATOR, &["指標", "指標名"]),
    (ACTUAL, &["実績値", "実績", "今年度実績", "実績(今年度)"]),
    (PREVIOUS, &["前年度実績", "前年度実績値", "前年度"]),
    (
        REFERENCE,
        &["参考値", "類似団体平均値", "比較値", "類似団体平均"],
    ),
    (ACHIEVEMENTS, &["取組実績", "取組状況", "取組内容(実績)"]),
    (SELF_GRADE, &["自己評価", "評価(自己評価)"]),
    (ISSUES, &["課題", "課題・問題点"]),
    (DIRECTION, &["今後の方向性", "今後の方針", "今後の取組方針"]),
    (AUTHOR, &["記入者", "記入者名", "担当者"]),
    (CONTACT, &["連絡先", "内線", "連絡先(内線)"]),
    (COMPUTED_GRADE, &["算定評価", "評価(算定)", "算定した評価"]),
    // A city's own body (`vocabulary.body`) names the columns its review workbook prints.
    (
        COMMITTEE_GRADE,
        &[
            "委員会評価",
            "委員会の評価",
            "懇話会評価",
            "審議会評価",
            "協議会評価",
            "会議評価",
        ],
    ),
    (OPINION_ID, &["意見番号", "意見No.", "意見ID"]),
    (
        COMMITTEE_OPINION,
        &[
            "委員会意見",
            "委員意見",
            "意見",
            "懇話会意見",
            "審議会意見",
            "協議会意見",
            "会議意見",
        ],
    ),
    (MEMBER, &["委員名", "委員", "発言者"]),
    (RESPONSE_STATUS, &["対応状況", "対応区分"]),
    (RESPONSE_TEXT, &["対応内容", "対応の内容", "対応・取組内容"]),
];

/// The sample mark every sample workbook carries.
pub const SAMPLE_MARK: &str = "サンプル／架空のデータ";

/// The workbook-level defined name that only the sample generator writes: intake marks the
/// book as fictional from it, never from words in cells (a real 取組実績 may well say
/// 「統計のサンプルデータを整備」).
pub const SAMPLE_NAME: &str = "HYOKA_SAMPLE";
