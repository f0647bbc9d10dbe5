#!/usr/bin/env bash
# usage: check_outputs.sh PROTOKOLL EXAMPLE_A.xml EXAMPLE_B.xml OUTDIR
# An output is replaced whole or not at all. render, sign and seal are killed
# with SIGKILL at moments spread over a whole run, over an output that already
# holds another document: afterwards the output is the old document or the
# complete new one (the same bytes an uninterrupted run writes; qpdf reads it),
# never a torn file. The temporary file of a killed run (its process gone) is
# removed by the next run, one of a live process is left alone. strace shows
# the order: the bytes are fsync'ed before the rename, the directory after it.
# An -o that is a symbolic link is refused and the file behind it untouched.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example_a=$2 example_b=$3 out=$4
need qpdf; need strace; need sha256sum
rm -rf "$out"; mkdir -p "$out"
start_test_pki "$out/pki"
certs="$out/pki"
stamp=@$(date +%s)  # one time for every run: equal inputs, equal bytes
sum() { sha256sum "$1" | cut -d' ' -f1; }
now_ms() { date +%s%3N; }

# kill_loop NAME OUTPUT OLD_FILE REFERENCE_SUM COMMAND...: runs COMMAND (which
# writes OUTPUT) ROUNDS times, each time over a fresh copy of OLD_FILE and
# killed after a delay stepping from 0 to the length of an uninterrupted run.
rounds=12
# complete OLD NEW: NEW is OLD with a whole incremental update after it, one
# that verify judges as it judges an uninterrupted run's (for seal, whose
# bytes vary with the responder's clock).
complete() {
  cmp -s -n "$(stat -c %s "$1")" "$1" "$2" || return 1
  "$protokoll" verify "$2" --trust "$certs/ca.pem" --allow-unsigned --format json >"$out/complete.json" 2>/dev/null
  [ $? -eq "$sealed_rc" ] && grep -q '"validation_data": true' "$out/complete.json"
}
kill_loop() {
  local name=$1 output=$2 old=$3 reference=$4; shift 4
  local old_sum; old_sum=$(sum "$old")
  cp "$old" "$output"; local t0; t0=$(now_ms); "$@" >/dev/null 2>&1 || fail "$name: an uninterrupted run fails"
  local took=$(( $(now_ms) - t0 ))
  [ -z "$reference" ] || [ "$(sum "$output")" = "$reference" ] || fail "$name: an uninterrupted run wrote other bytes"
  local new_sum; new_sum=$(sum "$output")
  local i kept=0 replaced=0
  for i in $(seq 0 $((rounds - 1))); do
    cp "$old" "$output"
    "$@" >/dev/null 2>&1 & local pid=$!
    sleep "$(awk -v t="$took" -v i="$i" -v n="$rounds" 'BEGIN { printf "%.3f", t * i / n / 1000 }')"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    sleep 0.05  # a child of the killed run dies with it (PR_SET_PDEATHSIG)
    local now; now=$(sum "$output")
    if [ "$now" = "$old_sum" ]; then kept=$((kept + 1))
    elif [ "$now" = "$new_sum" ] || { [ -z "$reference" ] && complete "$old" "$output"; }; then replaced=$((replaced + 1))
    else fail "$name: round $i left a file that is neither the old nor the new output"; fi
    qpdf --check "$output" >/dev/null 2>&1 || [ $? -eq 3 ] || fail "$name: round $i: qpdf cannot read the output"
  done
  [ "$kept" -ge 1 ] || fail "$name: no kill came before the rename (the test did not test anything)"
  echo "ok: $name: killed $rounds times over ${took} ms: old output kept $kept times, new one whole $replaced times, never torn"
  # Temporaries of the killed runs are gone after the next complete run.
  cp "$old" "$output"
  "$@" >/dev/null 2>&1 || fail "$name: the run after the kills fails"
  ! ls "$output".tmp-* >/dev/null 2>&1 || { ls "$output".tmp-*; fail "$name: a killed run's temporary file is still there"; }
}

# render: output holds example B, the run writes example A.
"$protokoll" render "$example_b" -o "$out/b.pdf" --timestamp "$stamp"
"$protokoll" render "$example_a" -o "$out/a.pdf" --timestamp "$stamp"
kill_loop render "$out/render.pdf" "$out/b.pdf" "$(sum "$out/a.pdf")" \
  "$protokoll" render "$example_a" -o "$out/render.pdf" --timestamp "$stamp"

# sign: output holds the unsigned file, the run signs the first field.
field=$("$protokoll" verify "$out/a.pdf" --allow-unsigned | sed -n 's/^\(.*\): not signed$/\1/p' | head -n 1)
key=$(signer_key "$certs" "$field")
"$protokoll" sign "$out/a.pdf" --field "$field" --p12 "$certs/$key.p12" --password-file "$certs/password.txt" \
  --timestamp "$stamp" -o "$out/signed.pdf" 2>/dev/null || true
[ -s "$out/signed.pdf" ] || fail "sign: the reference signature was not written"
kill_loop sign "$out/sign.pdf" "$out/a.pdf" "$(sum "$out/signed.pdf")" \
  "$protokoll" sign "$out/a.pdf" --field "$field" --p12 "$certs/$key.p12" --password-file "$certs/password.txt" \
  --timestamp "$stamp" -o "$out/sign.pdf"

# seal: in place over the signed file (it fetches OCSP and CRLs, so its bytes
# vary with the responder's clock: judged as "the old file or a sealed one").
cp "$out/signed.pdf" "$out/sealed.pdf"
"$protokoll" seal "$out/sealed.pdf" --ltv --allow-unsigned --trust "$certs/ca.pem" >/dev/null
set +e; "$protokoll" verify "$out/sealed.pdf" --trust "$certs/ca.pem" --allow-unsigned --format json >"$out/sealed.json"; sealed_rc=$?; set -e
grep -q '"validation_data": true' "$out/sealed.json" || fail "seal: the reference seal has no validation data"
kill_loop seal "$out/seal.pdf" "$out/signed.pdf" "" \
  "$protokoll" seal "$out/seal.pdf" --ltv --allow-unsigned --trust "$certs/ca.pem"

# A temporary file of a process that is gone is removed; one of a live process stays.
sh -c 'exit 0' & dead=$!; wait "$dead"
touch "$out/render.pdf.tmp-$dead-AbCdEf" "$out/render.pdf.tmp-$$-AbCdEf"
"$protokoll" render "$example_a" -o "$out/render.pdf" --timestamp "$stamp"
[ ! -e "$out/render.pdf.tmp-$dead-AbCdEf" ] || fail "a dead run's temporary file was not removed"
[ -e "$out/render.pdf.tmp-$$-AbCdEf" ] || fail "a live process's temporary file was removed"
rm -f "$out/render.pdf.tmp-$$-AbCdEf"
echo "ok: a dead run's temporary file is removed, a live one's kept"

# The order of the system calls: write, fsync the file, rename, fsync the directory.
# (LeakSanitizer cannot run under ptrace: a sanitized build's leak check is off here only.)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -e trace=fsync,rename,renameat,renameat2 -o "$out/strace.txt" \
  "$protokoll" render "$example_a" -o "$out/render.pdf" --timestamp "$stamp"
calls=$(grep -Eo '(fsync|rename[a-z0-9]*)\(' "$out/strace.txt" | tr -d '(' | tr '\n' ' ')
case "$calls" in
  "fsync rename fsync "|"fsync renameat fsync "|"fsync renameat2 fsync ") ;;
  *) cat "$out/strace.txt"; fail "expected fsync, rename, fsync; strace saw: $calls" ;;
esac
grep -q 'rename.*render\.pdf\.tmp-[0-9]*-.*render\.pdf"' "$out/strace.txt" || { cat "$out/strace.txt"; fail "the rename is not of the temporary file over the output"; }
echo "ok: strace: $calls(the file, then the rename, then the directory)"

# -o naming a symbolic link: refused, the file behind it untouched.
cp "$out/b.pdf" "$out/target.pdf"; ln -sf target.pdf "$out/link.pdf"
set +e; "$protokoll" render "$example_a" -o "$out/link.pdf" --timestamp "$stamp" 2>"$out/link.err"; rc=$?; set -e
[ "$rc" -eq 2 ] || fail "-o a symbolic link: exit $rc, expected 2"
grep -q "link.pdf: error: the output is a symbolic link" "$out/link.err" || { cat "$out/link.err"; fail "-o a symbolic link: unclear message"; }
[ -L "$out/link.pdf" ] && [ "$(sum "$out/target.pdf")" = "$(sum "$out/b.pdf")" ] || fail "-o a symbolic link: the link or its file changed"
echo "ok: -o a symbolic link: $(head -n 1 "$out/link.err")"
