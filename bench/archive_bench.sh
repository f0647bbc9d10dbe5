#!/usr/bin/env bash
# usage: bench/archive_bench.sh [N] [RECORDS]     (defaults: N=40, RECORDS=100000)
# The archive at scale (docs/archive.md), in SQLite and in PostgreSQL:
#  1. N distinct protocols made from examples/protokoll-2021-01-22-social-valfard.xml
#     (meeting date, first § number and one title differ: bench/archive_data.py),
#     each rendered, every field signed with the test PKI's key of its person
#     and a time-stamp, and sealed (seal --ltv --tsa), as tests/e2e/check_archive.sh does;
#  2. per backend: archive init --trust (--db on a PostgreSQL server of the
#     script's own), one `archive ingest` of the N files and one `archive
#     fixity`, timed (documents per second, wall clock);
#  3. the index grown to RECORDS records by SQL that copies the N real records'
#     index rows under synthetic IDs (no PDFs behind them: fixity is not run
#     after this), dates over 50 years, 50 bodies, 400 signers, 2 000 title words;
#  4. archive_query_bench: p50/p99 of list/search/show against each index.
# Environment: BUILD (default build-bench: cmake -S . -B build-bench
# -DPROTOKOLL_BENCH=ON, targets protokoll and archive_query_bench), OUT
# (default /tmp/archive-bench/run), ITERATIONS (200), LIMIT (1000, the CLI's default),
# MAX_SECONDS (30: a query kind stops after 20 runs once its runs took that long).
# Last, as a diagnosis only, the SQLite bench again on a copy of the index
# after ANALYZE (protokoll never runs ANALYZE; its plans are without statistics).
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
. "$root/tests/e2e/lib.sh"
N=${1:-40} RECORDS=${2:-100000}
BUILD=${BUILD:-$root/build-bench}
OUT=${OUT:-/tmp/archive-bench/run}
ITERATIONS=${ITERATIONS:-200} LIMIT=${LIMIT:-1000} MAX_SECONDS=${MAX_SECONDS:-30}
protokoll=$BUILD/protokoll
[ -x "$protokoll" ] || protokoll=$BUILD/engine/cli/protokoll
qbench=$BUILD/bench/archive_query_bench
[ -x "$protokoll" ] || fail "no protokoll in $BUILD (cmake --build $BUILD --target protokoll archive_query_bench)"
[ -x "$qbench" ] || fail "no $qbench (configure with -DPROTOKOLL_BENCH=ON)"
need sqlite3; need psql; need python3; need xmllint
[ "$RECORDS" -ge "$N" ] || fail "RECORDS ($RECORDS) is less than N ($N)"
example="$root/examples/protokoll-2021-01-22-social-valfard.xml"
data="$here/archive_data.py"

now() { date +%s.%N; }
rate() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2]))))" "$@"; }
seconds() { python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$@"; }

rm -rf "$OUT"; mkdir -p "$OUT/xml" "$OUT/pdf" "$OUT/work"
exec > >(tee "$OUT/bench.log") 2>&1
echo "archive bench: N=$N real protocols, RECORDS=$RECORDS; $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); sqlite3 $(sqlite3 --version | cut -d' ' -f1); $(psql --version)"
start_test_pki "$OUT/pki"
certs="$OUT/pki"
start_test_postgresql

# 1. The protocols: rendered, every field signed by its person with a time-stamp, sealed.
python3 "$data" protocols "$example" "$N" "$OUT/xml"
t0=$(now)
for xml in "$OUT/xml"/protocol-*.xml; do
  xmllint --noout --schema "$root/schema/protocol.xsd" "$xml" 2>/dev/null || fail "$xml does not validate"
  name=$(basename "$xml" .xml) w="$OUT/work/$name"
  "$protokoll" render "$xml" -o "$w-unsigned.pdf"
  mapfile -t fields < <("$protokoll" verify "$w-unsigned.pdf" | sed -n 's/^\(.*\): not signed$/\1/p')
  [ "${#fields[@]}" -gt 0 ] || fail "$name: no signature fields"
  prev="$w-unsigned.pdf"
  for i in "${!fields[@]}"; do
    key=$(signer_key "$certs" "${fields[$i]}")
    "$protokoll" sign "$prev" --field "${fields[$i]}" --p12 "$certs/$key.p12" --password-file "$certs/password.txt" \
      --tsa "$PKI_URL/tsa" -o "$w-signed-$i.pdf" --timestamp "@$(date +%s)" 2>/dev/null
    prev="$w-signed-$i.pdf"
  done
  "$protokoll" seal "$prev" --ltv --trust "$certs/ca.pem" --tsa "$PKI_URL/tsa" -o "$OUT/pdf/$name.pdf" >/dev/null
done
t1=$(now)
[ "$(sha256sum "$OUT/pdf"/*.pdf | cut -d' ' -f1 | sort -u | wc -l)" -eq "$N" ] || fail "the $N sealed protocols are not $N distinct files"
echo "made $N sealed protocols (render, ${#fields[@]} signatures with time-stamps, seal --ltv) in $(seconds "$t0" "$t1") s" \
  "($(rate "$N" "$t0" "$t1") documents/s); $(du -ch "$OUT/pdf"/*.pdf | tail -1 | cut -f1) in all"

# sql DIR QUERY…: statements on the index of the archive in DIR (sqlite3 or psql), a row per line.
sql() {
  local url; url=$(sed -n 's/^index=//p' "$1/policy.conf")
  if [ -n "$url" ]; then PGOPTIONS="-c client_min_messages=warning" psql -X -q -A -t -v ON_ERROR_STOP=1 "$url" -c "$2"
  else sqlite3 -bail "$1/index.sqlite" "$2"; fi
}
sql_file() {  # sql_file DIR FILE
  local url; url=$(sed -n 's/^index=//p' "$1/policy.conf")
  if [ -n "$url" ]; then PGOPTIONS="-c client_min_messages=warning" psql -X -q -A -t -v ON_ERROR_STOP=1 "$url" -f "$2" >/dev/null
  else sqlite3 -bail "$1/index.sqlite" <"$2" >/dev/null; fi
}

# The title words' Swedish stems, for SQLite's full-text rows (archive_data.py stem-sql).
python3 "$data" stem-sql >"$OUT/stems.sql"
psql -X -q -A -t -F "$(printf '\t')" -v ON_ERROR_STOP=1 "$PG_URL/postgres" -f "$OUT/stems.sql" >"$OUT/stems.tsv"
declare -A INGEST FIXITY SCALE
for backend in sqlite postgresql; do
  A="$OUT/archive-$backend"
  db=()
  [ "$backend" = sqlite ] || db=(--db "$(new_test_database "archive_bench")")
  "$protokoll" archive init --archive "$A" --trust "$certs/ca.pem" "${db[@]}" >/dev/null

  # 2. Ingest and fixity of the N real files, each one process over them all.
  t0=$(now)
  "$protokoll" archive ingest --archive "$A" "$OUT/pdf"/*.pdf >"$OUT/ingest-$backend.txt"
  t1=$(now)
  [ "$(grep -c ': stored ' "$OUT/ingest-$backend.txt")" -eq "$N" ] || { cat "$OUT/ingest-$backend.txt"; fail "$backend: not all $N files were stored"; }
  INGEST[$backend]=$(rate "$N" "$t0" "$t1")
  echo "$backend: ingest of $N files in $(seconds "$t0" "$t1") s: ${INGEST[$backend]} documents/s"
  t0=$(now)
  "$protokoll" archive fixity --archive "$A" >"$OUT/fixity-$backend.txt" || { cat "$OUT/fixity-$backend.txt"; fail "$backend: fixity failed"; }
  t1=$(now)
  grep -q "$N object(s) checked, 0 problem(s)" "$OUT/fixity-$backend.txt" || { cat "$OUT/fixity-$backend.txt"; fail "$backend: fixity did not check $N objects"; }
  FIXITY[$backend]=$(rate "$N" "$t0" "$t1")
  echo "$backend: fixity of $N objects in $(seconds "$t0" "$t1") s: ${FIXITY[$backend]} documents/s"

  # 3. The index grown to RECORDS records: copies of the real records' index rows.
  python3 "$data" scale-sql "$backend" "$RECORDS" "$OUT/stems.tsv" >"$OUT/scale-$backend.sql"
  t0=$(now)
  sql_file "$A" "$OUT/scale-$backend.sql"
  if [ "$backend" = postgresql ]; then sql "$A" "VACUUM ANALYZE" >/dev/null; fi
  t1=$(now)
  SCALE[$backend]=$(seconds "$t0" "$t1")
  echo "$backend: index grown to $(sql "$A" "SELECT count(*) FROM records") records in ${SCALE[$backend]} s" \
    "(copied index rows of the $N real records; bodies $(sql "$A" "SELECT count(*) FROM bodies"), paragraphs" \
    "$(sql "$A" "SELECT count(*) FROM paragraphs"), paragraph_text $(sql "$A" "SELECT count(*) FROM paragraph_text"), signers" \
    "$(sql "$A" "SELECT count(*) FROM signers"), events $(sql "$A" "SELECT count(*) FROM events"))"
  [ "$(sql "$A" "SELECT count(*) FROM records")" -eq "$RECORDS" ] || fail "$backend: the index does not hold $RECORDS records"
done
[ "$(sql "$OUT/archive-postgresql" "SELECT count(*) FROM records WHERE id !~ '^[0-9a-f]{64}\$'")" = 0 ] || fail "postgresql: a record ID is not 64 lower-case hex"
[ "$(sql "$OUT/archive-sqlite" "SELECT count(*) FROM records WHERE id GLOB '*[^0-9a-f]*' OR length(id) <> 64")" = 0 ] || fail "sqlite: a record ID is not 64 lower-case hex"
# Both backends hold the same rows: the same IDs, dates and names.
for q in "SELECT id, meeting_date, first_paragraph FROM records ORDER BY id" \
         "SELECT record, position, name FROM signers ORDER BY record, position" \
         "SELECT record, position, number, title FROM paragraphs ORDER BY record, position"; do
  cmp -s <(sql "$OUT/archive-sqlite" "$q" | tr '|' ' ') <(sql "$OUT/archive-postgresql" "$q" | tr '|' ' ') \
    || fail "the two indexes differ: $q"
done
echo "ok: both indexes hold the same $RECORDS records (IDs, dates, paragraphs, signers)"

# 4. Query latency: the values to query with, then the bench against each index.
params="$OUT/params.tsv"
python3 "$data" params 200 >"$params"
step=$(( RECORDS / 200 > 0 ? RECORDS / 200 : 1 ))
sql "$OUT/archive-sqlite" "SELECT substr(id, 1, 12) FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM records) WHERE n % $step = 0 LIMIT 200" \
  | sed 's/^/prefix\t/' >>"$params"
real_body=$(sql "$OUT/archive-sqlite" "SELECT name FROM bodies ORDER BY rowid LIMIT 1")
printf 'body\t%s\n' "$real_body" >>"$params"
# The diagnosis: the same SQLite index with statistics (ANALYZE), in a copy.
mkdir -p "$OUT/archive-sqlite-analyzed"
cp -a "$OUT/archive-sqlite/." "$OUT/archive-sqlite-analyzed/"
sqlite3 "$OUT/archive-sqlite-analyzed/index.sqlite" "ANALYZE"
declare -A Q
for backend in sqlite postgresql sqlite-analyzed; do
  echo "$backend: archive_query_bench, $ITERATIONS runs per query (fewer past $MAX_SECONDS s), --limit $LIMIT"
  "$qbench" "$OUT/archive-$backend" "$params" --iterations "$ITERATIONS" --limit "$LIMIT" --warmup 2 \
    --max-seconds "$MAX_SECONDS" | tee "$OUT/query-$backend.txt"
  while read -r _ kind runs p50 p99 _ found _; do
    Q[$backend.$kind]="$p50 / $p99"; Q[$backend.$kind.n]=$found
    [ "$runs" -eq "$ITERATIONS" ] || Q[$backend.$kind]="${Q[$backend.$kind]} ($runs runs)"
  done < <(grep '^RESULT ' "$OUT/query-$backend.txt")
done

# The plans of the queries (archive/archive.cpp's SQL, with one value each), for the README.
body=$(sed -n 's/^body\t//p' "$params" | head -1) signer=$(sed -n 's/^signer\t//p' "$params" | head -1)
word=$(sed -n 's/^word\t//p' "$params" | head -1) prefix=$(sed -n 's/^prefix\t//p' "$params" | head -1)
order="ORDER BY r.meeting_date, r.id LIMIT $LIMIT"
{
  for backend in sqlite postgresql sqlite-analyzed; do
    if [ "$backend" != postgresql ]; then ex="EXPLAIN QUERY PLAN"; text="r.id IN (SELECT record FROM paragraph_text WHERE paragraph_text MATCH '\"$(sed -n "s/^$word\t//p" "$OUT/stems.tsv")\"')"
    else ex="EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF)"; text="r.id IN (SELECT record FROM paragraph_text WHERE words @@ plainto_tsquery('swedish', '$word'))"; fi
    for q in "body|SELECT id FROM records r WHERE 1 = 1 AND r.id IN (SELECT b.record FROM bodies b WHERE b.name = '$body') $order" \
             "month|SELECT id FROM records r WHERE 1 = 1 AND r.meeting_date >= '1990-11-01' AND r.meeting_date <= '1990-11-31' $order" \
             "paragraph|SELECT id FROM records r WHERE 1 = 1 AND r.id IN (SELECT p.record FROM paragraphs p WHERE p.number = CAST('35' AS INTEGER)) $order" \
             "signer|SELECT id FROM records r WHERE 1 = 1 AND r.id IN (SELECT s.record FROM signers s WHERE s.name = '$signer') $order" \
             "word|SELECT id FROM records r WHERE 1 = 1 AND $text $order" \
             "prefix|SELECT id FROM records WHERE id >= '$prefix' AND id < '${prefix}g' ORDER BY id LIMIT 2" \
             "load|SELECT name FROM bodies WHERE record = '$(sql "$OUT/archive-sqlite" "SELECT id FROM records LIMIT 1")' ORDER BY position"; do
      echo "== $backend ${q%%|*}: ${q#*|}"
      sql "$OUT/archive-$backend" "$ex ${q#*|}"
    done
  done
} >"$OUT/plans.txt" 2>&1
echo "query plans: $OUT/plans.txt"

echo
echo "Archive at $RECORDS records ($N real signed protocols ingested; the rest copied index rows of them), $(nproc) cores"
echo "latency in ms, p50 / p99 over $ITERATIONS runs; list/search return at most --limit $LIMIT records"
echo
echo "| backend | ingest docs/s | fixity docs/s | list --body | list --from/--to (1 month) | list --paragraph | list --signer | search WORD | show ID12 |"
echo "|---|---|---|---|---|---|---|---|---|"
INGEST[sqlite-analyzed]="(as sqlite)" FIXITY[sqlite-analyzed]="(as sqlite)"
for backend in sqlite postgresql sqlite-analyzed; do
  echo "| $backend | ${INGEST[$backend]} | ${FIXITY[$backend]} | ${Q[$backend.body]} | ${Q[$backend.month]} | ${Q[$backend.paragraph]} | ${Q[$backend.signer]} | ${Q[$backend.word]} | ${Q[$backend.prefix]} |"
done
echo "| records returned (mean, sqlite / postgresql) | | | ${Q[sqlite.body.n]} / ${Q[postgresql.body.n]} | ${Q[sqlite.month.n]} / ${Q[postgresql.month.n]} | ${Q[sqlite.paragraph.n]} / ${Q[postgresql.paragraph.n]} | ${Q[sqlite.signer.n]} / ${Q[postgresql.signer.n]} | ${Q[sqlite.word.n]} / ${Q[postgresql.word.n]} | ${Q[sqlite.prefix.n]} / ${Q[postgresql.prefix.n]} |"
