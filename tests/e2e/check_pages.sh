#!/usr/bin/env bash
# usage: check_pages.sh PROTOKOLL EXAMPLE.xml OUTDIR
# Pagination and preview: renders EXAMPLE with --report=json and requires no
# overfull line and no forced page break (a warning would mean a rule had to
# give way, i.e. a widow or orphan left); judges the page breaks again from
# the PDF's geometry alone (page_breaks.py, poppler); checks that `preview`
# writes one PNG per page, and that it fails clearly without pdftoppm.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need pdftotext; need pdfinfo; need pdftoppm; need python3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
name=$(basename "$example" .xml)
pdf="$out/$name.pdf"

"$protokoll" render "$example" -o "$pdf" --report=json >"$out/$name.json" 2>"$out/$name.stderr" \
  || { cat "$out/$name.stderr"; fail "render --report=json"; }
pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
python3 - "$out/$name.json" "$pages" <<'PY' || fail "report"
import json, sys
report = json.loads(open(sys.argv[1]).read())
pages = int(sys.argv[2])
keys = ["pages", "lines", "hyphenated_lines", "worst_badness", "overfull_lines", "underfull_lines",
        "widows_avoided", "orphans_avoided", "words_broken_by_letters", "warnings"]
missing = [k for k in keys if k not in report]
assert not missing, f"report lacks {missing}"
assert report["pages"] == pages, f"report says {report['pages']} pages, the PDF has {pages}"
assert report["overfull_lines"] == 0, f"{report['overfull_lines']} overfull lines"
assert report["warnings"] == 0, f"{report['warnings']} warnings (a page rule gave way?)"
assert report["lines"] > 0
print(f"ok: report: {pages} pages, {report['lines']} lines, 0 overfull, "
      f"{report['widows_avoided']} widows and {report['orphans_avoided']} orphans avoided, no warnings")
PY
"$protokoll" render "$example" -o "$out/$name.text.pdf" --report | grep -q "widows avoided" \
  || fail "render --report prints no 'widows avoided' row"
echo "ok: render --report prints the text block"

python3 "$here/page_breaks.py" "$pdf"

previews="$out/$name.preview"
rm -rf "$previews"; mkdir -p "$previews"
"$protokoll" preview "$example" -o "$previews" --dpi 20 >"$out/$name.preview.txt" || fail "preview"
listed=$(wc -l <"$out/$name.preview.txt")
written=$(find "$previews" -name '*.png' | wc -l)
[ "$listed" -eq "$pages" ] || { cat "$out/$name.preview.txt"; fail "preview listed $listed files for $pages pages"; }
[ "$written" -eq "$pages" ] || fail "preview wrote $written PNG files for $pages pages"
while read -r png; do
  [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$png is not a PNG"
done <"$out/$name.preview.txt"
echo "ok: preview wrote $written PNG pages"

set +e
PATH=/nonexistent "$protokoll" preview "$example" -o "$previews" 2>"$out/$name.nopdftoppm"
status=$?
set -e
[ "$status" -eq 2 ] || fail "preview without pdftoppm: exit $status, expected 2"
grep -q pdftoppm "$out/$name.nopdftoppm" || fail "preview without pdftoppm does not name pdftoppm"
echo "ok: preview without pdftoppm: exit 2, $(head -n1 "$out/$name.nopdftoppm")"
