#!/usr/bin/env bash
# `npm run lint`: eslint (type-aware) and prettier --check. The three checks run at once, because each is
# single-threaded and CI lints a clean clone (cold caches): eslint over the console's TypeScript program
# (apps/console/tsconfig.json, browser code), eslint over everything else (tsconfig.json's program), and
# prettier. Splitting eslint by program keeps each process building only its own program; `--concurrency`
# would build both in every worker. Each keeps its cache under node_modules/.cache, so a second run is fast.
set -uo pipefail
cd "$(dirname "$0")/.."
cache=node_modules/.cache
npx eslint --cache --cache-location "$cache/eslint-console/" apps/console &
console=$!
npx eslint --cache --cache-location "$cache/eslint/" --ignore-pattern 'apps/console/**' . &
rest=$!
npx prettier --check --cache --log-level warn . &
format=$!
status=0
for job in "$console" "$rest" "$format"; do
  wait "$job" || status=1
done
[ "$status" -eq 0 ] && echo "lint: eslint and prettier found nothing"
exit "$status"
