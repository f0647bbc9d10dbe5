#!/usr/bin/env bash
# usage: check_shadow.sh PROTOKOLL EXAMPLE.xml OUTDIR
# Incremental updates after the signatures that change what a reader sees
# (issue 8), written by hand without any PDF library (pdf_update.py): a page
# added under the cover of a /DSS, a new /Info, page 1's /Annots made an
# integer, a new unsigned signature field drawn over page 1, a signed field's
# appearance replaced. Independent tools prove each file opens (qpdf --check)
# and that the change is visible (pdfinfo, pdftoppm's rendering of the pages); `protokoll verify` must fail each (exit 1) naming the revision
# and the change, in its JSON.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need qpdf; need pdfinfo; need pdftoppm; need python3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"; mkdir -p "$out"
certs="$out/certs"
bash "$here/../tools/make-test-certs.sh" "$certs" >/dev/null
"$protokoll" render "$example" -o "$out/unsigned.pdf"
mapfile -t fields < <({ "$protokoll" verify "$out/unsigned.pdf" || true; } | sed -n 's/^\(.*\): not signed$/\1/p')
[ "${#fields[@]}" -ge 2 ] || fail "expected at least two empty signature fields"
# Each field signed by its own person's test certificate (kent.p12 for "Kent Lagrell").
prev="$out/unsigned.pdf"
for i in "${!fields[@]}"; do
  key=$(tr 'A-Z' 'a-z' <<<"${fields[$i]%% *}")
  [ -f "$certs/$key.p12" ] || fail "no test certificate for \"${fields[$i]}\""
  "$protokoll" sign "$prev" --field "${fields[$i]}" --p12 "$certs/$key.p12" --password-file "$certs/password.txt" \
    -o "$out/signed$i.pdf" --timestamp "@$(date +%s)"
  prev="$out/signed$i.pdf"
done
good=$prev
"$protokoll" verify "$good" --trust "$certs/ca.pem" >/dev/null || fail "the signed file does not verify"

attack() {  # attack ACTION PYTHON-EXPRESSION-OVER-d WHAT
  local bad="$out/$1.pdf"
  python3 "$here/pdf_update.py" "$good" "$bad" "$1"
  qpdf --check "$bad" >"$bad.qpdf" 2>&1 || [ $? -eq 3 ] || { cat "$bad.qpdf"; fail "$1: qpdf cannot read the file built"; }
  set +e; "$protokoll" verify "$bad" --trust "$certs/ca.pem" --format json >"$bad.json" 2>"$bad.err"; rc=$?; set -e
  [ "$rc" -eq 1 ] || { cat "$bad.json" "$bad.err"; fail "$1: verify exit $rc, expected 1"; }
  python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
signed = [f for f in d["fields"] if f["signed"]]
assert d["verdict"] == "invalid", "verdict"
assert signed and all(f["digest_ok"] and f["signature_ok"] for f in signed), "the signatures themselves are intact"
ok = all(any(eval(sys.argv[2], {"c": c}) for c in f["later_changes"]["disallowed"]) and f["later_changes"]["level"] == "other" for f in signed)
if not ok: sys.exit(json.dumps([f["later_changes"] for f in signed], indent=1, ensure_ascii=False))' "$bad.json" "$2" \
    || fail "$1: the JSON does not name the change"
  echo "ok: $3: exit 1, named in every signature's later changes"
}

# looks_changed ACTION PAGE: poppler draws the page differently from the signed file.
looks_changed() {
  pdftoppm -r 36 -gray -f "$2" -l "$2" "$good" "$out/before-$1" 2>/dev/null
  pdftoppm -r 36 -gray -f "$2" -l "$2" "$out/$1.pdf" "$out/after-$1" 2>"$out/after-$1.err" || true  # poppler may refuse the page
  if cmp -s "$out"/before-"$1"*.pgm "$out"/after-"$1"*.pgm; then fail "$1: page $2 looks the same to poppler"; fi
  echo "ok: $1: page $2 looks different to poppler (pdftoppm)"
}

n=$(( ${#fields[@]} + 2 ))  # the revision the attack makes: rendered file, one per signature, then it
attack dsspage "c.startswith('revision $n: page ') and ' added (object ' in c" "a page added under a /DSS that refers to it"
pages=$(pdfinfo "$out/dsspage.pdf" | sed -n 's/^Pages: *//p')
[ "$pages" -eq "$(( $(pdfinfo "$good" | sed -n 's/^Pages: *//p') + 1 ))" ] || fail "dsspage: poppler does not see the added page"

attack newinfo "c.startswith('revision $n: the document information (/Info) changed')" "a new /Info named by the trailer"
pdfinfo "$out/newinfo.pdf" | grep -q "^Title: *Protokoll - forfalskat" || fail "newinfo: poppler does not show the new title"

attack annotsint "c == 'revision $n: page 1: /Annots is an integer, not an array'" "page 1's /Annots replaced by an integer"

attack forgedfield "'a new signature field \"Granskning\", unsigned, was added (a visible widget on page 1)' in c" \
  "a new unsigned signature field covering page 1"
looks_changed forgedfield 1

attack replaceap "'its appearance (/AP) was replaced although it was signed before' in c" "a signed field's appearance replaced"
# The page of the first field in /Fields, the one replaceap changes, as qpdf finds it.
field_page=$(qpdf --json --json-key=acroform "$good" | python3 -c 'import json, sys; print(json.load(sys.stdin)["acroform"]["fields"][0]["pageposfrom1"])')
looks_changed replaceap "$field_page"
looks_changed annotsint 1
echo "ok: every attack is a readable PDF whose change a reader sees, and verify fails it"
