#!/usr/bin/env bash
# Entrypoint of the FloorWatch Flink image: installs the project's flink-conf/config.yaml (mounted
# read-only at /opt/floorwatch/flink-conf by docker compose, else the copy baked into the image) as
# Flink's configuration, then hands over to the image's own entrypoint, which merges
# FLINK_PROPERTIES into it. The copy is needed because that entrypoint rewrites config.yaml in place.
set -euo pipefail
cp /opt/floorwatch/flink-conf/config.yaml /opt/flink/conf/config.yaml
exec /docker-entrypoint.sh "$@"
