#!/usr/bin/env bash
# Runs every test: unit tests, in-process integration tests over real sockets, the PostgreSQL
# store tests against a throwaway PostgreSQL cluster, and the process-level tests of weft up.
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

# A throwaway PostgreSQL cluster for the PostgreSQL store tests; stopped on exit.
eval "$(scripts/postgres-for-tests.sh start)"
trap 'scripts/postgres-for-tests.sh stop >/dev/null 2>&1 || true' EXIT

mvn -B -ntp verify "$@"
