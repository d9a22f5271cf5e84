#!/usr/bin/env bash
# Issue and revoke MQTT credentials in a Mosquitto password file (mosquitto_passwd, from Debian's `mosquitto`).
#
#   credentials.sh station <station-id>   issue (or replace) a station's credential; prints username and password once
#   credentials.sh revoke  <station-id>   remove a station's credential
#   credentials.sh ingester [username]    issue the ingester's credential (default username langxanh-ingester)
#   credentials.sh list                   usernames in the password file
#
# Options (environment): PASSWORD_FILE (default /etc/mosquitto/langxanh/passwd), REGISTRY (default
# deploy/registry/bac-ninh.json). A station's username is its topic path `<cluster>/<kind>/<station>`, read from
# the registry, which the shipped ACL (`pattern write langxanh/v1/%u/…`) turns into "its own topics only".
# Passwords are 32 random characters, passed to mosquitto_passwd on stdin (never on a command line). After a
# change, reload the broker: `systemctl reload mosquitto` (or `kill -HUP <pid>`). A revoked station cannot
# connect again; a connection already open stays until it drops, so restart the broker to cut it at once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PASSWORD_FILE="${PASSWORD_FILE:-/etc/mosquitto/langxanh/passwd}"
REGISTRY="${REGISTRY:-$here/../registry/bac-ninh.json}"

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
need() { command -v "$1" >/dev/null || { echo "$1 is required (apt-get install $2)" >&2; exit 1; }; }

# <cluster>/<kind>/<station> of a registry station, or an error.
station_username() {
  local id="$1"
  [[ "$id" =~ ^[a-z0-9-]{1,64}$ ]] || { echo "not a station id: $id" >&2; exit 1; }
  need jq jq
  local path
  path="$(jq -r --arg id "$id" \
    '.clusters[] | .id as $c | .stations[] | select(.id == $id) | "\($c)/\(.kind)/\(.id)"' "$REGISTRY")"
  [[ -n "$path" ]] || { echo "station $id is not in $REGISTRY" >&2; exit 1; }
  echo "$path"
}

issue() {
  local username="$1" password
  [[ "$username" =~ ^[a-z0-9][a-z0-9/._-]{0,191}$ ]] || { echo "not a valid username: '$username'" >&2; exit 1; }
  need mosquitto_passwd mosquitto
  need openssl openssl
  password="$(openssl rand -base64 24 | tr -d '\n' | tr '+/' '-_')"
  mkdir -p "$(dirname "$PASSWORD_FILE")"
  if [[ ! -e "$PASSWORD_FILE" ]]; then (umask 077 && : >"$PASSWORD_FILE"); fi
  printf '%s\n%s\n' "$password" "$password" | mosquitto_passwd "$PASSWORD_FILE" "$username" >/dev/null
  share_with_broker
  echo "username=$username"
  echo "password=$password"
  echo "issued in $PASSWORD_FILE; reload the broker (systemctl reload mosquitto)" >&2
}

# The broker reads the file as user mosquitto (also on reload): root-owned, group mosquitto, mode 0640.
share_with_broker() {
  if getent group mosquitto >/dev/null 2>&1 && [[ "$(id -u)" -eq 0 ]]; then
    chgrp mosquitto "$PASSWORD_FILE" && chmod 0640 "$PASSWORD_FILE"
  fi
}

case "${1:-}" in
  station)
    [[ $# -eq 2 ]] || usage
    username="$(station_username "$2")"
    issue "$username"
    ;;
  ingester) issue "${2:-langxanh-ingester}" ;;
  revoke)
    [[ $# -eq 2 ]] || usage
    need mosquitto_passwd mosquitto
    username="$(station_username "$2")"
    grep -q "^${username}:" "$PASSWORD_FILE" || { echo "$username has no credential in $PASSWORD_FILE" >&2; exit 1; }
    mosquitto_passwd -D "$PASSWORD_FILE" "$username"
    share_with_broker
    echo "revoked $username in $PASSWORD_FILE; reload the broker (systemctl reload mosquitto)" >&2
    ;;
  list) cut -d: -f1 "$PASSWORD_FILE" ;;
  *) usage ;;
esac
