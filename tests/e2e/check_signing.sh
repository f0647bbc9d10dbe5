#!/usr/bin/env bash
# usage: check_signing.sh PROTOKOLL EXAMPLE.xml OUTDIR
# Renders, signs two fields one after the other (each an incremental update),
# and checks with poppler's pdfsig and with `protokoll verify`; then flips one
# byte inside a signed range and expects both to report the damage.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need pdfsig; need openssl; need qpdf
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
name=$(basename "$example" .xml)
certs="$out/certs"
bash "$here/../tools/make-test-certs.sh" "$certs" >/dev/null
pdf="$out/$name.unsigned.pdf"
"$protokoll" render "$example" -o "$pdf"

mapfile -t fields < <("$protokoll" verify "$pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
[ "${#fields[@]}" -ge 2 ] || fail "expected at least two empty signature fields, got ${#fields[@]}"
echo "ok: ${#fields[@]} empty signature fields: ${fields[*]}"

"$protokoll" sign "$pdf" --field "${fields[0]}" --p12 "$certs/sara.p12" --password-file "$certs/password.txt" -o "$out/$name.signed1.pdf"
"$protokoll" sign "$out/$name.signed1.pdf" --field "${fields[1]}" --p12 "$certs/kent.p12" --password-file "$certs/password.txt" -o "$out/$name.signed2.pdf"
cmp -s -n "$(stat -c %s "$pdf")" "$pdf" "$out/$name.signed1.pdf" || fail "first signature rewrote earlier bytes"
cmp -s -n "$(stat -c %s "$out/$name.signed1.pdf")" "$out/$name.signed1.pdf" "$out/$name.signed2.pdf" || fail "second signature rewrote earlier bytes"
echo "ok: each signature is an incremental update"

qpdf --check "$out/$name.signed2.pdf" >/dev/null 2>&1 || fail "qpdf --check on the signed file"
pdfsig "$out/$name.signed2.pdf" >"$out/$name.pdfsig" 2>&1 || true
valid=$(grep -c 'Signature is Valid' "$out/$name.pdfsig" || true)
[ "$valid" -eq 2 ] || { cat "$out/$name.pdfsig"; fail "pdfsig: $valid of 2 signatures valid"; }
echo "ok: pdfsig: both signatures valid"
"$protokoll" verify "$out/$name.signed2.pdf" >"$out/$name.verify" || { cat "$out/$name.verify"; fail "protokoll verify rejects a good file"; }
echo "ok: protokoll verify accepts both signatures"

# The remaining field too, and the whole chain trusted through an NSS
# database that holds only the test CA.
last="$out/$name.signed2.pdf"
# A joint meeting has six fields: one certificate each (pdfsig does not
# trust a certificate that signs a second time).
keys=(patrik signer4 signer5 signer6)
for (( i = 2; i < ${#fields[@]}; i++ )); do
  [ $(( i - 2 )) -lt ${#keys[@]} ] || fail "more signature fields than test certificates"
  "$protokoll" sign "$last" --field "${fields[$i]}" --p12 "$certs/${keys[$(( i - 2 ))]}.p12" --password-file "$certs/password.txt" -o "$out/$name.signed$(( i + 1 )).pdf"
  last="$out/$name.signed$(( i + 1 )).pdf"
done
need certutil
rm -rf "$out/nss"; mkdir -p "$out/nss"
certutil -N -d "sql:$out/nss" --empty-password
certutil -A -n protokoll-test-ca -t "CT,C,C" -i "$certs/ca.pem" -d "sql:$out/nss"
pdfsig -nssdir "sql:$out/nss" "$last" >"$out/$name.trusted.pdfsig" 2>&1 || true
n=$(grep -c 'Signature is Valid' "$out/$name.trusted.pdfsig" || true)
t=$(grep -c 'Certificate is Trusted' "$out/$name.trusted.pdfsig" || true)
[ "$n" -eq "${#fields[@]}" ] && [ "$t" -eq "${#fields[@]}" ] || { cat "$out/$name.trusted.pdfsig"; fail "pdfsig with the test CA: $n valid, $t trusted of ${#fields[@]}"; }
echo "ok: all ${#fields[@]} fields signed; pdfsig: every signature valid, every certificate trusted by the test CA"

# Flip one byte inside the first signed range (in the middle of the unsigned render).
bad="$out/$name.tampered.pdf"
cp "$out/$name.signed2.pdf" "$bad"
offset=$(( $(stat -c %s "$pdf") / 2 ))
byte=$(dd if="$bad" bs=1 skip="$offset" count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
printf "$(printf '\\%03o' $(( byte ^ 1 )))" | dd of="$bad" bs=1 seek="$offset" conv=notrunc 2>/dev/null
set +e
"$protokoll" verify "$bad" >"$out/$name.tampered.verify" 2>&1; rc=$?
set -e
[ "$rc" -eq 1 ] || { cat "$out/$name.tampered.verify"; fail "protokoll verify exit $rc on a tampered file, expected 1"; }
pdfsig "$bad" >"$out/$name.tampered.pdfsig" 2>&1 || true
valid=$(grep -c 'Signature is Valid' "$out/$name.tampered.pdfsig" || true)
[ "$valid" -lt 2 ] || fail "pdfsig still calls both signatures valid after tampering"
echo "ok: a flipped byte is caught by protokoll verify (exit 1) and by pdfsig"
