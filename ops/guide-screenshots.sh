#!/usr/bin/env bash
# Regenerates the user guide's screenshots (docs/guide/img/{fr,nl}/*.png) from the demo data, through the same
# Playwright tour the test command runs (e2e/CaseHub.E2E/GuideTour.cs). Needs Chromium (/usr/bin/chromium) and npm
# packages (npm ci), like ./test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
CASEHUB_TEST_OUTPUT="$out" dotnet test e2e/CaseHub.E2E -v q --filter "FullyQualifiedName~GuideTour"
for lang in fr nl; do
  mkdir -p "docs/guide/img/$lang"
  rm -f "docs/guide/img/$lang"/*.png
  cp "$out/guide/$lang"/*.png "docs/guide/img/$lang/"
done
rm -rf "$out"
echo "Guide screenshots written to docs/guide/img/"
