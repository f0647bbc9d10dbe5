#!/usr/bin/env bash
# usage: check_timestamp.sh PROTOKOLL EXAMPLE.xml OUTDIR
# PAdES B-T through the CLI: every field of a rendered protocol signed with
# `--tsa` against the test TSA (tests/tools/test-pki.py on 127.0.0.1). Then
# `protokoll verify --trust` says B-T with the time-stamps' times, pdfsig still
# calls every signature valid, and OpenSSL on its own finds the unsigned
# attribute in each CMS and verifies each token over its signature value
# (`openssl ts -verify`). A TSA address that fails is exit 2 with no output; a
# damaged token fails verification (exit 1).
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need pdfsig; need openssl; need python3; need qpdf
rm -rf "$out"; mkdir -p "$out"
certs="$out/pki"
start_test_pki "$certs"
pdf="$out/unsigned.pdf"
"$protokoll" render "$example" -o "$pdf"
mapfile -t fields < <("$protokoll" verify "$pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
[ "${#fields[@]}" -ge 2 ] || fail "expected at least two empty signature fields"
# Each field's person's certificate (sign refuses anyone else's).
keys=()
for f in "${fields[@]}"; do keys+=("$(signer_key "$certs" "$f")"); done

# --- sign every field, each with a time-stamp ----------------------------------
last="$pdf"
for (( i = 0; i < ${#fields[@]}; i++ )); do
  next="$out/signed$(( i + 1 )).pdf"
  # /M now, as the time-stamp will be.
  "$protokoll" sign "$last" --field "${fields[$i]}" --p12 "$certs/${keys[$i]}.p12" --password-file "$certs/password.txt" \
    --tsa "$PKI_URL/tsa" --timestamp "@$(date +%s)" -o "$next" 2>"$out/sign$i.err" || { cat "$out/sign$i.err"; fail "signing ${fields[$i]} with --tsa"; }
  added=$(( $(stat -c %s "$next") - $(stat -c %s "$last") ))
  # 12 KB is the limit without a time-stamp; the token's room (6 KB) costs twice that in hex.
  [ "$added" -le 24576 ] || fail "signature $(( i + 1 )) with its time-stamp added $added bytes (limit 24576)"
  echo "ok: ${fields[$i]}: signed and time-stamped, +$added bytes"
  last="$next"
done
good="$last"
stamps=$(grep -c '^POST /tsa 200$' "$certs/requests.log" || true)
[ "$stamps" -eq "${#fields[@]}" ] || fail "the TSA issued $stamps tokens for ${#fields[@]} signatures"
echo "ok: the TSA issued one token per signature ($stamps)"

# --- protokoll verify ----------------------------------------------------------
set +e; "$protokoll" verify "$good" --trust "$certs/ca.pem" --format json >"$good.json" 2>"$good.err"; rc=$?; set -e
[ "$rc" -eq 0 ] || { cat "$good.json" "$good.err"; fail "protokoll verify --trust: exit $rc"; }
json() {  # json FILE PYTHON-EXPRESSION: asserts the expression over d (the JSON) holds
  python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
if not eval(sys.argv[2]): sys.exit("assertion failed: " + sys.argv[2] + "\n" + json.dumps(d, indent=1, ensure_ascii=False))' "$1" "$2" \
    || fail "$(basename "$1"): $2"
}
json "$good.json" 'd["verdict"] == "valid" and d["signatures_signed"] == len(d["fields"])'
json "$good.json" 'all(f["pades"]["level"] == "B-T" and f["pades"]["timestamp_token"] for f in d["fields"])'
json "$good.json" 'all(f["timestamp"]["imprint_ok"] and f["timestamp"]["signature_ok"] and f["timestamp"]["problem"] == "" for f in d["fields"])'
json "$good.json" 'all(f["timestamp"]["tsa"] == "CN=Protokoll Test TSA,O=Protokoll Test,C=SE" and f["timestamp"]["chain"]["status"] == "trusted" for f in d["fields"])'
json "$good.json" 'all(len(f["timestamp"]["time_utc"]) == 20 and f["timestamp"]["time_utc"] >= f["claimed_time_utc"] for f in d["fields"])'
json "$good.json" 'all(f["chain"]["status"] == "trusted" and f["chain"]["checked_at"] == f["timestamp"]["time_utc"] for f in d["fields"])'
"$protokoll" verify "$good" --trust "$certs/ca.pem" >"$out/good.txt"
n=$(grep -c '^  timestamp: [0-9T:Z-]* by CN=Protokoll Test TSA,O=Protokoll Test,C=SE (valid); TSA chain trusted$' "$out/good.txt" || true)
[ "$n" -eq "${#fields[@]}" ] || { cat "$out/good.txt"; fail "text report: $n of ${#fields[@]} valid time-stamp lines"; }
python3 -c 'import json,sys
for f in json.load(open(sys.argv[1]))["fields"]: print("   ", f["name"] + ":", "claimed", f["claimed_time_utc"], "stamped", f["timestamp"]["time_utc"])' "$good.json"
echo "ok: protokoll verify --trust: exit 0, every signature B-T, its time-stamp valid and trusted, chains judged at the time-stamps"

# --- poppler ---------------------------------------------------------------------
qpdf --check "$good" >/dev/null 2>&1 || fail "qpdf --check on the time-stamped file"
need certutil
rm -rf "$out/nss"; mkdir -p "$out/nss"
certutil -N -d "sql:$out/nss" --empty-password
certutil -A -n protokoll-test-ca -t "CT,C,C" -i "$certs/ca.pem" -d "sql:$out/nss"
pdfsig -nssdir "sql:$out/nss" "$good" >"$out/good.pdfsig" 2>&1 || true
valid=$(grep -c 'Signature is Valid' "$out/good.pdfsig" || true)
trusted=$(grep -c 'Certificate is Trusted' "$out/good.pdfsig" || true)
[ "$valid" -eq "${#fields[@]}" ] && [ "$trusted" -eq "${#fields[@]}" ] || { cat "$out/good.pdfsig"; fail "pdfsig: $valid valid, $trusted trusted of ${#fields[@]}"; }
echo "ok: pdfsig: every signature valid, every certificate trusted by the test CA"

# --- OpenSSL on its own: the unsigned attribute and each token ---------------------
# split.py writes, per signature i: sigI.der (the CMS), sigI.value (the
# SignerInfo's signature value), sigI.tsr (the token) and sigI.at (the token's
# offset in the file's hex /Contents).
cat >"$out/split.py" <<'PY'
import json, sys
pdf, report, prefix = sys.argv[1:4]
data = open(pdf, "rb").read()

def tlv(b, i):  # (tag, start of value, end of value) of the DER element at i
    tag, n = b[i], b[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(b[i:i + k], "big")
        i += k
    return tag, i, i + n

def children(b, start, end):
    i = start
    while i < end:
        tag, s, e = tlv(b, i)
        yield tag, i, s, e
        i = e

for n, f in enumerate(json.load(open(report))["fields"]):
    a, b, c, _ = f["byte_range"]
    der = bytes.fromhex(data[b + 1:c - 1].decode())
    der = der[:tlv(der, 0)[2]]  # without the zero padding
    _, s, e = tlv(der, 0)                                  # ContentInfo
    parts = list(children(der, s, e))
    _, s, e = tlv(der, parts[1][2])                        # [0] -> SignedData
    signed_data = list(children(der, s, e))
    signer_infos = signed_data[-1]                         # SET OF SignerInfo
    info = next(children(der, signer_infos[2], signer_infos[3]))
    fields = list(children(der, info[2], info[3]))
    value = next(x for x in fields if x[0] == 0x04)        # signature OCTET STRING
    unsigned = fields[-1]
    assert unsigned[0] == 0xA1, "no unsigned attributes"
    oid = bytes.fromhex("060b2a864886f70d010910020e")      # id-aa-signatureTimeStampToken
    for tag, at, s, e in children(der, unsigned[2], unsigned[3]):
        attr = list(children(der, s, e))
        if der[attr[0][1]:attr[0][3]] == oid:
            token = next(children(der, attr[1][2], attr[1][3]))
            open("%s%d.tsr" % (prefix, n), "wb").write(der[token[1]:token[3]])
            open("%s%d.at" % (prefix, n), "w").write(str(b + 1 + 2 * token[1]) + " " + str(token[3] - token[1]) + "\n")
    open("%s%d.der" % (prefix, n), "wb").write(der)
    open("%s%d.value" % (prefix, n), "wb").write(der[value[2]:value[3]])
PY
python3 "$out/split.py" "$good" "$good.json" "$out/sig"
for (( i = 0; i < ${#fields[@]}; i++ )); do
  openssl cms -cmsout -print -inform DER -in "$out/sig$i.der" >"$out/sig$i.txt"
  grep -q 'unsignedAttrs:' "$out/sig$i.txt" && grep -q 'object: id-smime-aa-timeStampToken (1.2.840.113549.1.9.16.2.14)' "$out/sig$i.txt" \
    || fail "${fields[$i]}: openssl finds no id-smime-aa-timeStampToken among the unsigned attributes"
  [ -s "$out/sig$i.tsr" ] || fail "${fields[$i]}: no token extracted"
  openssl ts -verify -token_in -in "$out/sig$i.tsr" -data "$out/sig$i.value" -CAfile "$certs/ca.pem" -untrusted "$certs/tsa.pem" \
    >"$out/sig$i.ts-verify" 2>&1 || { cat "$out/sig$i.ts-verify"; fail "${fields[$i]}: openssl ts -verify rejects the token"; }
  grep -q '^Verification: OK' "$out/sig$i.ts-verify" || fail "${fields[$i]}: openssl ts -verify says no OK"
  # The time openssl reads in the token is the time verify reports.
  stamped=$(openssl ts -reply -token_in -in "$out/sig$i.tsr" -token_out -text 2>/dev/null | sed -n 's/^Time stamp: //p')
  [ "$(date -u -d "$stamped" +%Y-%m-%dT%H:%M:%SZ)" = "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fields"][int(sys.argv[2])]["timestamp"]["time_utc"])' "$good.json" "$i")" ] \
    || fail "${fields[$i]}: openssl reads the token's time as $stamped, protokoll verify otherwise"
  openssl cms -verify -binary -inform DER -in "$out/sig$i.der" -noverify -out /dev/null \
    -content <(python3 -c 'import json,sys
f = json.load(open(sys.argv[2]))["fields"][int(sys.argv[3])]; a, b, c, n = f["byte_range"]; d = open(sys.argv[1], "rb").read()
sys.stdout.buffer.write(d[a:b] + d[c:c + n])' "$good" "$good.json" "$i") 2>"$out/sig$i.cms-verify" \
    || { cat "$out/sig$i.cms-verify"; fail "${fields[$i]}: openssl cms -verify rejects the signature with its token"; }
done
echo "ok: openssl: every CMS carries id-smime-aa-timeStampToken; openssl ts -verify accepts each token over its signature value, with the time verify reports"

# --- failures --------------------------------------------------------------------
rm -f "$out/x.pdf"
set +e; "$protokoll" sign "$pdf" --field "${fields[0]}" --p12 "$certs/${keys[0]}.p12" --password-file "$certs/password.txt" \
  --tsa "$PKI_URL/no-such-tsa" -o "$out/x.pdf" >"$out/refused.txt" 2>&1; rc=$?; set -e
[ "$rc" -eq 2 ] || { cat "$out/refused.txt"; fail "a failing TSA address: exit $rc, expected 2"; }
grep -qF "$PKI_URL/no-such-tsa" "$out/refused.txt" || { cat "$out/refused.txt"; fail "the message does not name the TSA's URL"; }
[ ! -e "$out/x.pdf" ] || fail "a failed time-stamp left $out/x.pdf"
echo "ok: a TSA address that fails: exit 2, the URL in the message, no output"

# One byte of the first token's own signature flipped (inside /Contents, which
# no byte range covers): the document signatures stay intact, the token not.
bad="$out/damaged-token.pdf"; cp "$good" "$bad"
read -r at len <"$out/sig0.at"
python3 - "$bad" "$at" "$len" <<'PY'
import sys
path, at, length = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = bytearray(open(path, "rb").read())
i = at + 2 * (length - 5)  # a hex digit of the token's last bytes: its signature
data[i] = ord("0") if data[i] != ord("0") else ord("1")
open(path, "wb").write(bytes(data))
PY
set +e; "$protokoll" verify "$bad" --trust "$certs/ca.pem" --format json >"$bad.json" 2>&1; rc=$?; set -e
[ "$rc" -eq 1 ] || { cat "$bad.json"; fail "a damaged token: exit $rc, expected 1"; }
json "$bad.json" 'd["fields"][0]["digest_ok"] and d["fields"][0]["signature_ok"] and not d["fields"][0]["timestamp"]["signature_ok"] and d["fields"][0]["pades"]["level"] == "B-B"'
json "$bad.json" 'any("signature-time-stamp" in r for r in d["reasons"])'
echo "ok: a damaged token: protokoll verify exit 1 with the reason; the document signature itself intact"

# --- two-step signing: --prepare --tsa reserves room, --inject --tsa adds the token --
rm -f "$out/prepared.pdf" "$out/injected.pdf"
# The certificate and, after it, its issuer: sign asks the OCSP responder about it first.
cat "$certs/${keys[0]}.pem" "$certs/ca.pem" >"$out/chain.pem"
"$protokoll" sign "$pdf" --field "${fields[0]}" --cert "$out/chain.pem" --prepare "$out/prepared.pdf" --tsa "$PKI_URL/tsa" >/dev/null
python3 - "$out/prepared.pdf" "$out/prepared.content" <<'PY'
import re, sys
b = open(sys.argv[1], 'rb').read()
r = list(map(int, re.search(rb'/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)', b[b.rfind(b'/ByteRange'):]).groups()))
open(sys.argv[2], 'wb').write(b[:r[1]] + b[r[2]:r[2] + r[3]])
PY
openssl cms -sign -binary -cades -md sha256 -outform DER -in "$out/prepared.content" -signer "$certs/${keys[0]}.pem" \
  -inkey "$certs/${keys[0]}.key" -certfile "$certs/ca.pem" -out "$out/service.p7s"
"$protokoll" sign "$out/prepared.pdf" --inject "$out/service.p7s" --tsa "$PKI_URL/tsa" -o "$out/injected.pdf"
"$protokoll" verify "$out/injected.pdf" --trust "$certs/ca.pem" --format json >"$out/injected.json" || { cat "$out/injected.json"; fail "the injected, time-stamped signature does not verify"; }
json "$out/injected.json" 'd["fields"][0]["timestamp"]["imprint_ok"] and d["fields"][0]["timestamp"]["signature_ok"] and d["fields"][0]["timestamp"]["chain"]["status"] == "trusted"'
pdfsig "$out/injected.pdf" 2>&1 | grep -q 'Signature is Valid' || fail "pdfsig rejects the injected, time-stamped signature"
echo "ok: two-step signing with --tsa: the service's CMS gets a valid time-stamp at --inject"
