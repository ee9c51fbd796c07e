#!/usr/bin/env bash
# What `pnpm test` needs from the system, installed where missing (Debian, as root); each check is
# quick when it is already there, so `pnpm test` runs this first on every machine, CI included.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages not yet installed.
missing=()
# the playground's end-to-end test drives Debian's chromium (never a browser download)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# the bench's PyTorch rows and their smoke test: Debian's PyTorch with OpenBLAS (installed alone,
# python3-torch pulls the reference BLAS, which runs it 15x slower)
/usr/bin/python3 -c "import torch" >/dev/null 2>&1 || missing+=(python3-torch libopenblas0-pthread)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# the WebGPU tests run on lavapipe (Mesa's software Vulkan from bookworm-backports) in .lavapipe/,
# which the test setups find; the script installs it once and changes no apt sources
bash scripts/setup-lavapipe.sh .lavapipe >/dev/null
