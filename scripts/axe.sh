#!/usr/bin/env bash
# Checks the HTML edition of the sample book with axe-core (WCAG 2.1 A and AA rules) in a
# real headless Chromium, and writes screenshots at 1200 px and 400 px wide; then with a
# second rule engine, pa11y's HTML_CodeSniffer (WCAG 2 AA, errors and warnings), and with
# the Nu Html Checker (vnu, HTML validity; skipped with a note when Java is missing).
#
#   scripts/axe.sh [web|handout]      (default: both)
#
# Installs what it needs by itself: Debian's chromium (apt-get) when it is missing, and
# axe-core, puppeteer-core, pa11y and vnu-jar from npm into target/axe/ (never into the
# repository). Exits non-zero when axe reports a violation, the page makes a network request,
# pa11y reports an error or a warning, or vnu an error.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/axe"
mkdir -p "$work"

if ! command -v chromium >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-cjk
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "node と npm が必要です（Debian: apt-get install nodejs npm）" >&2
    exit 2
fi
if [ ! -e "$work/node_modules/axe-core/axe.min.js" ] || [ ! -e "$work/node_modules/puppeteer-core/package.json" ] \
    || [ ! -e "$work/node_modules/.bin/pa11y" ] || [ ! -e "$work/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
    (cd "$work" && [ -e package.json ] || echo '{"private":true}' > package.json)
    npm install --prefix "$work" --no-audit --no-fund --loglevel=error axe-core@4 puppeteer-core@24 pa11y@10 vnu-jar@26
fi
# pa11y drives the same Chromium; --no-sandbox as axe-run.cjs does (CI runs as root).
cat >"$work/pa11y.json" <<EOF
{"chromeLaunchConfig": {"executablePath": "$(command -v chromium)", "args": ["--no-sandbox", "--headless=new"]},
 "standard": "WCAG2AA", "runners": ["htmlcs"], "timeout": 120000}
EOF

variants=("${@:-web handout}")
# shellcheck disable=SC2206
variants=(${variants[*]})
status=0
for variant in "${variants[@]}"; do
    out="$work/$variant"
    rm -rf "$out"
    mkdir -p "$out"
    (cd "$root" && cargo run --quiet -- build --out "$out" --variant "$variant" >/dev/null)
    html="$(ls "$out"/*.html)"
    profile="$(mktemp -d)"
    echo "== $variant: $html"
    if ! NODE_PATH="$work/node_modules" node "$root/scripts/axe-run.cjs" \
        "$(command -v chromium)" "$profile" "$html" "$out"; then
        status=1
    fi
    rm -rf "$profile"
    echo "== $variant: pa11y (HTML_CodeSniffer, WCAG2AA)"
    if ! "$work/node_modules/.bin/pa11y" --config "$work/pa11y.json" --include-warnings \
        --reporter cli "file://$html"; then
        status=1
    fi
    if command -v java >/dev/null 2>&1; then
        echo "== $variant: Nu Html Checker"
        if ! java -jar "$work/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --format text "$html"; then
            status=1
        fi
    else
        echo "（Java がないため Nu Html Checker は省きました）"
    fi
done
exit $status
