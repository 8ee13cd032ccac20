#!/usr/bin/env bash
# Installs the Debian 12 packages wsgate needs to build, test and drive real
# proxies. Idempotent: it asks apt only for what is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  # The fuzz build: clang-14, the clang/clang++ names it is called by, and
  # its libFuzzer, ASan and UBSan runtimes.
  clang clang-14 libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev libssl-dev zlib1g-dev
  libcli11-dev libyaml-cpp-dev libgtest-dev libgmock-dev libbenchmark-dev
  # wsgate-proxy's regular expressions, with the library nginx 1.22 uses.
  libpcre2-dev
  nginx-light haproxy caddy openssl procps
  chromium libxml2-utils
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]} (run as root, or install them)" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the nginx, haproxy and caddy services on install where it can;
# wsgate runs its own instances and wants the system ones out of the way.
if command -v service >/dev/null 2>&1; then
  for s in nginx haproxy caddy; do service "$s" stop >/dev/null 2>&1 || true; done
fi
