#!/usr/bin/env bash
# Makes the upgrade fixture of a release: tests/fixtures/upgrade/<version>/ with a SQLite database (casehub.db), a
# PostgreSQL plain-SQL dump (casehub.sql) and what the upgrade test must find in each (manifest.sqlite.json,
# manifest.postgres.json). The maker (tests/CaseHub.UpgradeFixture) runs this version of CaseHub on a fresh database
# with demo data, fills it through the pages and the room hub as users would, checks every manifest entry, and stops.
# Usage: ops/make-upgrade-fixture.sh [version]   (default: <Version> of Directory.Build.props; it must be the version
# the working tree builds, since the fixture is made by running it). Synthetic data only. See tests/fixtures/upgrade/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
built=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
version=${1:-$built}
if [ "$version" != "$built" ]; then
  echo "Directory.Build.props says $built: a fixture for $version must be made from a checkout of $version" >&2
  exit 2
fi
target="$root/tests/fixtures/upgrade/$version"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pg_bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
work=$(mktemp -d /tmp/casehub-upgrade-fixture.XXXXXX)
trap 'rm -rf "$work"' EXIT

[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
echo "== Building"
dotnet build CaseHub.sln -c Release -v q -nologo >"$work/build.log" 2>&1 || { grep -E "error" "$work/build.log" | sort -u | head -20; exit 1; }
run() { dotnet run -c Release --no-build --project tests/CaseHub.UpgradeFixture -- --output "$1"; }

echo "== SQLite"
(unset CASEHUB_TEST_DB; run "$work/sqlite")

echo "== PostgreSQL"
ops/test-services.sh status >/dev/null 2>&1 && services_were_up=1 || services_were_up=0
services_env=$(ops/test-services.sh start)
export $(echo "$services_env" | xargs)
[ "$services_were_up" = 1 ] || trap 'ops/test-services.sh stop >/dev/null 2>&1; rm -rf "$work"' EXIT
CASEHUB_TEST_DB=Postgres run "$work/postgres"
db=$(tr -d '[:space:]' < "$work/postgres/postgres-database.txt")
pg_port=$(echo "$CASEHUB_TEST_PG" | sed -n 's/.*Port=\([0-9]*\).*/\1/p')
PGPASSWORD=casehub "$pg_bin/pg_dump" -h 127.0.0.1 -p "${pg_port:-55432}" -U casehub --no-owner --no-privileges -f "$work/casehub.sql" "$db"
PGPASSWORD=casehub "$pg_bin/psql" -h 127.0.0.1 -p "${pg_port:-55432}" -U casehub -d postgres -qc "DROP DATABASE \"$db\"" || true

rm -rf "$target"
mkdir -p "$target"
cp "$work/sqlite/casehub.db" "$work/sqlite/manifest.sqlite.json" "$work/postgres/manifest.postgres.json" "$work/casehub.sql" "$target/"
[ -f "$work/sqlite/data-protection.pfx" ] && cp "$work/sqlite/data-protection.pfx" "$target/"
pg_version=$("$pg_bin/pg_dump" --version | awk '{print $3}')
cat > "$target/README.md" <<README
# Upgrade fixture of CaseHub $version

Made on $(date -u +%Y-%m-%d) by \`ops/make-upgrade-fixture.sh $version\` from commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown):
CaseHub $version with its demo data, filled through its pages, its room hub and the notes editor's provider by
tests/CaseHub.UpgradeFixture (see its Scenario.cs for what each user did), the last actions with the SMTP server down.

- \`casehub.db\`: the SQLite database (one file, written with VACUUM INTO after the app stopped).
- \`data-protection.pfx\`: the certificate CaseHub made beside the SQLite database to encrypt its data-protection keys.
- \`casehub.sql\`: the same scenario on PostgreSQL, \`pg_dump --no-owner --no-privileges\` (pg_dump $pg_version).
- \`manifest.sqlite.json\`, \`manifest.postgres.json\`: what the upgrade test (tests/CaseHub.Web.Tests/Upgrade) must find in
  each: users, records, pages per user, hub replies, notes, calendar feeds, sent and queued mails, audit actions.

Synthetic data only. Never edit these files: make a new fixture for a new release instead.
README
echo "== Written $target"
ls -la "$target"
