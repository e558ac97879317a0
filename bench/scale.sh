#!/usr/bin/env bash
# 規模による作成時間の伸びを測ります: 架空の市（プラン数 N = 29・300・1,000、令和2～6年度の
# 記入済み進捗シート）を作り、それぞれ hyoka build（検証・評価・xlsx・pdf）の時間と最大メモリを表にします。
# 架空の市は examples/synthetic_city.rs（計画定義）と examples/sample_input.rs（進捗シート）で作ります。
#
# 必要なもの（このスクリプトは何もインストールしません）:
#   hyperfine      … apt-get install hyperfine
#   /usr/bin/time  … apt-get install time（最大メモリの測定。なければその列は「－」）
# 使い方: bash bench/scale.sh [実行回数] [プラン数 ...]   例: bash bench/scale.sh 5 29 300 1000
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(29 300 1000)
if ! command -v hyperfine >/dev/null; then
  echo "hyperfine が必要です（apt-get install hyperfine）。" >&2
  exit 2
fi
cargo build --release --quiet --bin hyoka --example synthetic_city --example sample_input
work="target/scale"
mkdir -p "$work"
rows=()
for n in "${sizes[@]}"; do
  city="$work/$n"
  rm -rf "$city"
  ./target/release/examples/synthetic_city "$city" "$n" >/dev/null
  ./target/release/examples/sample_input "$city/input" "$city/plans.toml" >/dev/null
  files=$(find "$city/input" -type f | wc -l)
  build="./target/release/hyoka build --input $city/input --plan $city/plans.toml --out $city/output"
  hyperfine --warmup 1 --runs "$runs" --export-json "$city/time.json" -n "N=$n" "$build" >&2
  if [ -x /usr/bin/time ]; then
    peak=$(/usr/bin/time -f '%M' $build 2>&1 >/dev/null | tail -n 1)
    peak_mb=$((peak / 1024))
  else
    peak_mb="－"
  fi
  pages=$(python3 - "$city/output" <<'PY'
import pathlib, re, sys
pdf = next(pathlib.Path(sys.argv[1]).glob("*.pdf")).read_bytes()
print(len(re.findall(rb"/Type\s*/Page[^s]", pdf)))
PY
)
  rows+=("$n $files $pages $peak_mb $city/time.json")
done
python3 - "${rows[@]}" <<'PY'
import json, sys
print("| プラン数 | 入力ファイル | PDF ページ | 中央値 | 1 プランあたり | 最大メモリ |")
print("|---:|---:|---:|---:|---:|---:|")
for row in sys.argv[1:]:
    n, files, pages, peak, path = row.split(" ", 4)
    t = json.load(open(path))["results"][0]
    median = t["median"] * 1000
    peak = peak if peak == "－" else f"{int(peak):,} MB"
    print(f"| {int(n):,} | {int(files):,} | {int(pages):,} | {median:,.0f} ms"
          f"（{t['min']*1000:,.0f}～{t['max']*1000:,.0f}） | {median / int(n):.2f} ms | {peak} |")
PY
