#!/usr/bin/env bash
# usage: check_limits.sh PROTOKOLL SOURCE_DIR OUTDIR
# render on input made to exhaust it stops at typeset's and write's limits
# with a message naming the limit (exit 2, no output file, never a raw
# libharu error), and input just under a limit renders within bounded memory.
# The inputs are the small e2e fixture with one part made large (written here).
. "$(dirname "$0")/lib.sh"
protokoll=$1 src=$2 out=$3
need python3; need xmllint; need pdfinfo
rm -rf "$out"; mkdir -p "$out/data/layouts"
fixture="$src/tests/fixtures/e2e/minimal.xml"
layout="$src/tests/fixtures/e2e/layouts/test-page-per-paragraph.xml"
xmllint --noout --schema "$src/schema/layout.xsd" "$layout" 2>"$out/xmllint.txt" || { cat "$out/xmllint.txt"; fail "the test layout does not validate"; }
for f in "$src"/layouts/*; do ln -s "$f" "$out/data/layouts/"; done
ln -s "$layout" "$out/data/layouts/"
ln -s "$src/fonts" "$out/data/fonts"

# make NAME PYTHON_EXPRESSION_OF_s: the fixture `s` changed, written to OUT/NAME.xml
make() {
  python3 -c "
import sys
s = open(sys.argv[1], encoding='utf-8').read()
one = '    <paragraph>\n      <title>Punkt</title>\n      <text>Informationen antecknas.</text>\n    </paragraph>\n'
words = lambda n: ('beslutar att godkänna ' * (n // 22 + 1))[:n].strip()
s = $2
open(sys.argv[2], 'w', encoding='utf-8').write(s)" "$fixture" "$out/$1.xml"
  echo "$out/$1.xml"
}
# refused NAME REGEX FILE: exit 2, the message, nothing left behind, no libharu or PoDoFo
refused() {
  local name=$1 pattern=$2 file=$3
  set +e; within_memory 2000000 "$protokoll" render "$file" -o "$out/$name.pdf" --data "$out/data" >"$out/$name.out" 2>"$out/$name.err"; local rc=$?; set -e
  [ "$rc" -eq 2 ] || { cat "$out/$name.err"; fail "$name: exit $rc, expected 2"; }
  grep -Eq -- "$pattern" "$out/$name.err" || { cat "$out/$name.err"; fail "$name: message does not match /$pattern/"; }
  ! grep -Eqi "libharu|podofo" "$out/$name.err" || { cat "$out/$name.err"; fail "$name: a library's error reached the user"; }
  [ ! -e "$out/$name.pdf" ] || fail "$name: an output file was left behind"
  echo "ok: $name: $(grep -m1 error "$out/$name.err")"
}
# renders NAME FILE PAGES_AT_LEAST: exit 0 within 1 GB of address space
renders() {
  local name=$1 file=$2 pages=$3
  set +e; within_memory 1000000 "$protokoll" render "$file" -o "$out/$name.pdf" --data "$out/data" >"$out/$name.out" 2>"$out/$name.err"; local rc=$?; set -e
  [ "$rc" -eq 0 ] || { cat "$out/$name.err"; fail "$name: exit $rc within 1 GB"; }
  local n; n=$(pdfinfo "$out/$name.pdf" | awk '/^Pages:/ {print $2}')
  [ "$n" -ge "$pages" ] || fail "$name: $n pages, expected at least $pages"
  echo "ok: $name: $n pages"
}

text="Patrik Linde väljs till justerare."
# A paragraph of 99 990 characters renders; 100 001 is refused at its line.
renders paragraph-under "$(make paragraph-under "s.replace('$text', words(99990))")" 20
refused paragraph-over "paragraph-over.xml:19:[0-9]+: error: (the paragraph has 100 001 characters; the limit is 100 000|a block of text longer than 100000 characters \(limit 100000\))" \
  "$(make paragraph-over "s.replace('$text', words(100001))")"
# One word of 60 000 letters (broken between letters): memory stays linear.
# (parse refuses a word over 1 000 characters; the typesetter's letter breaking
# of long words is tested in tests/unit/typeset)
refused long-word "long-word.xml:19:[0-9]+: error: a word longer than 1000 characters \\(limit 1000\\)" "$(make long-word "s.replace('$text', 'a' * 60000)")"

# A role or a signer's name of 70 000 letters: parse refuses an attribute
# over 4 096 characters, before write (which shows a run of more than 65 535
# bytes in pieces, tests/unit/write) or the field's 1 000-character name limit
# (tests/unit/typeset) would see it.
refused long-role "long-role.xml:27:[0-9]+: error: .*attribute \"role\" on <secretary> is longer than 4096 characters \\(limit 4096\\)" \
  "$(make long-role "s.replace('role=\"Beredningsansvarig\"', 'role=\"' + 'N' * 70000 + '\"')")"
refused long-name "long-name.xml:[0-9]+:[0-9]+: error: .*is longer than 4096 characters \\(limit 4096\\)" \
  "$(make long-name "s.replace('name=\"Sara Nordenhielm\"', 'name=\"Sara ' + 'N' * 70000 + '\"')")"

# Every paragraph on a page of its own: 9 990 paragraphs render, 10 000 are
# over typeset's 10 000 pages (before any reaches libharu, whose page tree
# ends at 32 767).
renders pages-under "$(make pages-under "s.replace('gr-social-valfard', 'test-page-per-paragraph').replace('  </paragraphs>', one * 9990 + '  </paragraphs>')")" 9990
refused pages-over "pages-over.xml:[0-9]+:[0-9]+: error: (the protocol would have more than 10 000 pages \(page 10 001 would start here\); the limit is 10 000|.*\(limit 10000\))" \
  "$(make pages-over "s.replace('gr-social-valfard', 'test-page-per-paragraph').replace('  </paragraphs>', one * 10000 + '  </paragraphs>')")"

# A logo whose PNG header claims 20 000 x 20 000 pixels: refused before a
# pixel is decoded (400 million pixels would be 1.2 GB of RGB).
rm "$out/data/layouts/images"; mkdir -p "$out/data/layouts/images"
for f in "$src"/layouts/images/*; do ln -s "$f" "$out/data/layouts/images/"; done
rm "$out/data/layouts/images/gr-logo.png"
python3 - "$out/data/layouts/images/gr-logo.png" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
refused huge-logo "gr-logo.png.*cannot use image .*gr-logo.png: 20000 x 20000 pixels; the limit is 40000000 pixels" "$fixture"
echo "all limits held"
