#!/usr/bin/env bash
# Checks the PDF editions of the sample book against the machine-checkable part of
# PDF/UA-1 with `pdfua check` (PyPI package pdfua 0.1.3, no JVM).
#
#   scripts/pdfua.sh [web|handout]      (default: both)
#
# Installs what it needs by itself: a Python virtual environment in target/pdfua/ with
# pdfua (never into the repository or the system). Exits non-zero when pdfua reports any
# finding (error or warning).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/pdfua"
mkdir -p "$work"

if ! command -v python3 >/dev/null 2>&1; then
    echo "python3 が必要です（Debian: apt-get install python3 python3-venv）" >&2
    exit 2
fi
if [ ! -x "$work/venv/bin/pdfua" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet --disable-pip-version-check "pdfua==0.1.3"
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
    for pdf in "$out"/*.pdf; do
        "$work/venv/bin/pdfua" check "$pdf" || status=1
    done
done
exit "$status"
