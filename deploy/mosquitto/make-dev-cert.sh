#!/usr/bin/env bash
# Makes a DEVELOPMENT certificate authority and a server certificate for Mosquitto's TLS listener (openssl).
#
#   make-dev-cert.sh [out-dir] [hostname…]      default out-dir .data/tls, hostnames localhost
#   sudo make-dev-cert.sh /etc/mosquitto/langxanh/tls broker.example.lan     straight into the production layout
#
# Writes ca.crt, ca.key, server.crt, server.key. ca.key is mode 0600 (only its owner). Mosquitto reads
# server.key after dropping to user `mosquitto`: run as root where a `mosquitto` group exists, server.key is
# root:mosquitto mode 0640 and the out-dir (created 0750 if new) is group mosquitto too; otherwise it stays 0600 and
# the script prints the two commands that let the broker read it. The server certificate names every hostname
# given plus localhost and 127.0.0.1 (subjectAltName), is valid 825 days, EC P-256. Clients trust ca.crt
# (mqtt.js: `ca: fs.readFileSync('ca.crt')`, URL mqtts://host:8883). Never use these in production: there, use a
# certificate from your organisation's CA or Let's Encrypt, and keep the CA key off the broker.
set -euo pipefail
out="${1:-.data/tls}"
shift || true
hosts=(localhost "$@")
command -v openssl >/dev/null || { echo "openssl is required (apt-get install openssl)" >&2; exit 1; }
umask 077
# 0750 (umask 027 for the directory): the broker's group may enter it, others may not.
(umask 027 && mkdir -p "$out")

san="IP:127.0.0.1"
for h in "${hosts[@]}"; do
  if [[ "$h" =~ ^[0-9.]+$ ]]; then san="$san,IP:$h"; else san="$san,DNS:$h"; fi
done

openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -days 825 \
  -subj "/O=LangXanh development/CN=LangXanh development CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$out/ca.key" -out "$out/ca.crt" 2>/dev/null
openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
  -subj "/O=LangXanh development/CN=${hosts[-1]}" \
  -keyout "$out/server.key" -out "$out/server.csr" 2>/dev/null
openssl x509 -req -in "$out/server.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial -days 825 \
  -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n' "$san") \
  -out "$out/server.crt" 2>/dev/null
rm -f "$out/server.csr" "$out/ca.srl"
chmod 0644 "$out/ca.crt" "$out/server.crt"
chmod 0600 "$out/ca.key" "$out/server.key"
if [[ "$(id -u)" -eq 0 ]] && getent group mosquitto >/dev/null 2>&1; then
  # The broker (user mosquitto) must read its key and certificates; nobody else reads the key.
  chgrp mosquitto "$out" "$out/server.key" "$out/server.crt" "$out/ca.crt"
  chmod 0640 "$out/server.key"
  chmod g+rx "$out"
else
  echo "note: Mosquitto runs as user mosquitto and cannot read $out/server.key (mode 0600) yet; as root:" >&2
  echo "  chgrp mosquitto '$out' '$out/server.key' && chmod 0640 '$out/server.key' && chmod g+rx '$out'" >&2
fi
echo "development TLS files in $out: ca.crt (give to clients), server.crt, server.key (subjectAltName $san)"
