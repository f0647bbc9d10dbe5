#!/usr/bin/env bash
# usage: check_public.sh PROTOKOLL FIXTURE.xml OUTDIR
# render --public: a public copy without what the protocol marks
# confidential (a paragraph, a section, words) and without personal identity
# numbers. The removed words are in the full render (pdftotext, and the
# XMP's decisions), so the search below would find them; in the public copy
# they are nowhere: not in the raw bytes, not in the decompressed bytes
# (qpdf --qdf, every stream decoded; UTF-8, UTF-16BE and UTF-16LE), not in
# the extracted text. The marks name the grounds; what is public stays.
. "$(dirname "$0")/lib.sh"
protokoll=$1 fixture=$2 out=$3
need qpdf; need pdftotext; need python3; need xmllint
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
xmllint --noout --schema "$here/../../schema/protocol.xsd" "$fixture" 2>"$out/xmllint.txt" || { cat "$out/xmllint.txt"; fail "the fixture is not valid against protocol.xsd"; }
"$protokoll" render "$fixture" -o "$out/full.pdf"
"$protokoll" render "$fixture" --public -o "$out/public.pdf"
"$protokoll" render "$fixture" --public -o "$out/again.pdf"
cmp -s "$out/public.pdf" "$out/again.pdf" || fail "two renders of the public copy differ"
for f in full public; do
  qpdf --check "$out/$f.pdf" >/dev/null || fail "qpdf --check fails on $f.pdf"
  qpdf --qdf --object-streams=disable --decode-level=all "$out/$f.pdf" "$out/$f.qdf"
  pdftotext "$out/$f.pdf" "$out/$f.txt"
done

secrets=(Hemligborg HemligRubrik Hemliggatan Hemligström Hemlighemmet Hemligdal
         19811218-9876 640823-3234 8112189876 197108209870 19640823-3234)
python3 - "$out" "${secrets[@]}" <<'PY' || fail "a removed word is in the public copy"
import sys
out, secrets = sys.argv[1], sys.argv[2:]
def forms(word):
    return [word.encode(), word.encode("utf-16-be"), word.encode("utf-16-le")]
full_text = open(f"{out}/full.txt", encoding="utf-8").read()
for word in secrets:
    assert word in full_text, f"control: {word} is not in the full render's text"
assert b"Hemligborg" in open(f"{out}/full.qdf", "rb").read(), "control: the full render's XMP lacks the decision"
for name in ("public.pdf", "public.qdf", "public.txt"):
    data = open(f"{out}/{name}", "rb").read()
    # The identity numbers' last four digits alone, in the text only (binary
    # streams, a font's or the ICC profile's, hold any four digits).
    for word in secrets + ["Hemlig"] + (["9876", "3234"] if name.endswith(".txt") else []):
        for form in forms(word):
            assert form not in data, f"{word!r} ({form!r}) is in {name}"
print(f"ok: {len(secrets)} removed words in the full render, none in the public copy's bytes, streams or text")
PY

text="$out/public.txt"
grep -q "^\[Uppgift borttagen enligt OSL 26 kap. 1 §\]$" "$text" || fail "no mark for the confidential paragraph"
grep -q "Remissen kom in från \[Uppgift borttagen enligt OSL 26 kap. 1 §\] och" "$text" || fail "no mark for the confidential words"
[ "$(grep -o "\[Uppgift borttagen enligt OSL 21 kap. 7 §\]" "$text" | wc -l)" -eq 5 ] ||
  fail "expected five marks with the default grounds (four identity numbers, one section)"
for public in "Individärende" "031-335 50 00" "556677-8899" "GR 2026-00012" "2026-04-01" "Informationen antecknas."; do
  grep -qF "$public" "$text" || fail "\"$public\" is public and missing from the public copy"
done
echo "ok: marks name the grounds; titles, phone, organisation and diarienummer stay"

python3 "$here/structure_check.py" "$out/public.pdf" sv-SE >/dev/null || fail "the structure checks fail on the public copy"
grep -aq "<ptk:variant>public</ptk:variant>" "$out/public.qdf" || fail "the XMP does not name the file a public copy"
"$protokoll" verify "$out/public.pdf" --allow-unsigned >"$out/verify.txt"
grep -q "^document: a public copy of the protocol, without what it marks confidential" "$out/verify.txt" ||
  fail "verify does not say the file is a public copy"
"$protokoll" render "$fixture" --public --extract 11,12 -o "$out/public-extract.pdf"
pdftotext "$out/public-extract.pdf" "$out/public-extract.txt"
! grep -q "Hemlig" "$out/public-extract.txt" || fail "a public extract holds removed words"
qpdf --qdf --object-streams=disable "$out/public-extract.pdf" "$out/public-extract.qdf"
grep -aq "<ptk:variant>public extract</ptk:variant>" "$out/public-extract.qdf" ||
  fail "the XMP does not name the file a public extract"
echo "ok: structure checks, XMP variant, verify names it; a public extract too"

set +e; "$protokoll" render "$fixture" --public --pdfa 3a -o "$out/3a.pdf" 2>"$out/3a.err"; rc=$?; set -e
[ "$rc" -eq 2 ] && [ ! -e "$out/3a.pdf" ] || fail "--public --pdfa 3a: exit $rc, expected 2 and no file"
grep -q "a public copy cannot be PDF/A-3a: it would embed the XML source" "$out/3a.err" || { cat "$out/3a.err"; fail "no reason for refusing --public --pdfa 3a"; }
echo "ok: --public --pdfa 3a is refused (the source holds what the copy leaves out)"
