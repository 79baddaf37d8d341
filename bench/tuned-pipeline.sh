#!/usr/bin/env bash
# The tuned bare pipeline a drill is measured against (issue #13): the drill's own settings
# (pg_dump -Fc at the same compression, the archive hashed as it streams, a throwaway server with
# fsync off, pg_restore --jobs with --no-owner --no-acl --no-tablespaces, count(*) per table),
# none of its checks. The source comes from the PG* environment (PGHOST, PGPORT, PGUSER,
# PGPASSWORD, PGDATABASE). Prints one "<step> <seconds>" line per step on stdout.
# Usage: COMPRESSION=1 JOBS=2 bench/tuned-pipeline.sh EMPTY_WORK_DIR
set -euo pipefail
work=$1
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
compression=${COMPRESSION:-1}
jobs=${JOBS:-2}

# As root the server runs as postgres, as the drill's does.
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
timed() {
  local step=$1 start=$EPOCHREALTIME
  shift
  "$@"
  awk -v s="$start" -v e="$EPOCHREALTIME" -v n="$step" 'BEGIN { printf "%s %.3f\n", n, e - s }'
}

dump() { "$bin/pg_dump" --format=custom --compress="$compression" --no-password | tee "$work/dump.pgc" | sha256sum >"$work/dump.sha256"; }

server() {
  mkdir -p "$work/server"
  [ "$(id -u)" = 0 ] && chown postgres "$work" "$work/server" && chmod 711 "$work"
  as_server "$bin/initdb" -D "$work/server/data" -U bench --auth=trust -E UTF8 --locale=C --no-sync --no-instructions >/dev/null
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_server "$bin/pg_ctl" -D "$work/server/data" -l "$work/server/server.log" -w -t 60 -o "-p $port -c listen_addresses=127.0.0.1 \
-c unix_socket_directories='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_wal_size=4GB \
-c checkpoint_timeout=30min -c maintenance_work_mem=256MB -c max_connections=30" start >/dev/null
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U bench restored
}

restore() {
  "$bin/pg_restore" --jobs="$jobs" --no-owner --no-acl --no-tablespaces --exit-on-error -h 127.0.0.1 -p "$port" -U bench \
    -d restored "$work/dump.pgc"
}

count() {
  "$bin/psql" -X -q -At -h 127.0.0.1 -p "$port" -U bench -d restored -c \
    "select format('select count(*) from %I.%I;', schemaname, tablename) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')" \
    | "$bin/psql" -X -q -At -h 127.0.0.1 -p "$port" -U bench -d restored >/dev/null
}

teardown() {
  as_server "$bin/pg_ctl" -D "$work/server/data" -m immediate -w stop >/dev/null
  rm -rf "$work/server"
}

unset PGSSLMODE
timed dump dump
timed server server
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=bench PGDATABASE=restored
timed restore restore
timed count count
timed teardown teardown
