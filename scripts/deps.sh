#!/usr/bin/env bash
# Installs the Debian 12 packages pccc needs, by name, only those missing.
# Run as root (or with sudo). The one list of build, run and test dependencies.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git ca-certificates curl
  libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite spatialite-bin
  libgeos-dev libproj-dev proj-bin proj-data
  libmicrohttpd-dev libcjson-dev libssl-dev libreadosm-dev libexpat1-dev zlib1g-dev
  libcmocka-dev jq wrk nginx
  libjs-leaflet chromium chromium-driver nodejs
  clang libclang-rt-14-dev python3
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "pccc: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
