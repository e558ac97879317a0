//! The Japanese line breaker: kinsoku cases, and no character is ever lost.

use hyoka::text::linebreak::{break_lines, is_no_end, is_no_start};

/// Breaks with every character one unit wide.
fn lines(text: &str, width: usize) -> Vec<String> {
    break_lines(text, width as f32, |_| 1.0)
        .into_iter()
        .map(|l| l.text)
        .collect()
}

fn assert_kinsoku(lines: &[String]) {
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let first = line.chars().next().unwrap();
            assert!(
                !is_no_start(first),
                "line {i} starts with {first}: {lines:?}"
            );
        }
        if i + 1 < lines.len() {
            let last = line.chars().last().unwrap();
            assert!(!is_no_end(last), "line {i} ends with {last}: {lines:?}");
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
