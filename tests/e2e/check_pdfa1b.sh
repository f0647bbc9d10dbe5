#!/usr/bin/env bash
# usage: check_pdfa1b.sh PROTOKOLL EXAMPLE.xml OUTDIR
# Renders with --pdfa 1b and validates with Apache PDFBox Preflight (Debian's
# libpdfbox2-java), the PDF/A-1b validator packaged in Debian.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need java
cp=/usr/share/java/preflight.jar:/usr/share/java/pdfbox2.jar:/usr/share/java/fontbox2.jar:/usr/share/java/xmpbox.jar:/usr/share/java/commons-logging.jar:/usr/share/java/javax.activation.jar:/usr/share/java/jaxb-api.jar
for jar in ${cp//:/ }; do [ -f "$jar" ] || fail "$jar missing (run scripts/install-deps.sh)"; done
mkdir -p "$out"
name=$(basename "$example" .xml)
pdf="$out/$name.1b.pdf"
"$protokoll" render "$example" --pdfa 1b -o "$pdf"
grep -aq 'pdfaid:part>1<\|pdfaid:part="1"' "$pdf" || fail "XMP does not claim PDF/A part 1"
java -cp "$cp" org.apache.pdfbox.preflight.Validator_A1b "$pdf" >"$out/$name.preflight" 2>&1 || true
grep -q 'is a valid PDF/A-1b file' "$out/$name.preflight" || { cat "$out/$name.preflight"; fail "Preflight rejects $pdf"; }
echo "ok: PDFBox Preflight: valid PDF/A-1b"

# Signing must keep the file PDF/A: sign one field, validate again.
# Certificates per example: CTest runs the examples in parallel in one $out.
certs="$out/certs-$name"
bash "$(dirname "$0")/../tools/make-test-certs.sh" "$certs" >/dev/null
# Two signatures: the first certifies (DocMDP), both draw a visible appearance.
mapfile -t fields < <("$protokoll" verify "$pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
"$protokoll" sign "$pdf" --certify --field "${fields[0]}" --p12 "$certs/$(signer_key "$certs" "${fields[0]}").p12" --password-file "$certs/password.txt" -o "$out/$name.1b.signed1.pdf"
"$protokoll" sign "$out/$name.1b.signed1.pdf" --field "${fields[1]}" --p12 "$certs/$(signer_key "$certs" "${fields[1]}").p12" --password-file "$certs/password.txt" -o "$out/$name.1b.signed.pdf"
java -cp "$cp" org.apache.pdfbox.preflight.Validator_A1b "$out/$name.1b.signed.pdf" >"$out/$name.signed.preflight" 2>&1 || true
grep -q 'is a valid PDF/A-1b file' "$out/$name.signed.preflight" || { cat "$out/$name.signed.preflight"; fail "Preflight rejects the signed file"; }
echo "ok: PDFBox Preflight: still valid PDF/A-1b after a certifying and a second signature"

# veraPDF as well (PDFBox Preflight alone missed a CIDSet error once). veraPDF is
# not a Debian package, so this is a developer's opt-in: PROTOKOLL_CHECK_PDF names
# a script that runs veraPDF and the other checkers and prints "PASS  <check> ...".
checker=${PROTOKOLL_CHECK_PDF:-}
if [ -z "$checker" ]; then
  echo "note: veraPDF not run (set PROTOKOLL_CHECK_PDF to a checker script to run it)"
else
  bash "$checker" "$out/$name.1b.signed.pdf" >"$out/$name.signed.check-pdf" 2>&1 || true
  for line in verapdf fonts cms-openssl sig-coverage; do
    grep -q "^PASS  $line " "$out/$name.signed.check-pdf" || { cat "$out/$name.signed.check-pdf"; fail "check-pdf.sh: $line does not pass on the signed file"; }
  done
  echo "ok: veraPDF: the signed file is PDF/A-1b; fonts embedded with ToUnicode; CMS and coverage verified"
fi
