/**
 * ONNX import against onnxruntime: real files from public repositories (test/fixtures/onnx: PyTorch 1.7, 1.13 and
 * 2.6 exports, CNTK's MNIST from the ONNX model zoo), torchvision's ResNet-18 and MobileNetV2 exported with random
 * weights by Debian's python3-torch, and our own ONNX export of a Keras file. Each imported run, loaded by
 * tfjs-layers, predicts what onnxruntime-web predicts from the original file (channels first there).
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { onnx } from "onnx-proto";
import * as ort from "onnxruntime-web";
import { analyze, formatMessage, importOnnx, onnxModel } from "../../src/core";
import { importModelFile } from "../../src/node/importModel";
import { initTfjs } from "../helpers/tfjsOracle";
import { checkOnnxImport } from "./onnxOracle";
import { python, root } from "./tools";

describe("ONNX import (onnxruntime-web predicts the original; tfjs-layers the imported run)", function () {
  this.timeout(600_000);
  let dir: string;
  before(async () => {
    await initTfjs();
    dir = mkdtempSync(join(tmpdir(), "cnn-onnx-import-"));
  });

  for (const file of [
    "cifar_net_pytorch1.7_opset9",
    "mnist_cnn_pool_pytorch1.13_opset13",
    "mnist_cnn_pytorch2.6_opset11",
    "mnist_zoo_cntk_opset8",
  ])
    it(`${file}.onnx imports with its weights and predicts as onnxruntime does`, () =>
      checkOnnxImport(dir, join(root, "test", "fixtures", "onnx", `${file}.onnx`)));

  it("torchvision's CNNs (ResNet-18, MobileNetV2 and V3, EfficientNet-B0, MNASNet, DenseNet-121, SqueezeNet) predict as onnxruntime does", async () => {
    const lines = execFileSync(python, [join(root, "test", "interop", "torchvisionOnnx.py"), dir], { encoding: "utf8" })
      .trim()
      .split("\n");
    const exported = lines.map((l) => JSON.parse(l) as { file: string; params: number; onnxValues: number; usedValues: number });
    assert.equal(exported.length, 7);
    for (const { file, params, usedValues } of exported) {
      const text = await checkOnnxImport(dir, file);
      // The export folds each BatchNormalization into its Conv (DenseNet's that follow a concatenation stay): the
      // model holds the file's values, each as often as the graph uses it — the export stores equal weights once.
      assert.equal(analyze(text).totals.params, usedValues, basename(file));
      if (file.includes("resnet18")) assert.equal(params, 11_689_512);
      if (file.includes("squeezenet")) assert.equal(analyze(text).totals.params, params);
    }
  });

  it("a ceil_mode max pooling of possibly negative values is refused, naming the node and why", () => {
    const lines = execFileSync(python, [join(root, "test", "interop", "torchvisionOnnx.py"), dir, "--negative-pool"], { encoding: "utf8" });
    const r = importModelFile((JSON.parse(lines.trim()) as { file: string }).file);
    assert.ok(!r.ok);
    assert.match(
      formatMessage(r.problem),
      /MaxPool \(\/pool\/MaxPool\): ceil_mode rounds the output up, which Keras' pooling does not \(and zeros are exact only after a ReLU, on known sizes\)/,
    );
  });

  it("our own ONNX export of a Keras file (BatchNormalization, channels-last input) comes back and predicts the same", async () => {
    const r = importModelFile(join(root, "test", "fixtures", "h5", "cifar10_seq_bn_k2.15.h5"));
    assert.ok(r.ok && r.value.weights);
    const bytes = new Uint8Array(r.value.weights.values.buffer);
    const exported = onnxModel(r.value.text, { run: { specs: r.value.weights.specs, bytes, file: "w.bin" } });
    assert.ok(exported.ok);
    const file = join(dir, "ours.onnx");
    writeFileSync(file, onnx.ModelProto.encode(onnx.ModelProto.fromObject(exported.value)).finish());
    const text = await checkOnnxImport(dir, file, false);
    assert.equal(analyze(text).totals.params, 179_418);
    assert.equal(analyze(text).layers.filter((l) => l.type === "BatchNormalization").length, 8);
  });

  it("weights kept in external data are read from the model's folder; a location outside it is refused", async () => {
    const script = [
      "import onnx, sys",
      "m = onnx.load(sys.argv[1])",
      "onnx.save_model(m, sys.argv[2] + '/external.onnx', save_as_external_data=True, all_tensors_to_one_file=True, location='external.data', size_threshold=0)",
      "for name, location in [('escape', '../external.data'), ('absolute', '/etc/passwd'), ('missing', 'nowhere.data')]:",
      "    m = onnx.load(sys.argv[2] + '/external.onnx', load_external_data=False)",
      "    for t in m.graph.initializer:",
      "        for e in t.external_data:",
      "            if e.key == 'location':",
      "                e.value = location",
      "    onnx.save(m, sys.argv[2] + '/' + name + '.onnx')",
    ].join("\n");
    const sub = mkdtempSync(join(dir, "external-"));
    execFileSync(python, ["-c", script, join(root, "test", "fixtures", "onnx", "cifar_net_pytorch1.7_opset9.onnx"), sub]);
    // onnxruntime-web reads no external data from a buffer: it runs the file the weights were moved out of.
    const original = join(root, "test", "fixtures", "onnx", "cifar_net_pytorch1.7_opset9.onnx");
    const text = await checkOnnxImport(dir, join(sub, "external.onnx"), true, original);
    assert.equal(analyze(text).totals.params, 62_006);
    for (const [name, why] of [
      ["escape", /is kept in '\.\.\/external\.data', which points outside the model's folder; it is refused/],
      ["absolute", /is kept in '\/etc\/passwd', which points outside the model's folder; it is refused/],
      ["missing", /is kept in 'nowhere\.data', which does not exist/],
    ] as const)
      assert.throws(() => importModelFile(join(sub, `${name}.onnx`)), why);
  });

  it("edge cases from PyTorch: exact where a flattened map stays in order, refused where its order would differ", async () => {
    const sub = mkdtempSync(join(dir, "cases-"));
    const files = JSON.parse(execFileSync(python, [join(root, "test", "interop", "onnxCases.py"), sub], { encoding: "utf8" })) as Record<
      string,
      string
    >;
    // ReLU and sigmoid between the flatten and the Linear; a one-input concat, 'same' averaging, ceil_mode that divides.
    await checkOnnxImport(dir, files.flat_relu);
    await checkOnnxImport(dir, files.pools);
    // F.pad and nn.ZeroPad2d: their pads a small computation on constants (opset 11+), folded.
    const pads = await checkOnnxImport(dir, files.pads);
    assert.match(pads, /"type": "ZeroPadding2D", "name": "zero_padding2d_1", "padding": \[\[0, 1\], \[1, 2\]\]/);
    // Negative pads crop.
    assert.match(pads, /"type": "Cropping2D", "name": "cropping2d", "cropping": \[\[0, 2\], \[1, 0\]\]/);
    // ConvTranspose with pads and output_padding: 'valid', then the crop ONNX makes (a Cropping2D).
    assert.match(
      await checkOnnxImport(dir, files.upsample),
      /"type": "Cropping2D", "name": "cropping2d", "cropping": \[\[1, 0\], \[1, 0\]\]/,
    );
    // Past the crop, output_padding adds rows of bias only: Keras' outputPadding (which tfjs-layers cannot build, so
    // no prediction here), with the output size onnxruntime gives.
    const past = importModelFile(files.past_crop);
    assert.ok(past.ok && /"outputPadding": \[1, 1\]/.test(past.value.text), past.ok ? past.value.text : formatMessage(past.problem));
    assert.deepEqual(analyze(past.value.text).layers.at(-1)?.outputShape, [null, 16, 16, 2]);
    // Exported again with its weights, it computes as PyTorch did: the padded rows hold the bias, not zeros.
    if (past.ok && past.value.weights) {
      const bytes = new Uint8Array(past.value.weights.values.buffer);
      const again = onnxModel(past.value.text, { run: { specs: past.value.weights.specs, bytes, file: "w.bin" } });
      assert.ok(again.ok);
      const run = async (model: Uint8Array, x: Float32Array, dims: number[]) => {
        const session = await ort.InferenceSession.create(model);
        const out = await session.run({ [session.inputNames[0]]: new ort.Tensor("float32", x, dims) });
        await session.release();
        return out[session.outputNames[0]].data as Float32Array;
      };
      const x = Float32Array.from({ length: 3 * 7 * 7 }, (_, i) => Math.sin(i));
      const nhwc = Float32Array.from({ length: x.length }, (_, i) => x[(i % 3) * 49 + Math.floor(i / 3)]);
      const theirs = await run(readFileSync(files.past_crop), x, [1, 3, 7, 7]);
      const ours = await run(onnx.ModelProto.encode(onnx.ModelProto.fromObject(again.value)).finish(), nhwc, [1, 7, 7, 3]);
      const worst = Math.max(...Array.from(theirs, (v, i) => Math.abs(v - ours[(i % 256) * 2 + Math.floor(i / 256)])));
      assert.ok(worst < 1e-5, `largest difference ${worst}`);
    }
    const refused = (file: string) => {
      const r = importModelFile(file);
      assert.ok(!r.ok, file);
      return formatMessage(r.problem);
    };
    assert.match(
      refused(files.flatten2),
      /Reshape \(\/Reshape\): a reshape other than a flatten to \(batch, features\) \(to batch, \?, -1\)/,
    );
    assert.match(
      refused(files.cat_flat),
      /Concat \(\/Concat\): works on a flattened channels-first feature map, whose order differs once channels are last/,
    );
    assert.match(
      refused(files.flat_out),
      /\(an output\): a flattened channels-first feature map, whose order differs once channels are last/,
    );
    assert.match(refused(files.two_inputs), /the ONNX model has 2 inputs; models with one input are imported/);
  });

  it("tf2onnx's reshape of a one-channel NHWC input is its transpose; a reshape that would mix the values is refused", () => {
    const graph = (channels: number) => ({
      input: [
        {
          name: "x",
          type: { tensorType: { shape: { dim: [{ dimParam: "n" }, { dimValue: 8 }, { dimValue: 8 }, { dimValue: channels }] } } },
        },
      ],
      output: [{ name: "y" }],
      initializer: [
        { name: "to", dims: [4], dataType: 7, int64Data: [-1, channels, 8, 8] },
        { name: "W", dims: [4, channels, 3, 3], dataType: 1, floatData: new Array(36 * channels).fill(0.1) },
      ],
      node: [
        { opType: "Reshape", name: "nchw", input: ["x", "to"], output: ["t"] },
        { opType: "Conv", name: "c", input: ["t", "W"], output: ["y"] },
      ],
    });
    const one = importOnnx({ graph: graph(1) });
    assert.ok(one.ok, one.ok ? "" : formatMessage(one.problem));
    assert.deepEqual(
      analyze(one.value.text).layers.map((l) => l.outputShape),
      [
        [null, 8, 8, 1],
        [null, 6, 6, 4],
      ],
    );
    // tf2onnx names every graph "tf2onnx": the model takes the file's name instead.
    const real = importModelFile(join(root, "test", "fixtures", "onnx", "mnist_tf2onnx1.6_opset8.onnx"));
    assert.ok(real.ok);
    assert.equal(analyze(real.value.text).name, "mnist_tf2onnx1.6_opset8");
    // With three channels the same reshape interleaves them: not a transpose, and refused.
    const three = importOnnx({ graph: graph(3) });
    assert.ok(!three.ok);
    assert.match(
      formatMessage(three.problem),
      /Reshape \(nchw\): a reshape other than a flatten to \(batch, features\) \(to -1, 3, 8, 8\)/,
    );
  });

  it("hostile graphs: too many nodes, a tensor made twice, another domain, weights it cannot read — one message each", () => {
    const input = {
      name: "x",
      type: { tensorType: { shape: { dim: [{ dimValue: 1 }, { dimValue: 3 }, { dimValue: 8 }, { dimValue: 8 }] } } },
    };
    const w = { name: "W", dims: [4, 3, 3, 3], dataType: 1, floatData: new Array(108).fill(0.1) };
    const conv = { opType: "Conv", name: "c", input: ["x", "W"], output: ["y"] };
    const refusal = (graph: object) => {
      const r = importOnnx({ graph: { input: [input], output: [{ name: "y" }], ...graph } });
      assert.ok(!r.ok);
      return formatMessage(r.problem);
    };
    const relus = Array.from({ length: 20_001 }, (_, i) => ({ opType: "Relu", input: [i ? `r${i - 1}` : "x"], output: [`r${i}`] }));
    assert.match(refusal({ node: relus }), /the ONNX graph has 20001 operations, more than the 20000 an imported CNN may have/);
    assert.match(refusal({ node: [conv], initializer: [w, w] }), /the ONNX graph makes the tensor W twice/);
    assert.match(
      refusal({ node: [{ ...conv, domain: "com.evil" }], initializer: [w] }),
      /Conv \(c\): an operation of the domain com\.evil, not ONNX's own/,
    );
    assert.match(
      refusal({ node: [conv], initializer: [{ ...w, dataType: 10, floatData: undefined, rawData: new Uint8Array(216) }] }),
      /Conv \(c\): its weight W is float16, which the import does not read \(float32, float64, int32 and int64 are\)/,
    );
    assert.match(
      refusal({ node: [conv], initializer: [{ ...w, floatData: [1, 2] }] }),
      /its weight W holds fewer or more values than its shape \[4, 3, 3, 3\] needs/,
    );
    // A constant computation that would fill gigabytes is not folded: the Pad it feeds is refused, at once.
    const shape = { name: "s", dims: [1], dataType: 7, int64Data: [4e9] };
    const huge = { opType: "ConstantOfShape", name: "fill", input: ["s"], output: ["p"] };
    const pad = { opType: "Pad", name: "pad", input: ["x", "p"], output: ["y"] };
    const started = Date.now();
    assert.match(refusal({ node: [huge, pad], initializer: [shape] }), /Pad \(pad\): a padding other than zeros around the spatial dims/);
    assert.ok(Date.now() - started < 1000);
  });
});
