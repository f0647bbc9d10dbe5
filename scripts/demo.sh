#!/usr/bin/env bash
# The main job, end to end: render a protocol; the secretary, the adjuster and
# the chair sign it in turn (each an incremental update with an RFC 3161
# time-stamp: PAdES B-T); seal it with the validation data and a document
# timestamp (PAdES B-LTA); keep it in an archive — once with the index in
# SQLite (out/archive), once in PostgreSQL (out/archive-pg, on a server of the
# demo's own) —: ingest, find by body and date, fixity, renew, export an E-ARK
# SIP validated against METS and PREMIS; verify offline. Writes into out/
#
# A real signer brings their own PKCS#12 and a real time-stamp authority; the
# demo uses the test PKI (tests/tools): a throwaway CA whose time-stamp
# authority, OCSP responder and CRL are served on 127.0.0.1 while it runs.
# usage: scripts/demo.sh [PROTOKOLL_BINARY] [EXAMPLE.xml]
set -euo pipefail
cd "$(dirname "$0")/.."
protokoll=${1:-build/protokoll}
example=${2:-examples/protokoll-2021-01-22-social-valfard.xml}
mkdir -p out
name=$(basename "$example" .xml)
"$protokoll" render "$example" -o "out/$name.pdf" --report
echo "rendered out/$name.pdf"

# The test PKI's services on a free loopback port, stopped when the demo ends.
rm -rf out/pki && mkdir -p out/pki
python3 tests/tools/test-pki.py out/pki out/pki/port &
pki_pid=$!
pg_dir=""
trap 'kill $pki_pid 2>/dev/null || true; [ -z "$pg_dir" ] || bash tests/tools/test-postgresql.sh stop "$pg_dir"' EXIT
for _ in $(seq 1 100); do [ -s out/pki/port ] && break; sleep 0.05; done
url="http://127.0.0.1:$(cat out/pki/port)"
bash tests/tools/make-test-certs.sh out/pki "$url" >/dev/null

# Each field in the layout's signing order (verify lists them in that order).
mapfile -t fields < <("$protokoll" verify "out/$name.pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
# Each field is signed with its own person's certificate (sign refuses
# anyone else's): the test PKI has the 2021 protocol's signers and issues one
# for any other name.
current="out/$name.pdf"
for i in "${!fields[@]}"; do
  key=$(bash tests/tools/make-test-certs.sh --signer out/pki "${fields[$i]}")
  next="out/$name.signed-$((i + 1)).pdf"
  "$protokoll" sign "$current" --field "${fields[$i]}" --p12 "out/pki/$key.p12" \
    --password-file out/pki/password.txt --tsa "$url/tsa" -o "$next"
  echo "signed field \"${fields[$i]}\" -> $next"
  current=$next
done
"$protokoll" seal "$current" --ltv --trust out/pki/ca.pem --tsa "$url/tsa" -o "out/$name.sealed.pdf"
echo "sealed -> out/$name.sealed.pdf"

# The archive keeps the official copy: accepted only because it verifies
# under the archive's policy (every field signed, chains trusted by the
# archive's anchors, B-LT at least, revocation evidence in the file, PDF/A),
# stored under its SHA-256 with its source XML, found again by body and date,
# checked (fixity), renewed (a new document timestamp: a new version, the old
# bytes kept) and handed on as an E-ARK SIP.
id=$(sha256sum "out/$name.sealed.pdf" | cut -d' ' -f1)
archive_job() {  # archive_job DIR [--db URL]
  local dir=$1; shift
  rm -rf "$dir"
  "$protokoll" archive init --archive "$dir" --trust out/pki/ca.pem "$@"
  "$protokoll" archive ingest "out/$name.sealed.pdf" --source "$example" --archive "$dir"
  local body date
  body=$("$protokoll" archive show "$id" --archive "$dir" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["bodies"][0])')
  date=$("$protokoll" archive show "$id" --archive "$dir" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["meeting_date"])')
  echo "archive list --body \"$body\" --from $date --to $date:"
  "$protokoll" archive list --body "$body" --from "$date" --to "$date" --archive "$dir"
  "$protokoll" archive fixity --archive "$dir"
  "$protokoll" archive renew "$id" --tsa "$url/tsa" --archive "$dir"
  rm -rf "$dir.sip" && mkdir -p "$dir.sip"
  local sip; sip=$("$protokoll" archive export --sip "$id" -o "$dir.sip" --archive "$dir")
  XML_CATALOG_FILES=schema/external/catalog.xml xmllint --nonet --noout --schema schema/external/mets-1.12.1.xsd "$sip/METS.xml"
  xmllint --nonet --noout --schema schema/external/premis-3.0.xsd "$sip/metadata/preservation/premis.xml"
  echo "exported the E-ARK SIP $sip"
}
archive_job out/archive
# The same with the index in PostgreSQL, as a shared regional archive keeps
# it (here a server of the demo's own on 127.0.0.1, removed at the end).
started=$(bash tests/tools/test-postgresql.sh start)
pg_dir=$(sed -n 1p <<<"$started")
db=$(bash tests/tools/test-postgresql.sh createdb "$(sed -n 2p <<<"$started")" protokoll)
archive_job out/archive-pg --db "$db"

# Verification needs no network: stop the services first.
kill $pki_pid && wait $pki_pid 2>/dev/null || true
"$protokoll" verify "out/$name.sealed.pdf" --trust out/pki/ca.pem
renewed=$("$protokoll" archive show "$id" --archive out/archive --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["next"])')
"$protokoll" archive get "$renewed" -o "out/$name.renewed.pdf" --archive out/archive
"$protokoll" verify "out/$name.renewed.pdf" --trust out/pki/ca.pem | tail -3
