#!/usr/bin/env bash
# 評価書の作成時間を比べます（hyperfine で 3 つを交互に実行し、中央値と比を表示）:
#   1. hyoka build … 同梱サンプルから評価書のすべての版（xlsx・pdf・html・csv）を作成
#   2. soffice --headless --convert-to pdf … 同じ評価書の .xlsx を LibreOffice で PDF に
#      （市役所で手作業の代わりに行うこと。評価書のフォントを LibreOffice に渡すので、同じページ数で印刷されます）
#   3. Typst 0.15 … 同じ内容の .typ（examples/typst_source.rs が hyoka の Document から作成）を PDF に
#      （PyPI の typst を、このスクリプトが作る仮想環境 target/bench-typst に入れます）
#
# 必要なもの（hyperfine と soffice はインストールしません）:
#   hyperfine  … apt-get install hyperfine
#   soffice    … apt-get install libreoffice-calc-nogui（または libreoffice）
#   python3    … venv と pip（Typst の取得に使います。オフラインなら Typst の列は省きます）
# 使い方: bash bench/compare.sh [実行回数]
# 最後に README に貼れる Markdown の表を表示します。
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
missing=()
command -v hyperfine >/dev/null || missing+=("hyperfine (apt-get install hyperfine)")
command -v soffice >/dev/null || missing+=("soffice (apt-get install libreoffice-calc-nogui)")
command -v python3 >/dev/null || missing+=("python3 (apt-get install python3-venv)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "次のコマンドが必要です:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 2
fi
cargo build --release --quiet --bin hyoka --example typst_source
target="${CARGO_TARGET_DIR:-target}"
hyoka="$target/release/hyoka"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$hyoka" build --out "$work/book" >/dev/null
xlsx=$(ls "$work"/book/*.xlsx | head -n 1)
cp "$xlsx" "$work/book.xlsx"

# LibreOffice に評価書のフォント（BIZ UDゴシック）を渡します: 専用のプロファイルと、フォントを置いた
# fontconfig の設定。システムにないフォントでは別のフォントで組まれ、ページ数が変わるためです。
profile="$work/lo-profile"
mkdir -p "$work/fontconfig"
cat >"$work/fontconfig/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$PWD/fonts</dir>
  <cachedir>$work/fontconfig/cache</cachedir>
</fontconfig>
EOF
export FONTCONFIG_FILE="$work/fontconfig/fonts.conf"
soffice="soffice -env:UserInstallation=file://$profile --headless --convert-to pdf --outdir $work/lo $work/book.xlsx"
$soffice >/dev/null 2>&1 # プロファイルの初回作成は測りません

# Typst: PyPI のパッケージを仮想環境に（2 回目からは作成済みのものを使います）。
venv="$target/bench-typst"
typst_ok=1
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import typst' 2>/dev/null; then
  python3 -m venv "$venv" && "$venv/bin/pip" install --quiet 'typst>=0.15,<0.16' || typst_ok=0
fi
commands=(-n "hyoka build" "$hyoka build --out $work/out"
  -n "soffice --convert-to pdf" "$soffice")
if [ "$typst_ok" = 1 ]; then
  "$target/release/examples/typst_source" "$work/book.typ"
  typst="$venv/bin/python -c \"import typst; typst.compile('$work/book.typ', output='$work/typst.pdf', font_paths=['$PWD/fonts'], ignore_system_fonts=True)\""
  eval "$typst" # 確認を兼ねた 1 回目（エラーならここで止まります）
  commands+=(-n "typst compile" "$typst")
else
  echo "Typst を取得できなかったため、Typst の列は省きます。" >&2
fi

pages() { python3 bench/pdf_pages.py "$1"; }
hyoka_pdf=$(ls "$work"/book/*.pdf | head -n 1)
lo_pages=$(pages "$work/lo/book.pdf")
hyoka_pages=$(pages "$hyoka_pdf")
typst_pages=$([ -f "$work/typst.pdf" ] && pages "$work/typst.pdf" || echo "－")

# hyperfine は各コマンドを続けて実行します。交互に測るため、1 回ずつのラウンドを繰り返し、
# ラウンドごとの結果を合わせて中央値をとります（負荷の変動が 3 つに等しくかかります）。
for i in $(seq 1 "$runs"); do
  hyperfine --warmup 0 --runs 1 --style none --export-json "$work/round-$i.json" "${commands[@]}" >/dev/null
done
python3 - "$work" "$runs" "$hyoka_pages" "$lo_pages" "$typst_pages" <<'PY'
import json, os, platform, statistics, sys, datetime
work, runs, hp, lp, tp = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
times = {}
for i in range(1, runs + 1):
    for r in json.load(open(f"{work}/round-{i}.json"))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
med = {k: statistics.median(v) * 1000 for k, v in times.items()}
rng = {k: (min(v) * 1000, max(v) * 1000) for k, v in times.items()}
h = med["hyoka build"]
lo = med["soffice --convert-to pdf"]
ty = med.get("typst compile")
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
load = os.getloadavg()[0]
print(f"\n測定: {datetime.date.today().isoformat()}、{os.cpu_count()} コア（{cpu}）・{mem:.0f} GB、"
      f"開始時の負荷平均 {load:.1f}、各 {runs} 回を交互に")
print()
print("| 測定 | 中央値（最小～最大） | PDF ページ | hyoka との比 |")
print("|---|---:|---:|---:|")
print(f"| `hyoka build`（検証・評価・xlsx・pdf・html・csv） | {h:,.0f} ms（{rng['hyoka build'][0]:,.0f}～{rng['hyoka build'][1]:,.0f}） | {hp} | 1 |")
print(f"| `soffice --headless --convert-to pdf`（評価書の xlsx、同じフォント） | {lo:,.0f} ms（{rng['soffice --convert-to pdf'][0]:,.0f}～{rng['soffice --convert-to pdf'][1]:,.0f}） | {lp} | {lo / h:.1f} 倍 |")
if ty is not None:
    print(f"| Typst 0.15（同じ内容の .typ、Python から） | {ty:,.0f} ms（{rng['typst compile'][0]:,.0f}～{rng['typst compile'][1]:,.0f}） | {tp} | {ty / h:.1f} 倍 |")
PY
