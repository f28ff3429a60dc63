#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, in a temporary directory on a
# local port: `bash scripts/pg.sh start` installs Debian's postgresql if it is
# missing, starts the server and prints its address (postgres://…); `bash
# scripts/pg.sh stop` stops it and removes the directory. As root (CI) the
# server runs as the `postgres` user the package creates (it refuses root).
set -euo pipefail
cd "$(dirname "$0")/.."
state=target/pg-dir
port=${TIERBOOK_PG_PORT:-54329}

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && echo "$d"
}

case "${1:-}" in
  start)
    if [ -z "$(pg_bin)" ]; then
      SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
      echo "installing postgresql" >&2
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    bin=$(pg_bin)
    [ -f "$state" ] && bash "$0" stop >/dev/null 2>&1 || true
    dir=$(mktemp -d /tmp/tierbook-pg.XXXXXX)
    mkdir -p target
    echo "$dir" > "$state"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_pg "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" \
      -l "$dir/log" start -w >&2 || { cat "$dir/log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -f "$state" ] || exit 0
    dir=$(cat "$state")
    bin=$(pg_bin)
    [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" stop -m fast >&2 || true
    rm -rf "$dir" "$state"
    ;;
  *)
    echo "usage: bash scripts/pg.sh start|stop" >&2
    exit 2
    ;;
esac
