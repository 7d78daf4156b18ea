#!/usr/bin/env bash
# Quick start, part two: everything needed, then every test (a debug build
# and an AddressSanitizer+UBSan build, each against real PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec make test
