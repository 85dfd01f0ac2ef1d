#!/usr/bin/env bash
# CaseHub's one test command: installs what the tests need when missing, builds once, runs every test project
# (unit, integration, end-to-end in Chromium) in parallel, and ends with "N passed, N failed".
# Exit code is non-zero when anything fails. Usage: ./test.sh   (CI runs exactly this through .ci/run)
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
out="$root/test-output"
export CASEHUB_TEST_OUTPUT="$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n== %s\n' "$*"; }

# --- 1. Machine packages (Debian): Chromium for the browser journeys; PostgreSQL, Redis, nginx for scale-out ----
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  step "Installing Debian packages: ${need[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  # Installing must not start the machine-wide services: the tests run private instances on their own ports.
  printf '#!/bin/sh\nexit 101\n' > /tmp/casehub-policy-rc.d && chmod +x /tmp/casehub-policy-rc.d
  [ -e /usr/sbin/policy-rc.d ] || { $SUDO cp /tmp/casehub-policy-rc.d /usr/sbin/policy-rc.d; added_policy=1; }
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  installed=$?
  [ "${added_policy:-0}" = 1 ] && $SUDO rm -f /usr/sbin/policy-rc.d
  [ $installed -eq 0 ] || { echo "Could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

# --- 2. Node packages (SMTP sink, ical.js, Yjs test clients) ----------------------------------------------
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

# --- 3. Guardrails: C# layout (dotnet format), browser-code lint (ESLint), before spending minutes on a build ------
# Only the whitespace pass of dotnet format runs here (~15 s): the full `dotnet format --verify-no-changes` takes about
# 4 minutes on two cores and its style and analyzers passes repeat what the build checks anyway (.editorconfig code
# style enforced in the build, analyzers at latest-recommended, warnings are errors).
step "Checking format and lint"
rm -rf "$out/trx" "$out/logs"; mkdir -p "$out/trx" "$out/logs"
if ! dotnet format whitespace CaseHub.sln --verify-no-changes > "$out/logs/format.log" 2>&1; then
  echo "dotnet format found layout to fix (run: dotnet format whitespace CaseHub.sln):"
  sed -E "s#$root/##g; s# \[[^]]*\]\$##" "$out/logs/format.log" | grep -v '^\s*$' | head -60
  echo "0 passed, 1 failed"
  exit 1
fi
if ! npm run --silent lint > "$out/logs/lint.log" 2>&1; then
  echo "ESLint found problems in the browser code (npm run lint):"
  head -80 "$out/logs/lint.log"
  echo "0 passed, 1 failed"
  exit 1
fi

# --- 4. Build once ----------------------------------------------------------------------------------------
step "Building"
if ! dotnet build CaseHub.sln -c Release -v q -nologo > "$out/logs/build.log" 2>&1; then
  grep -E "error" "$out/logs/build.log" | sort -u | head -40
  echo "0 passed, 1 failed"
  exit 1
fi

# --- 5. Run the test projects --------------------------------------------------------------------------------
# Private PostgreSQL and Redis on loopback (ops/test-services.sh), started once for the whole run.
services_env=$(ops/test-services.sh start 2>"$out/logs/services.log") || { cat "$out/logs/services.log"; echo "0 passed, 1 failed"; exit 1; }
export $(echo "$services_env" | xargs)
trap 'ops/test-services.sh stop >/dev/null 2>&1' EXIT

# Three lanes run side by side; the projects of a lane run one after the other. Two cores host at most three test
# processes (and their servers and a browser) at once, and a lane starts its next project as soon as its previous one
# ends instead of waiting for the slowest project of a wave. Balanced on the per-project durations of a 2-core run:
#   lane 1: the unit tier (seconds, so a broken rule shows first), the Core tests, then the web tests on PostgreSQL;
#   lane 2: the web tests on SQLite, then the two-node test (two CaseHub processes, Redis, nginx);
#   lane 3: the browser journeys (Chromium).
# A spec is "label:project[:ENV=value]".
runs=()
run_project() {
  local name project envs
  IFS=: read -r name project envs <<< "$1"
  env $envs dotnet test "$project" -c Release --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --results-directory "$out/trx" \
      > "$out/logs/$name.log" 2>&1
  echo $? > "$out/logs/$name.exit"
}
run_lane() {
  local spec
  for spec in "$@"; do run_project "$spec"; done
}
lane1=(CaseHub.Unit.Tests:tests/CaseHub.Unit.Tests CaseHub.Core.Tests:tests/CaseHub.Core.Tests
       CaseHub.Web.Tests.Postgres:tests/CaseHub.Web.Tests:CASEHUB_TEST_DB=Postgres)
lane2=(CaseHub.Web.Tests:tests/CaseHub.Web.Tests CaseHub.ScaleOut.Tests:tests/CaseHub.ScaleOut.Tests)
lane3=(CaseHub.E2E:e2e/CaseHub.E2E)
for spec in "${lane1[@]}" "${lane2[@]}" "${lane3[@]}"; do runs+=("${spec%%:*}"); done
step "Running three lanes side by side"
printf '  %s\n' "lane 1: ${lane1[*]%%:*}" "lane 2: ${lane2[*]%%:*}" "lane 3: ${lane3[*]%%:*}"
pids=()
run_lane "${lane1[@]}" & pids+=($!)
run_lane "${lane2[@]}" & pids+=($!)
run_lane "${lane3[@]}" & pids+=($!)
for pid in "${pids[@]}"; do wait "$pid"; done

for name in "${runs[@]}"; do
  code=$(cat "$out/logs/$name.exit" 2>/dev/null || echo 1)
  summary=$(grep -E "^(Passed|Failed)!" "$out/logs/$name.log" | tail -1)
  echo "  $name: ${summary:-no summary (exit $code)}"
  if [ "$code" != "0" ]; then grep -E "^\s+(Failed|Error Message)" -A3 "$out/logs/$name.log" | head -60; fi
done

# --- 6. Summary -----------------------------------------------------------------------------------------------
node scripts/test-summary.mjs "$out/trx" "${#runs[@]}"
