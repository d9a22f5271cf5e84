#!/usr/bin/env bash
# `npm run bench`: the ingest benchmark (docs/benchmarks.md). Installs what is missing (Debian's mosquitto and
# influxdb, npm dependencies), builds the ingester, simulators and benchmark, then runs it; arguments go to it:
#   npm run bench                  3 runs (about 40 min: 13–14 min a run on 2 cores), results in tmp/bench/
#   npm run bench -- --runs 1      one run
#   npm run bench -- --quick       a short smoke run (part of `npm test`)
#   npm run bench -- --docs        also update docs/benchmarks.md and docs/benchmarks.json
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false FORCE_COLOR=0
bash deploy/scripts/install-system-deps.sh
bash deploy/scripts/ensure-node-deps.sh
npx nx run-many -t build -p ingester simulators bench --outputStyle=static
exec node dist/apps/bench/apps/bench/src/main.js "$@"
