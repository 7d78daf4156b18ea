#!/usr/bin/env bash
# Quick start, part two: everything needed, then every test in an
# AddressSanitizer+UBSan build, against real PostgreSQL, SMTP and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec make test
