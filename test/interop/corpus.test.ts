/**
 * The import corpus: every real model file in test/fixtures (53 models from 49 public repositories, sources and
 * licences in sources.tsv) imports — with its weights where it has them — or is refused with its reason, as this
 * table says. The weights are checked against independent readers: h5py's count of every Keras file's weight values,
 * the TF.js manifest's, and for each ONNX file onnxruntime-web's predictions against tfjs-layers' on the imported run.
 * `npm run bench:imports` prints the same corpus as a report.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatMessage } from "../../src/core";
import { importModelFile } from "../../src/node/importModel";
import { initTfjs } from "../helpers/tfjsOracle";
import { checkOnnxImport } from "./onnxOracle";
import { python, root } from "./tools";

const fixtures = join(root, "test", "fixtures");

/** Each file, the save_weights file that goes with it, and what comes of it. */
const corpus: readonly [string, string | null, "weights" | "topology" | RegExp][] = [
  ["h5/big_xception_separable_k2.0.5.hdf5", null, "weights"],
  ["h5/carnd_lambda_seq_k2.0.6.h5", null, /cannot import: 1 layer of a type CNN Designer does not support: lambda/],
  ["h5/cifar10_bn_k2.8.json", "h5/cifar10_bn_k2.8.weights.h5", "weights"],
  ["h5/cifar10_seq_bn_k2.15.h5", null, "weights"],
  ["h5/conv_ae_upsampling_bn_k2.4.0.h5", null, "weights"],
  ["h5/dcgan_generator_convtranspose_k2.3.0tf.h5", null, "weights"],
  ["h5/denoise_ae_convtranspose_k2.12.h5", null, "weights"],
  ["h5/emotion_seq_bn_gap_k3.10.h5", null, "weights"],
  ["h5/mini_xception_separable_k2.0.9.hdf5", null, "weights"],
  ["h5/mnist_seq_k2.2.2.h5", null, "weights"],
  ["h5/mnist_seq_k2.6.0.h5", null, "weights"],
  ["h5/resnet_add_bn_k2.3.0tf.h5", null, "weights"],
  ["h5/resnet_add_bn_legacy_k3.1.1.h5", null, "weights"],
  ["h5/shapes_nested_aug_k2.15.h5", null, "weights"],
  ["h5/shapes_seq_dropout_k2.3.1.h5", null, "weights"],
  ["h5/traffic_sign_seq_legacy_k3.11.3.h5", null, "weights"],
  ["h5/unet_concat_k2.2.2.h5", null, "weights"],
  ["h5/wgan_discriminator_bn_k2.1.3.h5", null, "weights"],
  ["json/animal10_mobilenetv2_tfjs_layers_k3.8.json", null, "topology"],
  ["json/cifar100_tfjs_graph_model/model.json", null, /a TF\.js graph model \(converted from a SavedModel or a frozen graph\) ho/],
  [
    "json/cifar10_k1.0.4_th.json",
    null,
    /cannot import a Keras 1 model with Theano's channels-first ordering .*convolution2d_1 \(Convolution2D\).*load it in Keras 2.*tf2onnx/,
  ],
  ["json/emotion_seq_k2.10.json", "h5/emotion_seq_k2.10.weights.h5", "weights"],
  ["json/mnist_k2.1.2.json", null, /cannot import a channels-first model \(.* in conv2d_1 \(Conv2D\)\).*export it to ONNX with tf2onnx/],
  ["json/mnist_tfjs_k2.2.2/model.json", null, "weights"],
  ["json/quickdraw_tfjs_layers_rescaling_k2.19/model.json", null, "weights"],
  ["json/shapes_tfjs_layers_aug_k2.15/model.json", null, "weights"],
  ["json/tm_audio_speechcommands_tfjs1.3.1/model.json", null, "topology"],
  ["json/tm_image_mobilenet_tfjs1.3.1/model.json", null, "weights"],
  ["keras/car_2inputs_concat_k3.3.3.keras", null, "weights"],
  ["keras/cifar10_cnn_dropout_k3.4.1.keras", null, "weights"],
  ["keras/eye_state_MISNAMED_hdf5_k2.10.keras", null, "weights"],
  ["keras/mnist_cnn_dropout_k3.14.keras", null, "weights"],
  ["keras/mnist_cnn_k3.10.keras", null, "weights"],
  ["keras/potato_preproc_aug_nested_k3.10.keras", null, "weights"],
  ["keras/resnet_add_bn_k3.1.1.keras", null, "weights"],
  ["keras/style_transfer_depthwise_upsampling_k2.13.1.keras", null, "weights"],
  ["onnx/cae_decoder_convtranspose_pytorch1.11_opset9.onnx", null, "weights"],
  ["onnx/cifar100_selu_pytorch1.13_opset14.onnx", null, "weights"],
  ["onnx/cifar_net_pytorch1.7_opset9.onnx", null, "weights"],
  ["onnx/gtsrb_cnn_pytorch2.4_opset11.onnx", null, "weights"],
  ["onnx/lenet5_pytorch1.3_opset9.onnx", null, "weights"],
  ["onnx/mesonet_tf2onnx1.14_opset15.onnx", null, "weights"],
  ["onnx/mnist_chainer5.4_opset9.onnx", null, "weights"],
  ["onnx/mnist_cnn_bn_pytorch2.2_opset11.onnx", null, "weights"],
  ["onnx/mnist_cnn_bn_pytorch2.7_opset7.onnx", null, "weights"],
  ["onnx/mnist_cnn_pool_pytorch1.13_opset13.onnx", null, "weights"],
  ["onnx/mnist_cnn_pytorch2.6_opset11.onnx", null, "weights"],
  ["onnx/mnist_extdata_pytorch2.9_opset20/mnist.onnx", null, "weights"],
  ["onnx/mnist_tf2onnx1.6_opset8.onnx", null, "weights"],
  ["onnx/mnist_zoo_cntk_opset8.onnx", null, "weights"],
  ["onnx/resnetish_avgpool_pytorch2.12_opset20.onnx", null, "weights"],
  ["onnx/superres_pixelshuffle_pytorch1.3_opset10.onnx", null, /cannot import: 3 operations CNN Designer cannot represent: Reshape \(17/],
  ["onnx/unet_convtranspose_pytorch2.6_opset18.onnx", null, "weights"],
];

describe(`the import corpus: ${corpus.length} real model files`, function () {
  this.timeout(600_000);
  before(() => initTfjs());

  it("each imports, with its weights where it has them, or is refused with its reason", () => {
    const outcomes = corpus.map(([file, weights]) => {
      try {
        const r = importModelFile(join(fixtures, file), weights ? join(fixtures, weights) : undefined);
        return r.ok ? (r.value.weights ? "weights" : "topology") : formatMessage(r.problem);
      } catch (e) {
        return (e as Error).message;
      }
    });
    corpus.forEach(([file, , expected], i) =>
      typeof expected === "string" ? assert.equal(outcomes[i], expected, file) : assert.match(outcomes[i], expected, file),
    );
    const imported = outcomes.filter((o) => o === "weights" || o === "topology").length;
    assert.ok(imported >= 40, `${imported} of ${corpus.length} import`);
  });

  it("every Keras file's weight values, as h5py counts them, are the imported run's", () => {
    const keras = corpus.filter(([f, , e]) => e === "weights" && /\.(h5|hdf5|keras|json)$/.test(f) && !f.includes("tfjs"));
    const files = keras.map(([f, w]) => join(fixtures, w ?? f));
    const counts = execFileSync(python, [join(root, "test", "interop", "kerasCount.py"), ...files], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { values: number }).values);
    keras.forEach(([file, weights], i) => {
      const r = importModelFile(join(fixtures, file), weights ? join(fixtures, weights) : undefined);
      assert.ok(r.ok && r.value.weights);
      assert.equal(r.value.weights.values.length, counts[i], file);
    });
  });

  it("each imported weight says where the original file holds it, as h5py, python3-onnx or the manifest finds it", () => {
    const files = corpus.filter(([f, w, e]) => e === "weights" && !w && !f.includes("/mnist.onnx"));
    const imports = files.map(([file]) => {
      const r = importModelFile(join(fixtures, file));
      assert.ok(r.ok && r.value.weights, file);
      return { file: join(fixtures, file), weights: r.value.weights };
    });
    const read = imports.filter((i) => !i.file.endsWith("model.json"));
    const sizes = JSON.parse(
      execFileSync(python, [join(root, "test", "interop", "weightSources.py")], {
        input: JSON.stringify(read.map((i) => ({ file: i.file, places: Object.values(i.weights.sources) }))),
        encoding: "utf8",
        maxBuffer: 64 << 20,
      }),
    ) as Record<string, number | null>[];
    for (const { file, weights } of imports) {
      const manifest = file.endsWith("model.json")
        ? new Map(
            (
              JSON.parse(readFileSync(file, "utf8")) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] }
            ).weightsManifest
              .flatMap((g) => g.weights)
              .map((w) => [w.name, w.shape.reduce((a, d) => a * d, 1)]),
          )
        : undefined;
      const held = manifest ? Object.fromEntries(manifest) : sizes[read.findIndex((i) => i.file === file)];
      assert.equal(Object.keys(weights.sources).length, weights.specs.length, file);
      for (const spec of weights.specs) {
        const place = weights.sources[spec.name];
        const size = spec.shape.reduce((a, d) => a * d, 1);
        // -1: a tensor a node makes from the file's weights (ONNX's Identity behind a shared weight).
        assert.ok(held[place] === size || held[place] === -1, `${file}: ${spec.name} from ${place}: ${held[place]} values, not ${size}`);
      }
    }
  });

  it("every TF.js model's weight values are its manifest's", () => {
    for (const [file] of corpus.filter(([f, , e]) => e === "weights" && f.includes("tfjs"))) {
      const json = JSON.parse(readFileSync(join(fixtures, file), "utf8")) as { weightsManifest: { weights: { shape: number[] }[] }[] };
      const listed = json.weightsManifest.flatMap((g) => g.weights).reduce((n, w) => n + w.shape.reduce((a, d) => a * d, 1), 0);
      const r = importModelFile(join(fixtures, file));
      assert.ok(r.ok && r.value.weights);
      assert.equal(r.value.weights.values.length, listed, file);
    }
  });

  it("every ONNX file that imports predicts as onnxruntime does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-corpus-"));
    for (const [file] of corpus.filter(([f, , e]) => e === "weights" && f.endsWith(".onnx"))) {
      // onnxruntime-web reads no external data from a buffer: that file's oracle is its ONNX test elsewhere.
      if (existsSync(join(fixtures, `${file}.data`))) continue;
      await checkOnnxImport(dir, join(fixtures, file));
    }
  });
});
