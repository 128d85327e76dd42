import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { analyze, importKeras, formatMessage } from "../../src/core";
import { initTfjs } from "../helpers/tfjsOracle";

const fixtures = join(__dirname, "..", "..", "..", "test", "interop", "fixtures");

type Json = Record<string, unknown>;

/**
 * ResNet20 v1 for CIFAR-10 as Keras 2's `model.to_json()` writes it, built the way the Keras example
 * (keras.io, "Trains a ResNet on the CIFAR10 dataset": resnet_layer and resnet_v1, depth 20) builds it —
 * he_normal kernels with an L2 regularizer, functional API, nested inbound_nodes.
 */
function resnet20Keras2(): Json {
  const layers: Json[] = [];
  let count = 0;
  const add = (className: string, config: Json, inputs: string[]): string => {
    const prefix = className.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
    const name = `${prefix}_${++count}`;
    layers.push({
      name,
      class_name: className,
      config: { name, trainable: true, dtype: "float32", ...config },
      inbound_nodes: [inputs.map((i) => [i, 0, 0, {}])],
    });
    return name;
  };
  layers.push({
    name: "input_1",
    class_name: "InputLayer",
    config: { batch_input_shape: [null, 32, 32, 3], dtype: "float32", sparse: false, ragged: false, name: "input_1" },
    inbound_nodes: [],
  });
  const conv = (x: string, filters: number, kernel: number, strides: number) =>
    add(
      "Conv2D",
      {
        filters,
        kernel_size: [kernel, kernel],
        strides: [strides, strides],
        padding: "same",
        data_format: "channels_last",
        dilation_rate: [1, 1],
        groups: 1,
        activation: "linear",
        use_bias: true,
        kernel_initializer: { class_name: "HeNormal", config: { seed: null } },
        bias_initializer: { class_name: "Zeros", config: {} },
        kernel_regularizer: { class_name: "L2", config: { l2: 1e-4 } },
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
      },
      [x],
    );
  const bn = (x: string) =>
    add(
      "BatchNormalization",
      {
        axis: [3],
        momentum: 0.99,
        epsilon: 0.001,
        center: true,
        scale: true,
        beta_initializer: { class_name: "Zeros", config: {} },
        gamma_initializer: { class_name: "Ones", config: {} },
        moving_mean_initializer: { class_name: "Zeros", config: {} },
        moving_variance_initializer: { class_name: "Ones", config: {} },
        beta_regularizer: null,
        gamma_regularizer: null,
        beta_constraint: null,
        gamma_constraint: null,
      },
      [x],
    );
  const act = (x: string, activation: string) => add("Activation", { activation }, [x]);
  const resnetLayer = (x: string, filters = 16, kernel = 3, strides = 1, activation: string | null = "relu", batchNormalization = true) => {
    let y = conv(x, filters, kernel, strides);
    if (batchNormalization) y = bn(y);
    return activation ? act(y, activation) : y;
  };
  let filters = 16;
  let x = resnetLayer("input_1");
  for (let stack = 0; stack < 3; stack++) {
    for (let block = 0; block < 3; block++) {
      const strides = stack > 0 && block === 0 ? 2 : 1;
      let y = resnetLayer(x, filters, 3, strides);
      y = resnetLayer(y, filters, 3, 1, null);
      if (stack > 0 && block === 0) x = resnetLayer(x, filters, 1, strides, null, false);
      x = add("Add", {}, [x, y]);
      x = act(x, "relu");
    }
    filters *= 2;
  }
  x = add("AveragePooling2D", { pool_size: [8, 8], padding: "valid", strides: [8, 8], data_format: "channels_last" }, [x]);
  const y = add("Flatten", { data_format: "channels_last" }, [x]);
  const out = add(
    "Dense",
    {
      units: 10,
      activation: "softmax",
      use_bias: true,
      kernel_initializer: { class_name: "HeNormal", config: { seed: null } },
      bias_initializer: { class_name: "Zeros", config: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    },
    [y],
  );
  return {
    class_name: "Functional",
    config: { name: "model", layers, input_layers: [["input_1", 0, 0]], output_layers: [[out, 0, 0]] },
    keras_version: "2.13.1",
    backend: "tensorflow",
  };
}

describe("Keras and TF.js model import", () => {
  before(() => initTfjs());

  it("Keras 3's Sequential JSON of the Keras MNIST convnet: the published 34,826 parameters", () => {
    const r = importKeras(JSON.parse(readFileSync(join(fixtures, "mnist-convnet.keras3.json"), "utf8")));
    assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
    const a = analyze(r.value.text);
    assert.deepEqual(a.diagnostics, []);
    assert.equal(a.totals.params, 34_826);
    assert.deepEqual(
      a.layers.map((l) => l.type),
      ["Input", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dropout", "Dense"],
    );
    assert.deepEqual(a.layers.at(-1)?.outputShape, [null, 10]);
  });

  it("Keras 2's functional JSON of ResNet20 v1: the published 274,442 parameters (273,066 trainable); regularizers said to be left out", () => {
    const r = importKeras(resnet20Keras2());
    assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
    const a = analyze(r.value.text);
    assert.deepEqual(
      a.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
    assert.equal(a.totals.params, 274_442);
    assert.equal(a.totals.trainableParams, 273_066);
    assert.equal(a.layers.filter((l) => l.type === "Add").length, 9);
    assert.equal(r.value.dropped.length, 21);
    assert.match(r.value.dropped[0], /^conv2d_1: kernel_regularizer .*L2/);
  });

  it("a TF.js model.json written by tfjs-layers itself: the same layers, shapes and counts as tfjs reports", async () => {
    const input = tf.input({ shape: [16, 16, 3], name: "image" });
    const stem = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: "same", name: "stem" }).apply(input) as tf.SymbolicTensor;
    const dw = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: "same", name: "dw" }).apply(stem) as tf.SymbolicTensor;
    const bnorm = tf.layers.batchNormalization({ name: "bn" }).apply(dw) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: "sum" }).apply([stem, bnorm]) as tf.SymbolicTensor;
    const cat = tf.layers.concatenate({ name: "cat" }).apply([sum, stem]) as tf.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling2d({ name: "gap" }).apply(cat) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 4, activation: "softmax", name: "out" }).apply(pooled) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out, name: "tfjs_made" });
    const modelJson = { format: "layers-model", modelTopology: model.toJSON(null, false), weightsManifest: [] };
    const r = importKeras(JSON.parse(JSON.stringify(modelJson)));
    assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
    const a = analyze(r.value.text);
    assert.deepEqual(
      a.layers.map((l) => [l.name, l.outputShape, l.params]),
      model.layers.map((l) => [l.name, l.outputShape, l.countParams()]),
    );
    model.dispose();
  });

  it("unsupported layers are listed by name and type in one message, and nothing is imported", () => {
    const model = resnet20Keras2();
    const layers = (model.config as { layers: Json[] }).layers;
    layers.splice(1, 0, {
      name: "hash",
      class_name: "Hashing",
      config: { name: "hash", num_bins: 16 },
      inbound_nodes: [[["input_1", 0, 0, {}]]],
    });
    layers.push({ name: "lambda_1", class_name: "Lambda", config: { name: "lambda_1" }, inbound_nodes: [] });
    const r = importKeras(model);
    assert.equal(r.ok, false);
    assert.equal(
      r.ok ? "" : formatMessage(r.problem),
      "cannot import: 2 layers of a type CNN Designer does not support: hash (Hashing), lambda_1 (Lambda)",
    );
  });

  it("every reason an import is refused comes in one message: types, invalid settings and settings it cannot hold", () => {
    const layer = (class_name: string, config: Json) => ({ class_name, config });
    const r = importKeras({
      class_name: "Sequential",
      config: {
        layers: [
          layer("InputLayer", { name: "in", batch_input_shape: [null, 8, 8, 3] }),
          layer("Conv2D", { name: "c", filters: 4, kernel_size: [3, 3], groups: 2, activation: "weird" }),
          layer("Hashing", { name: "h", num_bins: 3 }),
        ],
      },
    });
    assert.ok(!r.ok);
    assert.match(
      formatMessage(r.problem),
      /^cannot import: 1 layer of a type CNN Designer does not support: h \(Hashing\); invalid settings: c \(Conv2D\): activation must be one of .*got "weird".*; settings CNN Designer cannot represent: c \(Conv2D\): groups 2$/,
    );
  });

  it("data augmentation (the identity at inference) is left out and said; the layer after it reads its input", () => {
    const model = resnet20Keras2();
    const layers = (model.config as { layers: Json[] }).layers;
    layers.splice(1, 0, {
      name: "flip",
      class_name: "RandomFlip",
      config: { name: "flip", mode: "horizontal" },
      inbound_nodes: [[["input_1", 0, 0, {}]]],
    });
    (layers[2] as { inbound_nodes: unknown }).inbound_nodes = [[["flip", 0, 0, {}]]];
    const r = importKeras(model);
    assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
    assert.ok(!r.value.text.includes('"flip"'));
    assert.match(
      r.value.dropped.join("\n"),
      /^flip: RandomFlip \(data augmentation, random only in training; CNN Designer's training does not augment\)$/m,
    );
    assert.deepEqual(analyze(r.value.text).diagnostics, []);
  });

  it("a layer called twice (shared weights) is refused, naming it; a model file has one call per layer", () => {
    const model = resnet20Keras2();
    const layers = (model.config as { layers: Json[] }).layers;
    const conv = layers[1] as { inbound_nodes: unknown[] };
    conv.inbound_nodes = [...conv.inbound_nodes, ...conv.inbound_nodes];
    const r = importKeras(model);
    assert.ok(!r.ok);
    assert.match(formatMessage(r.problem), /conv2d_1 \(Conv2D\): called 2 times, sharing its weights; a model file has one call per layer/);
  });

  it("settings that change the architecture are refused, naming the layer; a non-model is refused plainly", () => {
    const model = resnet20Keras2();
    const conv = (model.config as { layers: { config: Json }[] }).layers[1];
    conv.config.groups = 2;
    const r = importKeras(model);
    assert.equal(r.ok, false);
    assert.match(r.ok ? "" : formatMessage(r.problem), /settings CNN Designer cannot represent: conv2d_1 \(Conv2D\): groups 2/);
    // The channels-first layout gets its own message, with the way on.
    conv.config.data_format = "channels_first";
    const first = importKeras(model);
    assert.match(first.ok ? "" : formatMessage(first.problem), /^cannot import a channels-first model \(.* in conv2d_1 \(Conv2D\)\)/);
    const junk = importKeras({ hello: "world" });
    assert.equal(junk.ok, false);
    assert.match(junk.ok ? "" : formatMessage(junk.problem), /not a Keras or TF.js model/);
  });

  it("the CLI: `import FILE -o OUT` writes the model file (exit 0); an unsupported model writes nothing (exit 2, the message)", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-import-"));
    const cli = join(__dirname, "..", "..", "..", "dist", "cli.js");
    const out = join(dir, "mnist.cnn.json");
    execFileSync(process.execPath, [cli, "import", join(fixtures, "mnist-convnet.keras3.json"), "-o", out], { stdio: "pipe" });
    assert.equal(analyze(readFileSync(out, "utf8")).totals.params, 34_826);
    const model = resnet20Keras2();
    (model.config as { layers: Json[] }).layers.push({
      name: "lambda_1",
      class_name: "Lambda",
      config: { name: "lambda_1" },
      inbound_nodes: [],
    });
    writeFileSync(join(dir, "bad.json"), JSON.stringify(model));
    let status = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, [cli, "import", join(dir, "bad.json"), "-o", join(dir, "bad.cnn.json")], {
        stdio: "pipe",
        encoding: "utf8",
      });
    } catch (e) {
      ({ status, stderr } = e as { status: number; stderr: string });
    }
    assert.equal(status, 2);
    assert.match(stderr, /lambda_1 \(Lambda\)/);
    assert.equal(existsSync(join(dir, "bad.cnn.json")), false);
  });
});
