#!/usr/bin/env bash
# `npm test`: every test of LàngXanh — lint, type-check, unit, integration, end-to-end and fault injection — against real
# Mosquitto and InfluxDB processes that the tests start themselves on free loopback ports.
# Installs what is missing first (Debian's mosquitto, influxdb, chromium; npm dependencies).
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false FORCE_COLOR=0
bash deploy/scripts/install-system-deps.sh
bash deploy/scripts/ensure-node-deps.sh

rm -rf tmp/test-summary
step() { printf '\n=== %s ===\n' "$1"; }
step "lint, type-check, unit tests"
npx nx run-many -t lint typecheck test --outputStyle=static --parallel=2
step "build"
npx nx run-many -t build --outputStyle=static --parallel=2
step "integration tests (real mosquitto + influxd)"
npx nx run-many -t test-integration --outputStyle=static --parallel=1
step "end-to-end tests (built apps as processes, browser)"
npx nx run-many -t e2e --outputStyle=static --parallel=1
step "fault injection (no reading lost: database outage, SIGKILL, broker restart and freeze, hostile input)"
npx nx run-many -t faults --outputStyle=static --parallel=1
step "summary"
node deploy/scripts/test-summary.js
