#!/usr/bin/env bash
# Runs the GPU check packed by pack.sh on a machine with an NVIDIA GPU and its driver, but no Vulkan
# loader, no Node and no network: installs what the pack brings, then runs the check, writing
# gpu-check.json (and nvidia-smi's view of the card) into $OUT, or this folder. Arguments go to
# the check (README.md). Where Node, the Vulkan loader or VK_DRIVER_FILES are already there (a
# machine with lavapipe, say), it uses them as they are.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pack="$here/dist"
out=${OUT:-$here}
[ -f "$pack/gpu-check.mjs" ] || { echo "gpu-check: no pack in $pack; run gpu-check/pack.sh first and send gpu-check/dist along" >&2; exit 1; }

if ! ldconfig -p | grep -q 'libvulkan\.so\.1 '; then
  for f in "$pack"/vulkan/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
[ -d /usr/local/nvidia/lib64 ] && export LD_LIBRARY_PATH=/usr/local/nvidia/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
if ! command -v node >/dev/null; then
  xz -dc "$pack/node.xz" >/usr/local/bin/node
  chmod +x /usr/local/bin/node
fi
# the check and Dawn's binary, unpacked outside the pack so that the pack stays small enough to send again
run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
cp -r "$pack/gpu-check.mjs" "$pack/node_modules" "$run/"
xz -dc "$pack/node_modules/webgpu/dist/linux-x64/dawn.node.xz" >"$run/node_modules/webgpu/dist/linux-x64/dawn.node"
rm "$run/node_modules/webgpu/dist/linux-x64/dawn.node.xz"

mkdir -p "$out"
# the card and driver as NVIDIA names them, beside the check's own view; the check runs without it
if command -v nvidia-smi >/dev/null; then nvidia-smi >"$out/nvidia-smi.txt" 2>&1 || true; fi
node "$run/gpu-check.mjs" --mnist "$pack/mnist" --out "$out/gpu-check.json" "$@"
