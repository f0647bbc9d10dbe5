#!/usr/bin/env bash
# usage: check_render.sh PROTOKOLL EXAMPLE.xml WORDS.txt OUTDIR
# Renders EXAMPLE as tagged PDF/A-2a + PDF/UA-1 (the default) and judges it
# with tools that share no code with protokoll: qpdf (syntax, and its JSON for
# the structure tree: structure_check.py), pdffonts (every font embedded, with
# ToUnicode), pdftotext (every word of the reference protocol, in order), the
# XMP claims, and a second render that must give identical bytes.
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
grep -aq 'pdfaid:conformance>A<\|pdfaid:conformance="A"' "$pdf" || fail "XMP does not claim conformance A"
grep -aq 'pdfuaid:part>1<\|pdfuaid:part="1"' "$pdf" || fail "XMP does not claim PDF/UA-1"
echo "ok: XMP claims PDF/A-2a and PDF/UA-1"

lang=sv-SE
grep -q 'language="en"' "$example" && lang=en-GB
python3 "$(dirname "$0")/structure_check.py" "$pdf" "$lang" | tee "$out/$name.structure"
# The checker itself can fail: a marked item the tree does not hold (qpdf's
# QDF form, one MCID renumbered) and an annotation untagged must be found.
qpdf --qdf --object-streams=disable "$pdf" "$out/$name.qdf"
python3 - "$out/$name.qdf" "$out/$name.broken.qdf" <<'PY'
import re, sys
b = open(sys.argv[1], 'rb').read()
b = b.replace(b'<</MCID 0>> BDC', b'<</MCID 9999>> BDC', 1)
b = re.sub(rb'/StructParent \d+', b'/Foo 0', b, count=1)
open(sys.argv[2], 'wb').write(b)
PY
fix-qdf "$out/$name.broken.qdf" >"$out/$name.broken.pdf"
if python3 "$(dirname "$0")/structure_check.py" "$out/$name.broken.pdf" "$lang" 2>"$out/$name.broken.txt"; then
  fail "structure_check.py passes a file whose MCID 9999 is in no element"
fi
grep -q 'MCID 9999 is in no structure element' "$out/$name.broken.txt" || { cat "$out/$name.broken.txt"; fail "structure_check.py did not name the unowned MCID"; }
grep -q 'the ParentTree does not name its element' "$out/$name.broken.txt" || { cat "$out/$name.broken.txt"; fail "structure_check.py did not find the untagged annotation"; }
echo "ok: structure_check.py finds an MCID outside the tree and an annotation outside the ParentTree"

# render --tags: the same tree for a person, its H1 the protocol's first heading.
"$protokoll" render "$example" -o "$out/$name.tags.pdf" --tags >"$out/$name.tags"
head -1 "$out/$name.tags" | grep -qx 'Document' || { head -3 "$out/$name.tags"; fail "render --tags: the tree does not start with Document"; }
grep -q '^  H1 ' "$out/$name.tags" || fail "render --tags: no H1 under Document"
cmp -s "$pdf" "$out/$name.tags.pdf" || fail "render --tags changed the PDF"
elements=$(grep -o 'structure tree: [0-9]* elements' "$out/$name.structure" | grep -o '[0-9]*')
[ "$(wc -l <"$out/$name.tags")" -eq "$elements" ] || fail "render --tags prints $(wc -l <"$out/$name.tags") elements, the PDF's tree has $elements"
echo "ok: render --tags prints the tree, as many elements as the PDF's ($elements)"

"$protokoll" render "$example" -o "$out/$name.again.pdf"
cmp -s "$pdf" "$out/$name.again.pdf" || fail "two renders with the same timestamp differ"
echo "ok: deterministic ($(stat -c %s "$pdf") bytes)"
