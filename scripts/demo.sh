#!/usr/bin/env bash
# The main job, end to end: render a protocol, have the secretary and the chair
# sign it in turn (each an incremental update), verify. Writes into out/.
# usage: scripts/demo.sh [PROTOKOLL_BINARY] [EXAMPLE.xml]
set -euo pipefail
cd "$(dirname "$0")/.."
protokoll=${1:-build/protokoll}
example=${2:-examples/protokoll-2021-01-22-social-valfard.xml}
mkdir -p out
name=$(basename "$example" .xml)
"$protokoll" render "$example" -o "out/$name.pdf" --report
echo "rendered out/$name.pdf"
# Test certificates for the demo only (a real signer brings their own PKCS#12).
bash tests/tools/make-test-certs.sh out/certs >/dev/null
mapfile -t fields < <("$protokoll" verify "out/$name.pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
"$protokoll" sign "out/$name.pdf" --field "${fields[0]}" --p12 out/certs/sara.p12 \
  --password-file out/certs/password.txt -o "out/$name.signed-1.pdf"
echo "signed field \"${fields[0]}\" -> out/$name.signed-1.pdf"
"$protokoll" sign "out/$name.signed-1.pdf" --field "${fields[1]}" --p12 out/certs/kent.p12 \
  --password-file out/certs/password.txt -o "out/$name.signed-2.pdf"
echo "signed field \"${fields[1]}\" -> out/$name.signed-2.pdf"
"$protokoll" verify "out/$name.signed-2.pdf"
