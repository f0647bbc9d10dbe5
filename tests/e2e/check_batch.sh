#!/usr/bin/env bash
# usage: check_batch.sh PROTOKOLL EXAMPLES_DIR OUTDIR
# render with many protocols: a directory and files given together, -o DIR/,
# one DIR/NAME.pdf each, byte for byte what rendering each alone gives, with
# --jobs 1 and --jobs 3 alike. A malformed file among them is reported with
# its file:line:column and exit 2 at the end, and every other document is
# still written (the bad one is not). Quiet when stderr is not a terminal; a
# progress line when it is (a pty). Two inputs that would write one PDF, or
# --report with several, are usage errors (exit 2) that write nothing.
. "$(dirname "$0")/lib.sh"
protokoll=$1 examples=$2 out=$3
need python3; need cmp
rm -rf "$out" && mkdir -p "$out/in" "$out/single"
cp "$examples"/*.xml "$out/in/"
count=$(ls "$out/in" | wc -l)
for f in "$out"/in/*.xml; do
  "$protokoll" render "$f" -o "$out/single/$(basename "$f" .xml).pdf"
done

"$protokoll" render "$out/in" -o "$out/one/" 2>"$out/one.err" || fail "a batch of good protocols exits $?"
[ ! -s "$out/one.err" ] || { cat "$out/one.err"; fail "a batch on a non-terminal printed to stderr"; }
for f in "$out"/single/*.pdf; do
  cmp -s "$f" "$out/one/$(basename "$f")" || fail "$(basename "$f"): the batch's PDF differs from rendering it alone"
done
[ "$(ls "$out/one" | wc -l)" -eq "$count" ] || fail "the batch wrote $(ls "$out/one" | wc -l) files for $count protocols"
echo "ok: $count protocols in one process, each byte for byte as rendered alone"

# A malformed protocol in the middle, and a file named besides the directory.
printf '<protocol layout="gr-social-valfard">\n  <meeting date="2021-01-22">\n' > "$out/in/m-bad.xml"
mkdir -p "$out/extra" && cp "$examples/protokoll-2021-01-22-social-valfard.xml" "$out/extra/extra.xml"
set +e
"$protokoll" render "$out/in" "$out/extra/extra.xml" -o "$out/three/" --jobs 3 2>"$out/three.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "a batch with a bad file exits $rc, not 2"
grep -q "m-bad.xml:2:3: error: malformed XML" "$out/three.err" || { cat "$out/three.err"; fail "the bad file is not reported with its file:line:column"; }
grep -q "1 of $((count + 2)) documents failed" "$out/three.err" || { cat "$out/three.err"; fail "no count of the failed documents"; }
[ ! -e "$out/three/m-bad.pdf" ] || fail "the bad protocol left a PDF"
for f in "$out"/single/*.pdf; do
  cmp -s "$f" "$out/three/$(basename "$f")" || fail "$(basename "$f"): --jobs 3 gives other bytes, or did not render it"
done
cmp -s "$out/single/protokoll-2021-01-22-social-valfard.pdf" "$out/three/extra.pdf" || fail "the file named besides the directory was not rendered"
echo "ok: --jobs 3: the bad file named at its line, exit 2, the other $((count + 1)) written as alone"

# A terminal gets a progress line.
rm "$out/in/m-bad.xml"
python3 - "$protokoll" "$out/in" "$out/pty/" <<'PY' || fail "no progress line on a terminal"
import os, pty, subprocess, sys
master, slave = pty.openpty()
proc = subprocess.run([sys.argv[1], "render", sys.argv[2], "-o", sys.argv[3]], stderr=slave, stdout=subprocess.DEVNULL)
os.close(slave)
seen = b""
try:
    while True:
        chunk = os.read(master, 4096)
        if not chunk:
            break
        seen += chunk
except OSError:
    pass
text = seen.decode(errors="replace")
assert proc.returncode == 0, proc.returncode
assert "documents" in text and "a second" in text, text
PY
echo "ok: a progress line on a terminal, none otherwise"

for bad in "render $out/in/protokoll-2019-10-03-social-valfard.xml $out/extra/extra.xml $out/extra/extra.xml -o $out/dup/" \
           "render $out/in -o $out/rep/ --report" "render $out/in -o $out/jobs/ --jobs 0"; do
  set +e
  # shellcheck disable=SC2086
  "$protokoll" $bad 2>"$out/usage.err"
  rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "protokoll $bad exits $rc, not 2"
  grep -q "error:" "$out/usage.err" || fail "protokoll $bad gives no error"
done
[ ! -e "$out/dup" ] || [ -z "$(ls "$out/dup")" ] || fail "a usage error wrote output"
echo "ok: one PDF from two inputs, --report with several and --jobs 0 are usage errors"
