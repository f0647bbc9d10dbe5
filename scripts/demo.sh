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
# The secretary signs first, then the chair and the adjuster: each signature an
# incremental update that leaves the earlier ones valid.
mapfile -t fields < <("$protokoll" verify "out/$name.pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
keys=(sara kent patrik)
current="out/$name.pdf"
for i in "${!fields[@]}"; do
  next="out/$name.signed-$((i + 1)).pdf"
  "$protokoll" sign "$current" --field "${fields[$i]}" --p12 "out/certs/${keys[$((i % 3))]}.p12" \
    --password-file out/certs/password.txt -o "$next"
  echo "signed field \"${fields[$i]}\" -> $next"
  current=$next
done
"$protokoll" verify "$current"
