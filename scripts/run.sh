#!/usr/bin/env bash
# Quick start, part one: everything needed, then the server on :9000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec make run
