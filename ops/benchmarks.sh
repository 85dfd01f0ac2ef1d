#!/usr/bin/env bash
# The benchmark command: CaseHub against same-run baselines (fan-out, 1,000 connections, booking storm, notes editors,
# matching, calendar feed); writes docs/benchmarks.md; exits 1 if a correctness part fails (overbooking, lost notes
# edit, blocking pair). Needs `npm ci` (the notes editors and the y-websocket baseline run in node).
# Extra arguments go to the program: --rounds N (default 5), --only fanout,booking,notes,matching,calendar,many,
# --output FILE, --budget-minutes M (default 9). CASEHUB_BENCH_NOTE="..." adds a note under "Machine".
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project tests/CaseHub.Benchmarks -- "$@"
