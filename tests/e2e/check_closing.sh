#!/usr/bin/env bash
# usage: check_closing.sh PROTOKOLL EXAMPLES_DIR OUTDIR
# What follows the signatures. A protocol of gr-base's layouts ends with the
# appeal instructions (överklagandehänvisning) on a page of their own: pdftotext
# reads the signature block on the page before and "Hur man överklagar" with
# the laglighetsprövning's three weeks on the last, which holds nothing else
# of the protocol; the tag tree has them as an H2 in a Sect after the
# signatures. An English protocol has them in English. Notes have no appeal
# instructions but their <closing> ("Några kommande aktiviteter:") after
# "Vid anteckningarna"; an extract keeps the appeal; appeal="false" leaves it out.
. "$(dirname "$0")/lib.sh"
protokoll=$1 examples=$2 out=$3
need pdftotext; need pdfinfo; need qpdf
mkdir -p "$out"
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
page_text() { pdftotext -layout -f "$2" -l "$2" "$1" -; }

protocol="$examples/protokoll-2021-01-22-social-valfard.xml"
"$protokoll" render "$protocol" -o "$out/protocol.pdf"
qpdf --check "$out/protocol.pdf" >/dev/null || fail "qpdf --check fails on the protocol"
n=$(pages "$out/protocol.pdf")
page_text "$out/protocol.pdf" "$n" > "$out/last.txt"
page_text "$out/protocol.pdf" $((n - 1)) > "$out/before.txt"
grep -q "Hur man överklagar" "$out/last.txt" || fail "the last page (of $n) has no \"Hur man överklagar\""
grep -q "laglighetsprövning" "$out/last.txt" || fail "the appeal page does not name laglighetsprövning"
grep -q "tre veckor" "$out/last.txt" || fail "the appeal page does not give the three weeks"
grep -q "Förvaltningsrätten i Göteborg" "$out/last.txt" || fail "the appeal page does not name the court"
! grep -q "Justeras\|Vid protokollet\|§ [0-9]" "$out/last.txt" || fail "the appeal page holds more than the appeal instructions"
grep -q "Justeras" "$out/before.txt" || fail "the signature block is not on the page before the appeal page"
! grep -q "Hur man överklagar" "$out/before.txt" || fail "the appeal heading is on the signatures' page"
"$protokoll" render "$protocol" -o "$out/tags.pdf" --tags > "$out/tags.txt"
python3 - "$out/tags.txt" <<'PY' || fail "the tag tree does not hold the appeal instructions as an H2 after the signatures"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
form = max(i for i, l in enumerate(lines) if "Form" in l)
heading = [i for i, l in enumerate(lines) if "H2" in l and "Hur man överklagar" in l]
assert heading and heading[0] > form, (heading, form)
assert any("L" in l.split() or " L " in l or l.strip().startswith("L") for l in lines[heading[0]:]), "no list after the heading"
PY
echo "ok: appeal instructions on page $n of $n, after the signatures (pdftotext, tags)"

"$protokoll" render "$protocol" --extract 95 -o "$out/extract.pdf"
pdftotext "$out/extract.pdf" "$out/extract.txt"
grep -q "Hur man överklagar" "$out/extract.txt" || fail "the extract has no appeal instructions"

sed 's/^<protocol /<protocol appeal="false" /' "$protocol" > "$out/no-appeal.xml"
"$protokoll" render "$out/no-appeal.xml" -o "$out/no-appeal.pdf"
pdftotext "$out/no-appeal.pdf" "$out/no-appeal.txt"
! grep -q "Hur man överklagar" "$out/no-appeal.txt" || fail "appeal=\"false\" still prints the appeal instructions"
[ "$(pages "$out/no-appeal.pdf")" -eq $((n - 1)) ] || fail "appeal=\"false\" does not save the appeal page"

english="$examples/protokoll-2026-04-17-arbetsmarknad-en.xml"
"$protokoll" render "$english" -o "$out/english.pdf"
pdftotext "$out/english.pdf" "$out/english.txt"
grep -q "How to appeal" "$out/english.txt" || fail "the English protocol has no \"How to appeal\""
! grep -q "Hur man överklagar" "$out/english.txt" || fail "the English protocol has the Swedish appeal heading"

notes="$examples/anteckningar-2026-02-12-socialchefsnatverket.xml"
"$protokoll" render "$notes" -o "$out/notes.pdf"
pdftotext "$out/notes.pdf" "$out/notes.txt"
! grep -q "Hur man överklagar" "$out/notes.txt" || fail "notes carry appeal instructions"
python3 - "$out/notes.txt" <<'PY' || fail "the notes' closing does not follow \"Vid anteckningarna\" with its list"
import sys
text = open(sys.argv[1], encoding="utf-8").read()
signed, closing, item = text.find("Vid anteckningarna"), text.find("Några kommande aktiviteter:"), text.find("12 mars 2026")
assert 0 <= signed < closing < item, (signed, closing, item)
PY
echo "ok: extract keeps it, appeal=\"false\" drops it, English in English, notes end with their closing"
