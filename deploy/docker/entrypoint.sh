#!/bin/sh
# Chooses the process by the first argument: "gateway" runs the REST gateway, anything else
# (users, movies, theaters, reservations, payments, tickets, all, demo-data) the server launcher.
set -e
case "${1:-all}" in
  gateway) shift; exec java -jar /opt/marquee/gateway/marquee-gateway.jar "$@" ;;
  *)       exec java -jar /opt/marquee/server/marquee-server-launcher.jar "$@" ;;
esac
