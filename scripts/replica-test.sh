#!/usr/bin/env bash
# A PostgreSQL primary and a hot standby (streaming replication) on loopback, made with Debian's
# PostgreSQL binaries in a temporary folder, then the read-replica tests against them:
#   DATABASE_URL=<primary> DATABASE_REPLICA_URL=<standby> vitest run src/server/db/replica.int.test.ts
# Extra arguments go to vitest. Exits 0 without running when no PostgreSQL binaries are installed.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "replica test: no PostgreSQL server binaries under /usr/lib/postgresql; skipped"
  exit 0
fi
PRIMARY_PORT=${LIZHOU_REPLICA_TEST_PORT:-55432}
STANDBY_PORT=$((PRIMARY_PORT + 1))
ROOT=$(mktemp -d /tmp/lizhou-replica.XXXXXX)
# PostgreSQL refuses to run as root: run the servers as the postgres account when we are root.
if [ "$(id -u)" = 0 ]; then
  chown postgres "$ROOT"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

cleanup() {
  as_pg "$BIN/pg_ctl" -D "$ROOT/standby" -m immediate stop >/dev/null 2>&1 || true
  as_pg "$BIN/pg_ctl" -D "$ROOT/primary" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$ROOT"
}
trap cleanup EXIT

as_pg "$BIN/initdb" -D "$ROOT/primary" -U postgres --auth=trust >/dev/null
cat >>"$ROOT/primary/postgresql.conf" <<CONF
port = $PRIMARY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$ROOT'
wal_level = replica
max_wal_senders = 5
fsync = off
CONF
as_pg "$BIN/pg_ctl" -D "$ROOT/primary" -l "$ROOT/primary.log" -w start >/dev/null
as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$ROOT/standby" -R -X stream >/dev/null
cat >>"$ROOT/standby/postgresql.conf" <<CONF
port = $STANDBY_PORT
hot_standby = on
CONF
as_pg "$BIN/pg_ctl" -D "$ROOT/standby" -l "$ROOT/standby.log" -w start >/dev/null
echo "replica test: primary 127.0.0.1:$PRIMARY_PORT, hot standby 127.0.0.1:$STANDBY_PORT ($("$BIN/postgres" --version))"

DATABASE_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/postgres" \
DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$STANDBY_PORT/postgres" \
  npx vitest run src/server/db/replica.int.test.ts "$@"
