#!/usr/bin/env bash
# usage: check_stdout.sh PROTOKOLL EXAMPLE.xml OUTDIR
# Output that does not arrive is a failure: every command that prints, with
# its standard output on a full device (/dev/full) or a pipe nobody reads
# any more, exits 2 with "cannot write to standard output: <why>" — and
# exits 0 when the output arrives.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need python3
[ -w /dev/full ] || fail "/dev/full is not there to write to"
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"; mkdir -p "$out"
certs="$out/certs"
bash "$here/../tools/make-test-certs.sh" "$certs" >/dev/null
pdf="$out/unsigned.pdf"
"$protokoll" render "$example" -o "$pdf"
field=$({ "$protokoll" verify "$pdf" || true; } | sed -n '1s/: not signed$//p')

# full NAME COMMAND…: stdout on /dev/full must be exit 2 with the reason.
full() {
  local name=$1; shift
  set +e; "$@" >/dev/full 2>"$out/$name.err"; local rc=$?; set -e
  [ "$rc" -eq 2 ] || { cat "$out/$name.err"; fail "$name: exit $rc with stdout on /dev/full, expected 2"; }
  grep -q "cannot write to standard output: No space left on device" "$out/$name.err" ||
    { cat "$out/$name.err"; fail "$name: no message about the lost output"; }
  echo "ok: $name on /dev/full: exit 2, $(tail -n 1 "$out/$name.err")"
}
full "verify --format json" "$protokoll" verify "$pdf" --format json
full "verify" "$protokoll" verify "$pdf"
full "render --report=json" "$protokoll" render "$example" -o "$out/report.pdf" --report=json
full "render --report" "$protokoll" render "$example" -o "$out/report.pdf" --report
full "sign --prepare" "$protokoll" sign "$pdf" --field "$field" --cert "$certs/sara.pem" --prepare "$out/prepared.pdf"
full "--help" "$protokoll" --help
full "--version" "$protokoll" --version
# A failed verification whose report is lost: the lost report is the news.
python3 "$here/hostile_pdf.py" "$pdf" "$out/hostile.pdf" dict1000
full "verify of a failing file" "$protokoll" verify "$out/hostile.pdf" --format json

# A pipe whose reader has gone: EPIPE, not a silent death by SIGPIPE.
python3 - "$protokoll" "$pdf" <<'PY' || fail "verify into a closed pipe"
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run([sys.argv[1], "verify", sys.argv[2], "--format", "json"], stdout=w, stderr=subprocess.PIPE)
err = p.stderr.decode()
assert p.returncode == 2, (p.returncode, err)
assert "cannot write to standard output: Broken pipe" in err, err
print("ok: verify into a closed pipe: exit 2, " + err.strip().splitlines()[-1])
PY

# And when the output arrives, all is as before.
"$protokoll" verify "$pdf" --format json --allow-unsigned >"$out/verify.json" || fail "verify to a file failed"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out/verify.json" || fail "verify's JSON is not JSON"
"$protokoll" sign "$pdf" --field "$field" --cert "$certs/sara.pem" --prepare "$out/prepared2.pdf" >"$out/digest.txt"
[ "$(cat "$out/digest.txt")" = "$(cat "$out/prepared2.pdf.sha256")" ] || fail "sign --prepare printed another digest"
echo "ok: with a working stdout: exit 0 and the output complete"
