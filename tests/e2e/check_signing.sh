#!/usr/bin/env bash
# usage: check_signing.sh PROTOKOLL EXAMPLE.xml OUTDIR
# Renders, signs two fields one after the other (each an incremental update),
# and checks with poppler's pdfsig and with `protokoll verify`; then flips one
# byte inside a signed range and expects both to report the damage.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need pdfsig; need openssl; need qpdf; need mutool; need script
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
# Each field's person's key (the test PKI issues one per name).
key0="$certs/$(signer_key "$certs" "${fields[0]}")" key1="$certs/$(signer_key "$certs" "${fields[1]}")"

# Refusals: exit 2, a clear message, no output file.
refused() {  # refused OUT PATTERN -- command...
  local o=$1 pattern=$2; shift 3
  rm -f "$o"
  set +e; "$@" >"$out/refused.txt" 2>&1; local rc=$?; set -e
  [ "$rc" -eq 2 ] || { cat "$out/refused.txt"; fail "expected exit 2, got $rc: $*"; }
  grep -q -- "$pattern" "$out/refused.txt" || { cat "$out/refused.txt"; fail "message lacks \"$pattern\""; }
  [ ! -e "$o" ] || fail "a refused signing left $o"
}
refused "$out/x.pdf" "must sign before" -- "$protokoll" sign "$pdf" --field "${fields[1]}" --p12 "$key1.p12" --password-file "$certs/password.txt" -o "$out/x.pdf"
refused "$out/x.pdf" "no password" -- "$protokoll" sign "$pdf" --field "${fields[0]}" --p12 "$key0.p12" -o "$out/x.pdf" </dev/null
refused "$out/x.pdf" "PROTOKOLL_NO_SUCH_VAR" -- env -u PROTOKOLL_NO_SUCH_VAR "$protokoll" sign "$pdf" --field "${fields[0]}" --p12 "$key0.p12" --password-env PROTOKOLL_NO_SUCH_VAR -o "$out/x.pdf"
refused "$out/x.pdf" "unknown option --password" -- "$protokoll" sign "$pdf" --field "${fields[0]}" --p12 "$key0.p12" --password secret -o "$out/x.pdf"
echo "ok: out-of-order signing and a missing password source are refused (exit 2, no output)"
# The terminal prompt, through a pseudo-terminal: the password is read with echo off.
rm -f "$out/tty.pdf"
  (sleep 1; cat "$certs/password.txt"; printf '\n') | script -qec "'$protokoll' sign '$pdf' --field '${fields[0]}' --p12 '$key0.p12' -o '$out/tty.pdf'" /dev/null >"$out/tty.txt" 2>&1 || true
  [ -s "$out/tty.pdf" ] || { cat "$out/tty.txt"; fail "signing with the password typed on a terminal"; }
  grep -q "Password for" "$out/tty.txt" || fail "no password prompt"
  ! grep -qF "$(cat "$certs/password.txt")" "$out/tty.txt" || fail "the typed password was echoed"
  echo "ok: the password prompt on a terminal works and does not echo"

# The secretary certifies (DocMDP /P 2); the adjusters' signatures must stay valid after it.
# Signed on a machine whose zone is New York: the layout's zone (Europe/Stockholm) is what shows.
TZ=America/New_York "$protokoll" sign "$pdf" --certify --field "${fields[0]}" --p12 "$key0.p12" --password-file "$certs/password.txt" -o "$out/$name.signed1.pdf" 2>"$out/sign1.err"
grep -aq '/TransformMethod /DocMDP' "$out/$name.signed1.pdf" || fail "--certify wrote no DocMDP reference"
PROTOKOLL_PASSWORD=$(cat "$certs/password.txt") TZ=America/New_York "$protokoll" sign "$out/$name.signed1.pdf" --field "${fields[1]}" --p12 "$key1.p12" --password-env PROTOKOLL_PASSWORD -o "$out/$name.signed2.pdf" 2>"$out/sign2.err"
# The appearance is drawn with the document's own font: a line whose characters
# the render did not embed is left out, with a warning (see engine/pdfsig/include/pdfsig/appearance.h).
cat "$out/sign1.err" "$out/sign2.err" >&2
! grep -v "warning: visible signature in .*lack the characters" "$out/sign1.err" "$out/sign2.err" | grep -q . || fail "signing printed something unexpected"
for n in 1 2; do
  prev=$([ $n -eq 1 ] && echo "$pdf" || echo "$out/$name.signed$(( n - 1 )).pdf")
  added=$(( $(stat -c %s "$out/$name.signed$n.pdf") - $(stat -c %s "$prev") ))
  [ "$added" -le 12288 ] || fail "signature $n added $added bytes (limit 12288)"
  echo "ok: signature $n added $added bytes"
done

refused "$out/x.pdf" "already signed" -- "$protokoll" sign "$out/$name.signed1.pdf" --field "${fields[0]}" --p12 "$key0.p12" --password-file "$certs/password.txt" -o "$out/x.pdf"
cp "$out/$name.signed1.pdf" "$out/$name.changed.pdf"; printf '%% appended\n' >>"$out/$name.changed.pdf"
refused "$out/x.pdf" "changed after the last signature" -- "$protokoll" sign "$out/$name.changed.pdf" --field "${fields[1]}" --p12 "$key1.p12" --password-file "$certs/password.txt" -o "$out/x.pdf"
refused "$out/x.pdf" "cannot certify" -- "$protokoll" sign "$out/$name.signed1.pdf" --certify --field "${fields[1]}" --p12 "$key1.p12" --password-file "$certs/password.txt" -o "$out/x.pdf"
echo "ok: double signing, signing a changed file and a late --certify are refused"

# The visible appearance, as a viewer draws it (MuPDF renders widget appearances):
# the layout's words (the secretary signs, an adjuster approves) and its zone.
# The layout signs secretaries first: the first $secretaries fields are theirs.
secretaries=$(grep -c '<secretary' "$example")
if grep -q 'language="en"' "$example"; then secretary_words="Digitally signed by" adjuster_words="Digitally approved by"
else secretary_words="Signerat digitalt av" adjuster_words="Justerat digitalt av"; fi
mutool draw -F txt "$out/$name.signed2.pdf" >"$out/$name.signed2.txt" 2>/dev/null
for i in 0 1; do
  who=${fields[$i]}
  signer=$(openssl x509 -noout -subject -nameopt multiline,-esc_msb,utf8 -in "$([ "$i" -eq 0 ] && echo "$key0" || echo "$key1").pem" | sed -n 's/^ *commonName *= *//p')
  words=$([ "$i" -lt "$secretaries" ] && echo "$secretary_words" || echo "$adjuster_words")
  grep -q "$words $signer" "$out/$name.signed2.txt" || { cat "$out/$name.signed2.txt"; fail "no \"$words $signer\" in field $who"; }
done
if [ ! -s "$out/sign1.err" ] && [ ! -s "$out/sign2.err" ]; then
  n=$(grep -Ec '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} \+0[12]:00$' "$out/$name.signed2.txt")
  [ "$n" -eq 2 ] || { cat "$out/$name.signed2.txt"; fail "expected both signing times in Stockholm's offset (+01:00 or +02:00), found $n"; }
  grep -aEq '/M \(D:[0-9]{14}\+0[12]'"'"'00'"'"'\)' "$out/$name.signed2.pdf" || fail "/M is not in Stockholm's offset"
fi
echo "ok: a secretary's field says \"$secretary_words …\", an adjuster's \"$adjuster_words …\"; times in the layout's zone under TZ=America/New_York"
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
# A joint meeting has six fields: one person, so one certificate, each
# (pdfsig does not trust a certificate that signs a second time either).
for (( i = 2; i < ${#fields[@]}; i++ )); do
  key="$certs/$(signer_key "$certs" "${fields[$i]}")"
  "$protokoll" sign "$last" --field "${fields[$i]}" --p12 "$key.p12" --password-file "$certs/password.txt" -o "$out/$name.signed$(( i + 1 )).pdf"
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

# Two-step signing through the CLI: --prepare, openssl as the "service", --inject.
rm -f "$out/$name.prepared.pdf" "$out/$name.prepared.pdf.sha256" "$out/$name.injected.pdf"
digest=$("$protokoll" sign "$pdf" --field "${fields[0]}" --cert "$key0.pem" --prepare "$out/$name.prepared.pdf")
[ "$digest" = "$(cat "$out/$name.prepared.pdf.sha256")" ] || fail "--prepare printed another digest than it wrote"
python3 - "$out/$name.prepared.pdf" "$out/$name.prepared.content" <<'PY'
import re, sys
b = open(sys.argv[1], 'rb').read()
r = list(map(int, re.search(rb'/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)', b[b.rfind(b'/ByteRange'):]).groups()))
open(sys.argv[2], 'wb').write(b[:r[1]] + b[r[2]:r[2] + r[3]])
PY
[ "$(sha256sum "$out/$name.prepared.content" | cut -d' ' -f1)" = "$digest" ] || fail "--prepare's digest is not the SHA-256 of its byte ranges"
openssl cms -sign -binary -cades -md sha256 -outform DER -in "$out/$name.prepared.content" -signer "$key0.pem" \
  -inkey "$key0.key" -certfile "$certs/ca.pem" -out "$out/$name.service.p7s"
"$protokoll" sign "$out/$name.prepared.pdf" --inject "$out/$name.service.p7s" -o "$out/$name.injected.pdf"
pdfsig "$out/$name.injected.pdf" 2>&1 | grep -q 'Signature is Valid' || fail "pdfsig rejects the injected signature"
"$protokoll" verify "$out/$name.injected.pdf" >/dev/null || fail "protokoll verify rejects the injected signature"
refused "$out/x.pdf" "already filled in" -- "$protokoll" sign "$out/$name.injected.pdf" --inject "$out/$name.service.p7s" -o "$out/x.pdf"
echo "ok: two-step signing (--prepare, external CMS, --inject) gives a valid signature"

# veraPDF on a signed PDF/A-2b file with its visible appearance (not the
# certified one: veraPDF 1.24.1 cannot evaluate its own rule 6.1.12-1 on a
# /Perms dictionary and stops with a script error).
# Opt-in as in check_pdfa1b.sh: PROTOKOLL_CHECK_PDF names the checker script.
checker=${PROTOKOLL_CHECK_PDF:-}
if [ -z "$checker" ]; then
  echo "note: veraPDF not run (set PROTOKOLL_CHECK_PDF to a checker script to run it)"
else
  "$protokoll" sign "$pdf" --field "${fields[0]}" --p12 "$key0.p12" --password-file "$certs/password.txt" -o "$out/$name.plain1.pdf" 2>/dev/null
  bash "$checker" "$out/$name.plain1.pdf" >"$out/$name.plain1.check-pdf" 2>&1 || true
  for line in verapdf fonts cms-openssl sig-coverage; do
    grep -q "^PASS  $line " "$out/$name.plain1.check-pdf" || { cat "$out/$name.plain1.check-pdf"; fail "check-pdf.sh: $line does not pass on the signed file"; }
  done
  echo "ok: veraPDF: the signed file is PDF/A-2b; fonts embedded with ToUnicode; CMS and coverage verified"
fi
