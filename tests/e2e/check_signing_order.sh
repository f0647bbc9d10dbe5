#!/usr/bin/env bash
# usage: check_signing_order.sh PROTOKOLL SOURCE_DIR OUTDIR
# The order of signing comes from the layout: an example rendered with a
# layout whose <signing-order> differs from gr-base's (the chair first, the
# secretary last: tests/fixtures/e2e/layouts/test-chair-first.xml) lists its
# fields in /AcroForm /Fields in that order (read with qpdf, not with our own
# code), and `protokoll sign` refuses fields out of that order.
. "$(dirname "$0")/lib.sh"
protokoll=$1 src=$2 out=$3
need qpdf; need xmllint; need python3; need openssl
rm -rf "$out"; mkdir -p "$out/data/layouts"
layout="$src/tests/fixtures/e2e/layouts/test-chair-first.xml"
xmllint --noout --schema "$src/schema/layout.xsd" "$layout" 2>"$out/xmllint.txt" || { cat "$out/xmllint.txt"; fail "the test layout does not validate"; }

# A data directory: the shipped layouts (with their images) and fonts, and the test layout.
for f in "$src"/layouts/*; do ln -s "$f" "$out/data/layouts/"; done
ln -s "$layout" "$out/data/layouts/"
ln -s "$src/fonts" "$out/data/fonts"

example="$src/examples/protokoll-2026-02-06-arbetsmarknad.xml"
protocol="$out/chair-first.xml"
sed 's|layout="gr-arbetsmarknad"|layout="test-chair-first"|' "$example" >"$protocol"
grep -q 'layout="test-chair-first"' "$protocol" || fail "the example names another layout than gr-arbetsmarknad"
"$protokoll" render "$example" -o "$out/gr-base-order.pdf" --data "$out/data"
"$protokoll" render "$protocol" -o "$out/chair-first.pdf" --data "$out/data"

# The /T of each entry of /AcroForm /Fields, in order, one a line.
fields() {
  qpdf --json=2 "$1" | python3 -c '
import json, sys
objects = json.load(sys.stdin)["qpdf"][1]
def get(value):
    return objects["obj:" + value]["value"] if isinstance(value, str) and value.endswith(" R") else value
catalog = get(objects["trailer"]["value"]["/Root"])
for field in get(get(catalog["/AcroForm"])["/Fields"]):
    name = get(field)["/T"]
    print(name[2:] if name.startswith("u:") else name)
'
}
expect_fields() {  # expect_fields PDF NAME...
  local pdf=$1; shift
  local got; got=$(fields "$pdf" | paste -sd '|')
  local want; want=$(printf '%s\n' "$@" | paste -sd '|')
  [ "$got" = "$want" ] || fail "$(basename "$pdf"): /AcroForm /Fields is $got, expected $want"
  echo "ok: $(basename "$pdf"): /AcroForm /Fields: $got"
}
expect_fields "$out/gr-base-order.pdf" "Linnea Forsman" "Johan Fredell" "Annika Strandberg"
expect_fields "$out/chair-first.pdf" "Annika Strandberg" "Johan Fredell" "Linnea Forsman"

# The same pages: only the order of the fields (and so /ID) differs.
[ "$(stat -c %s "$out/gr-base-order.pdf")" = "$(stat -c %s "$out/chair-first.pdf")" ] || fail "another order changed the file's size"

# sign follows the new order.
certs="$out/certs"
bash "$src/tests/tools/make-test-certs.sh" "$certs" >/dev/null
sign() {  # sign IN FIELD OUT, with the field's person's certificate
  "$protokoll" sign "$1" --field "$2" --p12 "$certs/$(signer_key "$certs" "$2").p12" --password-file "$certs/password.txt" -o "$3" 2>>"$out/sign.err"
}
refused() {  # refused IN FIELD FIRST: FIRST must sign before FIELD
  rm -f "$out/x.pdf"
  set +e; sign "$1" "$2" "$out/x.pdf" >"$out/refused.txt" 2>&1; local rc=$?; set -e
  [ "$rc" -eq 2 ] || { cat "$out/refused.txt" "$out/sign.err"; fail "signing \"$2\" out of order: exit $rc, expected 2"; }
  grep -qF "\"$3\" must sign before \"$2\"" "$out/sign.err" || { cat "$out/sign.err"; fail "no \"$3 must sign before $2\""; }
  [ ! -e "$out/x.pdf" ] || fail "a refused signing left a file"
  : >"$out/sign.err"
  echo "ok: \"$2\" refused while \"$3\" has not signed"
}
pdf="$out/chair-first.pdf"
refused "$pdf" "Linnea Forsman" "Annika Strandberg"
refused "$pdf" "Johan Fredell" "Annika Strandberg"
sign "$pdf" "Annika Strandberg" "$out/signed1.pdf"
refused "$out/signed1.pdf" "Linnea Forsman" "Johan Fredell"
sign "$out/signed1.pdf" "Johan Fredell" "$out/signed2.pdf"
sign "$out/signed2.pdf" "Linnea Forsman" "$out/signed3.pdf"
"$protokoll" verify "$out/signed3.pdf" >"$out/verify.txt" || { cat "$out/verify.txt"; fail "protokoll verify rejects the file signed in the layout's order"; }
echo "ok: signed in the layout's order (chair, adjuster, secretary); verify accepts all three signatures"

# gr-base's order still refuses the chair first in the shipped layout's render.
refused "$out/gr-base-order.pdf" "Annika Strandberg" "Linnea Forsman"

# A bad step is an error at its place in the layout file, as other layout errors are.
sed -e 's|id="test-chair-first"|id="test-bad-order"|' -e 's|<step who="secretary"/>|<step who="chair"/>|' \
  "$layout" >"$out/data/layouts/test-bad-order.xml"
sed 's|layout="gr-arbetsmarknad"|layout="test-bad-order"|' "$example" >"$out/bad-order.xml"
set +e; "$protokoll" render "$out/bad-order.xml" -o "$out/bad-order.pdf" --data "$out/data" 2>"$out/bad-order.err"; rc=$?; set -e
[ "$rc" -eq 2 ] || { cat "$out/bad-order.err"; fail "a bad <step>: exit $rc, expected 2"; }
grep -Eq 'test-bad-order\.xml:11:[0-9]+: error: bad value "chair" for attribute "who" on <step>' "$out/bad-order.err" ||
  { cat "$out/bad-order.err"; fail "a bad <step>: no file:line:column error"; }
[ ! -e "$out/bad-order.pdf" ] || fail "a bad layout left an output file"
echo "ok: $(head -n 1 "$out/bad-order.err")"
