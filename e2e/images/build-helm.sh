#!/usr/bin/env bash
# Builds the helm CLI from the Go module proxy into the image cache and prints its path.
# The binary is rebuilt only when this recipe (the script, which pins the version) or the
# Go version changes; a hash of both is kept beside it.
# Kept apart from versions.env and build-go-binaries.sh so that bumping helm does not
# change the recipe of the k3s image (and rebuild it).
# Usage: build-helm.sh        (prints .../build/helm-VERSION/helm on its last line)
set -euo pipefail
HELM_VERSION=v4.3.2
here="$(cd "$(dirname "$0")" && pwd)"
cache="${DISTDB_IMAGE_CACHE:-$HOME/.cache/distdb-images}"
out="$cache/build/helm-$HELM_VERSION"
step() { echo "[helm] $(date +%H:%M:%S) $*" >&2; }

command -v go >/dev/null || { echo "go is not on PATH (helm $HELM_VERSION needs Go 1.26+)" >&2; exit 1; }
hash="$( (cat "$here/build-helm.sh"; go env GOVERSION) | sha256sum | cut -c1-16)"
if [[ -x "$out/helm" && "$(cat "$out/helm.hash" 2>/dev/null)" == "$hash" ]]; then
  echo "$out/helm"
  exit 0
fi

mkdir -p "$out"
export GOFLAGS=-mod=mod CGO_ENABLED=0
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
step "downloading helm.sh/helm/v4@$HELM_VERSION"
dir="$(go mod download -json "helm.sh/helm/v4@$HELM_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
[[ -n "$dir" ]] || { echo "could not download helm.sh/helm/v4@$HELM_VERSION" >&2; exit 1; }
# A writable copy of the module, so its own go.mod (and replace directives) apply.
cp -r "$dir" "$work/helm"
chmod -R u+w "$work/helm"
step "building helm $HELM_VERSION with $(go env GOVERSION)"
v=helm.sh/helm/v4/internal/version
(cd "$work/helm" && nice -n 5 go build -trimpath \
  -ldflags "-s -w -X $v.version=$HELM_VERSION -X $v.gitTreeState=clean" \
  -o "$out/helm.tmp" ./cmd/helm) >&2
mv "$out/helm.tmp" "$out/helm"
echo "$hash" > "$out/helm.hash"
step "done: $("$out/helm" version --short)"
echo "$out/helm"
