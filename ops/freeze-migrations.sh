#!/usr/bin/env bash
# Freezes the migrations of a release: appends every migration file (both providers) that is not listed yet to
# ops/released-migrations.txt with its SHA-256. From then on ReleasedMigrationsTests fails if one changes or disappears.
# Usage: ops/freeze-migrations.sh <version>      (part of cutting a release, see docs/releasing.md)
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: ops/freeze-migrations.sh <version>}
list=ops/released-migrations.txt
[ -f "$list" ] || printf '# Released migrations: never edit or delete these files (add new ones with ops/add-migration.sh).\n# release  sha256 (of the file with LF line ends)  file\n' > "$list"
added=0
for file in $(ls src/CaseHub.Migrations.*/Migrations/*.cs | grep -v ModelSnapshot | sort); do
  grep -q " $file\$" "$list" && continue
  hash=$(tr -d '\r' < "$file" | sha256sum | cut -d' ' -f1)
  printf '%s  %s  %s\n' "$version" "$hash" "$file" >> "$list"
  added=$((added + 1))
done
echo "$added migration file(s) frozen for $version in $list"
