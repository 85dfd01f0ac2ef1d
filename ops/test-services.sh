#!/usr/bin/env bash
# Private PostgreSQL and Redis servers on loopback for the tests (never the machine's own services).
# Usage: ops/test-services.sh start|stop|status
# Prints the environment the tests read (CASEHUB_TEST_PG, CASEHUB_TEST_REDIS) on start.
# Each checkout gets its own directory and ports (derived from its path), so two checkouts on one machine never stop
# or share each other's servers; override with CASEHUB_SERVICES_DIR, PG_PORT, REDIS_PORT.
set -euo pipefail
checkout=$(cd "$(dirname "$0")/.." && pwd)
slot=$(( $(printf '%s' "$checkout" | cksum | cut -d' ' -f1) % 500 ))
dir=${CASEHUB_SERVICES_DIR:-/tmp/casehub-services-$slot}
pg_port=${PG_PORT:-$(( 55000 + slot ))}
redis_port=${REDIS_PORT:-$(( 56000 + slot ))}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  mkdir -p "$dir"
  [ -n "$pg_bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
  command -v redis-server >/dev/null || { echo "Redis is not installed (apt-get install redis-server)" >&2; exit 1; }
  if ! as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
    if [ ! -f "$dir/pg/PG_VERSION" ]; then
      mkdir -p "$dir/pg"
      [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir/pg"
      as_postgres "$pg_bin/initdb" -D "$dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w \
      -o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=600 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tc "SELECT 1 FROM pg_roles WHERE rolname='casehub'" | grep -q 1 \
      || "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE ROLE casehub LOGIN SUPERUSER PASSWORD 'casehub'"
  fi
  if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
    for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "CASEHUB_TEST_PG=Host=127.0.0.1;Port=$pg_port;Username=casehub;Password=casehub"
  echo "CASEHUB_TEST_REDIS=127.0.0.1:$redis_port"
}

stop() {
  [ -n "$pg_bin" ] && as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -m fast stop >/dev/null 2>&1 || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" status; redis-cli -p "$redis_port" ping ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
