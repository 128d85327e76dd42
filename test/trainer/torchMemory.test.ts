/**
 * The engine's model of what PyTorch keeps for back-propagation (src/core/analysis/torchTape.ts) against PyTorch
 * itself: the model exported as the pytorch backend runs it, one forward pass in training mode, and every tensor
 * autograd saves caught by `torch.autograd.graph.saved_tensors_hooks` — their distinct storages (the weights' left
 * out), with the batch and the output the training loop holds. The step's peak on a GPU is bench/deviceCheck.sh's.
 * Debian's torch 1.13 keeps two things PyTorch 2 on CUDA does not, which the model follows: Dropout's mask as
 * float32 (a byte on CUDA) and a mean's input; the probes below keep clear of both, the templates' Dropout is
 * within the tolerance.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze, pytorchModule, torchPeak } from "../../src/core";
import { python } from "./trainerHelpers";

const root = join(__dirname, "..", "..", "..");
const batch = 4;

/** Bytes autograd keeps after one forward pass of the exported module at `batch`, by PyTorch's own account. */
const measure = `
import importlib.util, sys, torch
spec = importlib.util.spec_from_file_location("m", sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
torch.manual_seed(0)
model = m.build_model().train()
weights = {p.data_ptr() for p in model.parameters()}
x = torch.rand((${batch}, *m.INPUT_SHAPE))
seen = {}
def pack(t):
    s = t.storage()
    if s.data_ptr() not in weights:
        seen[s.data_ptr()] = s.nbytes()
    return t
with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
    out = model(x)
for t in (x, out):
    seen[t.storage().data_ptr()] = t.storage().nbytes()
print(sum(seen.values()))
`;

/** A model of `layers` between an input and global pooling with a softmax Dense. */
const probe = (shape: number[], layers: object[]) =>
  JSON.stringify({
    version: 1,
    layers: [
      { type: "Input", shape },
      { type: "Conv2D", filters: 8, kernelSize: 3, activation: "relu" },
      ...layers,
      { type: "GlobalAveragePooling2D" },
      { type: "Dense", units: 10, activation: "softmax" },
    ],
  });

const cases: [string, string][] = [
  ...["mnist-convnet", "lenet5", "small-resnet", "densenet-mini", "small-mobilenet", "small-vgg", "pooling-flatten"].map(
    (n) => [n, readFileSync(join(root, "examples", `${n}.cnn.json`), "utf8")] as [string, string],
  ),
  [
    "'same' convolutions and pooling, strided",
    probe(
      [17, 17, 3],
      [
        { type: "Conv2D", filters: 8, kernelSize: 3, strides: 2, padding: "same", activation: "sigmoid" },
        { type: "MaxPooling2D", poolSize: 3, strides: 2, padding: "same" },
        { type: "AveragePooling2D", poolSize: 2, padding: "same" },
      ],
    ),
  ],
  [
    "activations, each saving its input or its output",
    probe(
      [12, 12, 2],
      [
        { type: "Conv2D", filters: 8, kernelSize: 1, activation: "gelu" },
        { type: "Activation", activation: "tanh" },
        { type: "Activation", activation: "softsign" },
        { type: "ReLU", maxValue: 6 },
        { type: "LeakyReLU" },
        { type: "ELU" },
        { type: "Conv2D", filters: 8, kernelSize: 1, activation: "hardSigmoid" },
        { type: "ReLU" },
      ],
    ),
  ],
  [
    "normalisation, padding, upsampling, separable and depthwise convolutions",
    probe(
      [10, 10, 3],
      [
        { type: "BatchNormalization" },
        { type: "ZeroPadding2D", padding: 1 },
        { type: "UpSampling2D", size: 2 },
        { type: "SeparableConv2D", filters: 8, kernelSize: 3, padding: "same", activation: "relu" },
        { type: "DepthwiseConv2D", kernelSize: 3, activation: "relu6" },
        { type: "LayerNormalization" },
        { type: "ReLU" },
      ],
    ),
  ],
];

describe("what PyTorch keeps for back-propagation, modelled and caught by autograd's hooks", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "cnn-torch-kept-"));
  writeFileSync(join(dir, "measure.py"), measure);
  for (const [name, text] of cases)
    it(`${name}: the saved tensors after a forward pass, within 3 %`, () => {
      const module = pytorchModule(text);
      assert.ok(module.ok, name);
      const file = join(dir, `m${cases.findIndex((c) => c[0] === name)}.py`);
      writeFileSync(file, module.value);
      const measured = Number(execFileSync(python, [join(dir, "measure.py"), file], { encoding: "utf8" }).trim());
      const a = analyze(text);
      const inputs = a.layers.map((l) => l.inputs.map((n) => a.layers.findIndex((k) => k.name === n)));
      const order = a.layers.map((_, i) => i);
      const estimated = torchPeak(a.layers, inputs, order).kept * batch * 4;
      const ratio = estimated / measured;
      assert.ok(Math.abs(ratio - 1) <= 0.03, `estimated ${estimated} / measured ${measured} = ${ratio.toFixed(4)}`);
    });
});
