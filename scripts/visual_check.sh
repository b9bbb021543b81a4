#!/usr/bin/env bash
# For a reviewer's eyes, not part of the test run: render the example round's Word booklet,
# HTML page and a request letter to PDF and PNG pages under out-visual/, to look at them.
# Installs LibreOffice (writer only), poppler-utils and CJK fonts from Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq libreoffice-writer-nogui poppler-utils fonts-noto-cjk >/dev/null
fi
python=${PYTHON:-.venv/bin/python}
out=out-visual
rm -rf "$out"
"$python" -m checklists generate examples/round.yaml --out "$out/files" --format docx,html,letters --force
mkdir -p "$out/pdf" "$out/png"
soffice --headless --convert-to pdf --outdir "$out/pdf" "$out/files"/*.docx >/dev/null
for pdf in "$out"/pdf/*.pdf; do
  name=$(basename "$pdf" .pdf)
  pdftoppm -r 60 -png "$pdf" "$out/png/$name"
done
echo "pages: $(ls "$out/png" | wc -l) PNG files in $out/png (PDFs in $out/pdf)"
