#!/usr/bin/env bash
# Runs only the two-node test (tests/CaseHub.ScaleOut.Tests): installs postgresql, redis-server and nginx when
# missing, starts a private PostgreSQL on loopback and runs two CaseHub processes behind nginx. ./test.sh includes it.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/sbin/nginx ] || need+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
export $(ops/test-services.sh start | xargs)
trap 'ops/test-services.sh stop >/dev/null 2>&1' EXIT
dotnet test tests/CaseHub.ScaleOut.Tests -c Release
