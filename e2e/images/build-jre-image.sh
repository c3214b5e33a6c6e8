#!/usr/bin/env bash
# Builds distdb/jre:17, a Java 17 runtime image from Debian (debootstrap +
# openjdk-17-jre-headless) with a non-root user distdb (uid 10001). Offline builds of the
# project's images pass it as --build-arg BASE_IMAGE=distdb/jre:17.
# Cached in ${DISTDB_IMAGE_CACHE:-~/.cache/distdb-images}. Usage: build-jre-image.sh [--force]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
export DOCKER_BUILDKIT=0
cache="${DISTDB_IMAGE_CACHE:-$HOME/.cache/distdb-images}"
image="distdb/jre:17"
# A change to the recipe builds the image anew.
revision="$(cat "$here/build-jre-image.sh" "$here/build-rootfs.sh" "$here/versions.env" "$here/jre/Dockerfile" | sha256sum | cut -c1-12)"
tarball="$cache/jre-17-$revision.tar"
build="$cache/build/jre-17"
force=false
[[ "${1:-}" == "--force" ]] && force=true
step() { echo "[jre-image] $(date +%H:%M:%S) $*" >&2; }

if ! $force; then
  if docker image inspect "$image" >/dev/null 2>&1 \
     && [[ "$(docker image inspect -f '{{index .Config.Labels "io.distdb.revision"}}' "$image")" == "$revision" ]]; then
    step "$image is present"; echo "$image"; exit 0
  fi
  if [[ -f "$tarball" ]]; then
    step "loading $image from $tarball"; docker load -i "$tarball" >&2; echo "$image"; exit 0
  fi
fi
start=$(date +%s)
mkdir -p "$build"
rootfs="$build/rootfs-$revision.tar"
if [[ ! -f "$rootfs" ]] || $force; then
  "$here/build-rootfs.sh" "$rootfs" openjdk-17-jre-headless,ca-certificates,passwd >&2
fi
rootfs_image="distdb/jre-rootfs:${DEBIAN_SUITE}-$(sha256sum "$rootfs" | cut -c1-12)"
docker image inspect "$rootfs_image" >/dev/null 2>&1 || docker import "$rootfs" "$rootfs_image" >&2
docker build -t "$image" --build-arg ROOTFS_IMAGE="$rootfs_image" --label "io.distdb.revision=$revision" "$here/jre" >&2
rm -f "$cache"/jre-17-*.tar  # older recipes
docker save -o "$tarball.tmp" "$image"
mv "$tarball.tmp" "$tarball"
step "built $image in $(( $(date +%s) - start ))s"
echo "$image"
