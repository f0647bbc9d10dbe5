#!/usr/bin/env bash
# usage: check_ltv.sh PROTOKOLL EXAMPLE.xml OUTDIR
# `protokoll seal --ltv` (PAdES B-LT, and with --tsa B-LTA) against the test PKI on 127.0.0.1: every
# field of a rendered protocol signed with its own certificate, sealed, and
# verified offline (the server stopped: its request log does not grow) from
# the /DSS alone, which Python and OpenSSL read independently; the seal is an
# incremental update (cmp), pdfsig still accepts every signature, a PDF/A-1b
# file stays valid for PDFBox Preflight. A signer revoked before signing is
# reported revoked with time and reason (exit 1). Refusals are exit 2 with no
# output.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need pdfsig; need openssl; need python3; need qpdf
rm -rf "$out"; mkdir -p "$out"
start_test_pki "$out/pki"
certs="$out/pki"
log="$certs/requests.log"

pdf="$out/unsigned.pdf"
"$protokoll" render "$example" -o "$pdf"
mapfile -t fields < <("$protokoll" verify "$pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
[ "${#fields[@]}" -ge 2 ] || fail "expected at least two empty signature fields"
# Each field's person's certificate (sign refuses anyone else's).
keys=()
for f in "${fields[@]}"; do keys+=("$(signer_key "$certs" "$f")"); done
[ "${keys[0]}" = sara ] || fail "expected Sara Nordenhielm's field first, got ${fields[0]}"

# sign_all IN OUT [KEY...]: every field in order, field i with key i (its
# person's; distinct certificates, which pdfsig needs too), signed now;
# with TSA_URL set, each with a signature timestamp (B-T).
sign_all() {
  local in=$1 result=$2 i; shift 2
  local k=("$@") prev=$in
  for i in "${!fields[@]}"; do
    "$protokoll" sign "$prev" --field "${fields[$i]}" --p12 "$certs/${k[$i]}.p12" --password-file "$certs/password.txt" \
      -o "$result.$i.pdf" --timestamp "@$(date +%s)" ${TSA_URL:+--tsa "$TSA_URL"} ${SIGN_FLAGS:-} 2>/dev/null
    prev="$result.$i.pdf"
  done
  cp "$prev" "$result"
}
# refused OUT PATTERN -- command...: exit 2, the message, no output file.
refused() {
  local o=$1 pattern=$2; shift 3
  rm -f "$o"
  set +e; "$@" >"$out/refused.txt" 2>&1; local rc=$?; set -e
  [ "$rc" -eq 2 ] || { cat "$out/refused.txt"; fail "expected exit 2, got $rc: $*"; }
  grep -q -- "$pattern" "$out/refused.txt" || { cat "$out/refused.txt"; fail "message lacks \"$pattern\""; }
  [ ! -e "$o" ] || fail "a refused command left $o"
}
verify() {  # verify FILE [ARGS…]: the JSON in FILE.json, the exit code in $rc
  local file=$1; shift
  set +e; "$protokoll" verify "$file" --format json "$@" >"$file.json" 2>"$file.err"; rc=$?; set -e
}
json() {  # json FILE PYTHON-EXPRESSION: the expression over d (the JSON) holds
  python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
signed = [f for f in d["fields"] if f["signed"]]
if not eval(sys.argv[2]): sys.exit("assertion failed: " + sys.argv[2] + "\n" + json.dumps(d, indent=1, ensure_ascii=False))' "$1.json" "$2" \
    || fail "$(basename "$1"): $2"
}

# --- refusals before anything is signed ---------------------------------------
refused "$out/x.pdf" "no signatures" -- "$protokoll" seal "$pdf" --ltv -o "$out/x.pdf" --trust "$certs/ca.pem"
refused "$out/x.pdf" "needs --ltv" -- "$protokoll" seal "$pdf" -o "$out/x.pdf"
"$protokoll" sign "$pdf" --field "${fields[0]}" --p12 "$certs/${keys[0]}.p12" --password-file "$certs/password.txt" -o "$out/one.pdf" --timestamp "@$(date +%s)" 2>/dev/null
refused "$out/x.pdf" "before the last signer" -- "$protokoll" seal "$out/one.pdf" --ltv -o "$out/x.pdf" --trust "$certs/ca.pem"
echo "ok: seal refuses a file without signatures and one still waiting for a signer (exit 2, no output)"

# --- sign every field, seal ---------------------------------------------------
signed="$out/signed.pdf" sealed="$out/sealed.pdf"
sign_all "$pdf" "$signed" "${keys[@]}"
touch "$log"; before=$(wc -l <"$log")
"$protokoll" seal "$signed" --ltv -o "$sealed" --trust "$certs/ca.pem" >"$out/seal.txt" 2>"$out/seal.err" \
  || { cat "$out/seal.err"; fail "seal: exit $?"; }
[ ! -s "$out/seal.err" ] || { cat "$out/seal.err"; fail "seal warned about a good file"; }
n=${#fields[@]}
grep -q "sealed $n signatures" "$out/seal.txt" || { cat "$out/seal.txt"; fail "seal did not report $n signatures"; }
asked=$(tail -n +$(( before + 1 )) "$log")
[ "$(grep -c '^POST /ocsp 200$' <<<"$asked")" -eq "$n" ] || fail "expected $n OCSP requests, got: $asked"
[ "$(grep -c '^GET /crl/ca.crl 200$' <<<"$asked")" -eq 1 ] || fail "expected one CRL download, got: $asked"
cmp -s -n "$(stat -c %s "$signed")" "$signed" "$sealed" || fail "seal rewrote earlier bytes"
added=$(( $(stat -c %s "$sealed") - $(stat -c %s "$signed") ))
echo "ok: sealed $n signatures: $n OCSP requests, one CRL; an incremental update of $added bytes ($(cat "$out/seal.txt"))"
refused "$out/x.pdf" "sealed already" -- "$protokoll" seal "$sealed" --ltv -o "$out/x.pdf" --trust "$certs/ca.pem"
refused "$out/x.pdf" "the file is sealed" -- "$protokoll" sign "$sealed" --field "${fields[0]}" --any-order --p12 "$certs/${keys[0]}.p12" --password-file "$certs/password.txt" -o "$out/x.pdf"
echo "ok: a sealed file is not sealed again nor signed (exit 2)"

# The /DSS read without protokoll: qpdf's JSON for the structure, OpenSSL for
# each stream; /VRI keys are the SHA-1 of each /Contents as written.
qpdf --json "$sealed" >"$out/sealed.qpdf.json"
python3 - "$sealed" "$out/sealed.qpdf.json" "$out/dss" "$n" <<'PY' || fail "the /DSS is not what seal promises"
import hashlib, json, re, sys
pdf, meta, prefix, n = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3], int(sys.argv[4])
objects = meta["qpdf"][1]
def obj(ref): return objects["obj:" + ref]
def value(ref): return obj(ref)["value"] if "value" in obj(ref) else obj(ref)["stream"]["dict"]
root = meta["qpdf"][0]["trailer"]["value"]["/Root"] if "trailer" in meta["qpdf"][0] else objects["trailer"]["value"]["/Root"]
dss = value(root)["/DSS"]
dss = value(dss) if isinstance(dss, str) else dss
data = open(pdf, "rb").read()
keys = set()
for m in re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data):
    a, b, c, l = map(int, m.groups())
    keys.add("/" + hashlib.sha1(bytes.fromhex(data[b + 1:c - 1].decode())).hexdigest().upper())
vri = dss["/VRI"]
vri = value(vri) if isinstance(vri, str) else vri
assert len(keys) == n and set(vri) == keys, (sorted(keys), sorted(vri))
for key, entry in vri.items():
    entry = value(entry) if isinstance(entry, str) else entry
    assert entry.get("/OCSP") and entry.get("/CRL") and len(entry["/Cert"]) >= 2, (key, entry)
counts = {k: len(dss[k]) for k in ("/Certs", "/OCSPs", "/CRLs")}
assert counts == {"/Certs": n + 2, "/OCSPs": n, "/CRLs": 1}, counts  # signers, CA, OCSP responder
with open(prefix + ".list", "w") as f:
    for kind in ("/Certs", "/OCSPs", "/CRLs"):
        for ref in dss[kind]:
            f.write("%s %s\n" % (kind[1:], ref.split()[0]))
print("DSS:", counts, "VRI:", len(vri))
PY
while read -r kind num; do
  qpdf --show-object="$num" --filtered-stream-data "$sealed" >"$out/dss.$num.der"
  case $kind in
    Certs) openssl x509 -inform DER -in "$out/dss.$num.der" -noout -subject >/dev/null ;;
    OCSPs) openssl ocsp -respin "$out/dss.$num.der" -resp_text -noverify | grep -q "Cert Status: good" ;;
    CRLs)  openssl crl -inform DER -in "$out/dss.$num.der" -noout -CAfile "$certs/ca.pem" 2>&1 | grep -q "verify OK" ;;
  esac || fail "DSS stream $num ($kind) is not what OpenSSL expects"
done <"$out/dss.list"
echo "ok: the /DSS read by qpdf and OpenSSL: certificates, OCSP responses (good) and the CA-signed CRL; /VRI keys = SHA-1 of each /Contents"

# --- B-LT and B-LTA: timestamped signatures, sealed with a document timestamp ---
lta="$out/lta.pdf"
TSA_URL="$PKI_URL/tsa" sign_all "$pdf" "$out/stamped.pdf" "${keys[@]}"
"$protokoll" seal "$out/stamped.pdf" --ltv --tsa "$PKI_URL/tsa" -o "$lta" --trust "$certs/ca.pem" >"$out/seal-lta.txt" 2>"$out/seal-lta.err" \
  || { cat "$out/seal-lta.err"; fail "seal --tsa: exit $?"; }
grep -q 'document timestamp (PAdES B-LTA) "Dokumenttidsstämpel"' "$out/seal-lta.txt" || { cat "$out/seal-lta.txt"; fail "seal --tsa reported no document timestamp"; }
# The test TSA's certificate names no revocation services: said once.
[ "$(grep -c 'Protokoll Test TSA.*names no OCSP responder or CRL' "$out/seal-lta.err")" -eq 1 ] || { cat "$out/seal-lta.err"; fail "expected one warning about the TSA certificate"; }
cmp -s -n "$(stat -c %s "$out/stamped.pdf")" "$out/stamped.pdf" "$lta" || fail "seal --tsa rewrote earlier bytes"
verify "$lta" --trust "$certs/ca.pem"
[ "$rc" -eq 0 ] || { cat "$lta.json" "$lta.err"; fail "B-LTA file: exit $rc"; }
json "$lta" 'd["last_signature_covers_file"] and len(d["document_timestamps"]) == 1 and len(signed) == '"$n"
json "$lta" 'd["document_timestamps"][0]["valid"] and d["document_timestamps"][0]["covers_dss"] and d["document_timestamps"][0]["field"] == "Dokumenttidsstämpel"'
json "$lta" 'all(f["pades"]["level"] == "B-LTA" and f["revocation"]["status"] == "good" and f["revocation"]["checked_at"] == f["timestamp"]["time_utc"] for f in signed)'
# The document timestamp by OpenSSL alone: the token over the bytes its /ByteRange names.
python3 - "$lta" "$out/doc-ts" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
a, b, c, n = map(int, re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", data)[-1])
assert c + n == len(data), "the document timestamp does not reach the end of the file"
open(sys.argv[2] + ".der", "wb").write(bytes.fromhex(data[b + 1:c - 1].decode()))
open(sys.argv[2] + ".bin", "wb").write(data[a:b] + data[c:c + n])
PY
openssl ts -verify -data "$out/doc-ts.bin" -in "$out/doc-ts.der" -token_in -CAfile "$certs/ca.pem" -untrusted "$certs/tsa.pem" >"$out/doc-ts.txt" 2>&1 \
  || { cat "$out/doc-ts.txt"; fail "openssl ts -verify rejects the document timestamp"; }
# poppler 22 lists the document timestamp but cannot verify it ("Signature
# Type: unknown"); every CAdES signature must still be valid for it.
text=$(pdfsig -nocert "$lta" 2>&1 || true)
[ "$(grep -c 'Signature is Valid' <<<"$text")" -eq "$n" ] || { echo "$text"; fail "pdfsig: not every signature of the B-LTA file is valid"; }
echo "ok: B-LTA: every signature timestamped, sealed with validation data and a document timestamp over the /DSS (openssl ts -verify agrees; seal added $(( $(stat -c %s "$lta") - $(stat -c %s "$out/stamped.pdf") )) bytes)"

# --- renewal: a sealed file gets fresh validation data and a second document timestamp ---
renewed="$out/renewed.pdf"
set +e; "$protokoll" seal "$lta" --ltv --tsa "$PKI_URL/tsa" -o "$out/not-renewed.pdf" --trust "$certs/ca.pem" >/dev/null 2>"$out/reseal.err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q -- "--renew" "$out/reseal.err" && [ ! -e "$out/not-renewed.pdf" ] || { cat "$out/reseal.err"; fail "sealing a sealed file without --renew: exit $rc"; }
"$protokoll" seal "$lta" --ltv --renew --tsa "$PKI_URL/tsa" -o "$renewed" --trust "$certs/ca.pem" >"$out/renew.txt" 2>"$out/renew.err" \
  || { cat "$out/renew.err"; fail "seal --renew: exit $?"; }
cmp -s -n "$(stat -c %s "$lta")" "$lta" "$renewed" || fail "seal --renew rewrote earlier bytes"
verify "$renewed" --trust "$certs/ca.pem"
[ "$rc" -eq 0 ] || { cat "$renewed.json"; fail "renewed file: exit $rc"; }
json "$renewed" 'len(d["document_timestamps"]) == 2 and all(t["valid"] and t["covers_dss"] for t in d["document_timestamps"]) and d["document_timestamps"][1]["field"] == "Dokumenttidsstämpel 2"'
json "$renewed" 'all(f["pades"]["level"] == "B-LTA" and f["later_changes"]["disallowed"] == [] and any("validation data (/DSS) updated: " in c for c in f["later_changes"]["permitted"]) for f in signed)'
qpdf --check "$renewed" >/dev/null || fail "qpdf cannot read the renewed file"
echo "ok: seal --renew: fresh /DSS entries and a second document timestamp; every signature still B-LTA and valid"

# --- PDF/A-1b stays valid (PDFBox Preflight ignores the /DSS, an unknown key there) ---
cp=/usr/share/java/preflight.jar:/usr/share/java/pdfbox2.jar:/usr/share/java/fontbox2.jar:/usr/share/java/xmpbox.jar:/usr/share/java/commons-logging.jar:/usr/share/java/javax.activation.jar:/usr/share/java/jaxb-api.jar
need java
for jar in ${cp//:/ }; do [ -f "$jar" ] || fail "$jar missing (run scripts/install-deps.sh)"; done
"$protokoll" render "$example" --pdfa 1b -o "$out/1b.pdf"
sign_all "$out/1b.pdf" "$out/1b.signed.pdf" "${keys[@]}"
"$protokoll" seal "$out/1b.signed.pdf" --ltv -o "$out/1b.sealed.pdf" --trust "$certs/ca.pem" >/dev/null
java -cp "$cp" org.apache.pdfbox.preflight.Validator_A1b "$out/1b.sealed.pdf" >"$out/1b.sealed.preflight" 2>&1 || true
grep -q 'is a valid PDF/A-1b file' "$out/1b.sealed.preflight" || { cat "$out/1b.sealed.preflight"; fail "Preflight rejects the sealed PDF/A-1b file"; }
echo "ok: PDFBox Preflight: a sealed PDF/A-1b file is still valid PDF/A-1b"

# --- a signer revoked before she signs ------------------------------------------
bash "$(dirname "$0")/../tools/make-test-certs.sh" --revoke "$certs" sara
revoked="$out/revoked.pdf" revoked_sealed="$out/revoked-sealed.pdf"
SIGN_FLAGS=--no-revocation-check sign_all "$pdf" "$revoked" "${keys[@]}"
"$protokoll" seal "$revoked" --ltv -o "$revoked_sealed" --trust "$certs/ca.pem" >"$out/seal-revoked.txt" 2>"$out/seal-revoked.err" \
  || { cat "$out/seal-revoked.err"; fail "seal of a file with a revoked signer: exit $?"; }
grep -q 'Sara Nordenhielm.*is revoked since.*keyCompromise' "$out/seal-revoked.err" || { cat "$out/seal-revoked.err"; fail "seal did not warn about the revoked signer"; }
echo "ok: seal stores the revocation as evidence and warns"

# --- offline: the server stopped --------------------------------------------------
kill "$PKI_PID"; wait "$PKI_PID" 2>/dev/null || true
asked=$(wc -l <"$log")
verify "$sealed" --trust "$certs/ca.pem"
[ "$rc" -eq 0 ] || { cat "$sealed.json" "$sealed.err"; fail "sealed file: exit $rc"; }
json "$sealed" 'd["verdict"] == "valid" and d["dss"] and d["document_timestamps"] == [] and len(signed) == '"$n"
json "$sealed" 'all(f["revocation"]["status"] == "good" and f["revocation"]["source"] == "ocsp" and f["revocation"]["checked_at"] == f["claimed_time_utc"] for f in signed)'
json "$sealed" 'all(f["key_usage_ok"] and f["pades"]["validation_data"] and f["pades"]["level"] == "B-B" and f["chain"]["status"] == "trusted" for f in signed)'
json "$sealed" 'all(any("validation data (/DSS) added: " in c for c in f["later_changes"]["permitted"]) and f["later_changes"]["disallowed"] == [] for f in signed)'
verify "$revoked_sealed" --trust "$certs/ca.pem"
[ "$rc" -eq 1 ] || { cat "$revoked_sealed.json"; fail "revoked signer: exit $rc, expected 1"; }
json "$revoked_sealed" 'd["verdict"] == "invalid" and len(d["reasons"]) == 1 and "Sara Nordenhielm" in d["reasons"][0] and "revoked" in d["reasons"][0]'
json "$revoked_sealed" '[f["revocation"]["status"] for f in signed] == ["revoked"] + ["good"] * (len(signed) - 1)'
json "$revoked_sealed" 'signed[0]["revocation"]["reason"] == "keyCompromise" and signed[0]["revocation"]["revocation_time"] <= signed[0]["claimed_time_utc"] and signed[0]["signature_ok"]'
verify "$lta" --trust "$certs/ca.pem"
[ "$rc" -eq 0 ] || { cat "$lta.json"; fail "B-LTA file offline: exit $rc"; }
json "$lta" 'all(f["pades"]["level"] == "B-LTA" for f in signed) and d["document_timestamps"][0]["valid"]'
[ "$(wc -l <"$log")" -eq "$asked" ] || fail "verify went online: $(tail -n +$(( asked + 1 )) "$log")"
echo "ok: offline (server stopped, no request): the sealed file is valid, every signer good by OCSP from the /DSS (B-B with validation data; the timestamped one B-LTA); the revoked signer fails (exit 1) with time and reason"
refused "$out/x.pdf" "no revocation data for \"CN=.*127.0.0.1:.*/ocsp" -- "$protokoll" seal "$signed" --ltv -o "$out/x.pdf" --trust "$certs/ca.pem" --timeout 2
echo "ok: with the services gone, seal names the certificate and the address it could not reach"

# pdfsig judges the signatures' integrity (it does not read the /DSS, and
# without an NSS database that trusts the CA it judges no revocation).
for f in "$sealed" "$revoked_sealed"; do
  text=$(pdfsig -no-ocsp "$f" 2>&1 || true)
  [ "$(grep -c 'Signature is Valid' <<<"$text")" -eq "$n" ] || { echo "$text"; fail "pdfsig: not every signature of $(basename "$f") is valid"; }
done
echo "ok: pdfsig: every signature of the sealed files is valid (integrity; revocation is verify's)"
