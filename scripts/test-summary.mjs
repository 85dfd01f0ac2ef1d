// Sums the TRX files written by `dotnet test --logger trx` and prints the failed tests and the final
// "N passed, N failed" line. Exit code 1 when anything failed or a project produced no result.
// Usage: node scripts/test-summary.mjs <trx-dir> <expected-project-count>
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const expected = Number(process.argv[3] ?? 0);
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.trx')) : [];
let passed = 0, failed = 0;
const failures = [];
for (const file of files) {
  const xml = fs.readFileSync(path.join(dir, file), 'utf8');
  const counters = /<Counters\b([^>]*)\/>/.exec(xml)?.[1] ?? '';
  const num = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(counters)?.[1] ?? 0);
  passed += num('passed');
  failed += num('failed') + num('error') + num('timeout') + num('aborted');
  for (const m of xml.matchAll(/<UnitTestResult\b[^>]*testName="([^"]*)"[^>]*outcome="Failed"/g)) failures.push(`${file}: ${m[1]}`);
}
if (failures.length) {
  console.log('\nFailed tests:');
  for (const f of failures) console.log('  ' + f.replaceAll('&quot;', '"').replaceAll('&amp;', '&'));
}
const missing = Math.max(0, expected - files.length);
if (missing > 0) {
  console.log(`\n${missing} test project(s) produced no results (crashed or did not build): counted as failed.`);
  failed += missing;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
