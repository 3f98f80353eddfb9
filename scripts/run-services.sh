#!/usr/bin/env bash
# Starts the six services as six processes (the "one terminal per service" layout), each with
# its own database, loads the demo programme, and starts the REST gateway on port 3000 in front
# of them. Ctrl-C stops them all.
#
#   scripts/run-services.sh                      # each service on its own embedded PostgreSQL
#   MARQUEE_DB_URL=jdbc:postgresql://db/marquee MARQUEE_DB_USER=… MARQUEE_DB_PASSWORD=… scripts/run-services.sh
#                                                # one external PostgreSQL, a schema per service
set -euo pipefail
cd "$(dirname "$0")/.."
jar=backend/server/target/marquee-server-launcher.jar
gateway=backend/gateway/target/marquee-gateway.jar
[ -f "$jar" ] && [ -f "$gateway" ] || mvn -B -q -ntp install -DskipTests
declare -A port=([users]=9091 [movies]=9092 [theaters]=9093 [reservations]=9094 [payments]=9095 [tickets]=9096)
for s in "${!port[@]}"; do export "MARQUEE_${s^^}_ADDRESS=localhost:${port[$s]}"; done
export MARQUEE_DEMO_DATA="${MARQUEE_DEMO_DATA:-true}"
logs="${MARQUEE_DATA_DIR:-$HOME/.marquee}/logs"; mkdir -p "$logs"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
for s in users theaters movies reservations payments tickets; do
  java -jar "$jar" "$s" >"$logs/$s.log" 2>&1 & pids+=($!)
  echo "started $s on port ${port[$s]} (log: $logs/$s.log)"
done
java -jar "$jar" demo-data >"$logs/demo-data.log" 2>&1 && echo "demo programme loaded" || echo "demo data failed, see $logs/demo-data.log"
java -jar "$gateway" >"$logs/gateway.log" 2>&1 & pids+=($!)
echo "started the REST gateway on http://localhost:3000 (log: $logs/gateway.log)"
echo "all six services and the gateway running; Ctrl-C stops them"
wait
