#!/usr/bin/env bash
# make-seeds.sh PROTOKOLL OUTDIR — fresh seeds for the fuzz targets, made with
# the project's own CLI and the test PKI (tests/tools/make-test-certs.sh and
# tests/tools/test-pki.py on 127.0.0.1; nothing leaves the machine).
#
# Writes into OUTDIR:
#   pki/       ca.der, sara.der, kent.der, ocsp.der, tsa.der: the certificates
#              the DER seeds and the signed PDFs were made with (the verify and
#              revocation targets judge against them; DER, no keys)
#   verify/    tiny PDFs (tiny_pdf.py): unsigned, signed (B-B), certified,
#              signed with a signature time-stamp (B-T), sealed (B-LT) and
#              sealed with a document timestamp (B-LTA); damaged copies
#              (truncated, a signed byte changed, a page added afterwards, a
#              revoked signer)
#   cms/       DER CMS SignedData followed by the bytes they sign (the cms
#              target signs-checks what follows the DER): `openssl cms -sign
#              -cades`, and the /Contents of the signed PDFs
#   tsa/       RFC 3161 tokens followed by the data they stamp
#   revocation/ OCSP responses (good, revoked, unknown), CRLs (empty, with a
#              revocation) and adbe-revocationInfoArchival values, about
#              sara.der issued by ca.der
# The committed corpora (tests/fuzz/corpus/*) and tests/fuzz/pki/ are one run
# of this script, minimized; rerun it and copy both to refresh them.
set -euo pipefail
protokoll=$(realpath "$1")
out=$(realpath -m "$2")
here=$(cd "$(dirname "$0")" && pwd)
tools="$here/../../tools"
rm -rf "$out"; mkdir -p "$out"/{pki,verify,cms,tsa,revocation,work}
work="$out/work" certs="$out/work/pki"
mkdir -p "$certs"

python3 "$tools/test-pki.py" "$certs" "$certs/port" &
pki_pid=$!
trap 'kill $pki_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$certs/port" ] && break; sleep 0.05; done
[ -s "$certs/port" ] || { echo "test PKI did not start" >&2; exit 1; }
url="http://127.0.0.1:$(cat "$certs/port")"
bash "$tools/make-test-certs.sh" "$certs" "$url" >/dev/null
for c in ca sara kent ocsp tsa; do openssl x509 -in "$certs/$c.pem" -outform DER -out "$out/pki/$c.der"; done

# --- verify: tiny signed PDFs ---------------------------------------------------
v="$out/verify" pw="$certs/password.txt"
now=$(date +%s)
python3 "$here/tiny_pdf.py" "$v/unsigned.pdf" "Sara Nordenhielm" "Kent Lagrell"
sign() {  # sign IN OUT FIELD KEY [ARGS...]
  local in=$1 o=$2 field=$3 key=$4; shift 4
  "$protokoll" sign "$in" --field "$field" --p12 "$certs/$key.p12" --password-file "$pw" -o "$o" \
    --timestamp "@$now" "$@" 2>/dev/null
}
sign "$v/unsigned.pdf" "$v/signed-bb.pdf" "Sara Nordenhielm" sara
sign "$v/unsigned.pdf" "$v/certified.pdf" "Sara Nordenhielm" sara --certify
sign "$v/unsigned.pdf" "$work/bt1.pdf" "Sara Nordenhielm" sara --tsa "$url/tsa"
sign "$work/bt1.pdf" "$v/signed-bt-two.pdf" "Kent Lagrell" kent --tsa "$url/tsa"
sign "$v/signed-bb.pdf" "$work/bb2.pdf" "Kent Lagrell" kent
"$protokoll" seal "$work/bb2.pdf" --ltv --trust "$certs/ca.pem" -o "$v/sealed-blt.pdf" >/dev/null
"$protokoll" seal "$v/signed-bt-two.pdf" --ltv --trust "$certs/ca.pem" --tsa "$url/tsa" -o "$v/sealed-blta.pdf" >/dev/null 2>&1
# Damage.
size=$(stat -c %s "$v/signed-bb.pdf")
head -c $(( size / 2 )) "$v/signed-bb.pdf" >"$v/damaged-truncated.pdf"
python3 - "$v/signed-bb.pdf" "$v/damaged-byte-changed.pdf" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
at = data.find(b"0 0 m 10 10 l S")
data[at] = ord("1")  # inside the signed content stream
open(sys.argv[2], "wb").write(data)
PY
python3 "$here/../../e2e/pdf_update.py" "$v/signed-bb.pdf" "$v/damaged-page-added.pdf" addpage
python3 "$here/../../e2e/pdf_update.py" "$v/certified.pdf" "$v/damaged-certified-annotation.pdf" addannot
printf 'garbage after the end\n' | cat "$v/signed-bb.pdf" - >"$v/damaged-trailing-bytes.pdf"
bash "$tools/make-test-certs.sh" --revoke "$certs" kent
sign "$v/signed-bb.pdf" "$work/revoked2.pdf" "Kent Lagrell" kent
"$protokoll" seal "$work/revoked2.pdf" --ltv --trust "$certs/ca.pem" -o "$v/sealed-revoked-signer.pdf" >/dev/null 2>&1

# --- cms: the CMS of each signature, followed by what it signs -----------------
python3 - "$v" "$out/cms" "$out/tsa" <<'PY'
import os, re, sys
src, cms, tsa = sys.argv[1:4]
for name in ("signed-bb.pdf", "signed-bt-two.pdf", "sealed-blta.pdf"):
    data = open(os.path.join(src, name), "rb").read()
    for i, m in enumerate(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)):
        a, b, c, n = map(int, m.groups())
        der = bytes.fromhex(data[b + 1:c - 1].decode()).rstrip(b"\0")
        signed = data[a:b] + data[c:c + n]
        # Only the first 4 KB of what was signed: the seed stays small; the
        # digest then fails, the signature and its time-stamp are still judged.
        target = tsa if b"DocTimeStamp" in data[max(0, b - 400):b] or b"ETSI.RFC3161" in data[max(0, b - 400):b] else cms
        open(os.path.join(target, "%s-%d.der" % (name[:-4], i)), "wb").write(der + signed[:4096])
PY
printf 'Protokoll fuzz seed: the bytes a signature covers.\n' >"$work/content.bin"
openssl cms -sign -binary -md sha256 -cades -in "$work/content.bin" -signer "$certs/sara.pem" -inkey "$certs/sara.key" \
  -certfile "$certs/ca.pem" -outform DER -out "$work/cades.der"
cat "$work/cades.der" "$work/content.bin" >"$out/cms/cades-detached.der"
openssl cms -sign -binary -md sha384 -noattr -in "$work/content.bin" -signer "$certs/kent.pem" -inkey "$certs/kent.key" \
  -outform DER -out "$work/noattr.der"
cat "$work/noattr.der" "$work/content.bin" >"$out/cms/no-signed-attributes.der"

# --- tsa: tokens followed by the data they stamp -------------------------------
for md in sha256 sha512; do
  openssl ts -query -data "$work/content.bin" -"$md" -cert -out "$work/q.tsq" 2>/dev/null
  (cd "$certs" && openssl ts -reply -config tsa.cnf -queryfile "$work/q.tsq" -token_out -out "$work/token.der" 2>/dev/null)
  cat "$work/token.der" "$work/content.bin" >"$out/tsa/token-$md.der"
done
openssl ts -query -data "$work/content.bin" -sha256 -no_nonce -out "$work/q.tsq" 2>/dev/null
(cd "$certs" && openssl ts -reply -config tsa.cnf -queryfile "$work/q.tsq" -token_out -out "$work/token.der" 2>/dev/null)
cat "$work/token.der" "$work/content.bin" >"$out/tsa/token-without-certificate.der"

# --- revocation: OCSP responses and CRLs about sara (issued by the CA) ---------
r="$out/revocation"
ocsp() {  # ocsp NAME CERT [ARGS...]: the responder's answer about CERT
  local name=$1 cert=$2; shift 2
  openssl ocsp -issuer "$certs/ca.pem" -cert "$cert" -reqout "$work/req.der" -no_nonce "$@" >/dev/null 2>&1 || true
  (cd "$certs" && openssl ocsp -index index.txt -CA ca.pem -rsigner ocsp.pem -rkey ocsp.key -reqin "$work/req.der" \
     -respout "$r/$name.der" -nmin 60 >/dev/null 2>&1)
}
ocsp ocsp-good "$certs/sara.pem"
ocsp ocsp-good-sha256-certid "$certs/sara.pem" -sha256
ocsp ocsp-revoked "$certs/kent.pem"
(cd "$certs" && openssl ocsp -index index.txt -CA ca.pem -rsigner ca.pem -rkey ca.key -reqin "$work/req.der" \
   -respout "$r/ocsp-revoked-signed-by-ca.der" -resp_no_certs >/dev/null 2>&1)
openssl x509 -in "$certs/sara.pem" -noout -serial >/dev/null
cp "$certs/ca.crl" "$r/crl-kent-revoked.der"
python3 - "$r" <<'PY'
import os, sys
r = sys.argv[1]
def tlv(tag, body):
    n = len(body)
    head = bytes([n]) if n < 0x80 else (b"\x81" + bytes([n]) if n < 0x100 else b"\x82" + n.to_bytes(2, "big"))
    return bytes([tag]) + head + body
crl = open(os.path.join(r, "crl-kent-revoked.der"), "rb").read()
good = open(os.path.join(r, "ocsp-good.der"), "rb").read()
# adbe-revocationInfoArchival: SEQUENCE { [0] SEQUENCE OF CRL, [1] SEQUENCE OF OCSPResponse }
value = tlv(0x30, tlv(0xa0, tlv(0x30, crl)) + tlv(0xa1, tlv(0x30, good)))
open(os.path.join(r, "revocation-info-archival.der"), "wb").write(value)
PY
# sara is in the CRL only after her revocation: the empty-of-her CRL is the one above.
bash "$tools/make-test-certs.sh" --revoke "$certs" sara
cp "$certs/ca.crl" "$r/crl-two-revoked.der"
ocsp ocsp-sara-revoked "$certs/sara.pem"
rm -rf "$work"
ls -la "$out"/*
