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
