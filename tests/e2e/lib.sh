# Shared by the end-to-end checks: each check is a bash script run by CTest;
# it prints what it checked and exits non-zero on the first failure.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed (run scripts/install-deps.sh)"; }
# sanitized CMD...: true when a program among CMD's words is built with
# AddressSanitizer (it imports or defines __asan_init).
sanitized() {
  local word
  for word in "$@"; do
    [ -f "$word" ] && [ -x "$word" ] || continue
    # grep reads to the end (no -q): under pipefail an early exit would be nm's SIGPIPE.
    nm -D "$word" 2>/dev/null | grep ' __asan_init' >/dev/null && return 0
  done
  return 1
}

# within_memory KB CMD...: runs CMD with at most KB kilobytes of address space
# (ulimit -v) and returns its exit code. AddressSanitizer reserves terabytes
# of address space for its shadow memory, so under it the bound is on
# resident memory instead (ASan's hard_rss_limit_mb, with three times the
# room for its redzones and quarantine): the run stays bounded, and an
# overrun is a non-zero exit the check sees.
within_memory() {
  local kb=$1; shift
  need nm
  if sanitized "$@"; then
    ( export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=$(( kb * 3 / 1024 ))"; exec "$@" )
  else
    ( ulimit -v "$kb"; exec "$@" )
  fi
}

# at_exit COMMAND: runs COMMAND (a shell string) when the script exits, after
# those given before it, whatever the exit; one EXIT trap holds them all.
AT_EXIT=()
at_exit() {
    AT_EXIT+=("$1")
    trap 'for c in "${AT_EXIT[@]}"; do eval "$c" || true; done' EXIT
}

# A fixed timestamp: renders are compared byte for byte.
export SOURCE_DATE_EPOCH=1700000000

# start_test_pki DIR: the test CA's time-stamp authority, OCSP responder and CRL
# (tests/tools/test-pki.py) on 127.0.0.1, certificates made by make-test-certs.sh
# with their addresses; sets PKI_URL (e.g. http://127.0.0.1:41234) and stops the
# server when the script exits. Only loopback: nothing leaves the machine.
start_test_pki() {
    local dir=$1 tools
    tools="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools" && pwd)"
    mkdir -p "$dir"
    rm -f "$dir/port"
    python3 "$tools/test-pki.py" "$dir" "$dir/port" &
    PKI_PID=$!
    at_exit "kill $PKI_PID 2>/dev/null"
    for _ in $(seq 1 100); do [ -s "$dir/port" ] && break; sleep 0.05; done
    [ -s "$dir/port" ] || fail "test PKI server did not start"
    PKI_URL="http://127.0.0.1:$(cat "$dir/port")"
    export PKI_URL
    bash "$tools/make-test-certs.sh" "$dir" "$PKI_URL" >/dev/null
}

# signer_key CERTS "FULL NAME": the BASE of the test PKI's certificate for that
# person (CERTS/BASE.p12, .pem, .key), issued on first use: sign refuses a key
# that is not the field's person's, so each field is signed with its own.
signer_key() {
    bash "$(dirname "${BASH_SOURCE[0]}")/../tools/make-test-certs.sh" --signer "$1" "$2"
}

# start_test_postgresql: a PostgreSQL server of this script's own
# (tests/tools/test-postgresql.sh: initdb in a temporary directory, 127.0.0.1
# on a free port, no Unix socket), stopped and removed when the script exits.
# Sets PG_URL (postgresql://protokoll@127.0.0.1:PORT): add /DATABASE
# (new_test_database).
start_test_postgresql() {
    local tools started
    tools="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools" && pwd)"
    need psql
    started=$(bash "$tools/test-postgresql.sh" start) || fail "the test PostgreSQL server did not start"
    PG_DIR=$(sed -n 1p <<<"$started")
    PG_URL=$(sed -n 2p <<<"$started")
    at_exit "bash '$tools/test-postgresql.sh' stop '$PG_DIR'"
    export PG_URL
}

# new_test_database NAME: creates database NAME on the test server; prints its URL.
new_test_database() {
    bash "$(dirname "${BASH_SOURCE[0]}")/../tools/test-postgresql.sh" createdb "$PG_URL" "$1" || fail "could not create the database $1"
}

# expect_render_fails OUT EXAMPLE PATTERN ARGS…: render EXAMPLE -o OUT/bad.pdf ARGS…
# is exit 2 naming PATTERN on stderr, and leaves no output file.
expect_render_fails() {
  local out=$1 example=$2 pattern=$3; shift 3
  rm -f "$out/bad.pdf"
  set +e; "$protokoll" render "$example" -o "$out/bad.pdf" "$@" 2>"$out/bad.err"; local rc=$?; set -e
  [ "$rc" -eq 2 ] || { cat "$out/bad.err"; fail "render $*: exit $rc, expected 2"; }
  grep -qF -- "$pattern" "$out/bad.err" || { cat "$out/bad.err"; fail "render $*: no \"$pattern\" in the message"; }
  [ ! -e "$out/bad.pdf" ] || fail "render $* left an output file"
}
