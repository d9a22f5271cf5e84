#!/usr/bin/env bash
# `npm run test:faults`: only the fault-injection suite (also part of `npm test`). Builds the ingester first.
# Shorter local runs: FAULT_OUTAGE_S=20 FAULT_FREEZE_S=50 npm run test:faults
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false FORCE_COLOR=0
bash deploy/scripts/install-system-deps.sh
bash deploy/scripts/ensure-node-deps.sh
npx nx run e2e:faults --outputStyle=static
