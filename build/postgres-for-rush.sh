#!/usr/bin/env bash
# A second PostgreSQL cluster for the rush benchmark (benchmarks/Portail.Rush), durable this time.
#
#   eval "$(bash build/postgres-for-rush.sh)"
#
# The same as build/postgres-for-tests.sh (Debian's postgresql, loopback only, idempotent), but a
# cluster of its own, `portail_rush` on 127.0.0.1:55433, database `portail_rush`, with fsync ON and
# synchronous_commit at its default (on): a commit is flushed to the disk before it is answered,
# as in production. pg_stat_statements is loaded so that the driver can count the statements and
# round trips of a validation (--profile). It prints the one line to eval:
#
#   export PORTAIL_RUSH_POSTGRES="Host=127.0.0.1;Port=55433;Username=postgres;Password=…;Database=portail_rush"
set -euo pipefail

PORTAIL_TEST_POSTGRES_PORT="${PORTAIL_RUSH_POSTGRES_PORT:-55433}" \
PORTAIL_POSTGRES_CLUSTER=portail_rush \
PORTAIL_POSTGRES_DATABASE=portail_rush \
PORTAIL_POSTGRES_FSYNC=on \
PORTAIL_POSTGRES_VARIABLE=PORTAIL_RUSH_POSTGRES \
PORTAIL_POSTGRES_EXTRA_SETTINGS="shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track_utility = on" \
  bash "$(dirname "$0")/postgres-for-tests.sh"
