#!/usr/bin/env bash
# A PostgreSQL server of its own for the tests and the demo, from Debian's
# postgresql package: initdb in a new temporary directory (as the postgres
# user when run as root: the server refuses root), listening on a free port
# of 127.0.0.1 only, no Unix socket, trust authentication for the user
# protokoll. Nothing leaves the machine; nothing outside the directory changes.
#
#   test-postgresql.sh start          prints the directory, then the URL
#                                     (postgresql://protokoll@127.0.0.1:PORT)
#   test-postgresql.sh createdb URL NAME   creates database NAME; prints URL/NAME
#   test-postgresql.sh stop DIR       stops the server and removes DIR
set -euo pipefail
die() { echo "test-postgresql: $*" >&2; exit 1; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as=()
[ "$(id -u)" -ne 0 ] || as=(runuser -u postgres --)
case ${1:-} in
  start)
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || die "PostgreSQL's server is not installed (run scripts/install-deps.sh)"
    dir=$(mktemp -d /tmp/protokoll-pg.XXXXXX)
    [ "${#as[@]}" -eq 0 ] || chown postgres "$dir" || die "no user postgres to run the server as (package postgresql)"
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U protokoll --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed"; }
    port=""
    for _ in 1 2 3; do  # a free port may be taken before the server binds it
      port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=''" start >/dev/null 2>&1 && break
      port=""
    done
    [ -n "$port" ] || { cat "$dir/server.log" >&2; rm -rf "$dir"; die "the server did not start"; }
    echo "$dir"
    echo "postgresql://protokoll@127.0.0.1:$port"
    ;;
  createdb)
    [ $# -eq 3 ] || die "usage: test-postgresql.sh createdb URL NAME"
    psql -q -X -v ON_ERROR_STOP=1 "$2/postgres" -c "CREATE DATABASE \"$3\"" >/dev/null || die "could not create the database $3"
    echo "$2/$3"
    ;;
  stop)
    [ $# -eq 2 ] && [ -d "$2" ] || die "usage: test-postgresql.sh stop DIR"
    [ ! -f "$2/data/postmaster.pid" ] || "${as[@]}" "$bin/pg_ctl" -D "$2/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$2"
    ;;
  *) die "usage: test-postgresql.sh start | createdb URL NAME | stop DIR" ;;
esac
