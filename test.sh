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

# --- 1. Machine packages (Debian): Chromium for the browser journeys --------------------------------------
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  step "Installing Debian packages: ${need[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "Could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

# --- 2. Node packages (SMTP sink, ical.js, Yjs test clients) ----------------------------------------------
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

# --- 3. Build once ----------------------------------------------------------------------------------------
step "Building"
rm -rf "$out/trx" "$out/logs"; mkdir -p "$out/trx" "$out/logs"
if ! dotnet build CaseHub.sln -c Release -v q -nologo > "$out/logs/build.log" 2>&1; then
  grep -E "error" "$out/logs/build.log" | sort -u | head -40
  echo "0 passed, 1 failed"
  exit 1
fi

# --- 4. Run the test projects in parallel -----------------------------------------------------------------
projects=(tests/CaseHub.Core.Tests tests/CaseHub.Web.Tests e2e/CaseHub.E2E)
step "Running ${#projects[@]} test projects in parallel"
pids=()
for p in "${projects[@]}"; do
  name=$(basename "$p")
  ( dotnet test "$p" -c Release --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --results-directory "$out/trx" \
      > "$out/logs/$name.log" 2>&1; echo $? > "$out/logs/$name.exit" ) &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done

for p in "${projects[@]}"; do
  name=$(basename "$p")
  code=$(cat "$out/logs/$name.exit" 2>/dev/null || echo 1)
  summary=$(grep -E "^(Passed|Failed)!" "$out/logs/$name.log" | tail -1)
  echo "  $name: ${summary:-no summary (exit $code)}"
  if [ "$code" != "0" ]; then grep -E "^\s+(Failed|Error Message)" -A3 "$out/logs/$name.log" | head -60; fi
done

# --- 5. Summary -----------------------------------------------------------------------------------------------
node scripts/test-summary.mjs "$out/trx" "${#projects[@]}"
