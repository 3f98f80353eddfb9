#!/usr/bin/env bash
# Starts the seven services (users … tickets, notifications) as seven processes (the "one terminal
# per service" layout), each with its own database, loads the demo programme, and starts the REST
# gateway in front of them.
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
# --tls DIR: mutual TLS between all eight, with the certificates scripts/make-secrets.sh wrote to DIR.
# A database per service instead: MARQUEE_<SERVICE>_DB_URL for each (see docs/operations.md).
# Events between the processes (a cancelled showtime refunds its bookings, tickets by e-mail) need
# Kafka: MARQUEE_KAFKA_BOOTSTRAP=host:port (or --kafka host:port) names a running broker; with
# --kafka-home DIR (or KAFKA_HOME, an unpacked Kafka 4 download) and a localhost bootstrap nobody
# listens on yet, one KRaft broker is started from DIR with its data in $MARQUEE_DATA_DIR/kafka.
# E-mail: MARQUEE_SMTP_HOST (and _PORT, _FROM …) for the notifications service.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
database_url="${MARQUEE_DATABASE_URL:-}"
tls_dir=""
kafka_home="${KAFKA_HOME:-}"
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
    --kafka) export MARQUEE_KAFKA_BOOTSTRAP="$2"; shift 2 ;;
    --kafka-home) kafka_home="$2"; shift 2 ;;
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
services=(users movies theaters reservations payments tickets notifications)
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

# Kafka: the given broker, or one started here (localhost bootstrap, --kafka-home); without it the
# processes run, but no event crosses from one to another.
start_kafka() {
  local bootstrap="${MARQUEE_KAFKA_BOOTSTRAP:-}" host kport kdir cluster
  if [ -z "$bootstrap" ]; then
    echo "no MARQUEE_KAFKA_BOOTSTRAP: events stay inside each process (no refunds on a cancelled showtime, no e-mail);"
    echo "  give --kafka host:port (and --kafka-home DIR to start a local broker) for the full behaviour"
    return 0
  fi
  host=${bootstrap%%:*}; kport=${bootstrap##*:}
  if (echo >"/dev/tcp/$host/$kport") 2>/dev/null; then echo "events through the Kafka broker at $bootstrap"; return 0; fi
  case "$host" in localhost|127.0.0.1) ;; *) echo "Kafka at $bootstrap does not answer" >&2; exit 1 ;; esac
  [ -n "$kafka_home" ] && [ -x "$kafka_home/bin/kafka-server-start.sh" ] || {
    echo "nothing listens on $bootstrap; start a broker there or give --kafka-home DIR (a Kafka 4 download) to start one" >&2; exit 1; }
  kdir="${MARQUEE_DATA_DIR:-$HOME/.marquee}/kafka"; mkdir -p "$kdir"
  cat >"$kdir/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://localhost:$kport,CONTROLLER://localhost:$((kport + 1))
advertised.listeners=PLAINTEXT://localhost:$kport
controller.listener.names=CONTROLLER
controller.quorum.voters=1@localhost:$((kport + 1))
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$kdir/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPERTIES
  if [ ! -f "$kdir/data/meta.properties" ]; then
    cluster=$("$kafka_home/bin/kafka-storage.sh" random-uuid)
    "$kafka_home/bin/kafka-storage.sh" format -t "$cluster" -c "$kdir/server.properties" >"$logs/kafka-format.log" 2>&1
  fi
  "$kafka_home/bin/kafka-server-start.sh" "$kdir/server.properties" >"$logs/kafka.log" 2>&1 & pids+=($!)
  echo "starting Kafka on $bootstrap from $kafka_home (log: $logs/kafka.log)"
  await_port kafka "$kport" "$!"
}
start_kafka
for s in users theaters movies reservations payments tickets notifications; do
  env $(tls_env "$s") java -jar "$jar" "$s" --port "${port[$s]}" >"$logs/$s.log" 2>&1 & pids+=($!); pid_of[$s]=$!
  echo "starting $s on port ${port[$s]} (log: $logs/$s.log)"
done
for s in users theaters movies reservations payments tickets notifications; do await_port "$s" "${port[$s]}" "${pid_of[$s]}"; done
echo "seven services ready"
if [ "$MARQUEE_DEMO_DATA" = true ]; then
  env $(tls_env gateway) java -jar "$jar" demo-data >"$logs/demo-data.log" 2>&1 && echo "demo programme loaded" \
    || echo "demo data failed, see $logs/demo-data.log"
fi
env $(tls_env gateway) java -jar "$gateway" --port "$gateway_port" --backend "localhost:${port[users]}" >"$logs/gateway.log" 2>&1 & pids+=($!)
echo "started the REST gateway on http://localhost:$gateway_port (log: $logs/gateway.log)"
echo "all seven services and the gateway running; Ctrl-C stops them"
# Any process ending (a crash, a port in use) stops the rest: half a deployment is worse than none.
wait -n "${pids[@]}" || true
echo "a process exited; stopping the others" >&2
