#!/usr/bin/env bash
# Builds the web UI into web/dist when its sources changed since the last
# build: `npm ci` (the pinned web/package-lock.json) once, then Vite. Needs
# Node.js and npm (scripts/install-deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
stamp=dist/index.html
if [ -f "$stamp" ] && [ -z "$(find src index.html app public vite.config.ts tsconfig.json \
     package-lock.json scripts -newer "$stamp" -print -quit)" ]; then
  exit 0
fi
npm run --silent build
