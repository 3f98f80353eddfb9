#!/bin/sh
# Starts the kiosk the way a lobby installation should: a class-data-sharing archive of the app's
# classes (made on the first run, reused after; start-up about a third faster), a heap sized for
# a kiosk, and fewer malloc arenas. Arguments go to the app, e.g.
#   scripts/run-kiosk.sh --fullscreen --backend tickets.example.internal:9090
# Figures with and without these settings: docs/benchmarks.md ("Kiosk app").
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
jar="${MARQUEE_KIOSK_JAR:-$here/kiosk-app/target/marquee-kiosk.jar}"
data="${MARQUEE_DATA_DIR:-$HOME/.marquee}"
mkdir -p "$data"
archive="$data/kiosk-classes.jsa"
# An archive made from another build of the jar is refused by the JVM (it checks the class path),
# so it is rebuilt whenever the jar is newer than the archive.
if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
    cds="-XX:SharedArchiveFile=$archive"
else
    rm -f "$archive"
    cds="-XX:ArchiveClassesAtExit=$archive"
fi
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java $cds -Xshare:auto -XX:+UseSerialGC -Xmx256m -XX:ReservedCodeCacheSize=64m -Xss512k \
    ${MARQUEE_KIOSK_JAVA_OPTS:-} -jar "$jar" "$@"
