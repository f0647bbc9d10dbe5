#!/usr/bin/env bash
# usage: check_hostile_xml.sh PROTOKOLL FIXTURES_DIR OUTDIR
# render on generated hostile and malformed protocols: each is exit 2 with
# the message naming the limit or the fault at FILE:LINE:COLUMN, never a
# signal, within a bound of memory (within_memory) and time (timeout). Declared
# ISO-8859-1 and windows-1252 copies of the fixture render the same PDF as
# the UTF-8 file, but for the SHA-256 of the source the XMP names.
. "$(dirname "$0")/lib.sh"
protokoll=$1 fixtures=$2 out=$3
need python3
need iconv
need timeout
need sha256sum
mkdir -p "$out"
good="$fixtures/minimal.xml"
data="$(cd "$fixtures/../../.." && pwd)"

# bounded CMD...: at most 1 GB of address space and 60 s; the exit code of CMD.
bounded() { within_memory 1000000 timeout 60 "$@"; }

# refuse NAME PATTERN: render $out/NAME.xml must be exit 2 with an error matching PATTERN.
refuse() {
  local name=$1 pattern=$2 rc
  set +e; bounded "$protokoll" render "$out/$name.xml" -o "$out/$name.pdf" --data "$data" 2>"$out/$name.err"; rc=$?; set -e
  [ "$rc" -eq 2 ] || { head -c 2000 "$out/$name.err"; fail "$name: exit $rc, expected 2 (124: timeout, >128: signal)"; }
  grep -Eq -- "$pattern" "$out/$name.err" || { head -c 2000 "$out/$name.err"; fail "$name: message does not match /$pattern/"; }
  [ ! -e "$out/$name.pdf" ] || fail "$name: an output file was left behind"
  echo "ok: $name: $(head -n 1 "$out/$name.err" | cut -c1-200)"
  rm -f "$out/$name.xml"
}

# generate NAME KIND N: the fixture with one hostile change (python3, as the other checks use it).
generate() {
  python3 - "$good" "$out/$1.xml" "$2" "$3" <<'PY'
import sys
good, path, kind, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
text = open(good, encoding="utf-8").read()
para = "<paragraph>\n      <title>Övriga frågor</title>"
def body(content):
    return text.replace(para, para + "\n      " + content, 1)
if kind == "layout-value":
    text = text.replace('layout="gr-social-valfard"', 'layout="' + "a" * n + '"')
elif kind == "deep":
    text = body("<text>" + "<em>" * n + "x" + "</em>" * n + "</text>")
elif kind == "size":
    text = body("<text>" + "ord " * (n // 4) + "</text>")
elif kind == "paragraphs":
    text = text.replace("</paragraphs>", "<paragraph><title>Punkt</title></paragraph>\n" * n + "</paragraphs>")
elif kind == "elements":
    text = body("<text>" + "<em>x</em>" * n + "</text>")
elif kind == "word":
    text = body("<text>" + "a" * n + "</text>")
elif kind == "attributes":
    text = text.replace("<meeting ", "<meeting " + "".join(' a%d="x"' % i for i in range(n)) + " ", 1)
elif kind == "amp":
    text = text.replace("Övriga frågor", "Svensson & Co", 1)
elif kind == "lt":
    text = text.replace("Övriga frågor", "Barn <40 år", 1)
elif kind == "entity":
    text = text.replace("Övriga frågor", "Kl&nbsp;9", 1)
elif kind == "mismatch":
    text = text.replace("<title>Övriga frågor</title>", "<title>Övriga frågor</paragraph>", 1)
open(path, "w", encoding="utf-8").write(text)
PY
}

line_of() { grep -n -m1 -- "$1" "$good" | cut -d: -f1; }
title_line=$(line_of "Övriga frågor")

generate layout-value layout-value 30000
refuse layout-value "layout-value.xml:3:[0-9]+: error: malformed XML: the value of attribute \"layout\" on <protocol> is longer than 4096 characters \(limit 4096\)"
generate deep deep 1000000
refuse deep "deep.xml:$((title_line + 1)):[0-9]+: error: malformed XML: elements nested deeper than 64 \(limit 64\)"
generate size size 20000000
refuse size "size.xml: error: protocol file is larger than 16 MiB \(limit 16777216 bytes\)"
generate paragraphs paragraphs 10000
refuse paragraphs "paragraphs.xml:[0-9]+:1: error: more than 10000 paragraphs in one protocol \(limit 10000\)"
generate elements elements 200000
refuse elements "elements.xml:[0-9]+:[0-9]+: error: malformed XML: more than 200000 elements in the file \(limit 200000\)"
generate block size 1000000
refuse block "block.xml:$((title_line + 1)):7: error: a block of text longer than 100000 characters \(limit 100000\)"
generate word word 30000
refuse word "word.xml:$((title_line + 1)):7: error: a word longer than 1000 characters \(limit 1000\)"
generate attributes attributes 65
refuse attributes "attributes.xml:4:[0-9]+: error: malformed XML: more than 64 attributes on <meeting> \(limit 64\)"
generate amp amp 0
refuse amp "amp.xml:$title_line:23: error: malformed XML: a raw \"&\" that starts no entity"
grep -q "hint: write &amp;" "$out/amp.err" || fail "amp: no hint to write &amp;"
generate lt lt 0
refuse lt "lt.xml:$title_line:19: error: malformed XML: a \"<\" that starts no tag"
grep -q "hint: write &lt;" "$out/lt.err" || fail "lt: no hint to write &lt;"
generate entity entity 0
refuse entity "entity.xml:$title_line:16: error: malformed XML: unknown entity &nbsp;"
generate mismatch mismatch 0
refuse mismatch "mismatch.xml:$title_line:[0-9]+: error: malformed XML: <title> \(line $title_line, column 7\) is not closed before </paragraph>"

# A device that never ends is refused at the size limit, not read to the end of memory.
set +e; bounded "$protokoll" render /dev/zero -o "$out/zero.pdf" --data "$data" 2>"$out/zero.err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "larger than 16 MiB" "$out/zero.err" || { cat "$out/zero.err"; fail "/dev/zero: exit $rc"; }
echo "ok: /dev/zero: $(head -n 1 "$out/zero.err")"

# Encodings: declared ISO-8859-1 and windows-1252 render the same PDF as the UTF-8 file
# (but for the source's hash);
# the same bytes undeclared are refused at the first byte that is not UTF-8.
bounded "$protokoll" render "$good" -o "$out/utf8.pdf" --data "$data" || fail "the UTF-8 fixture does not render"
for encoding in ISO-8859-1 windows-1252; do
  iconv -f UTF-8 -t "$encoding" "$good" | sed "s/encoding=\"UTF-8\"/encoding=\"$encoding\"/" >"$out/$encoding.xml"
  bounded "$protokoll" render "$out/$encoding.xml" -o "$out/$encoding.pdf" --data "$data" || fail "$encoding: does not render"
  # The XMP names the SHA-256 of the source's bytes as given (docs/metadata.md):
  # that value, and only that, differs from the UTF-8 file's PDF.
  python3 - "$out/utf8.pdf" "$out/$encoding.pdf" "$(sha256sum "$good" | cut -d' ' -f1)" \
      "$(sha256sum "$out/$encoding.xml" | cut -d' ' -f1)" <<'PY' || fail "$encoding: the PDF differs from the UTF-8 file's beyond the source's SHA-256"
import sys
utf8, legacy, utf8_sha, legacy_sha = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read(), sys.argv[3], sys.argv[4]
mark = lambda sha: ("<ptk:sourceSHA256>%s</ptk:sourceSHA256>" % sha).encode()
assert legacy.count(mark(legacy_sha)) == 1, "the legacy file's PDF does not name its source's SHA-256"
assert legacy.replace(mark(legacy_sha), mark(utf8_sha)) == utf8
PY
  echo "ok: $encoding: the same PDF as UTF-8 but for the source's SHA-256 in the XMP"
done
iconv -f UTF-8 -t ISO-8859-1 "$good" >"$out/undeclared.xml"
place_line=$(line_of "Göteborg")
refuse undeclared "undeclared.xml:$place_line:40: error: byte 0xF6 is not UTF-8"
sed 's/encoding="UTF-8"/encoding="EBCDIC-FR"/' "$good" >"$out/unknown-encoding.xml"
refuse unknown-encoding "unknown-encoding.xml:1:31: error: unsupported encoding \"EBCDIC-FR\""
echo "all hostile and malformed XML refused, bounded"
