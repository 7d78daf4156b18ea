#!/usr/bin/env bash
# Stops and removes throw-away test clusters a crashed test left behind:
# <prefix>*/pg, the prefix /tmp/souk-test- unless given.
#
# /tmp is world-writable: anyone can plant /tmp/souk-test-x/pg with a
# postmaster.pid naming any process, or links to elsewhere. So nothing is
# followed through a symbolic link, and a pid is signalled only when it is
# a PostgreSQL postmaster (/proc/<pid>/exe is a postgres binary) of the
# cluster's user (postgres when run as root, else the caller, as the test
# launcher does) whose command line names exactly the directory found
# (-D <dir>), in a directory owned by that user.
set -uo pipefail
prefix=${1:-/tmp/souk-test-}
# It ends in rm -rf "$prefix"*: only ever under a souk-test- name.
case $prefix in
  /*/souk-test-) ;;
  *) echo "reap-test-clusters: the prefix must be /<dir>/souk-test-" >&2; exit 2 ;;
esac
if [ "$(id -u)" -eq 0 ]; then
  owner=$(id -u "${SOUK_PG_USER:-postgres}" 2>/dev/null) || owner=
else
  owner=$(id -u)
fi

# True when <pid> is the postmaster of cluster directory <dir>.
is_postmaster_of() {
  local pid=$1 dir=$2 exe arg prev=
  [ "$(stat -c %u "/proc/$pid" 2>/dev/null)" = "$owner" ] || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  [ "${exe##*/}" = postgres ] || return 1
  while IFS= read -r -d '' arg; do
    [ "$prev" = -D ] && [ "$arg" = "$dir" ] && return 0
    prev=$arg
  done <"/proc/$pid/cmdline"
  return 1
}

killed=()
if [ -n "$owner" ]; then
  for dir in "$prefix"*/pg; do
    top=${dir%/pg}
    # Neither the test directory nor pg nor the pid file may be a link (or
    # have one on the way): the path must be what it says.
    [ -d "$top" ] && [ ! -L "$top" ] && [ -d "$dir" ] && [ ! -L "$dir" ] \
      || continue
    [ "$(realpath -e -- "$dir" 2>/dev/null)" = "$dir" ] || continue
    [ "$(stat -c %u -- "$dir")" = "$owner" ] || continue
    pidfile=$dir/postmaster.pid
    [ -f "$pidfile" ] && [ ! -L "$pidfile" ] || continue
    [ "$(stat -c %u -- "$pidfile")" = "$owner" ] || continue
    pid=$(head -n1 -- "$pidfile")
    [[ "$pid" =~ ^[1-9][0-9]{0,9}$ ]] || continue
    is_postmaster_of "$pid" "$dir" || continue
    kill -QUIT "$pid" 2>/dev/null && killed+=("$pid")
  done
fi
# An immediate shutdown ends in well under a second; wait for it, boundedly.
for pid in "${killed[@]}"; do
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
done
# rm removes a link itself, never what it points to.
rm -rf -- "$prefix"* 2>/dev/null || true
