#!/usr/bin/env bash
# Runs Medusa's JavaScript client against a souk started here: its own data
# directory (embedded PostgreSQL), a free port, the demo seed.
# Usage: tests/e2e/run.sh path/to/souk
set -euo pipefail
souk="$1"
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
if [ ! -d node_modules/@medusajs/js-sdk ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
data=$(mktemp -d /tmp/souk-e2e-XXXXXX)
chmod 755 "$data"
"$souk" serve --demo --port 0 --data-dir "$data" >"$data/souk.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 600); do
  grep -q "souk is serving" "$data/souk.log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$data/souk.log"; exit 1; }
  sleep 0.1
done
url=$(grep -o "http://localhost:[0-9]*" "$data/souk.log" | head -1)
[ -n "$url" ] || { cat "$data/souk.log"; exit 1; }
SOUK_URL="$url" SOUK_DEMO="$data/demo.json" \
  node --test --test-concurrency=1 sdk_flow.test.mjs storefront_routes.test.mjs
