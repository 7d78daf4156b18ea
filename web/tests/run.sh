#!/usr/bin/env bash
# The browser tests (ctest's web_browser_test): builds the UI if needed,
# then drives Debian's Chromium against a souk the test starts.
# Usage: web/tests/run.sh path/to/souk [screenshot folder]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/../../scripts/build-web.sh"
[ -x /usr/bin/chromium ] || { echo "no /usr/bin/chromium: run scripts/install-deps.sh" >&2; exit 1; }
cd "$here/.."
SOUK_BIN="$1" SOUK_SCREENSHOTS="${2:-$here/../test-results/screenshots}" \
  node --test --test-concurrency=1 tests/
