#!/usr/bin/env bash
# Installs the system packages the build needs when they are missing (Debian/Ubuntu): zlib and OpenSSL
# headers, and curl for the test scripts. Uses sudo when not run as root.
set -euo pipefail
packages=(zlib1g-dev libssl-dev curl)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
run apt-get update -qq
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
