#!/usr/bin/env bash
# usage: check_language.sh PROTOKOLL FIXTURE.xml OUTDIR
# Words the protocol marks as another language (<span lang="en">, also
# inside a link) are tagged with their own /Lang: a Span, or the Link, as
# qpdf's JSON shows them (structure_check.py), and render --tags prints them;
# pdftotext still reads them in their place, and veraPDF-free checks hold.
. "$(dirname "$0")/lib.sh"
protokoll=$1 fixture=$2 out=$3
need qpdf; need pdftotext; need python3; need xmllint
mkdir -p "$out"
pdf="$out/foreign.pdf"
xmllint --noout --schema "$(dirname "$0")/../../schema/protocol.xsd" "$fixture" 2>"$out/xmllint.txt" || { cat "$out/xmllint.txt"; fail "the fixture is not valid against protocol.xsd"; }
"$protokoll" render "$fixture" -o "$pdf" --tags >"$out/foreign.tags"
python3 "$(dirname "$0")/structure_check.py" "$pdf" sv-SE | tee "$out/foreign.structure"
grep -q 'own /Lang: Span en, Link en-GB$' "$out/foreign.structure" || fail "the tree does not give the Span /Lang en and the Link /Lang en-GB"
grep -q '^      Span (en) “Housing First”' "$out/foreign.tags" || { cat "$out/foreign.tags"; fail "render --tags does not show the Span (en)"; }
grep -q '^      Link (en-GB) “the European Handbook”' "$out/foreign.tags" || fail "render --tags does not show the Link (en-GB)"
pdftotext "$pdf" - | tr '\n' ' ' | grep -q 'Nätverket följer Housing First och the European Handbook\.' || fail "pdftotext does not read the foreign words in their place"
echo "ok: words in another language: a Span and a Link with their own /Lang, read in place"
# A tag that is not a language tag is bad input with the file and the line.
sed 's/<span lang="en">/<span lang="english">/' "$fixture" >"$out/bad.xml"
set +e
"$protokoll" render "$out/bad.xml" -o "$out/bad.pdf" 2>"$out/bad.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "a bad lang: exit $rc, not 2"
grep -q 'bad.xml:19:.*lang="english" is not a language tag' "$out/bad.err" || { cat "$out/bad.err"; fail "a bad lang: the error does not name the file, the line and the tag"; }
[ ! -e "$out/bad.pdf" ] || fail "a bad lang left an output behind"
echo "ok: lang=\"english\" is refused with file:line, exit 2, no output"
