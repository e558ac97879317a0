#!/usr/bin/env bash
# 評価書の作成時間を比べます: hyoka build（xlsx と pdf の両方）と、
# 同じ評価書の .xlsx を LibreOffice で PDF に変換する時間（市役所で手作業の代わりに行うこと）。
#
# 必要なもの（このスクリプトは何もインストールしません）:
#   hyperfine  … apt-get install hyperfine
#   soffice    … apt-get install libreoffice-calc-nogui（または libreoffice）
# 使い方: bash bench/compare.sh [実行回数]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
missing=()
command -v hyperfine >/dev/null || missing+=("hyperfine (apt-get install hyperfine)")
command -v soffice >/dev/null || missing+=("soffice (apt-get install libreoffice-calc-nogui)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "次のコマンドが必要です:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 2
fi
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./target/release/hyoka build --out "$work/book" >/dev/null
xlsx=$(ls "$work"/book/*.xlsx | head -n 1)
cp "$xlsx" "$work/book.xlsx"
profile="$work/lo-profile"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/result.json" \
  -n "hyoka build (xlsx+pdf)" "./target/release/hyoka build --out $work/out" \
  -n "soffice --convert-to pdf" "soffice -env:UserInstallation=file://$profile --headless --convert-to pdf --outdir $work/lo $work/book.xlsx"
python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
a, b = r[0], r[1]
print(f"中央値: {a['command']}: {a['median']*1000:.1f} ms / {b['command']}: {b['median']*1000:.1f} ms / 比 {b['median']/a['median']:.1f} 倍")
PY
