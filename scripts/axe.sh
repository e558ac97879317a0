#!/usr/bin/env bash
# Checks the HTML edition of the sample book with axe-core (WCAG 2.1 A and AA rules) in a
# real headless Chromium, and writes screenshots at 1200 px and 400 px wide.
#
#   scripts/axe.sh [web|handout]      (default: both)
#
# Installs what it needs by itself: Debian's chromium (apt-get) when it is missing, and
# axe-core and puppeteer-core from npm into target/axe/ (never into the repository).
# Exits non-zero when axe reports a violation or the page makes a network request.
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
if [ ! -e "$work/node_modules/axe-core/axe.min.js" ] || [ ! -e "$work/node_modules/puppeteer-core/package.json" ]; then
    (cd "$work" && [ -e package.json ] || echo '{"private":true}' > package.json)
    npm install --prefix "$work" --no-audit --no-fund --loglevel=error axe-core@4 puppeteer-core@24
fi

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
done
exit $status
