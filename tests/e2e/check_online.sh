#!/usr/bin/env bash
# usage: check_online.sh PROTOKOLL EXAMPLE.xml OUTDIR
# verify --online against the test PKI on 127.0.0.1: a signed file that holds
# no revocation data is judged "no data" offline (and the services hear
# nothing); with --online the OCSP responders its certificates name are asked,
# the status is good, fetched online, and every request is named in the
# report. A signer revoked before signing is caught online (exit 1), while
# verify without --online still asks nothing. With the services gone, --online
# says what it could not ask and judges the file as offline.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need python3
rm -rf "$out"; mkdir -p "$out"
start_test_pki "$out/pki"
certs="$out/pki" log="$out/pki/requests.log"

pdf="$out/unsigned.pdf"
"$protokoll" render "$example" -o "$pdf"
mapfile -t fields < <("$protokoll" verify "$pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
sign_all() {  # sign_all OUT: every field by its person, with a signature-time-stamp
  local prev=$pdf i key
  for i in "${!fields[@]}"; do
    key=$(signer_key "$certs" "${fields[$i]}")
    "$protokoll" sign "$prev" --field "${fields[$i]}" --p12 "$certs/$key.p12" --password-file "$certs/password.txt" \
      --tsa "$PKI_URL/tsa" -o "$1.$i.pdf" ${SIGN_FLAGS:-} 2>/dev/null
    prev="$1.$i.pdf"
  done
  cp "$prev" "$1"
}
signed="$out/signed.pdf"
sign_all "$signed"
# json FILE EXPR: EXPR (Python, d = the report, signed = its signed fields) holds.
json() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); signed=[f for f in d["fields"] if f["signed"]]; sys.exit(0 if eval(sys.argv[2]) else json.dumps(d["fields"][0]["revocation"]) + " " + json.dumps(d["online_requests"]))' "$1" "$2"
}

asked=$(wc -l <"$log")
"$protokoll" verify "$signed" --trust "$certs/ca.pem" --format json >"$out/offline.json" || fail "the signed file does not verify offline"
json "$out/offline.json" 'all(f["revocation"]["status"] == "no data" and not f["revocation"]["online"] for f in signed) and d["online_requests"] == []' \
  || fail "offline, the file's signatures should have no revocation data"
[ "$(wc -l <"$log")" = "$asked" ] || fail "verify without --online asked the network"

"$protokoll" verify "$signed" --trust "$certs/ca.pem" --online --format json >"$out/online.json" || fail "verify --online: exit $?"
json "$out/online.json" 'all(f["revocation"]["status"] == "good" and f["revocation"]["source"] == "ocsp" and f["revocation"]["online"] for f in signed)' \
  || fail "verify --online did not find every signer good by an OCSP answer fetched online"
json "$out/online.json" 'all(any(r.startswith("OCSP " + "'"$PKI_URL"'") and f["signer"] in r for r in d["online_requests"]) for f in signed)' \
  || fail "verify --online does not name the OCSP request for every signer"
[ "$(wc -l <"$log")" -gt "$asked" ] || fail "verify --online asked no service"
json "$out/online.json" 'all(f["pades"]["level"] == "B-T" for f in signed)' || fail "answers fetched online raised the PAdES level (they are not in the file)"
"$protokoll" verify "$signed" --trust "$certs/ca.pem" --online >"$out/online.txt"
grep -q "fetched online" "$out/online.txt" && grep -q "^online: OCSP $PKI_URL" "$out/online.txt" || { cat "$out/online.txt"; fail "the text report does not say what was fetched online"; }
echo "ok: offline no data and no request; --online: every signer good by OCSP fetched online, each request named, the level still B-T"

bash "$(dirname "$0")/../tools/make-test-certs.sh" --revoke "$certs" sara
revoked="$out/revoked.pdf"
# sign itself asks first and refuses; the file for verify is signed without asking.
set +e; "$protokoll" sign "$pdf" --field "Sara Nordenhielm" --p12 "$certs/sara.p12" --password-file "$certs/password.txt" \
  -o "$out/refused.pdf" 2>"$out/refused.err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q 'is revoked since.*keyCompromise' "$out/refused.err" && [ ! -e "$out/refused.pdf" ] \
  || { cat "$out/refused.err"; fail "sign with a revoked certificate: exit $rc, expected 2 'is revoked since' and no output"; }
SIGN_FLAGS=--no-revocation-check sign_all "$revoked"
asked=$(wc -l <"$log")
"$protokoll" verify "$revoked" --trust "$certs/ca.pem" >/dev/null || fail "offline, the revoked signer cannot be seen: exit $?"
[ "$(wc -l <"$log")" = "$asked" ] || fail "verify without --online asked the network"
set +e; "$protokoll" verify "$revoked" --trust "$certs/ca.pem" --online --format json >"$out/revoked.json"; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "verify --online of a revoked signer: exit $rc, expected 1"
json "$out/revoked.json" 'signed[0]["revocation"]["status"] == "revoked" and signed[0]["revocation"]["online"] and "keyCompromise" in signed[0]["revocation"]["reason"]' \
  || fail "verify --online does not report the revoked signer with its reason"
echo "ok: a signer revoked before signing: offline valid without a request, --online exit 1 revoked (keyCompromise)"

kill "$PKI_PID"; wait "$PKI_PID" 2>/dev/null || true
"$protokoll" verify "$signed" --trust "$certs/ca.pem" --online --timeout 2 --format json >"$out/down.json" || fail "verify --online with the services gone: exit $?"
json "$out/down.json" 'all(f["revocation"]["status"] == "no data" for f in signed) and any(r.startswith("not decided:") and "127.0.0.1" in r for r in d["online_requests"])' \
  || fail "verify --online with the services gone does not say what it could not ask"
echo "ok: the services gone: --online names what it could not ask and judges the file as offline"
