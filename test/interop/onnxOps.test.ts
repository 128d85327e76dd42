/**
 * The ONNX import's resizing and element-wise ops against onnxruntime-web: F.interpolate as PyTorch exports it at
 * opsets 9, 11 and 13 (nearest checked through tfjs-layers; bilinear, which tfjs-layers computes otherwise, through
 * our ONNX export of the import), F.elu's alpha, a bias added before the product; and what must be refused, in words
 * that say why (align_corners, fractional scales, a dilated pooling window, a float16 weight).
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze, formatMessage } from "../../src/core";
import { importModelFile } from "../../src/node/importModel";
import { initTfjs } from "../helpers/tfjsOracle";
import { checkOnnxImport, checkOnnxRoundTrip } from "./onnxOracle";
import { python, root } from "./tools";

describe("ONNX import: resizing and element-wise ops (onnxruntime-web runs the originals)", function () {
  this.timeout(600_000);
  let dir: string;
  let files: Record<string, string>;
  before(async () => {
    await initTfjs();
    dir = mkdtempSync(join(tmpdir(), "cnn-onnx-ops-"));
    files = JSON.parse(
      execFileSync(python, [join(root, "test", "interop", "onnxOps.py"), dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
    ) as Record<string, string>;
  });
  const layer = (text: string, type: string) => analyze(text).layers.find((l) => l.type === type)?.written as Record<string, unknown>;

  it("nearest upsampling by whole factors (opsets 9, 11, 13; a scale or a size) is UpSampling2D and predicts the same", async () => {
    for (const [name, size] of [
      ["nearest2_op11", [2, 2]],
      ["nearest3_op9", [3, 3]],
      ["nearest_size_op13", [3, 2]],
    ] as const) {
      const text = await checkOnnxImport(dir, files[name]);
      assert.deepEqual(layer(text, "UpSampling2D"), { type: "UpSampling2D", name: "up_sampling2d", size });
    }
  });

  it("bilinear upsampling at half-pixel centres (align_corners=False) is Keras' bilinear UpSampling2D, exactly", async () => {
    const text = await checkOnnxRoundTrip(files.bilinear2_op13);
    assert.equal(layer(text, "UpSampling2D").interpolation, "bilinear");
  });

  it("ELU with its own alpha is the ELU layer; a bias added before the product is the Dense's bias", async () => {
    assert.equal(layer(await checkOnnxRoundTrip(files.elu), "ELU").alpha, 0.5);
    const dense = layer(await checkOnnxImport(dir, files.bias_first), "Dense");
    assert.equal(dense.useBias, undefined);
  });

  it("an ONNX file under a Keras file's name (model.keras, model.h5) is read as the ONNX file it is", () => {
    for (const name of ["misnamed.keras", "misnamed.h5"]) {
      const file = join(dir, name);
      copyFileSync(files.elu, file);
      const r = importModelFile(file);
      assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
      assert.match(r.value.origin.format, /^ONNX \(pytorch/);
    }
    writeFileSync(join(dir, "garbage.keras"), "\x08garbage");
    assert.throws(() => importModelFile(join(dir, "garbage.keras")), /'.*garbage\.keras' is not a zip archive, so not a Keras file/);
  });

  it("what does not say the same in Keras is refused, naming the node and why", () => {
    const refused = (name: string) => {
      const r = importModelFile(files[name]);
      assert.ok(!r.ok, name);
      return formatMessage(r.problem);
    };
    assert.match(refused("bilinear_corners_op13"), /Resize \(\/Resize\): linear sampling with align_corners coordinates/);
    // PyTorch's opset-9 export of bilinear samples at corners, not at PyTorch's own half-pixel centres.
    assert.match(refused("bilinear2_op9"), /Upsample \(\/Upsample\): linear sampling with asymmetric coordinates/);
    assert.match(refused("nearest_half_op13"), /Resize \(\/Resize\): a resize by 1\.5 × 1\.5, not whole factors/);
    assert.match(refused("dilated_pool"), /MaxPool \(pool\): a dilated pooling window \(Keras' pooling has no dilation\)/);
    assert.match(refused("half_weight"), /Conv \(conv\): its weight W is float16, which the import does not read/);
  });
});
