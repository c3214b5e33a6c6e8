#!/usr/bin/env bash
# Builds one of the project's application images from its Maven build output, on BASE_IMAGE
# (default: the offline distdb/jre:17, built if missing; eclipse-temurin:17-jre works where a
# registry is reachable):
#
#   node      distdb/distdb-node:<appVersion>      dbnode/server/target/quarkus-app (./mvnw package)
#   operator  distdb/distdb-operator:<appVersion>  operator/target/distdb-operator-*.jar + target/lib
#   writer    distdb/distdb-writer:<appVersion>    tools/writer/target/distdb-writer.jar
#
# <appVersion> is the chart's appVersion (charts/distdb-operator/Chart.yaml): the chart's default
# operator image and the data node image that examples/*.yaml name. The image carries a label
# with a hash of its recipe (the Dockerfile, the base image and every file copied in); an image
# with the same hash is kept, so an unchanged build is not rebuilt.
# Usage: build-app-image.sh node|operator|writer [IMAGE]   Prints the image name on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
app="${1:?usage: build-app-image.sh node|operator|writer [IMAGE]}"
version="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$root/charts/distdb-operator/Chart.yaml")"
build_args=()
case "$app" in
  node)
    context="$root/dbnode/server"; inputs=(target/quarkus-app)
    [[ -f "$context/target/quarkus-app/quarkus-run.jar" ]] || missing=yes ;;
  operator)
    context="$root/operator"
    jar="$(cd "$context/target" 2>/dev/null && ls distdb-operator-*.jar 2>/dev/null | grep -v -- '-tests.jar$' | head -n 1 || true)"
    [[ -n "$jar" && -d "$context/target/lib" ]] || missing=yes
    inputs=("target/$jar" target/lib); build_args+=(--build-arg "JAR=target/$jar") ;;
  writer)
    context="$root/tools/writer"; inputs=(target/distdb-writer.jar)
    [[ -f "$context/target/distdb-writer.jar" ]] || missing=yes ;;
  *) echo "unknown application '$app': node, operator or writer" >&2; exit 2 ;;
esac
if [[ "${missing:-}" == yes ]]; then
  echo "no build output of $app in $context/target: run ./mvnw -B -ntp package -DskipTests first" >&2
  exit 1
fi
image="${2:-distdb/distdb-$app:$version}"
export DOCKER_BUILDKIT=0
base="${BASE_IMAGE:-distdb/jre:17}"
if [[ "$base" == "distdb/jre:17" ]]; then
  "$here/build-jre-image.sh" >/dev/null
fi
dockerfile="$context/src/main/docker/Dockerfile"
recipe="$( { sha256sum "$dockerfile" "$here/build-app-image.sh"; docker image inspect -f '{{.Id}}' "$base";
             (cd "$context" && find "${inputs[@]}" -type f -print0 | sort -z | xargs -0 sha256sum); } \
           | sha256sum | cut -c1-16)"
if [[ "$(docker image inspect -f '{{index .Config.Labels "io.distdb.recipe"}}' "$image" 2>/dev/null || true)" == "$recipe" ]]; then
  echo "[app-image] $image is up to date" >&2
  echo "$image"
  exit 0
fi
echo "[app-image] $(date +%H:%M:%S) building $image on $base" >&2
docker build -q -f "$dockerfile" --build-arg BASE_IMAGE="$base" "${build_args[@]}" \
  --label "io.distdb.recipe=$recipe" --label "org.opencontainers.image.version=$version" -t "$image" "$context" >&2
echo "$image"
