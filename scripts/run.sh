#!/usr/bin/env bash
# The README's first command: install what is missing, build, generate the
# demo city (once) and serve it on port 8114.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPCCC_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)"
DB="${PCCC_DB:-demo.sqlite}"
if [ ! -f "$DB" ]; then
  build/app/pccc demo --db "$DB" --scale "${PCCC_DEMO_SCALE:-10}"
fi
exec build/app/pccc serve --db "$DB" --port "${PCCC_PORT:-8114}" --bind "${PCCC_BIND:-127.0.0.1}"
