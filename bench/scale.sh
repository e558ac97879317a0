#!/usr/bin/env bash
# 規模による作成時間とメモリの伸びを測ります: 架空の市（プラン数 N = 29・300・1,000・10,000、令和2～6年度の
# 記入済み進捗シート）を作り、それぞれ
#   - hyoka build 全体（検証・評価・すべての版）の時間（hyperfine）と最大メモリ（/usr/bin/time）、1 プランあたりの時間
#   - 段階ごとの時間と最大メモリ（examples/stages.rs が 1 つのプロセスで段階を順に実行し、段階ごとに
#     最大メモリの記録を戻して測ります: 読み込み+検証、評価+組版、xlsx、pdf、html+csv）
# を表にします。架空の市は examples/synthetic_city.rs（計画定義）と examples/sample_input.rs（進捗シート）で作ります。
#
# 必要なもの（このスクリプトは何もインストールしません）:
#   hyperfine      … apt-get install hyperfine
#   /usr/bin/time  … apt-get install time（最大メモリの測定。なければその列は「－」）
# 使い方: bash bench/scale.sh [実行回数] [プラン数 ...]   例: bash bench/scale.sh 5 29 300 1000 10000
# 10,000 プランは 1 回（hyperfine --runs 1）だけ測ります。最後に README に貼れる Markdown の表を表示します。
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(29 300 1000 10000)
if ! command -v hyperfine >/dev/null; then
  echo "hyperfine が必要です（apt-get install hyperfine）。" >&2
  exit 2
fi
cargo build --release --quiet --bin hyoka --example synthetic_city --example sample_input --example stages
target="${CARGO_TARGET_DIR:-target}"
bin="$target/release"
work="$target/scale"
mkdir -p "$work"
rows=()
for n in "${sizes[@]}"; do
  city="$work/$n"
  if [ ! -f "$city/plans.toml" ] || [ ! -d "$city/input" ]; then
    rm -rf "$city"
    "$bin/examples/synthetic_city" "$city" "$n" >/dev/null
    "$bin/examples/sample_input" "$city/input" "$city/plans.toml" >/dev/null
  fi
  files=$(find "$city/input" -type f | wc -l)
  # Past a few thousand plans the committee's one review sheet (about 2.6 rows a plan) is
  # longer than the 5,000 rows read by default: the limit is raised as a city would.
  limits=""
  [ "$n" -lt 1500 ] || limits="--max-rows 100000"
  build="$bin/hyoka build --input $city/input --plan $city/plans.toml --out $city/output $limits"
  r=$runs
  [ "$n" -lt 10000 ] || r=1
  echo "N=$n: hyoka build を $r 回…" >&2
  peak_mb="－"
  cpu="－"
  if [ "$r" -eq 1 ] && [ -x /usr/bin/time ]; then
    # 1 回だけのときは、時間と最大メモリを同じ実行で測ります。
    read -r secs peak cpu < <(/usr/bin/time -f '%e %M %U+%S' $build 2>&1 >/dev/null | tail -n 1)
    peak_mb=$((peak / 1024))
    echo "{\"results\": [{\"median\": $secs, \"min\": $secs, \"max\": $secs, \"times\": [$secs]}]}" >"$city/time.json"
  else
    hyperfine --warmup 1 --runs "$r" --style none \
      --export-json "$city/time.json" -n "N=$n" "$build" >/dev/null
    if [ -x /usr/bin/time ]; then
      read -r peak cpu < <(/usr/bin/time -f '%M %U+%S' $build 2>&1 >/dev/null | tail -n 1)
      peak_mb=$((peak / 1024))
    fi
  fi
  echo "N=$n: 段階ごと…" >&2
  "$bin/examples/stages" "$city/input" "$city/plans.toml" >"$city/stages.tsv"
  pages=$(python3 bench/pdf_pages.py "$(ls "$city"/output/*.pdf | head -n 1)")
  rows+=("$n $files $pages $peak_mb $cpu $city")
done
python3 - "${rows[@]}" <<'PY'
import datetime, json, os, platform, sys
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
print(f"\n測定: {datetime.date.today().isoformat()}、{os.cpu_count()} コア（{cpu}）・{mem:.0f} GB、"
      f"終了時の負荷平均 {os.getloadavg()[0]:.1f}、リリースビルド")
print()
print("| プラン数 | 入力ファイル | PDF ページ | hyoka build 中央値 | 1 プランあたり | CPU 時間（全コアの和） | 最大メモリ |")
print("|---:|---:|---:|---:|---:|---:|---:|")
stages = []
for row in sys.argv[1:]:
    n, files, pages, peak, cpu, city = row.split(" ", 5)
    cpu = cpu if cpu == "－" else f"{sum(map(float, cpu.split('+'))) * 1000:,.0f} ms"
    t = json.load(open(f"{city}/time.json"))["results"][0]
    median = t["median"] * 1000
    peak = peak if peak == "－" else f"{int(peak):,} MB"
    spread = f"（{t['min']*1000:,.0f}～{t['max']*1000:,.0f}）" if len(t["times"]) > 1 else "（1 回）"
    print(f"| {int(n):,} | {int(files):,} | {int(pages):,} | {median:,.0f} ms{spread}"
          f" | {median / int(n):.2f} ms | {cpu} | {peak} |")
    stages.append((int(n), [l.split("\t") for l in open(f"{city}/stages.tsv").read().splitlines()]))
names = [s[0] for s in stages[0][1]]
print()
print("段階ごと（1 つのプロセスで順に実行。時間 / その段階の間の最大メモリ）:")
print()
print("| プラン数 | " + " | ".join(names) + " |")
print("|---:|" + "---:|" * len(names))
for n, rows in stages:
    cells = [f"{float(ms):,.0f} ms / {float(mb):,.0f} MB" for _, ms, mb in rows]
    print(f"| {n:,} | " + " | ".join(cells) + " |")
PY
