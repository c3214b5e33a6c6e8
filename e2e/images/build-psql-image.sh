#!/usr/bin/env bash
# Builds distdb/psql:17, psql (Debian's postgresql-client) and curl on a minimal Debian root file
# system (debootstrap), running as a non-root user (uid 10001): the application pod of the
# end-to-end test that reaches the data nodes' PostgreSQL port and, over HTTPS, their client HTTP
# API through the client Service. ca-certificates gives curl and psql the system trust store (the
# test names the cluster's CA with --cacert and sslrootcert anyway); curl pulls in its TLS library.
# Debian 13 (trixie), not the other images' bookworm: its psql 17 has \bind, so the test sends
# parameterized statements (the extended query protocol: Parse, Bind, Describe, Execute) too;
# bookworm's psql 15 speaks the simple query protocol only.
# Cached in ${DISTDB_IMAGE_CACHE:-~/.cache/distdb-images}. Usage: build-psql-image.sh [--force]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export DOCKER_BUILDKIT=0
PSQL_SUITE=trixie
PSQL_PACKAGES=postgresql-client,passwd,curl,ca-certificates
cache="${DISTDB_IMAGE_CACHE:-$HOME/.cache/distdb-images}"
image="distdb/psql:17"
# A change to the recipe builds the image anew.
revision="$(cat "$here/build-psql-image.sh" "$here/psql/Dockerfile" | sha256sum | cut -c1-12)"
tarball="$cache/psql-17-$revision.tar"
build="$cache/build/psql-17"
force=false
[[ "${1:-}" == "--force" ]] && force=true
step() { echo "[psql-image] $(date +%H:%M:%S) $*" >&2; }

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
# The root file system depends on the suite and the packages alone (the mirror moves on; --force refreshes it).
rootfs="$build/rootfs-$(echo "$PSQL_SUITE $PSQL_PACKAGES" | sha256sum | cut -c1-8).tar"
if [[ ! -f "$rootfs" ]] || $force; then
  # The mirror this machine's apt uses (DEBIAN_MIRROR overrides it), as build-rootfs.sh finds it.
  mirror="${DEBIAN_MIRROR:-}"
  if [[ -z "$mirror" ]]; then
    mirror="$(grep -hoE '^(URIs:|deb) +(\[[^]]*\] +)?https?://[^ ]+/debian/?( |$)' \
      /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | grep -oE 'https?://[^ ]+' | head -1 || true)"
  fi
  mirror="${mirror:-http://deb.debian.org/debian}"
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
  root="$(mktemp -d "${TMPDIR:-/tmp}/psql-rootfs.XXXXXX")"
  trap 'rm -rf "$root"' EXIT
  step "debootstrap $PSQL_SUITE from $mirror with: $PSQL_PACKAGES"
  debootstrap --variant=minbase --include="$PSQL_PACKAGES" "$PSQL_SUITE" "$root" "$mirror" \
    > "$rootfs.debootstrap.log" 2>&1 || { tail -30 "$rootfs.debootstrap.log" >&2; exit 1; }
  # Keep the image small: no package caches, lists, documentation or locales.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
    "$root"/usr/share/locale/* "$root"/var/log/*.log "$root"/var/cache/debconf/*-old
  # Docker manages these files in a running container.
  : > "$root/etc/hostname"; rm -f "$root/etc/resolv.conf"
  tar --numeric-owner -C "$root" -cf "$rootfs.tmp" .
  mv "$rootfs.tmp" "$rootfs"
  rm -rf "$root"
  step "wrote $rootfs ($(du -h "$rootfs" | cut -f1))"
fi
rootfs_image="distdb/psql-rootfs:${PSQL_SUITE}-$(sha256sum "$rootfs" | cut -c1-12)"
docker image inspect "$rootfs_image" >/dev/null 2>&1 || docker import "$rootfs" "$rootfs_image" >&2
docker build -t "$image" --build-arg ROOTFS_IMAGE="$rootfs_image" --label "io.distdb.revision=$revision" "$here/psql" >&2
docker run --rm "$image" psql --version >&2
docker run --rm "$image" curl --version >&2
rm -f "$cache"/psql-17-*.tar  # older recipes
docker save -o "$tarball.tmp" "$image"
mv "$tarball.tmp" "$tarball"
step "built $image in $(( $(date +%s) - start ))s"
echo "$image"
