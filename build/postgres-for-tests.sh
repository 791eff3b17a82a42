#!/usr/bin/env bash
# A PostgreSQL server for the tests of Portail.Adapters.Postgres, on this machine.
#
#   eval "$(bash build/postgres-for-tests.sh)"
#
# Installs Debian's `postgresql` when it is missing, creates (once) a cluster of its own named
# `portail_test` that listens on 127.0.0.1 only (port 55432 unless PORTAIL_TEST_POSTGRES_PORT is
# set), starts it, creates the database `portail_test`, and prints on stdout the one line to eval:
#
#   export PORTAIL_TEST_POSTGRES="Host=127.0.0.1;Port=55432;Username=postgres;Password=…;Database=portail_test"
#
# Idempotent: run it again and it only starts what is stopped. Everything else goes to stderr.
# One run at a time: the PostgreSQL test fixtures run it themselves when PORTAIL_TEST_POSTGRES is
# unset, and two test projects of one `dotnet test` may do so at once.
# build/postgres-for-rush.sh calls it with other settings (PORTAIL_POSTGRES_CLUSTER, _DATABASE,
# _FSYNC, _EXTRA_SETTINGS, _VARIABLE) for a second, durable cluster for the rush benchmark.
# Run as root (CI on a fresh Debian machine), or as a user allowed to sudo. The cluster is for
# tests only: its password is fixed and fsync is off (a crash of the machine may lose the test
# data; the crash tests kill clients, never the server, so what they prove is unaffected).
set -euo pipefail

# Waits for another run of this script (apt's lock, the cluster's creation and ALTER ROLE collide):
# runs again under flock, which holds the lock itself (-o) so that the server started here does not.
if [ -z "${PORTAIL_TEST_POSTGRES_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
  exec env PORTAIL_TEST_POSTGRES_LOCKED=1 flock -o "${BASH_SOURCE[0]}" bash "${BASH_SOURCE[0]}" "$@"
fi

port="${PORTAIL_TEST_POSTGRES_PORT:-55432}"
password="${PORTAIL_TEST_POSTGRES_PASSWORD:-portail-test}"
cluster="${PORTAIL_POSTGRES_CLUSTER:-portail_test}"
database="${PORTAIL_POSTGRES_DATABASE:-portail_test}"
fsync="${PORTAIL_POSTGRES_FSYNC:-off}"
variable="${PORTAIL_POSTGRES_VARIABLE:-PORTAIL_TEST_POSTGRES}"

say() { echo "postgres-for-tests ($cluster): $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { as_root runuser -u postgres -- "$@"; }

if ! command -v pg_createcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  say "installing Debian's postgresql"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
conf="/etc/postgresql/$version/$cluster"

if [ ! -d "$conf" ]; then
  say "creating cluster $version/$cluster on 127.0.0.1:$port"
  as_root pg_createcluster "$version" "$cluster" --port "$port" --start-conf manual \
    -- --auth-local=peer --auth-host=scram-sha-256 >&2
fi

# The settings the tests need; rewritten on every run so that a change here takes effect.
settings="listen_addresses = '127.0.0.1'
port = $port
max_connections = 300
shared_buffers = 128MB
fsync = $fsync
log_min_messages = warning${PORTAIL_POSTGRES_EXTRA_SETTINGS:+
$PORTAIL_POSTGRES_EXTRA_SETTINGS}"
if [ "$(as_root cat "$conf/conf.d/portail-tests.conf" 2>/dev/null || true)" != "$settings" ]; then
  as_root mkdir -p "$conf/conf.d"
  printf '%s\n' "$settings" | as_root tee "$conf/conf.d/portail-tests.conf" >/dev/null
  restart=yes
else
  restart=no
fi

# Loopback only, with a password (the cluster's pg_hba.conf is ours alone).
hba="local all postgres peer
local all all peer
host all all 127.0.0.1/32 scram-sha-256"
if [ "$(as_root cat "$conf/pg_hba.conf")" != "$hba" ]; then
  printf '%s\n' "$hba" | as_root tee "$conf/pg_hba.conf" >/dev/null
  restart=yes
fi

if as_root pg_ctlcluster "$version" "$cluster" status >/dev/null 2>&1; then
  if [ "$restart" = yes ]; then
    say "restarting $version/$cluster for new settings"
    as_root pg_ctlcluster "$version" "$cluster" restart >&2
  fi
else
  say "starting $version/$cluster"
  as_root pg_ctlcluster "$version" "$cluster" start >&2
fi

for _ in $(seq 1 60); do
  if as_postgres pg_isready -q -p "$port"; then break; fi
  sleep 0.5
done
as_postgres pg_isready -q -p "$port" || { say "the server did not start: see /var/log/postgresql/postgresql-$version-$cluster.log"; exit 1; }

psql_() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@" >&2; }
psql_ -c "ALTER ROLE postgres PASSWORD '$password'"
if [ "$(as_postgres psql -X -tA -p "$port" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
  say "creating database $database"
  psql_ -c "CREATE DATABASE $database"
fi

say "ready: PostgreSQL $version on 127.0.0.1:$port, database $database"
echo "export $variable=\"Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=$database\""
