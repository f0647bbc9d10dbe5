#!/usr/bin/env bash
# usage: check_verify.sh PROTOKOLL EXAMPLE.xml OUTDIR
# `protokoll verify` as an archivist uses it: a rendered protocol signed twice
# with the CLI verifies (exit 0) with a trusted chain, PAdES B-B and the PDF/A
# claim in its JSON evidence; each tampering (flipped byte, bytes appended, a
# page or an annotation added in a hand-written incremental update, a swapped
# certificate, a truncated file, an unknown CA) fails with exit 1 and the
# reason in the JSON; bad input is exit 2. poppler's pdfsig must agree on every
# file, and `openssl cms -verify` must accept each signature of the good file.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need pdfsig; need openssl; need python3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"; mkdir -p "$out"
certs="$out/certs"
bash "$here/../tools/make-test-certs.sh" "$certs" >/dev/null
pdf="$out/unsigned.pdf"
"$protokoll" render "$example" -o "$pdf"
mapfile -t fields < <("$protokoll" verify "$pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
[ "${#fields[@]}" -ge 2 ] || fail "expected at least two empty signature fields"
sign() {  # sign IN FIELD OUT — now, with the field's person's certificate
  "$protokoll" sign "$1" --field "$2" --p12 "$certs/$(signer_key "$certs" "$2").p12" --password-file "$certs/password.txt" -o "$3" --timestamp "@$(date +%s)"
}
[ "${fields[*]:0:2}" = "Sara Nordenhielm Patrik Linde" ] || fail "expected Sara's and Patrik's fields first, got ${fields[*]}"
sign "$pdf" "${fields[0]}" "$out/signed1.pdf"
sign "$out/signed1.pdf" "${fields[1]}" "$out/good.pdf"
good="$out/good.pdf"

# verify FILE [ARGS…]: the JSON in FILE.json, the exit code in $rc.
verify() {
  local file=$1; shift
  set +e; "$protokoll" verify "$file" --format json "$@" >"$file.json" 2>"$file.err"; rc=$?; set -e
}
# json FILE PYTHON-EXPRESSION: asserts the expression over d (the JSON) holds.
json() {
  python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
if not eval(sys.argv[2]): sys.exit("assertion failed: " + sys.argv[2] + "\n" + json.dumps(d, indent=1, ensure_ascii=False))' "$1.json" "$2" \
    || fail "$(basename "$1"): $2"
}
# pdfsig's verdict: every signature "Signature is Valid" and the newest one
# covering the whole file ("Total document signed"), 0; otherwise 1.
pdfsig_verdict() {
  local text n valid
  text=$(pdfsig "$1" 2>&1 || true)
  n=$(grep -c 'Signature Validation:' <<<"$text" || true)  # signed fields only
  valid=$(grep -c 'Signature is Valid' <<<"$text" || true)
  [ "$n" -ge 1 ] && [ "$valid" -eq "$n" ] &&
    awk '/^Signature #/{cur=""} {cur=cur $0 "\n"} /Signature Validation:/{last=cur} END{exit index(last, "Total document signed") ? 0 : 1}' <<<"$text" &&
    echo 0 || echo 1
}
agree() {  # agree FILE: pdfsig and protokoll verify (without --trust) reach the same verdict
  verify "$1"
  local p; p=$(pdfsig_verdict "$1")
  [ "$p" -eq "$rc" ] || { pdfsig "$1" || true; cat "$1.json"; fail "$(basename "$1"): pdfsig says $p, protokoll verify exit $rc"; }
}

# --- the good file -----------------------------------------------------------
verify "$good" --trust "$certs/ca.pem"
[ "$rc" -eq 0 ] || { cat "$good.json" "$good.err"; fail "good file: exit $rc"; }
json "$good" 'd["format"] == "protokoll-verify/1" and d["verdict"] == "valid" and d["reasons"] == [] and d["trust_judged"]'
json "$good" 'd["pdfa"] == {"part": "2", "conformance": "A"} and d["pdfua"] == {"part": "1"} and d["signatures_signed"] == 2 and d["last_signature_covers_file"]'
json "$good" 'all(f["chain"]["status"] == "trusted" and f["pades"]["level"] == "B-B" and f["digest_ok"] and f["signature_ok"] and f["covers_revision"] for f in d["fields"] if f["signed"])'
json "$good" '[f["signer"] for f in d["fields"] if f["signed"]] == ["Sara Nordenhielm", "Patrik Linde"]'
json "$good" 'd["fields"][0]["certificate"]["issuer"] == "CN=Protokoll Test CA,O=Protokoll Test,C=SE" and d["fields"][0]["certificate"]["serial"] == "02"'
json "$good" 'd["fields"][0]["later_changes"]["later_revisions"] == 1 and d["fields"][0]["later_changes"]["disallowed"] == [] and d["fields"][0]["later_changes"]["permitted"] == ["revision 3: field \"%s\": %s" % (d["fields"][1]["name"], what) for what in ("signed", "appearance of its new signature (/AP)")]'
agree "$good"; [ "$rc" -eq 0 ] || fail "good file without --trust: exit $rc"
json "$good" 'not d["trust_judged"] and all(f["chain"]["status"] == "not judged" for f in d["fields"] if f["signed"])'
"$protokoll" verify "$good" --trust "$certs/ca.pem" >"$out/good.txt"
grep -q '^PDF/A claim: PDF/A-2A$' "$out/good.txt" || fail "text report: no PDF/A-2A claim"
grep -q '^PDF/UA claim: PDF/UA-1$' "$out/good.txt" || fail "text report: no PDF/UA-1 claim"
grep -q 'chain: trusted at ' "$out/good.txt" || fail "text report: no trusted chain"
echo "ok: good file: exit 0, chains trusted, PAdES B-B, PDF/A-2A and PDF/UA-1 claims; pdfsig agrees"

# Each signature on its own through OpenSSL's command line.
python3 - "$good" "$good.json" "$out/sig" <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
for i, f in enumerate(f for f in json.load(open(sys.argv[2]))["fields"] if f["signed"]):
    a, b, c, n = f["byte_range"]
    open("%s%d.der" % (sys.argv[3], i), "wb").write(bytes.fromhex(data[b + 1:c - 1].decode()))
    open("%s%d.bin" % (sys.argv[3], i), "wb").write(data[a:b] + data[c:c + n])
PY
for i in 0 1; do
  openssl cms -verify -binary -inform DER -in "$out/sig$i.der" -content "$out/sig$i.bin" -noverify -out /dev/null 2>"$out/sig$i.err" \
    || { cat "$out/sig$i.err"; fail "openssl cms -verify rejects signature $i"; }
done
echo "ok: openssl cms -verify accepts both extracted signatures"

# --- tampering ---------------------------------------------------------------
expect_invalid() {  # expect_invalid FILE PYTHON-EXPRESSION WHAT
  agree "$1"
  [ "$rc" -eq 1 ] || { cat "$1.json" "$1.err"; fail "$3: exit $rc, expected 1"; }
  json "$1" 'd["verdict"] == "invalid" and len(d["reasons"]) > 0'
  json "$1" "$2"
  echo "ok: $3: exit 1, pdfsig agrees"
}

bad="$out/flipped.pdf"; cp "$good" "$bad"
offset=$(( $(stat -c %s "$pdf") / 2 ))
byte=$(dd if="$bad" bs=1 skip="$offset" count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
printf "$(printf '\\%03o' $(( byte ^ 1 )))" | dd of="$bad" bs=1 seek="$offset" conv=notrunc 2>/dev/null
expect_invalid "$bad" 'all(not f["digest_ok"] and f["signature_ok"] for f in d["fields"] if f["signed"])' "a flipped byte in the signed ranges"

bad="$out/appended.pdf"; cp "$good" "$bad"; printf '%% appended after signing\n' >>"$bad"
expect_invalid "$bad" '"follow the last %%EOF" in d["file_problem"] and not d["last_signature_covers_file"]' "bytes appended after the last signature"

bad="$out/page-added.pdf"; python3 "$here/pdf_update.py" "$good" "$bad" addpage
expect_invalid "$bad" 'all(any("page" in c and "added" in c for c in f["later_changes"]["disallowed"]) and f["digest_ok"] for f in d["fields"] if f["signed"])' "a page added in an incremental update"

bad="$out/annotation-added.pdf"; python3 "$here/pdf_update.py" "$good" "$bad" addannot
expect_invalid "$bad" 'all(any("annotation added (/Annot /Text)" in c for c in f["later_changes"]["disallowed"]) for f in d["fields"] if f["signed"])' "an annotation added in an incremental update"

bad="$out/swapped-cert.pdf"
hex() { openssl x509 -in "$1" -outform DER | od -An -v -tx1 | tr -d ' \n' | tr a-f A-F; }
python3 - "$good" "$bad" "$(hex "$certs/patrik.pem")" "$(hex "$certs/kent.pem")" <<'PY'
import sys
data, old, new = open(sys.argv[1], "rb").read(), sys.argv[3].encode(), sys.argv[4].encode()
assert len(old) == len(new) and data.count(old) == 1, "certificates differ in size or Patrik's is not in the file"
open(sys.argv[2], "wb").write(data.replace(old, new))
PY
expect_invalid "$bad" 'd["fields"][1]["problem"] == "the CMS does not contain the signer'"'"'s certificate" and d["fields"][0]["problem"] == ""' "Patrik's certificate swapped for Kent's (same size)"

bad="$out/truncated.pdf"; head -c $(( $(stat -c %s "$good") - 100 )) "$good" >"$bad"
expect_invalid "$bad" 'd["file_problem"] != ""' "a truncated file"

# --- trust -------------------------------------------------------------------
openssl req -x509 -new -newkey rsa:2048 -nodes -days 30 -subj "/CN=Other CA" -keyout "$out/other.key" -out "$out/other.pem" 2>/dev/null
verify "$good" --trust "$out/other.pem"
[ "$rc" -eq 1 ] || fail "an unknown CA: exit $rc, expected 1"
json "$good" 'all(f["chain"]["status"] == "untrusted" for f in d["fields"] if f["signed"]) and any("certificate not trusted" in r for r in d["reasons"])'
verify "$good" --trust "$out/other.pem" --trust "$certs/ca.pem"
[ "$rc" -eq 0 ] || fail "two trust files, one of them the test CA: exit $rc"
echo "ok: an unknown CA fails (exit 1); several --trust files are all anchors"

# --- bad input ---------------------------------------------------------------
for args in "$out/nonexistent.pdf" "$certs/password.txt" "$good --format xml" "$good --trust $certs/password.txt" "$good --trust"; do
  set +e; "$protokoll" verify $args >/dev/null 2>&1; rc=$?; set -e
  [ "$rc" -eq 2 ] || fail "verify $args: exit $rc, expected 2"
done
echo "ok: bad input (missing file, not a PDF, bad --format, bad trust file): exit 2"
