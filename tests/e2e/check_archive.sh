#!/usr/bin/env bash
# usage: check_archive.sh PROTOKOLL EXAMPLE.xml OUTDIR [sqlite|postgresql]
# The archive as an archivist uses it (docs/archive.md), against the test
# PKI on 127.0.0.1: a protocol rendered, signed by every signer with
# time-stamps and sealed (B-LTA) is accepted with its source XML, found by
# body, date, paragraph, signer and title words, shown and handed back byte
# for byte; the same bytes again change nothing, also when two ingests run
# at once; files that fail the policy (unsigned, not sealed) are exit 1 and
# leave the objects and the index as they were; a wrong source is exit 2;
# fixity finds an object changed or deleted behind the archive's back. The
# same checks run with the index in SQLite (judged with sqlite3 itself) and
# in PostgreSQL (a server of the script's own, judged with psql).
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3 backend=${4:-sqlite}
need sqlite3; need python3; need cmp
rm -rf "$out"; mkdir -p "$out"
start_test_pki "$out/pki"
certs="$out/pki"
case $backend in
  sqlite) ;;
  postgresql) start_test_postgresql ;;
  *) fail "unknown backend $backend (sqlite or postgresql)" ;;
esac

# new_archive DIR: archive init there with the test CA, its index in this run's backend.
new_archive() {
  local db=()
  [ "$backend" = sqlite ] || db=(--db "$(new_test_database "$(basename "$1" | tr -c 'a-z0-9\n' _)")")
  "$protokoll" archive init --archive "$1" --trust "$certs/ca.pem" "${db[@]}" >/dev/null
}
# sql DIR QUERY: QUERY on the index of the archive in DIR (one statement), a row per line.
sql() {
  local url; url=$(sed -n 's/^index=//p' "$1/policy.conf")
  if [ -n "$url" ]; then PGOPTIONS="-c client_min_messages=warning" psql -X -q -A -t -v ON_ERROR_STOP=1 "$url" -c "$2"; else sqlite3 "$1/index.sqlite" "$2"; fi
}
# copy_archive FROM TO: a copy of the archive, its index a copy of the database.
copy_archive() {
  rm -rf "$2"; cp -a "$1" "$2"
  local url; url=$(sed -n 's/^index=//p' "$1/policy.conf")
  [ -n "$url" ] || return 0
  local name; name=$(basename "$2" | tr -c 'a-z0-9\n' _)_$RANDOM
  psql -X -q -v ON_ERROR_STOP=1 "$PG_URL/postgres" -c "CREATE DATABASE $name TEMPLATE \"${url##*/}\"" >/dev/null \
    || fail "could not copy the database ${url##*/}"
  sed -i "s|^index=.*|index=$PG_URL/$name|" "$2/policy.conf"
}

# The protocol: rendered, every field signed by its person with a time-stamp, sealed.
pdf="$out/unsigned.pdf"
"$protokoll" render "$example" -o "$pdf"
mapfile -t fields < <("$protokoll" verify "$pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
prev=$pdf
for i in "${!fields[@]}"; do
  key=$(signer_key "$certs" "${fields[$i]}")
  "$protokoll" sign "$prev" --field "${fields[$i]}" --p12 "$certs/$key.p12" --password-file "$certs/password.txt" \
    --tsa "$PKI_URL/tsa" -o "$out/signed-$i.pdf" --timestamp "@$(date +%s)" 2>/dev/null
  prev="$out/signed-$i.pdf"
done
signed=$prev sealed="$out/sealed.pdf"
"$protokoll" seal "$signed" --ltv --trust "$certs/ca.pem" --tsa "$PKI_URL/tsa" -o "$sealed" >/dev/null
id=$(sha256sum "$sealed" | cut -d' ' -f1)

A="$out/archive"
export PROTOKOLL_ARCHIVE=$A
new_archive "$A"
for f in policy.conf trust/anchors.pem; do [ -e "$A/$f" ] || fail "archive init made no $f"; done
if [ "$backend" = sqlite ]; then
  [ -e "$A/index.sqlite" ] || fail "archive init made no index.sqlite"
else
  [ ! -e "$A/index.sqlite" ] || fail "archive init --db made an index.sqlite too"
  [ "$(sql "$A" "SELECT max(version) FROM schema_version")" -ge 3 ] || fail "archive init --db did not make the schema in PostgreSQL"
  # A database that holds an archive's index already is refused, and nothing is made.
  set +e; "$protokoll" archive init --archive "$out/second" --trust "$certs/ca.pem" --db "$(sed -n 's/^index=//p' "$A/policy.conf")" 2>"$out/init-db.err"; rc=$?; set -e
  [ "$rc" -eq 2 ] && grep -q "holds an archive's index already" "$out/init-db.err" && [ ! -e "$out/second" ] \
    || { cat "$out/init-db.err"; fail "init over a database in use: exit $rc, expected 2 and nothing made"; }
  # A server that is not there: exit 2 naming it, nothing made.
  set +e; "$protokoll" archive init --archive "$out/nowhere" --db "postgresql://protokoll:secret@127.0.0.1:1/none" 2>"$out/init-none.err"; rc=$?; set -e
  [ "$rc" -eq 2 ] && grep -q "cannot connect to the archive's index postgresql://protokoll@127.0.0.1:1/none" "$out/init-none.err" \
    && ! grep -q secret "$out/init-none.err" && [ ! -e "$out/nowhere" ] \
    || { cat "$out/init-none.err"; fail "init with an unreachable server: exit $rc, expected 2, the URL without its password, nothing made"; }
  echo "ok: archive init --db: the schema in PostgreSQL; a database in use and an unreachable server refused (exit 2), nothing made, no password printed"
fi
set +e; "$protokoll" archive init --trust "$certs/ca.pem" 2>"$out/init2.err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "not empty" "$out/init2.err" || fail "a second init over the archive: exit $rc, expected 2 (not empty)"
echo "ok: archive init ($backend): policy, trust anchors, index; a second init is refused"

# state: what the archive holds (every file under objects/ and each table's rows).
state() {
  (cd "$A" && find objects -type f | sort && sha256sum $(find objects -type f | sort) 2>/dev/null)
  sql "$A" "SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM events),
    (SELECT count(*) FROM paragraphs), (SELECT count(*) FROM paragraph_text)"
}
# refused RC PATTERN FILE [ARGS…]: ingest is exit RC naming PATTERN and changes nothing.
refused() {
  local want=$1 pattern=$2; shift 2
  local before; before=$(state)
  set +e; "$protokoll" archive ingest "$@" >"$out/refused.out" 2>"$out/refused.err"; local rc=$?; set -e
  [ "$rc" -eq "$want" ] || { cat "$out/refused.err"; fail "ingest $*: exit $rc, expected $want"; }
  grep -q -- "$pattern" "$out/refused.err" || { cat "$out/refused.err"; fail "ingest $*: no \"$pattern\" in the message"; }
  [ "$(state)" = "$before" ] || fail "a refused ingest ($*) changed the archive"
}
refused 1 "0 of ${#fields[@]} signature fields signed" "$pdf"
refused 1 "the policy wants at least B-LT" "$signed"
cp "$example" "$out/other.xml"; printf '<!-- changed -->\n' >>"$out/other.xml"
refused 2 "this is not the source" "$sealed" --source "$out/other.xml"
echo "ok: unsigned (exit 1), signed but not sealed (exit 1) and a wrong source (exit 2) are refused, the archive unchanged"

# The policy's revocation rule: with min-level B-T a signed, unsealed file still
# lacks revocation evidence in the file (refused); require-revocation=no takes it.
P="$out/archive-policy"
new_archive "$P"
sed -i 's/^min-level=.*/min-level=B-T/' "$P/policy.conf"
set +e; "$protokoll" archive ingest "$signed" --archive "$P" >/dev/null 2>"$out/policy.err"; rc=$?; set -e
[ "$rc" -eq 1 ] && grep -q "the policy wants that evidence in the file" "$out/policy.err" || { cat "$out/policy.err"; fail "a B-T file without revocation evidence under min-level=B-T: exit $rc, expected 1"; }
sed -i 's/^require-revocation=.*/require-revocation=no/' "$P/policy.conf"
"$protokoll" archive ingest "$signed" --archive "$P" | grep -q ": stored " || fail "require-revocation=no did not take the B-T file"
echo "ok: require-revocation: no evidence in the file is refused (exit 1); require-revocation=no takes it"

"$protokoll" archive ingest "$sealed" --source "$example" >"$out/ingest.out"
grep -q "stored $id" "$out/ingest.out" || { cat "$out/ingest.out"; fail "the sealed protocol was not stored under its SHA-256"; }
object="$A/objects/${id:0:2}/${id:2:2}/$id.pdf"
cmp "$object" "$sealed" || fail "the stored object differs from the file ingested"
cmp "${object%.pdf}.xml" "$example" || fail "the stored source differs from the XML given"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["verdict"]=="valid" else "verdict " + d["verdict"])' "${object%.pdf}.verify.json" \
  || fail "the verification report beside the object does not say valid"
[ ! -w "$object" ] || [ "$(id -u)" -eq 0 ] || fail "the stored object is writable"
[ "$(stat -c %a "$object")" = 444 ] || fail "the stored object's mode is $(stat -c %a "$object"), not 444"
echo "ok: stored write-once (mode 444) under its SHA-256, with its source and its verification report"

before=$(state)
"$protokoll" archive ingest "$sealed" | grep -q "already stored $id" || fail "ingesting the same bytes again did not say already stored"
[ "$(state)" = "$before" ] || fail "ingesting the same bytes again changed the archive"
# Two ingests of the file at once into a new archive: both succeed, one stores it, one record.
B="$out/archive-concurrent"
new_archive "$B"
"$protokoll" archive ingest "$sealed" --archive "$B" >"$out/c1.out" & p1=$!
"$protokoll" archive ingest "$sealed" --archive "$B" >"$out/c2.out" & p2=$!
wait $p1 || fail "the first of two concurrent ingests failed"
wait $p2 || fail "the second of two concurrent ingests failed"
[ "$(cat "$out/c1.out" "$out/c2.out" | grep -c ": stored $id")" -eq 1 ] || { cat "$out/c1.out" "$out/c2.out"; fail "not exactly one of two concurrent ingests stored the file"; }
[ "$(sql "$B" "SELECT count(*) FROM records")" = 1 ] || fail "concurrent ingests of one file made more than one record"
[ "$(sql "$B" "SELECT count(*) FROM events")" = 1 ] || fail "concurrent ingests of one file recorded more than one ingest"
echo "ok: the same bytes again, and twice at once, change nothing"

# Finding it.
body=$(sql "$A" "SELECT name FROM bodies WHERE record = '$id' AND position = 0")
date=$(xmllint --xpath "string(/protocol/meeting/@date)" "$example")
title=$(xmllint --xpath "string((//paragraph/title)[2])" "$example")
word=$(printf '%s' "$title" | python3 -c 'import sys,re; w=[x for x in re.findall(r"\w+", sys.stdin.read()) if len(x) > 5]; print(w[0].upper() if w else "")')
first=$(sql "$A" "SELECT first_paragraph FROM records WHERE id = '$id'")
signer=${fields[0]}
expect_found() {  # expect_found WHAT ARGS…: archive list/search ARGS prints the record
  "$protokoll" archive "${@:2}" >"$out/found.txt" || fail "$1: exit $?"
  grep -q "^${id:0:12} " "$out/found.txt" || { cat "$out/found.txt"; fail "$1: the record is not found"; }
}
expect_none() {
  "$protokoll" archive "${@:2}" >"$out/found.txt" || fail "$1: exit $?"
  [ ! -s "$out/found.txt" ] || { cat "$out/found.txt"; fail "$1: found what it should not"; }
}
expect_found "by body" list --body "$body"
expect_found "by date range" list --from "$date" --to "$date"
expect_none "outside the date range" list --to 2000-12-31
expect_found "by paragraph number" list --paragraph "$first"
expect_none "by a paragraph it lacks" list --paragraph 99999
expect_found "by signer" list --signer "$signer"
expect_found "by a title word in capitals ($word)" search "$word"
expect_none "by a word nowhere" search xyzzyplugh
"$protokoll" archive show "${id:0:8}" --format json >"$out/show.json"
python3 - "$out/show.json" "$id" "$date" "${#fields[@]}" <<'PY' || fail "archive show --format json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["id"] == sys.argv[2], d["id"]
assert d["meeting_date"] == sys.argv[3]
assert len(d["signers"]) == int(sys.argv[4])
assert d["level"] == "B-LTA" and d["has_source"], d
assert d["history"][0]["type"] == "ingest"
PY
"$protokoll" archive get "${id:0:10}" -o "$out/got.pdf" >/dev/null
cmp "$out/got.pdf" "$sealed" || fail "archive get did not return the exact bytes"
echo "ok: found by body, date, paragraph, signer and title word; show (JSON) and get (byte for byte)"

# The index, judged by the database itself.
if [ "$backend" = sqlite ]; then
  [ "$(sql "$A" "PRAGMA integrity_check")" = ok ] || fail "the index fails SQLite's integrity check"
  [ "$(sql "$A" "PRAGMA journal_mode")" = wal ] || fail "the index is not in WAL mode"
  [ -z "$(sql "$A" "PRAGMA foreign_key_check")" ] || fail "rows refer to records that are not there"
  echo "ok: sqlite3: integrity ok, WAL, no dangling rows"
else
  # Every table's rows name a record by a foreign key the server enforces.
  [ "$(sql "$A" "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND confrelid = 'records'::regclass")" -ge 6 ] \
    || fail "the PostgreSQL index lacks its foreign keys to records"
  set +e; sql "$A" "INSERT INTO events (record, at, type, detail) VALUES ('nothing', 'now', 'x', 'x')" 2>/dev/null; rc=$?; set -e
  [ "$rc" -ne 0 ] || fail "PostgreSQL took an event for a record that is not there"
  echo "ok: psql: foreign keys to records enforced"
fi
# Swedish stemming in both backends: other forms of a title's word
# ("Yrkesresor") find it, in any case, with punctuation around it.
for form in yrkesresa YRKESRESORNA "yrkesresorna," "«Yrkesresor»"; do
  "$protokoll" archive search "$form" >"$out/stem.txt" && grep -q "^${id:0:12} " "$out/stem.txt" \
    || { cat "$out/stem.txt"; fail "search $form did not find \"Yrkesresor\" (Swedish stemming)"; }
done
expect_none "by punctuation alone" search "– §"
if [ "$backend" = sqlite ]; then
  # An index of schema 5 held the words as written and indexed every
  # record's `previous`: opening it stems the words and makes that index partial.
  copy_archive "$A" "$out/schema5"
  sql "$out/schema5" "DELETE FROM schema_version WHERE version >= 6; DELETE FROM paragraph_text;
    INSERT INTO paragraph_text (title, decision, record) SELECT title, decision, record FROM paragraphs;
    DROP INDEX records_by_previous; CREATE INDEX records_by_previous ON records (previous);"
  "$protokoll" archive search yrkesresa --archive "$out/schema5" >"$out/stem.txt" && grep -q "^${id:0:12} " "$out/stem.txt" \
    || { cat "$out/stem.txt"; fail "after migration 6, search yrkesresa did not find \"Yrkesresor\""; }
  [ "$(sql "$out/schema5" "SELECT max(version) FROM schema_version")" = 7 ] || fail "the index was not migrated to schema 7"
  sql "$out/schema5" "SELECT sql FROM sqlite_master WHERE name = 'records_by_previous'" | grep -q "WHERE previous IS NOT NULL" \
    || fail "migration 7 did not make records_by_previous partial"
fi
echo "ok: search stems Swedish (yrkesresa, YRKESRESORNA, «Yrkesresor» find Yrkesresor), also after migrating an index of schema 5 (to 7)"

# Fixity: clean, then an object changed, then one deleted, behind the archive's back.
"$protokoll" archive fixity >"$out/fixity.txt" || { cat "$out/fixity.txt"; fail "fixity of an intact archive failed"; }
grep -q "1 object(s) checked, 0 problem(s)" "$out/fixity.txt" || fail "fixity did not check the object"
chmod u+w "$object"; cp "$object" "$out/saved.pdf"; printf ' ' >>"$object"
set +e; "$protokoll" archive fixity --format json >"$out/fixity.json"; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "fixity of a changed object: exit $rc, expected 1"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); o=d["objects"][0]; sys.exit(0 if o["id"]==sys.argv[2] and o["status"]=="changed" else str(d))' "$out/fixity.json" "$id" \
  || fail "fixity did not name the changed object"
rm -f "$object"
set +e; "$protokoll" archive fixity >"$out/fixity.txt"; rc=$?; set -e
[ "$rc" -eq 1 ] && grep -q "$id: missing" "$out/fixity.txt" || { cat "$out/fixity.txt"; fail "fixity did not report the deleted object (exit $rc)"; }
echo "ok: fixity: intact (exit 0), changed and missing objects named (exit 1)"

# kill -9 at any moment of an ingest: the index stays sound, never names an
# object that is missing or torn, and the next ingest completes the record.
K="$out/archive-killed"
new_archive "$K"
kills=0 whole=0
for delay in 0.01 0.03 0.06 0.1 0.15 0.2 0.3 0.45 0.6 0.8; do
  copy_archive "$K" "$K.copy"
  "$protokoll" archive ingest "$sealed" --source "$example" --archive "$K.copy" >/dev/null 2>&1 & pid=$!
  sleep "$delay"; kill -9 "$pid" 2>/dev/null && kills=$((kills + 1)); wait "$pid" 2>/dev/null || true
  [ "$backend" != sqlite ] || [ "$(sql "$K.copy" "PRAGMA integrity_check")" = ok ] || fail "kill -9 after ${delay}s: the index fails its integrity check"
  for rid in $(sql "$K.copy" "SELECT id FROM records"); do
    o="$K.copy/objects/${rid:0:2}/${rid:2:2}/$rid.pdf"
    [ -f "$o" ] && [ "$(sha256sum "$o" | cut -d' ' -f1)" = "$rid" ] || fail "kill -9 after ${delay}s: the index names $rid but its object is missing or torn"
    whole=$((whole + 1))
  done
  "$protokoll" archive ingest "$sealed" --source "$example" --archive "$K.copy" >/dev/null || fail "kill -9 after ${delay}s: the next ingest failed"
  [ "$(sql "$K.copy" "SELECT count(*) FROM records")" = 1 ] || fail "kill -9 after ${delay}s: not one record after the next ingest"
  "$protokoll" archive fixity --archive "$K.copy" >/dev/null || fail "kill -9 after ${delay}s: fixity fails after the next ingest"
  left=$(find "$K.copy/objects" -name '*.tmp-*')
  [ -z "$left" ] || fail "kill -9 after ${delay}s: the next ingest left a killed one's temporaries: $left"
done
echo "ok: kill -9 of an ingest ($kills kills over 0.01-0.8 s, $whole times already indexed): index sound, never an object missing, the next ingest completes it"
# A killed ingest's temporaries beside objects that exist (another ingest
# stored them) go at the next ingest of those bytes; a living writer's stay.
sh -c 'exit 0' & dead=$!; wait "$dead"
kill -0 "$dead" 2>/dev/null && fail "PID $dead is still alive"
rid=$(sql "$K.copy" "SELECT id FROM records")
base="$K.copy/objects/${rid:0:2}/${rid:2:2}/$rid"
chmod u+w "$(dirname "$base")"
for t in "$base.pdf.tmp-$dead-aB3xYz" "$base.xml.tmp-$dead-Qw9eRt" "$base.pdf.tmp-$$-LiVe01"; do printf 'half' >"$t"; done
"$protokoll" archive ingest "$sealed" --archive "$K.copy" >"$out/again.txt" || fail "ingest of stored bytes failed"
grep -q "already stored" "$out/again.txt" || fail "ingest of stored bytes: $(cat "$out/again.txt")"
[ ! -e "$base.pdf.tmp-$dead-aB3xYz" ] && [ ! -e "$base.xml.tmp-$dead-Qw9eRt" ] || fail "a killed ingest's temporaries stayed beside stored objects"
[ -e "$base.pdf.tmp-$$-LiVe01" ] || fail "the temporary of a living process was removed"
rm -f "$base.pdf.tmp-$$-LiVe01"
echo "ok: a killed ingest's temporaries beside stored objects removed by the next ingest; a living writer's kept"

# reindex: the index lost, rebuilt from the objects alone, says what it said (but the history).
"$protokoll" archive show "$id" --archive "$B" --format json >"$out/before.json"
if [ "$backend" = sqlite ]; then rm -f "$B/index.sqlite" "$B/index.sqlite-wal" "$B/index.sqlite-shm"
else sql "$B" "DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null; fi
"$protokoll" archive reindex --archive "$B" >"$out/reindex.txt" || { cat "$out/reindex.txt"; fail "reindex failed"; }
grep -q "reindex: 1 record(s) from the objects, 0 object(s) skipped" "$out/reindex.txt" || { cat "$out/reindex.txt"; fail "reindex did not index the one object"; }
"$protokoll" archive show "$id" --archive "$B" --format json >"$out/after.json"
python3 - "$out/before.json" "$out/after.json" <<'PY' || fail "the reindexed record differs from the ingested one"
import json, sys
before, after = (json.load(open(p)) for p in sys.argv[1:3])
assert after["history"][0]["type"] == "reindex", after["history"]
for d in (before, after):
    del d["history"], d["ingested_at"]
assert before == after, (before, after)
PY
echo "ok: reindex rebuilds a lost index from the objects: the same record, its history starting at the reindex"

# export --sip: an E-ARK SIP that validates against the published METS 1.12.1
# and PREMIS 3.0 schemas (schema/external, no network), whose fileSec names
# every file with its true size and SHA-256, whose PDF is the stored bytes.
need xmllint
schemas="$(cd "$(dirname "$0")/../../schema/external" && pwd)"
"$protokoll" archive export --sip "${id:0:12}" -o "$out" --archive "$K.copy" >"$out/export.txt" || { cat "$out/export.txt"; fail "export --sip failed"; }
sip=$(cat "$out/export.txt")
[ -d "$sip" ] && [ "$sip" = "$out/sip-${id:0:16}" ] || fail "export --sip did not print the package it made ($sip)"
XML_CATALOG_FILES="$schemas/catalog.xml" xmllint --nonet --noout --schema "$schemas/mets-1.12.1.xsd" "$sip/METS.xml" 2>"$out/mets.err" \
  || { cat "$out/mets.err"; fail "METS.xml does not validate against METS 1.12.1"; }
xmllint --nonet --noout --schema "$schemas/premis-3.0.xsd" "$sip/metadata/preservation/premis.xml" 2>"$out/premis.err" \
  || { cat "$out/premis.err"; fail "premis.xml does not validate against PREMIS 3.0"; }
cmp "$sip/representations/rep1/data/protocol.pdf" "$sealed" || fail "the SIP's PDF is not the stored bytes"
cmp "$sip/representations/rep1/data/protocol.xml" "$example" || fail "the SIP's source is not the protocol's XML"
python3 - "$sip" "$id" <<'PY' || fail "the SIP's METS and PREMIS do not describe its files"
import hashlib, os, sys, xml.etree.ElementTree as ET
sip, rid = sys.argv[1:3]
M, X, P = "{http://www.loc.gov/METS/}", "{http://www.w3.org/1999/xlink}", "{http://www.loc.gov/premis/v3}"
mets = ET.parse(os.path.join(sip, "METS.xml")).getroot()
assert mets.get("OBJID") == rid, mets.get("OBJID")
sha = lambda p: hashlib.sha256(open(os.path.join(sip, p), "rb").read()).hexdigest()
named = set()
for f in mets.iter(M + "file"):
    href = f.find(M + "FLocat").get(X + "href")
    named.add(href)
    assert int(f.get("SIZE")) == os.path.getsize(os.path.join(sip, href)), href
    assert f.get("CHECKSUMTYPE") == "SHA-256" and f.get("CHECKSUM") == sha(href), href
ref = mets.find(".//" + M + "mdRef")
assert ref.get("CHECKSUM") == sha(ref.get(X + "href")), "premis.xml checksum"
on_disk = {os.path.relpath(os.path.join(d, n), sip) for d, _, ns in os.walk(sip) for n in ns} - {"METS.xml", ref.get(X + "href")}
assert named == on_disk, (named, on_disk)
ids = {f.get("ID") for f in mets.iter(M + "file")}
assert {p.get("FILEID") for p in mets.iter(M + "fptr")} == ids, "structMap does not point at every file"
premis = ET.parse(os.path.join(sip, "metadata/preservation/premis.xml")).getroot()
digests = {o.findtext(P + "objectIdentifier/" + P + "objectIdentifierValue"): o.findtext(".//" + P + "messageDigest")
           for o in premis.iter(P + "object")}
assert digests["representations/rep1/data/protocol.pdf"] == rid, digests
for path, digest in digests.items(): assert digest == sha(path), path
types = [e.findtext(P + "eventType") for e in premis.iter(P + "event")]
for t in ("validation", "ingestion", "fixity check"): assert t in types, types
print("ok: %d files, %d events (%s)" % (len(named), len(types), ", ".join(sorted(set(types)))))
PY
set +e; "$protokoll" archive export --sip "$id" -o "$out" --archive "$K.copy" 2>"$out/export2.err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "exists already" "$out/export2.err" || fail "a second export over the package: exit $rc, expected 2"
echo "ok: export --sip: METS 1.12.1 and PREMIS 3.0 valid (xmllint, offline), every file named with its size and SHA-256, never overwritten"

# renew: PAdES B-LTA renewal as a new version of the record; the older bytes stay.
"$protokoll" archive renew "${id:0:12}" --tsa "$PKI_URL/tsa" --archive "$K.copy" >"$out/renew.txt" 2>"$out/renew.err" \
  || { cat "$out/renew.txt" "$out/renew.err"; fail "archive renew failed"; }
new=$(sed -n 's/.*the new version is \([0-9a-f]*\)$/\1/p' "$out/renew.txt")
[ -n "$new" ] && [ "$new" != "$id" ] || { cat "$out/renew.txt"; fail "renew named no new version"; }
old_object="$K.copy/objects/${id:0:2}/${id:2:2}/$id.pdf" new_object="$K.copy/objects/${new:0:2}/${new:2:2}/$new.pdf"
cmp "$old_object" "$sealed" || fail "renewal changed the older version's bytes"
cmp -n "$(stat -c %s "$sealed")" "$new_object" "$sealed" || fail "the renewed file does not begin with the older version's bytes"
"$protokoll" verify "$new_object" --trust "$certs/ca.pem" --format json >"$out/renewed.json" || fail "the renewed version does not verify"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d["document_timestamps"]) == 2 and all(t["valid"] for t in d["document_timestamps"]) else str(d["document_timestamps"]))' "$out/renewed.json" \
  || fail "the renewed version does not hold two valid document timestamps"
"$protokoll" archive show "$new" --archive "$K.copy" --format json >"$out/new.json"
"$protokoll" archive show "$id" --archive "$K.copy" --format json >"$out/old.json"
python3 - "$out/old.json" "$out/new.json" "$id" "$new" <<'PY' || fail "the versions do not name each other"
import json, sys
old, new = (json.load(open(p)) for p in sys.argv[1:3])
assert new["previous"] == sys.argv[3] and new["next"] == "", new
assert old["next"] == sys.argv[4], old
assert old["history"][-1]["type"] == "renewed", old["history"]
assert new["level"] == "B-LTA" and new["has_source"], new
PY
set +e; "$protokoll" archive renew "$id" --tsa "$PKI_URL/tsa" --archive "$K.copy" 2>"$out/renew2.err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "renewed already" "$out/renew2.err" || { cat "$out/renew2.err"; fail "renewing an older version: exit $rc, expected 2"; }
"$protokoll" archive fixity --archive "$K.copy" >/dev/null || fail "fixity fails after a renewal"
echo "ok: renew: a new version that begins with the older bytes, two valid document timestamps, the versions linked, the older one kept"

# When renewal is due: each record knows when its proof of time (the newest
# document timestamp's TSA certificate) expires, as verify reports it.
expires=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["proof_expires"])' "$out/renewed.json")
tsa_end=$(openssl x509 -noout -enddate -in "$certs/tsa.pem" | cut -d= -f2)
[ "$(date -u -d "$expires" +%s)" = "$(date -u -d "$tsa_end" +%s)" ] || fail "verify's proof_expires $expires is not the TSA certificate's end ($tsa_end)"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["proof_expires"] == sys.argv[2] else d["proof_expires"])' "$out/new.json" "$expires" \
  || fail "archive show does not give the record's proof_expires ($expires)"
"$protokoll" archive list --due 36500 --archive "$K.copy" >"$out/due.txt"
[ "$(cut -d' ' -f1 "$out/due.txt")" = "${new:0:12}" ] || { cat "$out/due.txt"; fail "list --due 36500 does not give exactly the newest version"; }
"$protokoll" archive list --due 0 --archive "$K.copy" >"$out/due0.txt"
[ ! -s "$out/due0.txt" ] || { cat "$out/due0.txt"; fail "list --due 0 lists a record whose proof is valid for years"; }
R="$out/archive-due"
new_archive "$R"
"$protokoll" archive ingest "$sealed" --archive "$R" >/dev/null
"$protokoll" archive renew --due 36500 --tsa "$PKI_URL/tsa" --archive "$R" >"$out/renew-due.txt" 2>/dev/null \
  && grep -q "renew: 1 of 1 record(s) due renewed" "$out/renew-due.txt" || { cat "$out/renew-due.txt"; fail "renew --due did not renew the one record due"; }
renewed=$(sed -n 's/.*the new version is \([0-9a-f]*\)$/\1/p' "$out/renew-due.txt")
"$protokoll" archive renew --due 0 --tsa "$PKI_URL/tsa" --archive "$R" | grep -q "renew: 0 of 0 record(s) due renewed" || fail "renew --due 0 renewed something"
echo "ok: proof_expires is the TSA certificate's end (verify, show); list --due and renew --due take exactly the newest versions due"

# reindex finds the versions again: the renewed file begins with the bytes of the one it renews.
if [ "$backend" = sqlite ]; then rm -f "$R/index.sqlite" "$R/index.sqlite-wal" "$R/index.sqlite-shm"
else sql "$R" "DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null; fi
"$protokoll" archive reindex --archive "$R" | grep -q "reindex: 2 record(s)" || fail "reindex did not index both versions"
"$protokoll" archive show "$renewed" --archive "$R" --format json >"$out/reindexed-new.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["previous"] == sys.argv[2] and d["proof_expires"] else str(d))' "$out/reindexed-new.json" "$id" \
  || fail "after reindex the renewed version does not name the version it renews"
"$protokoll" archive show "$id" --archive "$R" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["next"] == sys.argv[1] else str(d))' "$renewed" \
  || fail "after reindex the older version does not name its renewal"
echo "ok: reindex links the versions again (the newer begins with the older's bytes)"

# fixity in parts: a run bounded by --max-objects resumes where it stopped,
# also after kill -9; shards split the records between workers without overlap.
fixity_events() { sql "$R" "SELECT count(*) FROM events WHERE type = 'fixity'"; }
e0=$(fixity_events)
"$protokoll" archive fixity --max-objects 1 --archive "$R" >"$out/part1.txt" || { cat "$out/part1.txt"; fail "a bounded fixity run failed"; }
grep -q "paused at 1 of 2; continue it with: archive fixity --resume" "$out/part1.txt" || { cat "$out/part1.txt"; fail "a bounded fixity run did not pause at 1 of 2"; }
"$protokoll" archive fixity --resume --format json --archive "$R" >"$out/part2.json" || fail "fixity --resume failed"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if (d["checked"], d["checked_before"], d["total"], d["finished"]) == (1, 1, 2, True) else str(d))' "$out/part2.json" \
  || fail "fixity --resume did not check exactly the one object left"
[ "$(fixity_events)" = $((e0 + 2)) ] || fail "a paused and resumed fixity run did not check each record exactly once"
set +e; "$protokoll" archive fixity --resume --archive "$R" 2>"$out/resume.err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "no unfinished fixity run" "$out/resume.err" || fail "--resume without an unfinished run: exit $rc, expected 2"
for delay in 0.05 0.2 0.4; do
  before=$(fixity_events)
  "$protokoll" archive fixity --archive "$R" >/dev/null 2>&1 & pid=$!
  sleep "$delay"; kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  if "$protokoll" archive fixity --resume --archive "$R" >/dev/null 2>"$out/resume.err"; then
    [ "$(fixity_events)" = $((before + 2)) ] || fail "fixity killed after ${delay}s and resumed: not each record exactly once"
  else
    grep -q "no unfinished fixity run" "$out/resume.err" || { cat "$out/resume.err"; fail "fixity --resume after kill -9 failed"; }
  fi
done
n0=$("$protokoll" archive fixity --shard 0/2 --format json --archive "$R" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(o["id"] for o in d["objects"]))')
n1=$("$protokoll" archive fixity --shard 1/2 --format json --archive "$R" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(o["id"] for o in d["objects"]))')
python3 - "$n0" "$n1" "$id" "$renewed" <<'PY' || fail "fixity shards 0/2 and 1/2 do not split the records by their hash prefix"
import sys
s0, s1 = set(sys.argv[1].split()), set(sys.argv[2].split())
assert s0 | s1 == set(sys.argv[3:5]) and not s0 & s1, (s0, s1)
for k, s in enumerate((s0, s1)):
    assert all(int(i[:4], 16) % 2 == k for i in s), (k, s)
PY
set +e; "$protokoll" archive fixity --shard 2/2 --archive "$R" 2>/dev/null; rc=$?; set -e
[ "$rc" -eq 2 ] || fail "fixity --shard 2/2: exit $rc, expected 2"
echo "ok: fixity --max-objects pauses and --resume continues (also after kill -9), each record once; --shard K/N splits by hash prefix"

# fixity while another process ingests (a renewal stores a new record): both succeed, nothing lost.
records_before=$(sql "$R" "SELECT count(*) FROM records")
"$protokoll" archive fixity --archive "$R" >"$out/fixity-during.txt" 2>&1 & fpid=$!
"$protokoll" archive renew --due 36500 --tsa "$PKI_URL/tsa" --archive "$R" >"$out/renew-during.txt" 2>&1 & rpid=$!
wait $fpid || { cat "$out/fixity-during.txt"; fail "fixity failed while another process ingested"; }
wait $rpid || { cat "$out/renew-during.txt"; fail "an ingest (renewal) failed while fixity ran"; }
[ "$(sql "$R" "SELECT count(*) FROM records")" = $((records_before + 1)) ] || fail "the ingest during fixity did not store its record"
"$protokoll" archive fixity --archive "$R" | grep -q "$((records_before + 1)) object(s) checked, 0 problem(s)" || fail "fixity after the concurrent ingest does not find every object intact"
echo "ok: fixity and an ingest at once both succeed; afterwards every object is intact"

# A read-only archive (a read-only mount, write-once media): list, search,
# show and get read it; ingest and fixity are exit 2 at once and change nothing.
# As root the write permission is taken away with the capabilities that pass it by.
RO="$out/archive-readonly"
copy_archive "$R" "$RO"
chmod -R a-w "$RO"
at_exit "chmod -R u+w '$RO'"
reader=()
[ "$(id -u)" -ne 0 ] || reader=(setpriv --bounding-set=-dac_override,-dac_read_search,-fowner)
ro_state() { (cd "$RO" && find . -type f | sort && find . -type f -exec sha256sum {} + | sort); }
ro_before=$(ro_state)
"${reader[@]}" "$protokoll" archive list --archive "$RO" >"$out/ro-list.txt" 2>"$out/ro.err" || { cat "$out/ro.err"; fail "list on a read-only archive failed"; }
[ "$(wc -l <"$out/ro-list.txt")" = "$(sql "$R" "SELECT count(*) FROM records")" ] || { cat "$out/ro-list.txt"; fail "list on a read-only archive does not give every record"; }
"${reader[@]}" "$protokoll" archive search "$word" --archive "$RO" | grep -q "^${id:0:12} " || fail "search on a read-only archive did not find the record"
"${reader[@]}" "$protokoll" archive show "$id" --archive "$RO" >/dev/null || fail "show on a read-only archive failed"
"${reader[@]}" "$protokoll" archive get "$id" -o "$out/ro-got.pdf" --archive "$RO" >/dev/null && cmp "$out/ro-got.pdf" "$sealed" \
  || fail "get on a read-only archive did not return the bytes"
for cmd in "ingest $signed" "fixity"; do
  set +e; "${reader[@]}" "$protokoll" archive $cmd --archive "$RO" >/dev/null 2>"$out/ro.err"; rc=$?; set -e
  [ "$rc" -eq 2 ] && grep -q "the archive cannot be written here" "$out/ro.err" || { cat "$out/ro.err"; fail "archive $cmd on a read-only archive: exit $rc, expected 2 saying it cannot be written"; }
done
[ "$(ro_state)" = "$ro_before" ] || fail "commands on a read-only archive changed it"
echo "ok: a read-only archive: list, search, show and get work; ingest and fixity are exit 2 at once; nothing changed"

# A full disk (the file-size limit makes the object's write fail as ENOSPC
# would): exit 2, nothing of the ingest left in the objects or the index;
# the next ingest with room stores it.
F="$out/archive-full"
new_archive "$F"
set +e; ( trap '' XFSZ; ulimit -f 64; exec "$protokoll" archive ingest "$sealed" --source "$example" --archive "$F" ) >/dev/null 2>"$out/full.err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "File too large" "$out/full.err" || { cat "$out/full.err"; fail "ingest onto a full disk: exit $rc, expected 2 naming the failed write"; }
[ -z "$(find "$F/objects" -type f)" ] || { find "$F/objects" -type f; fail "ingest onto a full disk left files behind"; }
[ "$(sql "$F" "SELECT count(*) FROM records")" = 0 ] || fail "ingest onto a full disk left a record"
"$protokoll" archive ingest "$sealed" --source "$example" --archive "$F" | grep -q "stored $id" || fail "the ingest after the disk had room again did not store the file"
"$protokoll" archive fixity --archive "$F" >/dev/null || fail "fixity fails after the disk had room again"
echo "ok: a full disk: exit 2, nothing left behind; with room again the ingest stores it"

# A file made elsewhere: its XMP holds no protocol facts (here: a rendered
# protocol whose ptk:kind is renamed, byte for byte the same length, before
# it is signed), so it is refused — until the archivist gives the facts.
foreign_unsigned="$out/foreign-unsigned.pdf"
python3 - "$pdf" "$foreign_unsigned" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
assert b.count(b"<ptk:kind>") == 1, "one ptk:kind"
open(sys.argv[2], "wb").write(b.replace(b"<ptk:kind>", b"<ptk:kiNd>").replace(b"</ptk:kind>", b"</ptk:kiNd>"))
PY
prev=$foreign_unsigned
for i in "${!fields[@]}"; do
  key=$(signer_key "$certs" "${fields[$i]}")
  "$protokoll" sign "$prev" --field "${fields[$i]}" --p12 "$certs/$key.p12" --password-file "$certs/password.txt" \
    --tsa "$PKI_URL/tsa" -o "$out/foreign-signed-$i.pdf" 2>/dev/null
  prev="$out/foreign-signed-$i.pdf"
done
foreign="$out/foreign.pdf"
"$protokoll" seal "$prev" --ltv --trust "$certs/ca.pem" --tsa "$PKI_URL/tsa" -o "$foreign" >/dev/null 2>&1
fid=$(sha256sum "$foreign" | cut -d' ' -f1)
X="$out/archive-foreign"
new_archive "$X"
set +e; "$protokoll" archive ingest "$foreign" --archive "$X" >/dev/null 2>"$out/foreign.err"; rc=$?; set -e
[ "$rc" -eq 1 ] && grep -q "holds no protocol facts" "$out/foreign.err" || { cat "$out/foreign.err"; fail "a file without facts: exit $rc, expected 1 (refused, no facts)"; }
set +e; "$protokoll" archive ingest "$foreign" --archive "$X" --organisation GR --body "Styrgruppen" --meeting-date 2021-13-01 2>"$out/foreign.err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "YYYY-MM-DD" "$out/foreign.err" || { cat "$out/foreign.err"; fail "a bad --meeting-date: exit $rc, expected 2"; }
set +e; "$protokoll" archive ingest "$sealed" --archive "$X" --organisation GR --body "Styrgruppen" --meeting-date 2021-01-22 2>"$out/foreign.err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "holds the protocol's facts already" "$out/foreign.err" || { cat "$out/foreign.err"; fail "facts given for a file that has them: exit $rc, expected 2"; }
[ "$(sql "$X" "SELECT count(*) FROM records")" = 0 ] || fail "a refused foreign ingest left a record"
"$protokoll" archive ingest "$foreign" --archive "$X" --organisation "Göteborgsregionen" --body "Nätverket för kultur" \
  --body "Styrgruppen för social välfärd" --meeting-date 2021-01-22 --kind anteckningar \
  --paragraph-title "1=Välkommen" --paragraph-title "2=Arkivfrågor och gallring" --secretary "Sara Nordenhielm" \
  --adjuster "Kent Lagrell" --source "$example" >"$out/foreign.out" || { cat "$out/foreign.out"; fail "ingest with the facts given failed"; }
grep -q "stored $fid" "$out/foreign.out" || { cat "$out/foreign.out"; fail "the foreign file was not stored under its SHA-256"; }
"$protokoll" archive show "$fid" --archive "$X" --format json >"$out/foreign.json"
python3 - "$out/foreign.json" "$example" <<'PY' || fail "the record does not hold the facts given"
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
assert d["organisation"] == "Göteborgsregionen" and d["kind"] == "anteckningar" and d["meeting_date"] == "2021-01-22", d
assert d["bodies"] == ["Nätverket för kultur", "Styrgruppen för social välfärd"], d["bodies"]
assert [(p["number"], p["title"]) for p in d["paragraphs"]] == [(1, "Välkommen"), (2, "Arkivfrågor och gallring")], d["paragraphs"]
assert [(s["name"], s["kind"]) for s in d["signers"]] == [("Sara Nordenhielm", "secretary"), ("Kent Lagrell", "adjuster")]
assert d["source_sha256"] == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
assert "facts given by the archivist" in d["history"][0]["detail"], d["history"]
PY
facts_file="$X/objects/${fid:0:2}/${fid:2:2}/$fid.facts.xmp"
xmllint --noout "$facts_file" && grep -q "urn:x-protokoll:xmp:protocol:1/" "$facts_file" || fail "no well-formed ID.facts.xmp in the documented schema beside the object"
"$protokoll" archive list --body "Nätverket för kultur" --archive "$X" | grep -q "^${fid:0:12} " || fail "the foreign record is not found by a body given"
"$protokoll" archive list --signer "Kent Lagrell" --archive "$X" | grep -q "^${fid:0:12} " || fail "the foreign record is not found by a signer given"
"$protokoll" archive search gallring --archive "$X" | grep -q "^${fid:0:12} " || fail "the foreign record is not found by a title word given"
"$protokoll" archive show "$fid" --archive "$X" --format json >"$out/foreign-before.json"
if [ "$backend" = sqlite ]; then rm -f "$X/index.sqlite" "$X/index.sqlite-wal" "$X/index.sqlite-shm"
else sql "$X" "DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null; fi
"$protokoll" archive reindex --archive "$X" | grep -q "reindex: 1 record(s) from the objects, 0 object(s) skipped" || fail "reindex did not index the foreign object from its facts file"
"$protokoll" archive show "$fid" --archive "$X" --format json >"$out/foreign-after.json"
python3 - "$out/foreign-before.json" "$out/foreign-after.json" <<'PY' || fail "the reindexed foreign record differs"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b): del d["history"], d["ingested_at"]
assert a == b, (a, b)
PY
"$protokoll" archive renew "$fid" --tsa "$PKI_URL/tsa" --archive "$X" >"$out/foreign-renew.txt" 2>/dev/null || { cat "$out/foreign-renew.txt"; fail "renewing a foreign record failed"; }
frenewed=$(sed -n 's/.*the new version is \([0-9a-f]*\)$/\1/p' "$out/foreign-renew.txt")
"$protokoll" archive show "$frenewed" --archive "$X" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["organisation"] == "Göteborgsregionen" and d["previous"] == sys.argv[1] else str(d))' "$fid" \
  || fail "the renewed foreign record does not keep the facts given"
echo "ok: a file made elsewhere: refused without facts (exit 1), bad or needless facts exit 2, stored with the facts given (ID.facts.xmp), found by them, reindexed and renewed with them"

# An index of schema 1 (before versions and the by-record indexes) is
# brought to the newest schema when opened, its records kept.
M="$out/archive-v1"
new_archive "$M"
"$protokoll" archive ingest "$sealed" --archive "$M" >/dev/null
newest=$(sql "$M" "SELECT max(version) FROM schema_version")
by_record="DROP TABLE fixity_runs; DROP INDEX records_by_proof_expires; ALTER TABLE records DROP COLUMN proof_expires; DROP INDEX bodies_by_record; DROP INDEX paragraphs_by_record; DROP INDEX signers_by_record; DROP INDEX events_by_record;"
[ "$backend" = sqlite ] || by_record="$by_record DROP INDEX paragraph_text_by_record;"
sql "$M" "$by_record DROP INDEX records_by_previous; ALTER TABLE records DROP COLUMN previous; DELETE FROM schema_version WHERE version >= 2;"
[ "$(sql "$M" "SELECT max(version) FROM schema_version")" = 1 ] || fail "could not make a schema 1 index"
"$protokoll" archive list --archive "$M" | grep -q "^${id:0:12} " || fail "the record of a schema 1 index is not listed after the migration"
[ "$(sql "$M" "SELECT max(version) FROM schema_version")" = "$newest" ] || fail "opening a schema 1 index did not migrate it to $newest"
sql "$M" "SELECT previous FROM records" >/dev/null || fail "the migrated index has no records.previous"
[ "$backend" != sqlite ] || [ "$(sql "$M" "PRAGMA integrity_check")" = ok ] || fail "the migrated index fails its integrity check"
echo "ok: a schema 1 index is migrated to $newest when opened, its record kept"
