#!/usr/bin/env bash
# usage: check_hostile.sh PROTOKOLL EXAMPLE.xml OUTDIR
# Files nobody vouches for: a rendered protocol, signed once, with a hostile
# incremental update (hostile_pdf.py: nesting 1 000 and 20 000 deep, in an
# object stream too, flate bombs of 1 GB as page content, /DSS and XMP, an
# xref /Size of 2^31, an absurd /W, a huge /Length, a /Prev loop, a page
# tree cycle, a huge /Count), cut in half, or garbage. For each: verify
# exits 1 with "damaged or hostile file: …" in its text and JSON, sign and
# seal exit 2 with it and leave no output and no temporary file (seal in
# place leaves the input as it was), nothing is killed by a signal and
# everything ends well within the timeout.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need python3; need timeout
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"; mkdir -p "$out"
certs="$out/certs"
bash "$here/../tools/make-test-certs.sh" "$certs" >/dev/null
"$protokoll" render "$example" -o "$out/unsigned.pdf"
mapfile -t fields < <("$protokoll" verify "$out/unsigned.pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
[ "${#fields[@]}" -ge 2 ] || fail "expected at least two empty signature fields"
sign_args=(--p12 "$certs/sara.p12" --password-file "$certs/password.txt" --any-order)
"$protokoll" sign "$out/unsigned.pdf" --field "${fields[0]}" "${sign_args[@]}" -o "$out/signed.pdf" --timestamp "@$(date +%s)"
"$protokoll" verify "$out/signed.pdf" >/dev/null || fail "the signed file does not verify"

# bounded NAME COMMAND…: runs it with a generous timeout; $rc, NAME.out, NAME.err.
bounded() {
  local name=$1; shift
  set +e; timeout 120 "$@" >"$out/$name.out" 2>"$out/$name.err"; rc=$?; set -e
  [ "$rc" -ne 124 ] || fail "$name: still running after 120 s"
  [ "$rc" -lt 128 ] || { cat "$out/$name.err"; fail "$name: killed by signal $((rc - 128))"; }
}
no_leftovers() {  # no_leftovers OUTPUT: neither it nor a temporary file
  [ ! -e "$1" ] || fail "$(basename "$1") was left behind"
  ! ls "$out"/*.tmp-* >/dev/null 2>&1 || fail "a temporary file was left behind: $(ls "$out"/*.tmp-*)"
}

kinds=(dict1000 dict20000 array1000 array20000 mixed5000 objstm-dict1000 objstm-array20000
       bomb-content bomb-dss bomb-xmp bomb-objstm size2g w-absurd huge-length prev-loop
       page-cycle count-huge truncated garbage)
for kind in "${kinds[@]}"; do
  bad="$out/$kind.pdf"
  python3 "$here/hostile_pdf.py" "$out/signed.pdf" "$bad" "$kind"
  start=$(date +%s)

  bounded "$kind-verify" "$protokoll" verify "$bad"
  [ "$rc" -eq 1 ] || { cat "$out/$kind-verify.out" "$out/$kind-verify.err"; fail "$kind: verify exit $rc, expected 1"; }
  grep -q "damaged or hostile file: " "$out/$kind-verify.out" || { cat "$out/$kind-verify.out"; fail "$kind: no hostile verdict in the text"; }

  bounded "$kind-json" "$protokoll" verify "$bad" --format json
  [ "$rc" -eq 1 ] || fail "$kind: verify --format json exit $rc, expected 1"
  python3 - "$out/$kind-json.out" <<'PY' || fail "$kind: the JSON does not say why"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["verdict"] == "invalid", d["verdict"]
assert d["reasons"] and d["reasons"][0].startswith("damaged or hostile file: "), d["reasons"]
assert d["file_problem"] == d["reasons"][0], d["file_problem"]
PY

  bounded "$kind-sign" "$protokoll" sign "$bad" --field "${fields[1]}" "${sign_args[@]}" -o "$out/$kind-signed.pdf"
  [ "$rc" -eq 2 ] || { cat "$out/$kind-sign.err"; fail "$kind: sign exit $rc, expected 2"; }
  grep -q "$(basename "$bad").*damaged or hostile file: " "$out/$kind-sign.err" || { cat "$out/$kind-sign.err"; fail "$kind: sign does not say why"; }
  [ "$(wc -l <"$out/$kind-sign.err")" -le 6 ] || { cat "$out/$kind-sign.err"; fail "$kind: sign said more than a short message"; }
  no_leftovers "$out/$kind-signed.pdf"

  bounded "$kind-seal" "$protokoll" seal "$bad" --ltv --timeout 1 -o "$out/$kind-sealed.pdf"
  [ "$rc" -eq 2 ] || { cat "$out/$kind-seal.err"; fail "$kind: seal exit $rc, expected 2"; }
  grep -q "damaged or hostile file: " "$out/$kind-seal.err" || { cat "$out/$kind-seal.err"; fail "$kind: seal does not say why"; }
  no_leftovers "$out/$kind-sealed.pdf"
  cp "$bad" "$out/$kind.copy"
  bounded "$kind-seal-in-place" "$protokoll" seal "$bad" --ltv --timeout 1
  [ "$rc" -eq 2 ] || fail "$kind: seal in place exit $rc, expected 2"
  cmp -s "$bad" "$out/$kind.copy" || fail "$kind: seal in place changed the file"
  no_leftovers "$out/$kind-sealed.pdf"

  echo "ok: $kind: verify 1, sign 2, seal 2 in $(( $(date +%s) - start )) s: $(grep -o 'damaged or hostile file: .*' "$out/$kind-verify.out" | head -n 1)"
done
