//! The reading limits shared by `hyoka build` and `hyoka check` (`--max-rows` …), against
//! zip bombs and absurd sheets; the defaults are those of [`IntakeOptions::default`].

use clap::Args;
use hyoka::intake::IntakeOptions;

/// Bytes in the MB of the limits: the size Windows Explorer shows as 1 MB.
const MB: u64 = 1024 * 1024;

/// `--max-file-mb` and the other limits of reading the input folder.
#[derive(Args, Debug, Clone)]
#[command(
    next_help_heading = "読み込みの上限（超えたファイル・シートはエラーとして読み飛ばします）"
)]
pub struct LimitArgs {
    /// 1 ファイルの最大サイズ（MB、1～1024）。
    #[arg(long, value_name = "MB", default_value_t = IntakeOptions::default().max_file_bytes / MB,
          value_parser = in_range(1, 1024))]
    max_file_mb: u64,
    /// 1 ファイルを展開した後の合計の最大サイズ（MB、1～4096）。zip bomb 対策です。
    #[arg(long, value_name = "MB", default_value_t = IntakeOptions::default().max_unpacked_bytes / MB,
          value_parser = in_range(1, 4096))]
    max_unpacked_mb: u64,
    /// 1 シートの最大行数（1～1048576）。最初と最後の記入セルの間の行数で数えます。
    #[arg(long, value_name = "N", default_value_t = IntakeOptions::default().max_rows as u64,
          value_parser = in_range(1, 1_048_576))]
    max_rows: u64,
    /// 1 シートの最大セル数（1～100000000）。記入セルを囲む範囲の行数×列数で数えます。
    #[arg(long, value_name = "N", default_value_t = IntakeOptions::default().max_cells as u64,
          value_parser = in_range(1, 100_000_000))]
    max_cells: u64,
    /// 1 セルから読む文字数の上限（1～32767）。超えた部分は読みません。
    #[arg(long, value_name = "N", default_value_t = IntakeOptions::default().max_text_chars as u64,
          value_parser = in_range(1, 32_767))]
    max_text_chars: u64,
}

impl LimitArgs {
    /// The limits as intake takes them.
    pub fn intake_options(&self) -> IntakeOptions {
        // The ranges above keep every value within usize on 64- and 32-bit targets.
        let count = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        IntakeOptions {
            max_file_bytes: self.max_file_mb * MB,
            max_unpacked_bytes: self.max_unpacked_mb * MB,
            max_rows: count(self.max_rows),
            max_cells: count(self.max_cells),
            max_text_chars: count(self.max_text_chars),
        }
    }
}

/// A parser of a whole number from `min` to `max`, refusing anything else in Japanese.
fn in_range(min: u64, max: u64) -> impl Fn(&str) -> Result<u64, String> + Clone {
    move |text: &str| {
        let range = || format!("{}～{} の整数を指定してください", group(min), group(max));
        let n: u64 = hyoka::text::nfkc(text)
            .trim()
            .replace(',', "")
            .parse()
            .map_err(|_| format!("「{text}」は整数ではありません（{}）", range()))?;
        if (min..=max).contains(&n) {
            Ok(n)
        } else {
            Err(format!("{} は範囲外です（{}）", group(n), range()))
        }
    }
}

fn group(n: u64) -> String {
    hyoka::text::number::format_decimal(rust_decimal::Decimal::from(n), 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        limits: LimitArgs,
    }

    #[test]
    fn defaults_are_intakes_defaults() {
        let cli = Cli::try_parse_from(["hyoka"]).unwrap();
        let got = cli.limits.intake_options();
        let want = IntakeOptions::default();
        assert_eq!(
            (
                got.max_file_bytes,
                got.max_unpacked_bytes,
                got.max_rows,
                got.max_cells,
                got.max_text_chars
            ),
            (
                want.max_file_bytes,
                want.max_unpacked_bytes,
                want.max_rows,
                want.max_cells,
                want.max_text_chars
            )
        );
    }

    #[test]
    fn values_are_taken_and_bounded() {
        let cli = Cli::try_parse_from([
            "hyoka",
            "--max-file-mb",
            "３",
            "--max-rows",
            "1,000",
            "--max-text-chars",
            "32767",
        ])
        .unwrap();
        let o = cli.limits.intake_options();
        assert_eq!(o.max_file_bytes, 3 * MB);
        assert_eq!(o.max_rows, 1000);
        assert_eq!(o.max_text_chars, 32_767);
        for (flag, value) in [
            ("--max-rows", "0"),
            ("--max-rows", "1048577"),
            ("--max-file-mb=-1", ""),
            ("--max-unpacked-mb", "1e9"),
            ("--max-cells", "100000001"),
            ("--max-text-chars", "たくさん"),
        ] {
            let args = ["hyoka", flag, value];
            let args = if value.is_empty() {
                &args[..2]
            } else {
                &args[..]
            };
            let err = Cli::try_parse_from(args)
                .err()
                .unwrap_or_else(|| panic!("{flag} {value} accepted"));
            assert!(
                err.to_string().contains("の整数を指定してください"),
                "{err}"
            );
        }
    }
}
