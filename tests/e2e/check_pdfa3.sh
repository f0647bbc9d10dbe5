#!/usr/bin/env bash
# usage: check_pdfa3.sh PROTOKOLL EXAMPLE.xml OUTDIR
# render --pdfa 3a: the same tagged file as PDF/A-3a + PDF/UA-1 with the
# protocol's XML inside as an associated file (/AF, /AFRelationship /Source),
# read back by qpdf byte for byte; the XMP claims part 3 conformance A; the
# structure checks hold; signing keeps it; verify names the file and sees it
# is the source the XMP's sourceSHA256 names, and sees when it is not.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need qpdf; need python3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
name=$(basename "$example" .xml)
pdf="$out/$name.pdf"
"$protokoll" render "$example" -o "$pdf" --pdfa 3a
"$protokoll" render "$example" -o "$out/again.pdf" --pdfa 3a
cmp -s "$pdf" "$out/again.pdf" || fail "two renders with --pdfa 3a differ"
qpdf --check "$pdf" >/dev/null || fail "qpdf --check fails"

# qpdf lists and extracts the attachment independently of PoDoFo.
qpdf --list-attachments --verbose "$pdf" >"$out/attachments.txt"
grep -q "^$name.xml -> " "$out/attachments.txt" || { cat "$out/attachments.txt"; fail "no attachment named $name.xml"; }
grep -q "mime type: application/xml" "$out/attachments.txt" || fail "the attachment's MIME type is not application/xml"
grep -q "checksum: $(md5sum "$example" | cut -d' ' -f1)" "$out/attachments.txt" || fail "the attachment's /CheckSum is not the source's MD5"
grep -q "/UF -> $name.xml" "$out/attachments.txt" || fail "the file specification has no /UF (PDF/UA-1 7.11)"
qpdf --show-attachment="$name.xml" "$pdf" >"$out/extracted.xml"
cmp -s "$out/extracted.xml" "$example" || fail "the embedded XML is not the source byte for byte"
echo "ok: qpdf extracts $name.xml ($(wc -c <"$example") bytes), the source byte for byte, application/xml, MD5 matches"

# The catalog's /AF, the relationship, and the XMP claim, from qpdf's JSON.
qpdf --json=2 --decode-level=all --json-stream-data=inline "$pdf" "$out/qpdf.json"
python3 - "$out/qpdf.json" <<'PY' || fail "the catalog, file specification or XMP is not PDF/A-3a"
import base64, json, re, sys
objects = json.load(open(sys.argv[1]))["qpdf"][1]
def value(ref): return objects["obj:" + ref]["value"] if isinstance(ref, str) and ref.endswith(" R") else ref
root = value(objects["trailer"]["value"]["/Root"])
af = root.get("/AF")
assert isinstance(af, list) and len(af) == 1, f"catalog /AF: {af!r}"
spec = value(af[0])
assert spec.get("/AFRelationship") == "/Source", f"/AFRelationship {spec.get('/AFRelationship')!r}"
assert "/F" in spec and "/UF" in spec and "/Desc" in spec, f"file specification keys {sorted(spec)}"
names = value(root["/Names"])["/EmbeddedFiles"]["/Names"]
assert names[1] == af[0], "the EmbeddedFiles name tree does not hold the /AF file specification"
meta = objects["obj:" + root["/Metadata"].replace("u:", "")]["stream"]
xmp = base64.b64decode(meta["data"]).decode()
assert re.search(r"<pdfaid:part>3</pdfaid:part>", xmp) and re.search(r"<pdfaid:conformance>A</pdfaid:conformance>", xmp), "XMP does not claim PDF/A-3a"
assert "<pdfuaid:part>1</pdfuaid:part>" in xmp, "XMP does not claim PDF/UA-1"
print("ok: catalog /AF -> file specification (/F /UF /Desc /AFRelationship /Source) in EmbeddedFiles; XMP PDF/A-3a + PDF/UA-1")
PY
python3 "$here/structure_check.py" "$pdf" "$(grep -q 'lang="en"' "$example" && echo en-GB || echo sv-SE)" >/dev/null || fail "the structure checks fail on the 3a file"
echo "ok: the structure tree passes structure_check.py"

# A 2a render carries no attachment.
"$protokoll" render "$example" -o "$out/2a.pdf"
[ -z "$(qpdf --list-attachments "$out/2a.pdf" | grep -v 'has no embedded files')" ] || fail "a 2a render has an attachment"

# verify names the associated file and matches it with the XMP's sourceSHA256.
"$protokoll" verify "$pdf" --allow-unsigned --format json >"$out/verify.json" || fail "verify --allow-unsigned fails the 3a file"
python3 - "$out/verify.json" "$(sha256sum "$example" | cut -d' ' -f1)" "$name.xml" <<'PY' || fail "verify's JSON does not report the source"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["pdfa"] == {"part": "3", "conformance": "A"}, r["pdfa"]
assert r["source_sha256"] == sys.argv[2], r["source_sha256"]
[f] = r["associated_files"]
assert f == {"name": sys.argv[3], "relationship": "Source", "mime_type": "application/xml",
             "size": f["size"], "sha256": sys.argv[2], "matches_source_sha256": True}, f
PY
"$protokoll" verify "$pdf" --allow-unsigned | grep -q "^associated file \"$name.xml\" (Source, application/xml, [0-9]* bytes): the XML source the XMP names" ||
  fail "verify's text does not name the source"
echo "ok: verify reports the associated file as the source the XMP names"

# Signed, it is still there and still the source.
certs="$out/certs"
bash "$here/../tools/make-test-certs.sh" "$certs" >/dev/null
mapfile -t fields < <("$protokoll" verify "$pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
field=${fields[0]:?no empty signature field}
key="$certs/$(signer_key "$certs" "$field")"
"$protokoll" sign "$pdf" --field "$field" --p12 "$key.p12" --password-file "$certs/password.txt" -o "$out/signed.pdf"
"$protokoll" verify "$out/signed.pdf" --format json >"$out/signed.json" || fail "verify fails the signed 3a file"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["pdfa"]["part"]=="3" and r["associated_files"][0]["matches_source_sha256"] is True, r' "$out/signed.json" ||
  fail "after signing, the claim or the source is gone"
qpdf --show-attachment="$name.xml" "$out/signed.pdf" | cmp -s - "$example" || fail "after signing, qpdf does not extract the source"
echo "ok: signed, the file keeps its PDF/A-3a claim and its source"

# A file whose embedded XML is not the one the XMP names: one byte changed in
# the uncompressed stream (qpdf --qdf), the rest rebuilt by fix-qdf.
qpdf --qdf --object-streams=disable "$pdf" "$out/edit.qdf"
python3 - "$out/edit.qdf" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
at = data.index(b"<protocol")
assert data.count(b"<protocol") == 1
open(sys.argv[1], "wb").write(data[:at] + b"<protocoL" + data[at + 9:])
PY
fix-qdf "$out/edit.qdf" >"$out/edited.pdf"
"$protokoll" verify "$out/edited.pdf" --allow-unsigned >"$out/edited.txt" || true
grep -q "^associated file \"$name.xml\" .*not the XMP's sourceSHA256 $(sha256sum "$example" | cut -d' ' -f1)" "$out/edited.txt" ||
  { cat "$out/edited.txt"; fail "verify does not see that the embedded XML is not the XMP's source"; }
echo "ok: verify sees an embedded XML that is not the source the XMP names"
