#!/usr/bin/env bash
# Stops and removes throw-away test clusters a crashed test left behind.
for dir in /tmp/souk-test-*/pg; do
  [ -f "$dir/postmaster.pid" ] || continue
  pid=$(head -n1 "$dir/postmaster.pid")
  kill -QUIT "$pid" 2>/dev/null || true
done
sleep 0.2
rm -rf /tmp/souk-test-* 2>/dev/null || true
