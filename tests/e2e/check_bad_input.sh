#!/usr/bin/env bash
# usage: check_bad_input.sh PROTOKOLL FIXTURES_DIR OUTDIR
# Bad input must give one clear message naming file and line, exit code 2,
# and leave no output file behind. Each case mutates a small valid protocol.
. "$(dirname "$0")/lib.sh"
protokoll=$1 fixtures=$2 out=$3
mkdir -p "$out"
good="$fixtures/minimal.xml"
"$protokoll" render "$good" -o "$out/good.pdf" || fail "the unmutated fixture does not render"
rm -f "$out/good.pdf"

# expect_error NAME EXPECTED_EXIT EXPECTED_MESSAGE_REGEX COMMAND...
expect_error() {
  local name=$1 code=$2 pattern=$3; shift 3
  set +e; "$@" >"$out/$name.out" 2>"$out/$name.err"; local rc=$?; set -e
  [ "$rc" -eq "$code" ] || { cat "$out/$name.err"; fail "$name: exit $rc, expected $code"; }
  grep -Eq -- "$pattern" "$out/$name.err" || { cat "$out/$name.err"; fail "$name: message does not match /$pattern/"; }
  [ "$(wc -l <"$out/$name.err")" -le 6 ] || { cat "$out/$name.err"; fail "$name: more than a short message"; }
  echo "ok: $name: $(head -n 1 "$out/$name.err")"
}
# mutate NAME SED_SCRIPT: a copy of the fixture with one change, beside it (the layout is found the same way)
mutate() { sed "$2" "$good" >"$out/$1.xml"; echo "$out/$1.xml"; }
render_bad() {
  local name=$1 pattern=$2 file=$3
  expect_error "$name" 2 "$pattern" "$protokoll" render "$file" -o "$out/$name.pdf"
  [ ! -e "$out/$name.pdf" ] || fail "$name: an output file was left behind"
  ! ls "$out/$name.pdf".tmp-* >/dev/null 2>&1 || fail "$name: a temporary file was left behind"
}

render_bad malformed "malformed.xml:[0-9]+:[0-9]+: error: malformed XML" "$(mutate malformed 's|</paragraphs>|</paragraph>|')"
render_bad unknown-element "unknown-element.xml:18:[0-9]+: error: .*unknown element.*<titel>" "$(mutate unknown-element 's|<title>Val av justerare</title>|<titel>Val av justerare</titel>|')"
render_bad unknown-attribute "unknown-attribute.xml:4:[0-9]+: error: .*unknown attribute.*colour" "$(mutate unknown-attribute 's|<meeting |<meeting colour="red" |')"
render_bad missing-date "missing-date.xml:4:[0-9]+: error: .*date" "$(mutate missing-date 's| date="2026-02-12"||')"
render_bad backwards "backwards.xml:[0-9]+:[0-9]+: error: .*backwards" "$(mutate backwards 's|<paragraph>|<paragraph number="1">|')"
render_bad signer-absent "signer-absent.xml:29:[0-9]+: error: .*not in the attendance" "$(mutate signer-absent 's|<adjuster ref="patrik-linde"|<adjuster ref="erling-alsin"|')"
render_bad missing-layout "missing-layout.xml:[0-9]+:[0-9]+: error: .*layout \"no-such-layout\" not found" "$(mutate missing-layout 's|layout="gr-social-valfard"|layout="no-such-layout"|')"
render_bad missing-glyph "missing-glyph.xml:[0-9]+:[0-9]+: error: .*no glyph for U\+4E2D" "$(mutate missing-glyph 's|Patrik Linde väljs|Patrik Linde 中 väljs|')"
render_bad missing-file "no-such-file.xml.*cannot read" "$out/no-such-file.xml"
expect_error usage 2 "unknown command" "$protokoll" frobnicate
expect_error unknown-option 2 "unknown option --colour" "$protokoll" render "$good" --colour red -o "$out/x.pdf"
expect_error option-twice 2 'option -o is given twice \("\S+/a.pdf" and "\S+/b.pdf"\)' "$protokoll" render "$good" -o "$out/a.pdf" -o "$out/b.pdf"
[ ! -e "$out/a.pdf" ] && [ ! -e "$out/b.pdf" ] || fail "option-twice: an output was written"
expect_error option-needs-value 2 "option --field needs a value" "$protokoll" sign "$out/x.pdf" --field

# A font that is not pinned: a copy of the data directory whose base layout
# (gr-social-valfard extends gr-base, which names the fonts) names another file.
data="$out/data"; rm -rf "$data"; mkdir -p "$data"; cp -r "$fixtures/../../../fonts" "$data/fonts"
cp -r "$fixtures/../../../layouts" "$data/layouts"
sed -i 's|LiberationSans-Bold.ttf|NoSuchFont-Bold.ttf|' "$data/layouts/gr-base.xml"
expect_error missing-font 2 "gr-base.xml:[0-9]+:[0-9]+: error: .*NoSuchFont-Bold.ttf" \
  "$protokoll" render "$good" --data "$data" -o "$out/missing-font.pdf"
[ ! -e "$out/missing-font.pdf" ] || fail "missing-font: an output file was left behind"

# Layout inheritance: a parent that does not exist, a logo file that does not.
rm -rf "$data/layouts"; cp -r "$fixtures/../../../layouts" "$data/layouts"
sed -i 's|extends="gr-base"|extends="gr-bas"|' "$data/layouts/gr-social-valfard.xml"
expect_error missing-parent 2 "gr-social-valfard.xml:[0-9]+:[0-9]+: error: .*extends \"gr-bas\", which does not exist" \
  "$protokoll" render "$good" --data "$data" -o "$out/missing-parent.pdf"
rm -rf "$data/layouts"; cp -r "$fixtures/../../../layouts" "$data/layouts"; rm "$data/layouts/images/gr-logo.png"
expect_error missing-logo 2 "gr-base.xml:[0-9]+:[0-9]+: error: .*logo \"images/gr-logo.png\" not found" \
  "$protokoll" render "$good" --data "$data" -o "$out/missing-logo.pdf"
[ ! -e "$out/missing-logo.pdf" ] || fail "missing-logo: an output file was left behind"

# Signing: a field that does not exist, a wrong password.
certs="$out/certs"; bash "$(dirname "$0")/../tools/make-test-certs.sh" "$certs" >/dev/null
"$protokoll" render "$good" -o "$out/unsigned.pdf"
echo wrong >"$out/wrong-password.txt"
expect_error no-such-field 2 "no signature field.*Nobody|Nobody.*(not|no) " \
  "$protokoll" sign "$out/unsigned.pdf" --field Nobody --p12 "$certs/sara.p12" --password-file "$certs/password.txt" -o "$out/x.pdf"
expect_error wrong-password 2 "password" \
  "$protokoll" sign "$out/unsigned.pdf" --field "Sara Nordenhielm" --p12 "$certs/sara.p12" --password-file "$out/wrong-password.txt" -o "$out/x.pdf"
[ ! -e "$out/x.pdf" ] || fail "signing failed but left an output file"
echo "all bad input rejected"
