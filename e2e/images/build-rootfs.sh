#!/usr/bin/env bash
# Builds a minimal Debian root file system with debootstrap and writes it as a tarball.
# Usage: build-rootfs.sh OUT.tar PACKAGE[,PACKAGE...]
# The mirror is the one this machine's apt uses (DEBIAN_MIRROR overrides it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
out="${1:?usage: $0 OUT.tar PACKAGES}"
packages="${2:?usage: $0 OUT.tar PACKAGES}"

mirror="${DEBIAN_MIRROR:-}"
if [[ -z "$mirror" ]]; then
  mirror="$(grep -hoE '^(URIs:|deb) +(\[[^]]*\] +)?https?://[^ ]+/debian/?( |$)' \
    /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | grep -oE 'https?://[^ ]+' | head -1 || true)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"

command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
root="$(mktemp -d "${TMPDIR:-/tmp}/rootfs.XXXXXX")"
trap 'rm -rf "$root"' EXIT
echo "[rootfs] $(date +%H:%M:%S) debootstrap $DEBIAN_SUITE from $mirror with: $packages"
debootstrap --variant=minbase --include="$packages" "$DEBIAN_SUITE" "$root" "$mirror" \
  > "$out.debootstrap.log" 2>&1 || { tail -30 "$out.debootstrap.log" >&2; exit 1; }
# Keep the image small: no package caches, lists, documentation or locales.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
  "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
  "$root"/usr/share/locale/* "$root"/var/log/*.log "$root"/var/cache/debconf/*-old
# Docker manages these files in a running container.
: > "$root/etc/hostname"; rm -f "$root/etc/resolv.conf"
tar --numeric-owner -C "$root" -cf "$out.tmp" .
mv "$out.tmp" "$out"
echo "[rootfs] $(date +%H:%M:%S) wrote $out ($(du -h "$out" | cut -f1))"
