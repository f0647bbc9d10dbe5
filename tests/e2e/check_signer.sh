#!/usr/bin/env bash
# usage: check_signer.sh PROTOKOLL EXAMPLE.xml OUTDIR
# Signing only what can be trusted later, through the CLI: `sign` (and
# `sign --prepare`) refuses an expired, a not yet valid and an encryption-only
# certificate, a PKCS#12 whose key is not its certificate's, and another
# person's certificate in a field (exit 2, the message, no output); Kent with
# his middle name signs Kent's field; --signer-mismatch-ok signs another's
# field, the file says so in /Reason, and `verify` fails it (exit 1, the field
# and the signer named) unless --allow-signer-mismatch; a file with no
# signature fails `verify` (exit 1, "the file has no signature") unless
# --allow-unsigned, in text and in JSON.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need openssl; need python3; need qpdf
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"; mkdir -p "$out"
certs="$out/certs"
bash "$here/../tools/make-test-certs.sh" "$certs" >/dev/null
pdf="$out/unsigned.pdf"
"$protokoll" render "$example" -o "$pdf"
mapfile -t fields < <("$protokoll" verify "$pdf" --allow-unsigned | sed -n 's/^\(.*\): not signed$/\1/p')
[ "${fields[*]}" = "Sara Nordenhielm Patrik Linde Kent Lagrell" ] || fail "expected the fields of Sara, Patrik and Kent, got ${fields[*]}"
pw=(--password-file "$certs/password.txt")
kent="CN=Kent Lagrell,O=Protokoll Test,C=SE"
signing_time=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)

refused() {  # refused OUT MESSAGE -- command...: exit 2, MESSAGE (fixed string) on stderr, no OUT
  local o=$1 message=$2; shift 3
  rm -f "$o" "$o.sha256"
  set +e; "$@" >"$out/refused.out" 2>"$out/refused.err"; local rc=$?; set -e
  [ "$rc" -eq 2 ] || { cat "$out/refused.err"; fail "expected exit 2, got $rc: $*"; }
  grep -qF -- "$message" "$out/refused.err" || { cat "$out/refused.err"; fail "the message lacks: $message"; }
  [ ! -e "$o" ] && [ ! -e "$o.sha256" ] || fail "a refused signing left $o"
  [ ! -s "$out/refused.out" ] || fail "a refused signing printed on stdout: $(cat "$out/refused.out")"
}
verify() {  # verify FILE [ARGS…]: the JSON in FILE.json, the text in FILE.txt, both exit codes in $rc
  local file=$1; shift
  set +e
  "$protokoll" verify "$file" --format json "$@" >"$file.json" 2>"$file.err"; rc=$?
  "$protokoll" verify "$file" "$@" >"$file.txt" 2>>"$file.err"; local text_rc=$?
  set -e
  [ "$rc" -eq "$text_rc" ] || fail "$(basename "$file"): exit $rc with --format json, $text_rc with text"
}
json() {  # json FILE PYTHON-EXPRESSION: the expression over d (FILE.json) holds
  python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
if not eval(sys.argv[2]): sys.exit("assertion failed: " + sys.argv[2] + "\n" + json.dumps(d, indent=1, ensure_ascii=False))' "$1.json" "$2" \
    || fail "$(basename "$1"): $2"
}

# --- certificates sign refuses ------------------------------------------------
x="$out/x.pdf"
sign_kent() { "$protokoll" sign "$pdf" --field "Kent Lagrell" --any-order "${pw[@]}" -o "$x" "$@"; }
refused "$x" "the certificate in $certs/kent-expired.p12 ($kent) expired at 2021-06-01T00:00:00Z; the signing time is $signing_time" -- \
  sign_kent --p12 "$certs/kent-expired.p12"
refused "$x" "the certificate in $certs/kent-notyet.p12 ($kent) is not valid before " -- sign_kent --p12 "$certs/kent-notyet.p12"
refused "$x" "the certificate in $certs/kent-expired.p12 ($kent) expired at 2021-06-01T00:00:00Z; the signing time is 2026-01-01T12:00:00Z" -- \
  sign_kent --p12 "$certs/kent-expired.p12" --timestamp 2026-01-01T12:00:00Z
refused "$x" "the certificate in $certs/kent-nosign.p12 ($kent) does not allow signing: its keyUsage has neither digitalSignature nor nonRepudiation (it has keyEncipherment)" -- \
  sign_kent --p12 "$certs/kent-nosign.p12"
refused "$x" "the private key in $certs/kent-wrongkey.p12 does not belong to its certificate ($kent)" -- sign_kent --p12 "$certs/kent-wrongkey.p12"
refused "$x" "the certificate in $certs/kent.p12 ($kent) is not Sara Nordenhielm's: it names \"Kent Lagrell\", not the field's person \"Sara Nordenhielm\"" -- \
  "$protokoll" sign "$pdf" --field "Sara Nordenhielm" --p12 "$certs/kent.p12" "${pw[@]}" -o "$x"
echo "ok: sign refuses expired, not yet valid, encryption-only, wrong-key and another person's certificates (exit 2, no output)"
prepared="$out/prepared.pdf"
refused "$prepared" "($kent) expired at 2021-06-01T00:00:00Z" -- \
  "$protokoll" sign "$pdf" --field "Kent Lagrell" --any-order --cert "$certs/kent-expired.pem" --prepare "$prepared"
refused "$prepared" "($kent) does not allow signing" -- \
  "$protokoll" sign "$pdf" --field "Kent Lagrell" --any-order --cert "$certs/kent-nosign.pem" --prepare "$prepared"
refused "$prepared" "is not Sara Nordenhielm's" -- \
  "$protokoll" sign "$pdf" --field "Sara Nordenhielm" --cert "$certs/kent.pem" --prepare "$prepared"
echo "ok: sign --prepare --cert refuses them too (no prepared file, no .sha256)"

# --- the same person with a middle name -------------------------------------------
olof="$out/kent-olof.pdf"
"$protokoll" sign "$pdf" --field "Kent Lagrell" --any-order --p12 "$certs/kent-olof.p12" "${pw[@]}" -o "$olof" --timestamp "@$(date +%s)"
verify "$olof" --trust "$certs/ca.pem"
[ "$rc" -eq 0 ] || { cat "$olof.txt"; fail "Kent Olof Lagrell in Kent Lagrell's field: exit $rc"; }
json "$olof" 'd["fields"][2]["signer"] == "Kent Olof Lagrell" and d["fields"][2]["signer_matches_field"] and not d["fields"][2]["signer_mismatch_acknowledged"]'
grep -qF "  signer: the field's person (Kent Lagrell)" "$olof.txt" || { cat "$olof.txt"; fail "the text does not say the signer is the field's person"; }
echo "ok: Kent Olof Lagrell signs Kent Lagrell's field; verify: exit 0, signer_matches_field"

# --- another person's field, knowingly ---------------------------------------------
mm="$out/mismatch.pdf"
"$protokoll" sign "$pdf" --field "Sara Nordenhielm" --p12 "$certs/kent.p12" "${pw[@]}" -o "$mm" --signer-mismatch-ok --timestamp "@$(date +%s)"
# Recorded where any verifier sees it: the signature dictionary's /Reason (qpdf reads it).
qpdf --json "$mm" >"$mm.qpdf.json"
python3 - "$mm.qpdf.json" <<'PY' || fail "no /Reason recording the mismatch in the signature dictionary"
import json, sys
objects = json.load(open(sys.argv[1]))["qpdf"][1]
reasons = [o["value"].get("/Reason") for o in objects.values() if isinstance(o.get("value"), dict) and o["value"].get("/Type") == "/Sig"]
want = "u:Signer mismatch acknowledged: Kent Lagrell knowingly signs the field of Sara Nordenhielm, whose name the certificate does not carry"
assert reasons == [want], reasons
PY
verify "$mm" --trust "$certs/ca.pem"
[ "$rc" -eq 1 ] || { cat "$mm.txt"; fail "Kent in Sara's field: exit $rc, expected 1"; }
json "$mm" 'd["verdict"] == "invalid" and len(d["reasons"]) == 1'
json "$mm" 'd["reasons"][0].startswith("signature field \"Sara Nordenhielm\": signed by \"Kent Lagrell\" (CN=Kent Lagrell,O=Protokoll Test,C=SE), whose certificate does not name the field'"'"'s person \"Sara Nordenhielm\"")'
json "$mm" '"the signature records that the signer knew" in d["reasons"][0]'
json "$mm" 'not d["fields"][0]["signer_matches_field"] and d["fields"][0]["signer_mismatch_acknowledged"] and d["fields"][0]["signature_ok"] and not d["allow_signer_mismatch"]'
grep -qF 'reason: signature field "Sara Nordenhielm": signed by "Kent Lagrell"' "$mm.txt" || { cat "$mm.txt"; fail "the text names no field and signer"; }
verify "$mm" --trust "$certs/ca.pem" --allow-signer-mismatch
[ "$rc" -eq 0 ] || { cat "$mm.txt"; fail "--allow-signer-mismatch: exit $rc"; }
json "$mm" 'd["verdict"] == "valid" and d["allow_signer_mismatch"] and not d["fields"][0]["signer_matches_field"]'
grep -qF "  signer: NOT THE FIELD'S PERSON (Sara Nordenhielm); the signature records that the signer knew; accepted (--allow-signer-mismatch)" "$mm.txt" \
  || { cat "$mm.txt"; fail "the text does not report the accepted mismatch"; }
echo "ok: --signer-mismatch-ok: /Reason says so; verify exit 1 naming field and signer, exit 0 with --allow-signer-mismatch (still reported)"

# --- no signature at all -----------------------------------------------------------
verify "$pdf"
[ "$rc" -eq 1 ] || { cat "$pdf.txt"; fail "a file with no signature: exit $rc, expected 1"; }
json "$pdf" 'd["verdict"] == "invalid" and d["reasons"] == ["the file has no signature"] and d["signatures_signed"] == 0 and not d["allow_unsigned"]'
grep -qx "reason: the file has no signature" "$pdf.txt" || { cat "$pdf.txt"; fail "the text does not say the file has no signature"; }
! grep -q "all signatures valid" "$pdf.txt" || fail "an unsigned file is called valid"
verify "$pdf" --allow-unsigned
[ "$rc" -eq 0 ] || { cat "$pdf.txt"; fail "--allow-unsigned: exit $rc"; }
json "$pdf" 'd["verdict"] == "valid" and d["reasons"] == [] and d["allow_unsigned"]'
grep -q "0 signed, no signature (accepted: --allow-unsigned)$" "$pdf.txt" || { cat "$pdf.txt"; fail "the text does not say the unsigned file was accepted"; }
verify "$olof"
[ "$rc" -eq 0 ] || fail "a file with one of three fields signed: exit $rc"
grep -qx "Sara Nordenhielm: not signed" "$olof.txt" || fail "the empty fields of a partly signed file are not listed"
echo "ok: verify: no signature is exit 1 (\"the file has no signature\"), exit 0 with --allow-unsigned; a partly signed file lists its empty fields and passes"
