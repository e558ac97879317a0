//! The Japanese line breaker: kinsoku cases, and no character is ever lost.

use hyoka::text::linebreak::{break_lines, is_no_end, is_no_start};

/// Breaks with every character one unit wide.
fn lines(text: &str, width: usize) -> Vec<String> {
    break_lines(text, width as f32, |_| 1.0)
        .into_iter()
        .map(|l| l.text)
        .collect()
}

/// Kinsoku against the JIS X 4051 classes of [`jis_x_4051`], not the module's own lists.
fn assert_kinsoku(lines: &[String]) {
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let first = line.chars().next().unwrap();
            assert!(
                !jis_x_4051::no_start().contains(&first),
                "line {i} starts with {first}: {lines:?}"
            );
        }
        if i + 1 < lines.len() {
            let last = line.chars().last().unwrap();
            assert!(
                !jis_x_4051::OPENING_BRACKETS.contains(&last),
                "line {i} ends with {last}: {lines:?}"
            );
        }
    }
}

const CASES: &[(&str, usize)] = &[
    ("システム障害、情報漏えいによる市民サービス低下を防ぐ。", 8),
    ("申告相談者は七千人。前年度より減少した。", 9),
    ("「選択と集中」により、限られた財源を有効に活用する。", 7),
    (
        "市民目線で事業の効果等を検証し（BPR）、見直しを進める。",
        10,
    ),
    ("『公共施設再配置計画』に基づき【重点】〔参考〕を示す。", 6),
    ("データベース・サーバー・ネットワークを更新した。", 5),
    ("ちょっとしたキャッシュレス決済やシャッター街の活性化", 4),
    ("研修会を実施しました。」と報告があった。", 10),
    ("サイバー攻撃によるシステム障害、情報流出等被害：0件/年", 7),
    ("7,063人から3%減、6,851人を目標とする（平成30年比）。", 8),
];

#[test]
fn kinsoku_holds_for_every_case_and_width() {
    for (text, width) in CASES {
        for w in (*width).max(2)..(*width + 6) {
            let got = lines(text, w);
            assert_kinsoku(&got);
            assert_eq!(got.concat(), *text, "characters lost at width {w}");
            for l in &got {
                assert!(l.chars().count() <= w, "{l} wider than {w}");
            }
        }
    }
}

#[test]
fn closing_punctuation_never_starts_a_line() {
    // At width 6, 「、」 would start line 2; the breaker pushes 「ス」 down with it.
    let got = lines("データベース、サーバー", 6);
    assert_eq!(got[0], "データベー");
    assert!(got[1].starts_with("ス、"), "{got:?}");
    assert_kinsoku(&got);
}

#[test]
fn small_kana_and_long_vowel_stay_with_their_predecessor() {
    // From width 3 up: 「キャッ」 cannot be split at all, so width 2 has no kinsoku answer.
    for w in 3..8 {
        let got = lines("キャッシュレスのシャッター", w);
        assert_kinsoku(&got);
        assert_eq!(got.concat(), "キャッシュレスのシャッター");
    }
}

#[test]
fn opening_bracket_never_ends_a_line() {
    for w in 3..10 {
        let got = lines("施設の「譲渡」又は（廃止）を【推進】する", w);
        assert_kinsoku(&got);
    }
}

#[test]
fn impossible_kinsoku_still_keeps_every_character() {
    let text = "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";
    for w in 1..5 {
        assert_eq!(lines(text, w).concat(), text);
    }
}

#[test]
fn newlines_force_breaks_and_are_the_only_characters_dropped() {
    let got = lines("①定期点検\n②修繕工事", 20);
    assert_eq!(got, vec!["①定期点検", "②修繕工事"]);
}

#[test]
fn latin_words_break_at_spaces() {
    let got = lines("Business Process Re-engineering", 12);
    assert!(
        got.iter().all(|l| l.trim_end().chars().count() <= 12),
        "{got:?}"
    );
    assert_eq!(got.concat(), "Business Process Re-engineering");
}

#[test]
fn widths_exclude_trailing_spaces() {
    let got = break_lines("ab cd", 3.0, |_| 1.0);
    assert_eq!(got[0].text, "ab ");
    assert_eq!(got[0].width, 2.0);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text drawn from ideographs, kana (small ones too), closing and opening
    /// punctuation, digits, Latin letters, spaces and newlines.
    fn japanese() -> impl Strategy<Value = String> {
        let pool: Vec<char> = "安曇野市行財政改革あいうかきくぁっゃァッャー・、。，．）」』】〕（「『【〔0123456789,.%abcXYZ /\n"
            .chars()
            .collect();
        text_from(pool)
    }

    /// Mostly ordinary characters, so that a legal cut usually exists.
    fn mostly_plain() -> impl Strategy<Value = String> {
        let mut pool: Vec<char> = "安曇野市行財政改革あいうかきく0123456789".chars().collect();
        pool.extend("ぁっゃー、。）」（「\n".chars());
        text_from(pool)
    }

    fn text_from(pool: Vec<char>) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(pool), 0..80)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn no_character_is_lost_and_lines_fit(text in japanese(), width in 1usize..20) {
            // Below three characters a kinsoku pair may be wider than the line; what
            // must hold at every width is that nothing is lost.
            let got = break_lines(&text, width as f32, |_| 1.0);
            let joined: String = got.iter().map(|l| l.text.as_str()).collect();
            prop_assert_eq!(joined, text.replace('\n', ""));
            for l in got.iter().filter(|_| width >= 3) {
                prop_assert!(l.width <= width as f32, "{:?} wider than {}", l.text, width);
            }
        }

        #[test]
        fn kinsoku_holds_when_a_line_could_be_cut_elsewhere(text in mostly_plain(), width in 6usize..20) {
            // With room for six characters, a legal cut always exists unless the text
            // has a run of six or more characters that forbid one.
            let forbidden_run = text
                .chars()
                .fold((0, 0), |(run, max), c| {
                    let run = if is_no_start(c) || is_no_end(c) { run + 1 } else { 0 };
                    (run, max.max(run))
                })
                .1;
            if forbidden_run >= 3 {
                return Ok(());
            }
            let lines: Vec<String> = break_lines(&text, width as f32, |_| 1.0)
                .into_iter()
                .map(|l| l.text)
                .collect();
            // Only soft breaks are checked: a newline may put anything at a line start.
            let mut hard = std::collections::BTreeSet::new();
            let mut offset = 0;
            for c in text.chars() {
                if c == '\n' {
                    hard.insert(offset);
                } else {
                    offset += c.len_utf8();
                }
            }
            let mut end = 0;
            for pair in lines.windows(2) {
                end += pair[0].len();
                if hard.contains(&end) || pair[0].is_empty() || pair[1].is_empty() {
                    continue;
                }
                let first = pair[1].chars().next().unwrap();
                let last = pair[0].chars().last().unwrap();
                prop_assert!(!is_no_start(first) && !is_no_end(last), "{:?}", lines);
            }
        }
    }
}

/// JIS X 4051 (日本語文書の組版方法) character classes, written out here from the standard
/// rather than taken from the module, so that a character dropped from the module's lists
/// fails a test. 行頭禁則: cl-02 終わり括弧類, cl-04 区切り約物, cl-05 中点類, cl-06 句点類,
/// cl-07 読点類, cl-09 繰返し記号, cl-10 長音記号, cl-11 小書きの仮名 (full-width forms, and
/// the ASCII punctuation Japanese text mixes in). 行末禁則: cl-01 始め括弧類.
mod jis_x_4051 {
    /// cl-02 終わり括弧類.
    pub const CLOSING_BRACKETS: &[char] = &[
        '）', '」', '』', '】', '〕', '〉', '》', '］', '｝', ')', ']', '}',
    ];
    /// cl-04 区切り約物.
    pub const DIVIDING_PUNCTUATION: &[char] = &['？', '！', '?', '!'];
    /// cl-05 中点類.
    pub const MIDDLE_DOTS: &[char] = &['・', '：', '；', ':', ';'];
    /// cl-06 句点類.
    pub const FULL_STOPS: &[char] = &['。', '．', '.'];
    /// cl-07 読点類.
    pub const COMMAS: &[char] = &['、', '，', ','];
    /// cl-09 繰返し記号.
    pub const ITERATION_MARKS: &[char] = &['ゝ', 'ゞ', 'ヽ', 'ヾ', '々'];
    /// cl-10 長音記号.
    pub const PROLONGED_SOUND_MARK: &[char] = &['ー'];
    /// cl-11 小書きの仮名.
    pub const SMALL_KANA: &[char] = &[
        'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ', 'っ', 'ゃ', 'ゅ', 'ょ', 'ゎ', 'ゕ', 'ゖ', 'ァ', 'ィ', 'ゥ',
        'ェ', 'ォ', 'ッ', 'ャ', 'ュ', 'ョ', 'ヮ', 'ヵ', 'ヶ',
    ];
    /// cl-01 始め括弧類.
    pub const OPENING_BRACKETS: &[char] = &[
        '（', '「', '『', '【', '〔', '〈', '《', '［', '｛', '(', '[', '{',
    ];

    pub fn no_start() -> Vec<char> {
        [
            CLOSING_BRACKETS,
            DIVIDING_PUNCTUATION,
            MIDDLE_DOTS,
            FULL_STOPS,
            COMMAS,
            ITERATION_MARKS,
            PROLONGED_SOUND_MARK,
            SMALL_KANA,
        ]
        .concat()
    }
}

/// Every 行頭禁則 character of JIS X 4051, placed exactly where a greedy break would put it
/// at the start of a line: it never starts one, and nothing is lost.
#[test]
fn no_jis_line_start_prohibited_character_starts_a_line() {
    for c in jis_x_4051::no_start() {
        // At width 3, 「漢字漢」 fills the first line and `c` would open the second.
        let text = format!("漢字漢{c}字漢字");
        let got = lines(&text, 3);
        assert_eq!(got.concat(), text);
        for (i, line) in got.iter().enumerate().skip(1) {
            assert!(
                !line.starts_with(c),
                "{c:?} (U+{:04X}) starts line {i}: {got:?}",
                c as u32
            );
        }
    }
}

/// 「ー」 (cl-10) in words: the breaker keeps it with the kana before it at every width.
#[test]
fn the_prolonged_sound_mark_never_starts_a_line() {
    let text = "サーバーとデータベースをアップデートしたユーザー";
    for w in 2..12 {
        let got = lines(text, w);
        assert_eq!(got.concat(), text);
        assert!(
            got.iter().skip(1).all(|l| !l.starts_with('ー')),
            "width {w}: {got:?}"
        );
    }
}

/// Every 行末禁則 character (cl-01 始め括弧類) placed where a greedy break would end a line
/// with it: it never ends one.
#[test]
fn no_jis_opening_bracket_ends_a_line() {
    for &c in jis_x_4051::OPENING_BRACKETS {
        // At width 3, `c` would be the last character of 「漢字c」.
        let text = format!("漢字{c}漢字漢字");
        let got = lines(&text, 3);
        assert_eq!(got.concat(), text);
        for (i, line) in got.iter().enumerate().take(got.len() - 1) {
            assert!(
                !line.ends_with(c),
                "{c:?} (U+{:04X}) ends line {i}: {got:?}",
                c as u32
            );
        }
    }
}

/// The public predicates agree with the JIS X 4051 classes written out above, both ways:
/// each prohibited character is reported, and ordinary kana and kanji are not. (UAX #14
/// alone already keeps some of them, 「ー」 among them, off a line start, so only the
/// predicates show a character dropped from the module's lists.)
#[test]
fn the_predicates_follow_jis_x_4051() {
    for c in jis_x_4051::no_start() {
        assert!(
            is_no_start(c),
            "{c:?} (U+{:04X}) may start a line",
            c as u32
        );
    }
    for &c in jis_x_4051::OPENING_BRACKETS {
        assert!(is_no_end(c), "{c:?} (U+{:04X}) may end a line", c as u32);
    }
    for c in ['漢', 'あ', 'ア', 'カ', 'ま', 'A', '1', '１'] {
        assert!(!is_no_start(c) && !is_no_end(c), "{c:?}");
    }
}
