#!/usr/bin/env bash
# A private PostgreSQL cluster in a folder of our own, on a loopback port: no system service, no machine-wide config.
# Used by run.sh (persistent, in .data/pg), by the test fixtures and by the benchmarks (throwaway, --fast).
#
#   scripts/pg.sh up   DIR PORT [--fast]   initialise if needed, start, create the database; prints the connection string
#   scripts/pg.sh down DIR                 stop the cluster (data kept)
#
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user on a folder it owns.
set -euo pipefail

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 up DIR PORT [--fast] | down DIR" >&2; exit 64; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 69; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  up)
    port=${3:?port required}; fast=${4:-}
    password_file="$dir.password"
    if [ ! -s "$password_file" ]; then
      mkdir -p "$(dirname "$dir")"
      (umask 077; printf '%s' "${PG_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')}" > "$password_file")
    fi
    password=$(cat "$password_file")
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir" && chmod 700 "$dir"
      if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -w "$dir"; then
        echo "The postgres user cannot write $dir (is a parent folder private?). Set MARKETPLACE_PGDATA to a folder it can reach." >&2
        exit 77
      fi
      pwfile=$(mktemp); printf '%s' "$password" > "$pwfile"; chmod 644 "$pwfile"
      as_owner "$bindir/initdb" -D "$dir" -U marketplace --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
      rm -f "$pwfile"
      {
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$dir'"
        echo "max_connections = 200"
        echo "shared_buffers = 256MB"
        if [ "$fast" = "--fast" ]; then
          # Throwaway clusters (tests, benchmarks) trade durability for speed.
          echo "fsync = off"; echo "synchronous_commit = off"; echo "full_page_writes = off"
        fi
      } | as_owner tee -a "$dir/postgresql.conf" >/dev/null
    fi
    if ! as_owner "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 -o "-p $port" start >/dev/null
    fi
    export PGPASSWORD="$password"
    if ! psql -h 127.0.0.1 -p "$port" -U marketplace -d postgres -tAc "select 1 from pg_database where datname='marketplace'" | grep -q 1; then
      psql -h 127.0.0.1 -p "$port" -U marketplace -d postgres -qc "create database marketplace" >/dev/null
    fi
    echo "Host=127.0.0.1;Port=$port;Database=marketplace;Username=marketplace;Password=$password"
    ;;
  down)
    if [ -f "$dir/PG_VERSION" ] && as_owner "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_owner "$bindir/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    fi
    ;;
  *) echo "unknown command $cmd" >&2; exit 64 ;;
esac
