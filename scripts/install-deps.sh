#!/usr/bin/env bash
# Installs the Debian packages souk needs to build, run and test: only the
# missing ones, so a second run costs a second.
set -euo pipefail

packages=(
  # toolchain
  g++ make cmake ccache pkg-config
  # libraries
  libcaf-dev libboost-dev libboost-system-dev libpqxx-dev libsimdjson-dev
  libspdlog-dev libgtest-dev libgmock-dev libbenchmark-dev libssl-dev
  libsodium-dev libjwt-dev
  # the embedded database; setfacl lets its user reach a data dir under /root
  postgresql-15 acl
  # tests and tools: process control, a readable load average, a real SMTP
  # server and a certificate for its STARTTLS
  procps python3-aiosmtpd openssl ca-certificates
  # the web UI's browser tests (playwright-core drives Debian's Chromium)
  chromium fonts-liberation
)

# Medusa's JavaScript client test needs Node and npm; a machine with a
# newer Node already (e.g. from NodeSource) keeps it.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${missing[*]}; run as root (or install them)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
# souk runs its own cluster; the package must not create and start another.
mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/souk.conf
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
