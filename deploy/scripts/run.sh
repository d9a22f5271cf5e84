#!/usr/bin/env bash
# `npm start`: installs what is missing (Debian's mosquitto and influxdb, npm dependencies), builds, then runs
# Mosquitto, InfluxDB, the ingester, the dashboard and the simulators together until Ctrl-C.
# Data and logs stay in .data/ between runs. Options go to the stack runner, e.g. `npm start -- --no-simulators`.
set -euo pipefail
cd "$(dirname "$0")/../.."
LANGXANH_SKIP_BROWSER=1 bash deploy/scripts/install-system-deps.sh
bash deploy/scripts/ensure-node-deps.sh
echo "Building the ingester, dashboard, simulators…"
npx nx run-many -t build -p ingester dashboard simulators stack --outputStyle=static >/dev/null || {
  echo "build failed; run: npx nx run-many -t build -p ingester dashboard simulators stack" >&2
  exit 1
}
# The runner gets SIGTERM when its parent (npm) dies, so `kill <npm pid>` also stops everything in order
# (util-linux setpriv; Debian has it).
if command -v setpriv >/dev/null 2>&1; then
  exec setpriv --pdeathsig TERM node dist/deploy/stack/deploy/stack/src/main.js --root "$PWD" "$@"
fi
exec node dist/deploy/stack/deploy/stack/src/main.js --root "$PWD" "$@"
