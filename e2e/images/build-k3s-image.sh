#!/usr/bin/env bash
# Builds the offline single-node Kubernetes image distdb/k3s:<version>, a drop-in for the
# rancher/k3s image (same entrypoint, volumes, kubeconfig path and log lines), from:
#   - the Kubernetes components and etcd of the pinned Kubernetes release, built with Go
#     from the Go module proxy (kube/), and a k3s-style launcher (kube/cmd/k3s);
#   - a Debian root file system from debootstrap with containerd, runc, the CNI plugins,
#     iptables and the other tools a node needs;
#   - the images the cluster runs itself (pause, CoreDNS, local-path-provisioner and its
#     busybox helper), built here and imported by the launcher at start.
# The result is cached outside the repository, by version, in
# ${DISTDB_IMAGE_CACHE:-~/.cache/distdb-images}: a second run loads the saved tarball.
# Usage: build-k3s-image.sh [--force]   Prints the image name on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
export DOCKER_BUILDKIT=0

cache="${DISTDB_IMAGE_CACHE:-$HOME/.cache/distdb-images}"
image="distdb/k3s:${KUBE_VERSION}-distdb${IMAGE_REVISION}"
# Everything the image is made from: a change to any of it builds the image anew.
recipe="$(cd "$here" && find versions.env build-k3s-image.sh build-go-binaries.sh build-rootfs.sh \
  kube/go.mod kube/go.sum kube/cmd k3s pause busybox coredns local-path-provisioner -type f -print0 \
  | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)"
tarball="$cache/k3s-${KUBE_VERSION}-distdb${IMAGE_REVISION}-$recipe.tar"
build="$cache/build/k3s-${KUBE_VERSION}"
force=false
[[ "${1:-}" == "--force" ]] && force=true

step() { echo "[k3s-image] $(date +%H:%M:%S) $*" >&2; }

if ! $force; then
  if [[ "$(docker image inspect -f '{{index .Config.Labels "io.distdb.recipe"}}' "$image" 2>/dev/null)" == "$recipe" ]]; then
    step "$image is present"
    echo "$image"; exit 0
  fi
  if [[ -f "$tarball" ]]; then
    step "loading $image from $tarball"
    docker load -i "$tarball" >&2
    echo "$image"; exit 0
  fi
fi

start=$(date +%s)
mkdir -p "$build/bin" "$build/context/images"
ctx="$build/context"

# 1. Go programs (the longest step: about 20 minutes on two cores from an empty Go cache).
nice -n 5 "$here/build-go-binaries.sh" "$build/bin" >&2

# 2. Debian root file system of the node.
node_packages="containerd,runc,containernetworking-plugins,iptables,conntrack,ethtool,socat,util-linux,mount"
node_packages+=",ca-certificates,iproute2,kmod,procps,findutils,e2fsprogs,nfs-common"
rootfs="$build/node-rootfs-$(echo "$DEBIAN_SUITE $node_packages" | sha256sum | cut -c1-8).tar"
if [[ ! -f "$rootfs" ]] || $force; then
  "$here/build-rootfs.sh" "$rootfs" "$node_packages" >&2
fi

# 3. The images the cluster runs itself, under the names its manifests use.
step "building pause, busybox, CoreDNS and local-path-provisioner images"
small="$build/small"
rm -rf "$small"; mkdir -p "$small"
cp -r "$here/pause" "$here/busybox" "$here/coredns" "$here/local-path-provisioner" "$small/"
gcc -static -O2 -Wall -o "$small/pause/pause" "$here/pause/pause.c"
strip "$small/pause/pause"
(cd "$small" && apt-get download busybox-static >/dev/null 2>&1) || {
  apt-get update -q >/dev/null && (cd "$small" && apt-get download busybox-static >/dev/null)
}
dpkg-deb -x "$small"/busybox-static_*.deb "$small/deb"
cp "$small/deb/bin/busybox" "$small/busybox/busybox"
cp "$build/bin/coredns" "$small/coredns/"
cp "$build/bin/local-path-provisioner" "$small/local-path-provisioner/"
busybox_local="distdb/busybox:$(dpkg-deb -f "$small"/busybox-static_*.deb Version | sed 's/^[0-9]*://; s/[^A-Za-z0-9_.-]/-/g')"
docker build -q -t "$PAUSE_IMAGE" "$small/pause" >&2
docker build -q -t "$BUSYBOX_IMAGE" -t "$busybox_local" "$small/busybox" >&2
docker build -q -t "$COREDNS_IMAGE" "$small/coredns" >&2
docker build -q -t "$LOCAL_PATH_IMAGE" --build-arg BASE_IMAGE="$busybox_local" "$small/local-path-provisioner" >&2
docker save -o "$ctx/images/distdb-system-images.tar" "$PAUSE_IMAGE" "$BUSYBOX_IMAGE" "$COREDNS_IMAGE" "$LOCAL_PATH_IMAGE"
# Keep the public names out of the local Docker image list; the tarball has them.
docker rmi "$PAUSE_IMAGE" "$BUSYBOX_IMAGE" "$COREDNS_IMAGE" "$LOCAL_PATH_IMAGE" >/dev/null

# 4. The node image.
step "assembling $image"
rootfs_image="distdb/k3s-rootfs:${DEBIAN_SUITE}-$(sha256sum "$rootfs" | cut -c1-12)"
docker image inspect "$rootfs_image" >/dev/null 2>&1 || docker import "$rootfs" "$rootfs_image" >&2
cp "$build/bin/kube" "$build/bin/k3s" "$ctx/"
rm -rf "$ctx/manifests"; cp -r "$here/k3s/manifests" "$ctx/manifests"
cp "$here/k3s/Dockerfile" "$ctx/Dockerfile"
docker build -t "$image" --build-arg ROOTFS_IMAGE="$rootfs_image" \
  --label "io.distdb.kubernetes-version=$KUBE_VERSION" --label "io.distdb.recipe=$recipe" "$ctx" >&2
step "saving $image to $tarball"
mkdir -p "$cache"
rm -f "$cache"/k3s-*.tar  # older recipes
docker save -o "$tarball.tmp" "$image"
mv "$tarball.tmp" "$tarball"
# The busybox image doubles as the image of the end-to-end smoke test.
docker save -o "$cache/busybox.tar" "$busybox_local"
echo "$busybox_local" > "$cache/busybox.image"
step "built $image in $(( $(date +%s) - start ))s"
echo "$image"
