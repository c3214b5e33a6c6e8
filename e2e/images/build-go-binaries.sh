#!/usr/bin/env bash
# Builds the Go programs of the single-node Kubernetes image from the Go module proxy:
# one multi-call binary for the Kubernetes components and etcd (kube/), the k3s-style
# launcher (kube/cmd/k3s), CoreDNS and local-path-provisioner.
# Usage: build-go-binaries.sh OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
out="${1:?usage: $0 OUT_DIR}"
mkdir -p "$out"
export GOFLAGS=-mod=mod CGO_ENABLED=0
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

step() { echo "[go-binaries] $(date +%H:%M:%S) $*"; }

# Each binary is rebuilt when its sources change (a hash of them is kept beside it).
hash_of() { cat "$@" | sha256sum | cut -c1-16; }
kube_hash="$(hash_of "$here"/versions.env "$here"/kube/go.mod "$here"/kube/go.sum "$here"/kube/cmd/kube/*.go)"
launcher_hash="$(hash_of "$here"/versions.env "$here"/kube/cmd/k3s/*.go)"

if [[ ! -x "$out/kube" || "$(cat "$out/kube.hash" 2>/dev/null)" != "$kube_hash" ]]; then
  step "building kube $KUBE_VERSION (kube-apiserver, controller-manager, scheduler, kubelet, kube-proxy, kubectl, etcd)"
  minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
  pkgs=(k8s.io/component-base/version k8s.io/client-go/pkg/version)
  ldflags="-s -w"
  for p in "${pkgs[@]}"; do
    ldflags+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  (cd "$here/kube" && go build -trimpath -ldflags "$ldflags" -o "$out/kube.tmp" ./cmd/kube)
  mv "$out/kube.tmp" "$out/kube"
  echo "$kube_hash" > "$out/kube.hash"
fi

if [[ ! -x "$out/k3s" || "$(cat "$out/k3s.hash" 2>/dev/null)" != "$launcher_hash" ]]; then
  step "building the k3s-style launcher"
  (cd "$here/kube" && go build -trimpath -ldflags "-s -w -X main.kubeVersion=$KUBE_VERSION" -o "$out/k3s" ./cmd/k3s)
  echo "$launcher_hash" > "$out/k3s.hash"
fi

# Builds MODULE@VERSION's main package PKG inside a writable copy of the module, so the
# module's own replace directives apply.
build_module() {
  local module="$1" version="$2" pkg="$3" bin="$4" ldflags="${5:-}"
  step "building $module@$version"
  local dir
  dir="$(go mod download -json "$module@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$dir" ]] || { echo "could not download $module@$version" >&2; exit 1; }
  cp -r "$dir" "$work/$bin"
  chmod -R u+w "$work/$bin"
  (cd "$work/$bin" && go build -trimpath -ldflags "-s -w $ldflags" -o "$out/$bin.tmp" "$pkg")
  mv "$out/$bin.tmp" "$out/$bin"
}

[[ -x "$out/coredns" ]] || build_module github.com/coredns/coredns "$COREDNS_VERSION" . coredns \
  "-X github.com/coredns/coredns/coremain.GitCommit=$COREDNS_VERSION"
[[ -x "$out/local-path-provisioner" ]] || build_module github.com/rancher/local-path-provisioner \
  "$LOCAL_PATH_PROVISIONER_VERSION" . local-path-provisioner \
  "-X main.VERSION=$LOCAL_PATH_PROVISIONER_VERSION"
step "done: $(ls "$out" | tr '\n' ' ')"
