#!/usr/bin/env bash
# Runs every test: unit tests, in-process integration tests over real sockets, the PostgreSQL
# store tests against a throwaway PostgreSQL cluster, the process-level tests of weft up,
# promtool's lint of the agent's metrics and a real Prometheus scraping an agent (Debian's
# prometheus package, installed when missing).
# Usage: scripts/test.sh [extra maven arguments]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export JAVA_HOME="${WEFT_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ ! -x "$JAVA_HOME/bin/java" ]; then
  echo "test.sh: Temurin 25 not found at $JAVA_HOME (install it or set WEFT_JAVA_HOME)" >&2
  exit 1
fi
if ! command -v mvn >/dev/null; then
  echo "test.sh: Maven (mvn) is not installed" >&2
  exit 1
fi
if ! command -v openssl >/dev/null; then
  echo "test.sh: installing openssl (the interop tests use openssl verify)" >&2
  apt-get update -qq && apt-get install -y -qq openssl >/dev/null
fi
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  # Debian package prometheus: promtool lints the agent's /metrics exposition, and the prometheus
  # server scrapes an agent's metrics endpoint in the tests.
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing prometheus (promtool check metrics, a real scrape)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  else
    echo "test.sh: prometheus/promtool not found and installing them needs root: the metrics lint and scrape tests are skipped" >&2
  fi
fi

# A throwaway PostgreSQL cluster for the PostgreSQL store tests; stopped on exit.
eval "$(scripts/postgres-for-tests.sh start)"
trap 'scripts/postgres-for-tests.sh stop >/dev/null 2>&1 || true' EXIT

mvn -B -ntp verify "$@"
