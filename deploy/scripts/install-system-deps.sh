#!/usr/bin/env bash
# Installs what LàngXanh needs from Debian's packages when it is absent:
#   mosquitto (MQTT broker 2.0), influxdb (InfluxDB 1.6.7: /write and /query), pure-ftpd (the FTP server TT 10
#   dataloggers upload to, docs/tt10.md), redis-server (Redis 7: the shared state of two ingester nodes,
#   docs/high-availability.md), chromium (browser tests); for the install-artefact and production-mode
#   tests (docs/deploy.md): nginx (`nginx -t`, TLS in front of production mode), docker-compose (`config`, client
#   side only: no engine), systemd (`systemd-analyze verify`).
# Idempotent and quiet when everything is there. Needs root (or sudo) only when something is missing.
# The packages' own system services are not used: LàngXanh starts private instances on loopback.
set -euo pipefail

missing=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v influxd >/dev/null 2>&1 || missing+=(influxdb)
command -v pure-ftpd >/dev/null 2>&1 || [ -x /usr/sbin/pure-ftpd ] || missing+=(pure-ftpd)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
if [ "${LANGXANH_SKIP_BROWSER:-0}" != "1" ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing from Debian's packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: ${missing[*]} missing and not root (no sudo). Install them: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
log=$(mktemp)
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "error: apt-get install ${missing[*]} failed (log above)" >&2
  exit 1
fi
rm -f "$log"
# Debian's pure-ftpd starts a system FTP server on port 21 for the machine's Unix accounts; LàngXanh runs its own
# (virtual accounts, loopback), so that one is stopped and disabled where systemd runs it.
if [[ " ${missing[*]} " == *" pure-ftpd "* ]] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now pure-ftpd >/dev/null 2>&1 || true
fi
# Likewise Debian's redis-server starts a system Redis on 6379; LàngXanh's tests start their own on loopback.
if [[ " ${missing[*]} " == *" redis-server "* ]] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now redis-server >/dev/null 2>&1 || true
fi
# Debian's nginx starts a system web server on port 80 where systemd runs it; the tests run their own on loopback.
if [[ " ${missing[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
fi
echo "Installed: ${missing[*]}"
