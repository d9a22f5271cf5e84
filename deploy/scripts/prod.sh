#!/usr/bin/env bash
# `npm run start:prod`: LàngXanh in production mode — the BUILT ingester serving the API, socket.io and the built
# dashboard (DASHBOARD_DIR) on one port, configured only by an env file (docs/deploy.md). The same command as the
# systemd unit's ExecStart (deploy/systemd/langxanh-ingester.service), which reads the same file itself.
#   LANGXANH_ENV_FILE   the env file (default /etc/langxanh/langxanh.env); variables already in the environment win
#   --build             build the ingester, the dashboard and the backup tool first (`npm run build:prod`)
# No `vite preview`, no stack runner, no simulators: Mosquitto and InfluxDB are the system's services.
set -euo pipefail
cd "$(dirname "$0")/../.."
env_file="${LANGXANH_ENV_FILE:-/etc/langxanh/langxanh.env}"
main=dist/apps/ingester/apps/ingester/src/main.js

if [ "${1:-}" = "--build" ]; then
  NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false npx nx run-many -t build -p ingester dashboard ops --outputStyle=static
fi
if [ ! -f "$main" ] || [ ! -f dist/apps/dashboard/index.html ]; then
  echo "error: not built; run: npm run build:prod" >&2
  exit 1
fi
if [ ! -r "$env_file" ]; then
  echo "error: cannot read the env file $env_file (set LANGXANH_ENV_FILE; example: deploy/systemd/langxanh.env.example)" >&2
  exit 1
fi
# production mode is production: the file must say so (the ingester then refuses weak secrets)
if [ "${NODE_ENV:-}" != "production" ] && ! grep -qx 'NODE_ENV=production' "$env_file"; then
  echo "error: $env_file must set NODE_ENV=production" >&2
  exit 1
fi
exec node --env-file="$env_file" --enable-source-maps "$main"
