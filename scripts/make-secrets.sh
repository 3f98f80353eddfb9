#!/usr/bin/env bash
# Generates every secret of one Marquee installation, once, with openssl: a private certificate
# authority, a TLS certificate per service (and for the gateway as a client), the token signing
# pair, the tickets' QR signing pair, a secret per service and the database passwords. Each
# component gets a directory with exactly what it needs — the gateway only the public key, its
# certificate and the CA; no service another's secret — which docker-compose.yml mounts as that
# container's keys directory. For Kubernetes, --kubernetes prints the two Secrets to apply.
#
#   scripts/make-secrets.sh                      # into deploy/secrets (refuses to overwrite)
#   scripts/make-secrets.sh --dir /secure/place  # elsewhere
#   scripts/make-secrets.sh --client kiosk-lobby-1   # a client certificate for a kiosk or till (mutual TLS)
#   scripts/make-secrets.sh --kubernetes | kubectl apply -f -   # the marquee-keys and marquee-tls Secrets
#
# Keep the directory out of git (it is in .gitignore) and in your secret store; ca.key signs new
# certificates and should live offline. Rotation: docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=deploy/secrets
client=""
kubernetes=false
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --client) client="$2"; shift 2 ;;
    --kubernetes) kubernetes=true; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
services=(users movies theaters reservations payments tickets notifications)
components=("${services[@]}" gateway)
umask 077

# A leaf certificate signed by the CA: names for the compose/Kubernetes DNS names and localhost.
certificate() { # name out-dir extra-SANs usage
  local name=$1 out=$2 san=$3 usage=$4 tmp
  tmp=$(mktemp -d)
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$tmp/ec.key" -out "$tmp/csr" \
    -subj "/CN=$name" 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$tmp/ec.key" -out "$out/tls.key"
  printf 'extendedKeyUsage=%s\n%s' "$usage" "$san" > "$tmp/ext"
  openssl x509 -req -in "$tmp/csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 825 \
    -out "$out/tls.pem" -extfile "$tmp/ext" 2>/dev/null
  cp "$dir/ca.pem" "$out/ca.pem"
  rm -rf "$tmp"
}

ed25519() { # name: <name>.key (PKCS#8 DER, base64) and <name>.pub (X.509 DER, base64) in $dir/keys
  local tmp; tmp=$(mktemp)
  openssl genpkey -algorithm ed25519 -outform DER -out "$tmp"
  base64 -w0 "$tmp" > "$dir/keys/$1.key"
  openssl pkey -inform DER -in "$tmp" -pubout -outform DER | base64 -w0 > "$dir/keys/$1.pub"
  rm -f "$tmp"
}

random() { openssl rand -base64 32 | tr -d '\n=' | tr '+/' '-_'; }

if [ -n "$client" ]; then
  [ -f "$dir/ca.key" ] || { echo "no CA in $dir: run scripts/make-secrets.sh first" >&2; exit 1; }
  mkdir -p "$dir/clients/$client"
  certificate "$client" "$dir/clients/$client" "" clientAuth
  echo "client certificate for $client in $dir/clients/$client (tls.pem, tls.key, ca.pem):"
  echo "  MARQUEE_TLS_CERT=…/tls.pem MARQUEE_TLS_KEY=…/tls.key MARQUEE_TLS_CA=…/ca.pem"
  exit 0
fi

if $kubernetes; then
  [ -f "$dir/keys/jwt-signing.key" ] || { echo "no secrets in $dir: run scripts/make-secrets.sh first" >&2; exit 1; }
  args=()
  for f in jwt-signing.key jwt-signing.pub tickets-qr.key tickets-qr.pub first-manager-password; do args+=(--from-file="$f=$dir/keys/$f"); done
  for s in "${services[@]}"; do args+=(--from-file="service-secret-$s=$dir/keys/service-secret-$s"); done
  kubectl create secret generic marquee-keys "${args[@]}" --dry-run=client -o yaml
  echo "---"
  args=(--from-file="ca.pem=$dir/ca.pem")
  for c in "${components[@]}"; do args+=(--from-file="$c.pem=$dir/$c/tls.pem" --from-file="$c.key=$dir/$c/tls.key"); done
  kubectl create secret generic marquee-tls "${args[@]}" --dry-run=client -o yaml
  echo "---"
  args=(--from-literal="postgres-password=$(cat "$dir/keys/db-password-postgres")")
  for s in "${services[@]}"; do args+=(--from-literal="$s-password=$(cat "$dir/keys/db-password-$s")"); done
  kubectl create secret generic marquee-db "${args[@]}" --dry-run=client -o yaml
  exit 0
fi

if [ -e "$dir/ca.pem" ]; then
  echo "$dir already holds secrets; move it away to make new ones (rotation: docs/operations.md)" >&2
  exit 1
fi
mkdir -p "$dir/keys"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$dir/ca.key" -out "$dir/ca.pem" \
  -days 3650 -subj "/CN=Marquee installation CA" 2>/dev/null
ed25519 jwt-signing
ed25519 tickets-qr
for s in "${services[@]}"; do random > "$dir/keys/service-secret-$s"; done
for s in postgres "${services[@]}"; do random > "$dir/keys/db-password-$s"; done
# The installation's first chain manager (MARQUEE_USERS_FIRST_MANAGER_EMAIL): letters, digits and more.
printf '%s-M7q\n' "$(random)" > "$dir/keys/first-manager-password"

for c in "${components[@]}"; do
  mkdir -p "$dir/$c"
  # Service names as compose and Kubernetes resolve them (users, users-headless, users.<ns>.svc…).
  certificate "$c" "$dir/$c" "subjectAltName=DNS:$c,DNS:$c-headless,DNS:*.$c-headless,DNS:$c.marquee.svc,DNS:localhost,IP:127.0.0.1" \
    serverAuth,clientAuth
  cp "$dir/keys/jwt-signing.pub" "$dir/$c/"
  if [ "$c" != gateway ]; then
    cp "$dir/keys/service-secret-$c" "$dir/$c/"
    cp "$dir/keys/db-password-$c" "$dir/$c/db-password"
  fi
done
# Kafka in docker-compose.yml: the broker's TLS listener (keystore.pem = its key and certificate, as
# Kafka's PEM key store reads them; ca.pem its trust store for the services' client certificates), and
# per service the client settings MARQUEE_KAFKA_CLIENT_PROPERTIES names: TLS to the broker, verified
# against the CA and the name "kafka", with the service's own certificate (mutual TLS, as for gRPC).
mkdir -p "$dir/kafka"
certificate kafka "$dir/kafka" "subjectAltName=DNS:kafka,DNS:localhost,IP:127.0.0.1" serverAuth,clientAuth
cat "$dir/kafka/tls.key" "$dir/kafka/tls.pem" > "$dir/kafka/keystore.pem"
for s in "${services[@]}"; do
  cat "$dir/$s/tls.key" "$dir/$s/tls.pem" > "$dir/$s/kafka-keystore.pem"
  cat > "$dir/$s/kafka-client.properties" <<PROPERTIES
# Kafka client settings of $s (MARQUEE_KAFKA_CLIENT_PROPERTIES): TLS to the compose broker.
security.protocol=SSL
ssl.truststore.type=PEM
ssl.truststore.location=/var/lib/marquee/keys/ca.pem
ssl.keystore.type=PEM
ssl.keystore.location=/var/lib/marquee/keys/kafka-keystore.pem
ssl.endpoint.identification.algorithm=https
PROPERTIES
done
# users signs tokens and checks every service's secret; tickets signs the QR codes.
cp "$dir/keys/jwt-signing.key" "$dir/keys/first-manager-password" "$dir/users/"
for s in "${services[@]}"; do cp "$dir/keys/service-secret-$s" "$dir/users/"; done
cp "$dir/keys/tickets-qr.key" "$dir/keys/tickets-qr.pub" "$dir/tickets/"
# The PostgreSQL container: its superuser password and the six roles' passwords (init-databases.sh).
mkdir -p "$dir/postgres"
cp "$dir/keys/db-password-postgres" "$dir/postgres/postgres-password"
for s in "${services[@]}"; do cp "$dir/keys/db-password-$s" "$dir/postgres/db-password-$s"; done
# Only the owner can enter $dir; a container (uid 10001) reads the one component directory mounted into it.
chmod 700 "$dir" "$dir/keys"
chmod 600 "$dir/ca.key" "$dir"/keys/*
for c in "${components[@]}" postgres kafka; do chmod 755 "$dir/$c"; chmod 644 "$dir/$c"/*; done
echo "secrets for one installation written to $dir (per component: $dir/<name>/); keep $dir/ca.key offline"
