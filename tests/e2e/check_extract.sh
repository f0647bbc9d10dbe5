#!/usr/bin/env bash
# usage: check_extract.sh PROTOKOLL EXAMPLE.xml OUTDIR
# render --extract: a protokollsutdrag of two paragraphs of a protocol that
# has more. pdftotext reads its title, the header word, those paragraphs (in
# the protocol's order, word for word as in the protocol's own render) and
# no other, and "Rätt utdraget intygar:" with the secretary's field alone;
# the XMP names it an extract of those paragraphs; the structure checks
# hold; the secretary signs it and verify judges it valid and says what it
# is; the archive refuses it (it keeps the protocol itself); numbers the
# protocol lacks and malformed lists are exit 2.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need qpdf; need pdftotext; need python3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
pdf="$out/extract.pdf"
"$protokoll" render "$example" --extract 97,95 -o "$pdf"
"$protokoll" render "$example" --extract 95,97 -o "$out/again.pdf"
cmp -s "$pdf" "$out/again.pdf" || fail "two renders of one extract differ (the order of --extract must not matter)"
qpdf --check "$pdf" >/dev/null || fail "qpdf --check fails on the extract"
"$protokoll" render "$example" -o "$out/protocol.pdf"

pdftotext -layout "$pdf" "$out/extract.txt"
pdftotext -layout "$out/protocol.pdf" "$out/protocol.txt"
grep -q "^ *Protokollsutdrag *$" "$out/extract.txt" || fail "no title \"Protokollsutdrag\""
grep -q "Protokollsutdrag 2021-01-22" "$out/extract.txt" || fail "the running header does not say Protokollsutdrag"
grep -q "PARAGRAFER 95, 97" "$out/extract.txt" || fail "the overview does not name § 95 and § 97"
for n in 95 97; do grep -q "§ $n\. " "$out/extract.txt" || fail "§ $n is missing"; done
for n in 93 94 96 98 99 100 101; do ! grep -q "§ $n\. " "$out/extract.txt" || fail "§ $n is in the extract"; done
grep -q "Rätt utdraget intygar:" "$out/extract.txt" || fail "no \"Rätt utdraget intygar:\""
! grep -q "Justeras:\|Vid protokollet:" "$out/extract.txt" || fail "the extract has the protocol's signature headings"
# § 95's words, as the protocol prints them.
python3 - "$out/protocol.txt" "$out/extract.txt" <<'PY' || fail "§ 95's text differs between the protocol and the extract"
import re, sys
def words(path, start, end):
    text = open(path).read()
    text = re.sub(r"(?m)^.*(Sida \d+ av \d+|Protokoll(sutdrag)? 2021-01-22.*|Göteborgsregionens kommunalförbund|Plats: .*)$", "", text)
    text = text[text.index(start):text.index(end)]
    return re.sub(r"-\s*\n\s*", "", text).split()
a = words(sys.argv[1], "§ 95.", "§ 96.")
b = words(sys.argv[2], "§ 95.", "§ 97.")
assert a == b and len(a) > 100, (len(a), len(b))
print(f"ok: § 95 is the protocol's, {len(a)} words")
PY
echo "ok: title, header, § 95 and § 97 only, certified by the secretary"

python3 "$here/structure_check.py" "$pdf" sv-SE >/dev/null || fail "the structure checks fail on the extract"
qpdf --qdf --object-streams=disable "$pdf" "$out/extract.qdf"
grep -aq "<ptk:variant>extract</ptk:variant>" "$out/extract.qdf" || fail "the XMP does not name the file an extract"
grep -aq "<ptk:firstParagraph>95</ptk:firstParagraph>" "$out/extract.qdf" && grep -aq "<ptk:lastParagraph>97</ptk:lastParagraph>" "$out/extract.qdf" ||
  fail "the XMP's facts do not name § 95–97"
[ "$(grep -ac "<ptkpara:number>" "$out/extract.qdf")" -eq 2 ] || fail "the XMP's facts do not hold exactly two paragraphs"
grep -aq "<dc:title>.*Protokollsutdrag § 95, 97 2021-01-22" "$out/extract.qdf" || fail "the document title does not say Protokollsutdrag § 95, 97"
echo "ok: structure checks; XMP: variant extract, § 95 and § 97, title"

mapfile -t fields < <("$protokoll" verify "$pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
[ "${#fields[@]}" -eq 1 ] && [ "${fields[0]}" = "Sara Nordenhielm" ] || fail "signature fields: ${fields[*]}, expected the secretary's alone"
certs="$out/certs"
bash "$here/../tools/make-test-certs.sh" "$certs" >/dev/null
key="$certs/$(signer_key "$certs" "Sara Nordenhielm")"
"$protokoll" sign "$pdf" --field "Sara Nordenhielm" --p12 "$key.p12" --password-file "$certs/password.txt" -o "$out/signed.pdf"
"$protokoll" verify "$out/signed.pdf" --trust "$certs/ca.pem" >"$out/verify.txt" || { cat "$out/verify.txt"; fail "verify fails the signed extract"; }
grep -q "^document: an extract (protokollsutdrag) of some of the protocol's paragraphs, not the protocol itself" "$out/verify.txt" ||
  { cat "$out/verify.txt"; fail "verify does not say the file is an extract"; }
"$protokoll" verify "$out/signed.pdf" --trust "$certs/ca.pem" --format json >"$out/verify.json"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["variant"]=="extract" and r["verdict"]=="valid" and r["pdfa"]["conformance"]=="A", r' "$out/verify.json" ||
  fail "verify's JSON does not report a valid extract"
echo "ok: signed by the secretary, verify: valid, an extract"

rm -rf "$out/archive"
"$protokoll" archive init --archive "$out/archive" --trust "$certs/ca.pem" >/dev/null
set +e; "$protokoll" archive ingest --archive "$out/archive" "$out/signed.pdf" >/dev/null 2>"$out/ingest.err"; rc=$?; set -e
[ "$rc" -eq 1 ] || { cat "$out/ingest.err"; fail "archive ingest of an extract: exit $rc, expected 1"; }
grep -q 'refused: the file is a copy of the protocol (ptk:variant "extract")' "$out/ingest.err" || { cat "$out/ingest.err"; fail "ingest does not say why"; }
echo "ok: the archive refuses the extract: it keeps the protocol itself"

expect_bad() { expect_render_fails "$out" "$example" "$@"; }
expect_bad "no § 150 in this protocol to extract: it has § 93–101" --extract 95,150
expect_bad "--extract takes paragraph numbers such as 95,97 or 93-95, not \"95,,97\"" --extract 95,,97
expect_bad "--extract takes paragraph numbers such as 95,97 or 93-95, not \"97-95\"" --extract 97-95
expect_bad "--extract takes paragraph numbers such as 95,97 or 93-95, not \"\"" --extract ""
"$protokoll" render "$example" --extract 95-97 -o "$out/range.pdf"
pdftotext "$out/range.pdf" "$out/range.txt"
grep -q "PARAGRAFER 95–97" "$out/range.txt" || fail "--extract 95-97 does not give § 95–97"
echo "ok: bad lists and missing numbers are exit 2 with no output; a range works"
