#!/usr/bin/env bash
# usage: check_render.sh PROTOKOLL EXAMPLE.xml WORDS.txt OUTDIR
# Renders EXAMPLE as PDF/A-2b and judges it with tools that share no code with
# protokoll: qpdf (structure), pdffonts (every font embedded, with ToUnicode),
# pdftotext (every word of the reference protocol, in order), the XMP claim,
# and a second render that must give identical bytes.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 words=$3 out=$4
need qpdf; need pdffonts; need pdftotext; need python3
mkdir -p "$out"
name=$(basename "$example" .xml)
pdf="$out/$name.pdf"
"$protokoll" render "$example" -o "$pdf"
qpdf --check "$pdf" >"$out/$name.qpdf" 2>&1 || { cat "$out/$name.qpdf"; fail "qpdf --check"; }
echo "ok: qpdf --check"

pdffonts "$pdf" >"$out/$name.fonts"
fonts=$(tail -n +3 "$out/$name.fonts" | wc -l)
[ "$fonts" -ge 1 ] || fail "pdffonts lists no font"
# columns: name type encoding emb sub uni object ID — emb and uni are the 3rd and 1st of the last 5 fields
bad=$(tail -n +3 "$out/$name.fonts" | awk '{ if ($(NF-4) != "yes" || $(NF-2) != "yes") print }')
[ -z "$bad" ] || { cat "$out/$name.fonts"; fail "a font is not embedded or has no ToUnicode map: $bad"; }
echo "ok: pdffonts: $fonts fonts, all embedded with ToUnicode"

python3 "$(dirname "$0")/words_in_order.py" "$pdf" "$words"

grep -aq 'pdfaid:part>2<\|pdfaid:part="2"' "$pdf" || fail "XMP does not claim PDF/A part 2"
grep -aq 'pdfaid:conformance>B<\|pdfaid:conformance="B"' "$pdf" || fail "XMP does not claim conformance B"
echo "ok: XMP claims PDF/A-2b"

"$protokoll" render "$example" -o "$out/$name.again.pdf"
cmp -s "$pdf" "$out/$name.again.pdf" || fail "two renders with the same timestamp differ"
echo "ok: deterministic ($(stat -c %s "$pdf") bytes)"
