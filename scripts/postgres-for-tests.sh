#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PostgreSQL store tests.
#
#   eval "$(scripts/postgres-for-tests.sh)"          # start; exports WEFT_TEST_POSTGRES_URL
#   scripts/postgres-for-tests.sh stop [DIR]          # stop and delete it (DIR defaults to
#                                                     # $WEFT_TEST_POSTGRES_DIR)
#
# Start installs Debian's postgresql package if no initdb is found, creates a cluster in a new
# temporary directory owned by the postgres user (when run as root), listening on 127.0.0.1 on a
# free port with trust authentication on loopback only, creates the database weft_test, and
# prints the export lines on stdout (everything else goes to stderr). Several clusters may run
# at once; each has its own directory and port.
set -euo pipefail

log() { echo "postgres-for-tests: $*" >&2; }
die() { log "$*"; exit 1; }

find_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n "$initdb" ]] && dirname "$initdb"
}

# Runs a command as the cluster owner: the postgres user when we are root, else ourselves.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

install_postgres() {
  [[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
  log "installing PostgreSQL (apt-get)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local bin
  bin=$(find_bin) || true
  if [[ -z "$bin" ]]; then
    install_postgres
    bin=$(find_bin) || die "initdb not found under /usr/lib/postgresql after installing postgresql"
  fi
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi

  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/weft-pg-XXXXXX")
  chmod 0755 "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed (log above)"; }

  local port attempt started=""
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + RANDOM % 40000 ))
    port_in_use "$port" && continue
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2; then
      started=yes
      break
    fi
    log "could not start on port $port (attempt $attempt), trying another"
  done
  if [[ -z "$started" ]]; then
    cat "$dir/server.log" >&2 || true
    rm -rf "$dir"
    die "PostgreSQL did not start (server log above)"
  fi

  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres weft_test >&2 \
    || { stop_dir "$dir"; die "createdb weft_test failed"; }

  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
  echo "export WEFT_TEST_POSTGRES_DIR=$dir"
  echo "export WEFT_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$port/weft_test?user=postgres"
}

stop_dir() {
  local dir=$1 bin
  [[ -d "$dir" ]] || die "stop: $dir is not a directory"
  [[ "$(basename "$dir")" == weft-pg-* && -f "$dir/data/PG_VERSION" ]] \
    || die "stop: $dir is not a cluster made by this script (expected: a weft-pg-* directory with data/PG_VERSION)"
  bin=$(find_bin) || die "stop: initdb/pg_ctl not found under /usr/lib/postgresql"
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || log "pg_ctl stop failed; deleting anyway"
  fi
  rm -rf "$dir"
  log "stopped and deleted $dir"
}

case "${1:-start}" in
  start) start ;;
  stop)
    target=${2:-${WEFT_TEST_POSTGRES_DIR:-}}
    [[ -n "$target" ]] || die "stop: no cluster given (expected: stop DIR, or WEFT_TEST_POSTGRES_DIR set)"
    stop_dir "$target"
    ;;
  *) die "unknown command \"$1\" (expected: start or stop)" ;;
esac
