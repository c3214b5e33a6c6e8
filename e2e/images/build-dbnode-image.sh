#!/usr/bin/env bash
# Builds the data node image distdb/dbnode:dev from dbnode/server/target/quarkus-app (the
# Quarkus build of "./mvnw package"), on BASE_IMAGE (default: the offline distdb/jre:17,
# built if missing; eclipse-temurin:17-jre works where a registry is reachable).
# Usage: build-dbnode-image.sh [IMAGE]   Prints the image name on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
server="$(cd "$here/../../dbnode/server" && pwd)"
image="${1:-distdb/dbnode:dev}"
export DOCKER_BUILDKIT=0
base="${BASE_IMAGE:-distdb/jre:17}"
if [[ "$base" == "distdb/jre:17" ]]; then
  "$here/build-jre-image.sh" >/dev/null
fi
if [[ ! -f "$server/target/quarkus-app/quarkus-run.jar" ]]; then
  echo "no $server/target/quarkus-app: run ./mvnw -pl dbnode/server -am package first" >&2
  exit 1
fi
echo "[dbnode-image] $(date +%H:%M:%S) building $image on $base" >&2
docker build -q -f "$server/src/main/docker/Dockerfile" --build-arg BASE_IMAGE="$base" -t "$image" "$server" >&2
echo "$image"
