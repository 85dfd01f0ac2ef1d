#!/usr/bin/env bash
# Adds a migration with the same name for both providers, so they never drift apart.
# Usage: ops/add-migration.sh <MigrationName>
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: ops/add-migration.sh <MigrationName>}
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" -p "src/CaseHub.Migrations.$provider" -s "src/CaseHub.Migrations.$provider" -o Migrations
done
