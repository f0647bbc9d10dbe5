#!/usr/bin/env bash
# usage: check_metadata.sh PROTOKOLL EXAMPLE.xml OUTDIR
# The protocol's facts in the XMP (docs/metadata.md), read with tools that
# are not ours: qpdf takes the metadata stream out, Python's XML parser reads
# it, xmllint reads the example; every fact must match the source. A title
# with "&" and "<" must come through escaped.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need qpdf; need python3; need xmllint; need sha256sum
mkdir -p "$out"
name=$(basename "$example" .xml)
data="$(cd "$(dirname "$example")/.." && pwd)"

# xmp PDF OUT: the XMP stream of PDF's catalog, as qpdf reads it.
xmp() {
  local root meta
  root=$(qpdf --show-object=trailer "$1" | sed -n 's/.*\/Root \([0-9]*\) 0 R.*/\1/p')
  meta=$(qpdf --show-object="$root" "$1" | sed -n 's/.*\/Metadata \([0-9]*\) 0 R.*/\1/p')
  [ -n "$meta" ] || fail "$1: no /Metadata in the catalog"
  qpdf --show-object="$meta" --raw-stream-data "$1" >"$2"
}

# check XMP EXAMPLE: compare the facts with the example's XML.
check() {
  python3 - "$1" "$2" "$(sha256sum "$2" | cut -d' ' -f1)" <<'PY'
import sys, xml.etree.ElementTree as ET
xmp_path, example_path, sha = sys.argv[1:4]
NS = "urn:x-protokoll:xmp:protocol:1/"
P = NS + "paragraph/"
S = NS + "signer/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
text = open(xmp_path, encoding="utf-8").read()
root = ET.fromstring(text[text.index("<x:xmpmeta"):text.index("</x:xmpmeta>") + len("</x:xmpmeta>")])
facts = [d for d in root.iter("{%s}Description" % RDF) if d.find("{%s}kind" % NS) is not None]
if len(facts) != 1: sys.exit("FAIL: %d descriptions hold ptk:kind, expected 1" % len(facts))
f = facts[0]
def one(tag, ns=NS, node=None):
    e = (node if node is not None else f).find("{%s}%s" % (ns, tag))
    return None if e is None else e.text
src = ET.parse(example_path).getroot()
meeting = src.find("meeting")
problems = []
def expect(what, got, want):
    if got != want: problems.append("%s: %r in the XMP, %r expected" % (what, got, want))
expect("meetingDate", one("meetingDate"), meeting.get("date"))
expect("sourceSHA256", one("sourceSHA256"), sha)
expect("layout", one("layout"), src.get("layout"))
expect("kind", one("kind"), src.get("kind") or ("anteckningar" if "anteckningar" in example_path.rsplit("/", 1)[-1] else "protokoll"))
expect("organisation", one("organisation") is not None, True)
bodies = f.find("{%s}bodies/{%s}Seq" % (NS, RDF))
expect("bodies", bodies is not None and len(bodies) >= 1, True)
items = f.findall("{%s}paragraphs/{%s}Seq/{%s}li" % (NS, RDF, RDF))
written = src.findall("paragraphs/paragraph") or src.findall(".//paragraph")
expect("number of paragraphs", len(items), len(written))
expect("titles", [one("title", P, i) for i in items], [" ".join((w.findtext("title") or "").split()) for w in written])
numbers = [int(one("number", P, i)) for i in items]
expect("numbers ascending by one", numbers, list(range(numbers[0], numbers[0] + len(numbers))) if numbers else [])
if numbers:
    expect("firstParagraph", one("firstParagraph"), str(numbers[0]))
    expect("lastParagraph", one("lastParagraph"), str(numbers[-1]))
    first = meeting.get("first-number")
    if first: expect("first number", numbers[0], int(first))
signers = f.findall("{%s}signers/{%s}Seq/{%s}li" % (NS, RDF, RDF))
sigs = src.find("signatures")
expect("number of signers", len(signers), 0 if sigs is None else len(list(sigs)))
kinds = [one("kind", S, s) for s in signers]
expect("signer kinds", sorted(kinds), sorted(c.tag for c in ([] if sigs is None else sigs)))
if problems: sys.exit("FAIL: " + "; ".join(problems))
print("ok: %d paragraphs (%s-%s), %d signers, source %s..." % (len(items), one("firstParagraph"), one("lastParagraph"), len(signers), sha[:12]))
PY
}

"$protokoll" render "$example" -o "$out/$name.pdf"
xmp "$out/$name.pdf" "$out/$name.xmp"
check "$out/$name.xmp" "$example" || fail "$name: the XMP facts do not match the protocol"

# Characters XML must escape, in a title: the XMP stays well-formed and says them.
python3 - "$example" "$out/$name.escaped.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
at = s.index("<title>") + len("<title>")
open(sys.argv[2], "w", encoding="utf-8").write(s[:at] + "Tom &amp; Jerry &lt;3 " + s[at:])
PY
"$protokoll" render "$out/$name.escaped.xml" -o "$out/$name.escaped.pdf" --data "$data"
xmp "$out/$name.escaped.pdf" "$out/$name.escaped.xmp"
check "$out/$name.escaped.xmp" "$out/$name.escaped.xml" || fail "$name: the XMP of a title with & and < is wrong"
grep -q "Tom &amp; Jerry &lt;3" "$out/$name.escaped.xmp" || fail "$name: the title's & and < are not escaped in the XMP"
echo "ok: $name: a title with & and < escaped"
