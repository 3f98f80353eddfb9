#!/usr/bin/env bash
# Starts the six services as six processes (the "one terminal per service" layout), each with
# its own database, loads the demo programme, and starts the REST gateway in front of them.
# Ctrl-C (or SIGTERM to this script) stops them all; so does any one of them exiting.
#
#   scripts/run-services.sh                 # each service on the embedded PostgreSQL, a database + role each
#   scripts/run-services.sh --database-url 'jdbc:postgresql://db:5432/marquee?user=marquee&password=secret'
#                                           # one external PostgreSQL, a schema per service
#   MARQUEE_DATABASE_URL='jdbc:postgresql://…' scripts/run-services.sh     # the same, from the environment
#
# Options: --database-url URL (or MARQUEE_DATABASE_URL / MARQUEE_DB_URL, with MARQUEE_DB_USER and
# MARQUEE_DB_PASSWORD if the URL carries no credentials); --base-port N (default 9090: services
# on N+1…N+6, metrics on +1000); --gateway-port N (default 3000); --no-demo-data;
# --tls DIR: mutual TLS between all seven, with the certificates scripts/make-secrets.sh wrote to DIR.
# A database per service instead: MARQUEE_<SERVICE>_DB_URL for each (see docs/operations.md).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
database_url="${MARQUEE_DATABASE_URL:-}"
tls_dir=""
base_port="${MARQUEE_BASE_PORT:-9090}"
gateway_port="${MARQUEE_GATEWAY_PORT:-3000}"
while [ $# -gt 0 ]; do
  case "$1" in
    --database-url) [ $# -ge 2 ] || { echo "--database-url needs a JDBC URL" >&2; exit 2; }; database_url="$2"; shift 2 ;;
    --database-url=*) database_url="${1#*=}"; shift ;;
    --base-port) base_port="$2"; shift 2 ;;
    --gateway-port) gateway_port="$2"; shift 2 ;;
    --no-demo-data) export MARQUEE_DEMO_DATA=false; shift ;;
    --tls) tls_dir="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ -n "$database_url" ]; then
  case "$database_url" in
    jdbc:postgresql://*) export MARQUEE_DB_URL="$database_url" ;;
    *) echo "--database-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db?user=…&password=…)" >&2; exit 2 ;;
  esac
fi

jar=backend/server/target/marquee-server-launcher.jar
gateway=backend/gateway/target/marquee-gateway.jar
[ -f "$jar" ] && [ -f "$gateway" ] || mvn -B -q -ntp install -DskipTests
services=(users movies theaters reservations payments tickets)
declare -A port
for i in "${!services[@]}"; do
  s=${services[$i]}; port[$s]=$((base_port + i + 1))
  export "MARQUEE_${s^^}_ADDRESS=localhost:${port[$s]}"
done
export MARQUEE_DEMO_DATA="${MARQUEE_DEMO_DATA:-true}"
export MARQUEE_GATEWAY_PORT="$gateway_port"
logs="${MARQUEE_DATA_DIR:-$HOME/.marquee}/logs"; mkdir -p "$logs"
# The URL may carry a password: print it without.
shown_url=$(printf '%s' "${MARQUEE_DB_URL:-}" | sed -E 's/([?&;][Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]=)[^&;]*/\1***/')
echo "database: ${shown_url:-embedded PostgreSQL in ${MARQUEE_DATA_DIR:-$HOME/.marquee}/postgres}"

# With --tls each process serves and calls with its own certificate (mutual TLS), named after it.
tls_env() {
  [ -n "$tls_dir" ] || return 0
  echo "MARQUEE_TLS_CERT=$tls_dir/$1/tls.pem MARQUEE_TLS_KEY=$tls_dir/$1/tls.key MARQUEE_TLS_CA=$tls_dir/ca.pem MARQUEE_TLS_CLIENT_AUTH=require"
}
if [ -n "$tls_dir" ]; then
  [ -f "$tls_dir/ca.pem" ] || { echo "--tls $tls_dir: no ca.pem there; run scripts/make-secrets.sh --dir $tls_dir" >&2; exit 2; }
  tls_dir=$(cd "$tls_dir" && pwd)
  echo "mutual TLS with the certificates in $tls_dir"
fi

pids=()
stop() { trap - EXIT INT TERM; [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; wait || true; }
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
# A server binds its port only after its migrations ran, so an open port means "ready".
await_port() {
  local name=$1 p=$2 pid=$3
  until (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "$name exited during start-up, see $logs/$name.log" >&2; exit 1; }
    sleep 0.5
  done
}
declare -A pid_of
for s in users theaters movies reservations payments tickets; do
  env $(tls_env "$s") java -jar "$jar" "$s" --port "${port[$s]}" >"$logs/$s.log" 2>&1 & pids+=($!); pid_of[$s]=$!
  echo "starting $s on port ${port[$s]} (log: $logs/$s.log)"
done
for s in users theaters movies reservations payments tickets; do await_port "$s" "${port[$s]}" "${pid_of[$s]}"; done
echo "six services ready"
if [ "$MARQUEE_DEMO_DATA" = true ]; then
  env $(tls_env gateway) java -jar "$jar" demo-data >"$logs/demo-data.log" 2>&1 && echo "demo programme loaded" \
    || echo "demo data failed, see $logs/demo-data.log"
fi
env $(tls_env gateway) java -jar "$gateway" --port "$gateway_port" --backend "localhost:${port[users]}" >"$logs/gateway.log" 2>&1 & pids+=($!)
echo "started the REST gateway on http://localhost:$gateway_port (log: $logs/gateway.log)"
echo "all six services and the gateway running; Ctrl-C stops them"
# Any process ending (a crash, a port in use) stops the rest: half a deployment is worse than none.
wait -n "${pids[@]}" || true
echo "a process exited; stopping the others" >&2
