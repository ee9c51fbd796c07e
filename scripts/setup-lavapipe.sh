#!/usr/bin/env bash
# Software Vulkan for the WebGPU tests on machines without a GPU: Mesa 25's lavapipe from Debian
# bookworm-backports, which Dawn (npm `webgpu`) accepts; bookworm's own Mesa 22 it rejects
# (requestAdapter() returns null). Adapted from the workplace's ../shared/gpu/setup-lavapipe.sh:
# this copy retries the apt install after an `apt-get update` (a fresh CI machine has no package
# lists) and writes the ICD file only when it changes.
#
# Leaves the system's apt sources alone: the backports package is downloaded with a private apt
# configuration and only its driver library is copied into DIR. Idempotent: a second run downloads
# nothing. Usage: scripts/setup-lavapipe.sh DIR (the WebGPU package's tests look in .lavapipe/).
# Prints the line to eval: export VK_DRIVER_FILES=DIR/lvp_icd.json ...
set -eu
dir=$(mkdir -p "${1:?usage: setup-lavapipe.sh DIR}" && cd "$1" && pwd)
if [ ! -f "$dir/libvulkan_lvp.so" ]; then
  # the Vulkan loader, and lavapipe's runtime libraries (libLLVM-15, xcb, wayland), come with
  # bookworm's own packages; only the driver itself comes from backports
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq libvulkan1 mesa-vulkan-drivers >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq libvulkan1 mesa-vulkan-drivers >/dev/null
  fi
  tmp=$(mktemp -d)
  chmod 755 "$tmp" # apt downloads as its sandbox user _apt, which must reach the folder
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
  # the same Debian mirror the system already uses, with the backports suite
  mirror=$(sed -n 's/^URIs: *\([^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
  [ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\/debian\) bookworm .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
  [ -n "$mirror" ] || { echo "setup-lavapipe: no Debian mirror found in the apt sources" >&2; exit 1; }
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm-backports main" >"$tmp/sources.list"
  cat >"$tmp/apt.conf" <<CONF
Dir::Etc::sourcelist "$tmp/sources.list";
Dir::Etc::sourceparts "-";
Dir::State::Lists "$tmp/lists";
Dir::Cache "$tmp/cache";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CONF
  APT_CONFIG="$tmp/apt.conf" apt-get update -qq
  (cd "$tmp" && APT_CONFIG="$tmp/apt.conf" apt-get download -qq mesa-vulkan-drivers/bookworm-backports)
  dpkg-deb -x "$tmp"/mesa-vulkan-drivers_*.deb "$tmp/root"
  # copied under a temporary name and renamed, so an interrupted run never leaves half a library
  cp "$tmp/root/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so" "$dir/libvulkan_lvp.so.part"
  mv "$dir/libvulkan_lvp.so.part" "$dir/libvulkan_lvp.so"
fi
icd=$(printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.4.305"}}' "$dir/libvulkan_lvp.so")
[ "$(cat "$dir/lvp_icd.json" 2>/dev/null)" = "$icd" ] || echo "$icd" >"$dir/lvp_icd.json"
echo "export VK_DRIVER_FILES=$dir/lvp_icd.json VK_ICD_FILENAMES=$dir/lvp_icd.json XDG_RUNTIME_DIR=\${XDG_RUNTIME_DIR:-/tmp}"
