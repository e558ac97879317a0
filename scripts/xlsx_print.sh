#!/usr/bin/env bash
# Prints the Excel book through LibreOffice twice — with the book's font (BIZ UDゴシック from
# fonts/) and without it (LibreOffice substitutes another) — and reports the pages of each,
# which must be the same: every sheet prints one page wide whatever the font.
#
#   scripts/xlsx_print.sh [BOOK.xlsx]   (default: builds the sample into target/xlsx-print/)
#
# Needs soffice and pdfinfo (LibreOffice, poppler-utils); installs nothing. Page images for
# looking at: pdftoppm -png -r 70 target/xlsx-print/with/*.pdf target/xlsx-print/with/page
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/xlsx-print"
rm -rf "$work"
mkdir -p "$work/with" "$work/without" "$work/fc"
for tool in soffice pdfinfo; do
    command -v "$tool" >/dev/null || { echo "$tool が必要です（LibreOffice・poppler-utils）。" >&2; exit 2; }
done
book="${1:-}"
if [ -z "$book" ]; then
    (cd "$root" && cargo run --quiet --release -- build --out "$work/book" >/dev/null)
    book="$(ls "$work"/book/*.xlsx | head -n 1)"
fi
cp "$book" "$work/book.xlsx"

# A fontconfig that adds the repository's fonts/ to the system's, and one that hides the
# book's font even where the system has it installed.
cat > "$work/fc/with.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$root/fonts</dir>
  <cachedir>$work/fc/cache</cachedir>
</fontconfig>
CONF
cat > "$work/fc/without.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>*BIZUD*</glob></rejectfont></selectfont>
  <cachedir>$work/fc/cache</cachedir>
</fontconfig>
CONF

for mode in with without; do
    FONTCONFIG_FILE="$work/fc/$mode.conf" soffice "-env:UserInstallation=file://$work/lo-$mode" \
        --headless --convert-to pdf --outdir "$work/$mode" "$work/book.xlsx" >/dev/null 2>&1
    pages=$(pdfinfo "$work/$mode/book.pdf" | awk '/^Pages:/ {print $2}')
    font=$(pdffonts "$work/$mode/book.pdf" 2>/dev/null | grep -c BIZUD || true)
    echo "$mode font: $pages pages (BIZ UD fonts embedded: $font)"
done
