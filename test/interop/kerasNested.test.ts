/**
 * Models used as layers whose outputs several layers read: each reader is wired to the output its call names
 * (Keras 2's `[name, node, tensor]`, Keras 3's `keras_history`). The tfjs-layers oracle for the same case, with
 * weights, is in kerasFiles.test.ts.
 */
import * as assert from "node:assert/strict";
import { analyze, formatMessage, importKeras } from "../../src/core";

describe("Keras import: a model used as a layer with several outputs", () => {
  it("Keras 3: each reader of a model used as a layer with two outputs reads the output its keras tensor names", () => {
    const tensor = (layer: string, node: number, index: number) => ({
      class_name: "__keras_tensor__",
      config: { shape: [null, 8, 8, 3], dtype: "float32", keras_history: [layer, node, index] },
    });
    const call = (...args: unknown[]) => [{ args, kwargs: {} }];
    const conv = (name: string, from: unknown) => ({
      module: "keras.layers",
      class_name: "Conv2D",
      config: { name, filters: 4, kernel_size: [3, 3], padding: "same" },
      inbound_nodes: call(from),
    });
    const encoder = {
      module: "keras.src.models.functional",
      class_name: "Functional",
      config: {
        name: "down_stack",
        trainable: true,
        layers: [
          { class_name: "InputLayer", config: { name: "image", batch_shape: [null, 8, 8, 3] }, inbound_nodes: [] },
          conv("block1", tensor("image", 0, 0)),
          { class_name: "MaxPooling2D", config: { name: "pool1", pool_size: [2, 2] }, inbound_nodes: call(tensor("block1", 0, 0)) },
          conv("block2", tensor("pool1", 0, 0)),
        ],
        input_layers: [["image", 0, 0]],
        output_layers: [
          ["block1", 0, 0],
          ["block2", 0, 0],
        ],
      },
      inbound_nodes: call(tensor("x", 0, 0)),
    };
    const model = {
      class_name: "Functional",
      config: {
        name: "unet",
        layers: [
          { class_name: "InputLayer", config: { name: "x", batch_shape: [null, 8, 8, 3] }, inbound_nodes: [] },
          encoder,
          { class_name: "UpSampling2D", config: { name: "up", size: [2, 2] }, inbound_nodes: call(tensor("down_stack", 1, 1)) },
          {
            class_name: "Concatenate",
            config: { name: "cat", axis: -1 },
            inbound_nodes: call([tensor("up", 0, 0), tensor("down_stack", 1, 0)]),
          },
        ],
        input_layers: [["x", 0, 0]],
        output_layers: [["cat", 0, 0]],
      },
    };
    const r = importKeras(model);
    assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
    const layers = analyze(r.value.text).layers;
    assert.deepEqual(
      layers.map((l) => [l.name, l.inputs, l.outputShape]),
      [
        ["x", [], [null, 8, 8, 3]],
        ["down_stack.block1", ["x"], [null, 8, 8, 4]],
        ["down_stack.pool1", ["down_stack.block1"], [null, 4, 4, 4]],
        ["down_stack.block2", ["down_stack.pool1"], [null, 4, 4, 4]],
        ["up", ["down_stack.block2"], [null, 8, 8, 4]],
        ["cat", ["up", "down_stack.block1"], [null, 8, 8, 8]],
      ],
    );
  });
});
