#!/bin/sh
# npm run bench: every benchmark in full, on PostgreSQL (TEST_DATABASE_URL, default the local server)
# and on the embedded PGlite. About ten minutes on two cores; each script prints its machine line.
set -eu
pg_url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
npx vite build --config web/vite.config.ts --logLevel warn
TEST_DATABASE_URL="$pg_url" npx tsx bench/run.ts
npx tsx bench/run.ts
TEST_DATABASE_URL="$pg_url" npx tsx bench/billing-run.ts --subscriptions 100000
TEST_DATABASE_URL="$pg_url" npx tsx bench/billing-run.ts --subscriptions 1000000
TEST_DATABASE_URL="$pg_url" npx tsx bench/products-page.ts
npx tsx bench/products-page.ts
npx tsx bench/start-up.ts
TEST_DATABASE_URL="$pg_url" npx tsx bench/webhooks.ts
npx tsx bench/webhooks.ts
