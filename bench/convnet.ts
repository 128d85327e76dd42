import * as tf from "@tensorflow/tfjs";

/** The Keras MNIST convnet (34,826 parameters) the training benches time, as a model file's layers. */
export const convnetLayers = [
  { type: "Input", shape: [28, 28, 1] },
  { type: "Conv2D", filters: 32, kernelSize: 3, activation: "relu" },
  { type: "MaxPooling2D", poolSize: 2 },
  { type: "Conv2D", filters: 64, kernelSize: 3, activation: "relu" },
  { type: "MaxPooling2D", poolSize: 2 },
  { type: "Flatten" },
  { type: "Dropout", rate: 0.5 },
  { type: "Dense", units: 10, activation: "softmax" },
];

/** The convnet as a model file, trained with Adam on the built-in MNIST sample at `batchSize` for `epochs`. */
export function convnetModel(batchSize: number, epochs: number) {
  return {
    version: 1,
    layers: convnetLayers,
    training: {
      optimizer: "adam",
      loss: "categoricalCrossentropy",
      metrics: ["accuracy"],
      batchSize,
      epochs,
      dataset: { type: "mnist-sample" },
    },
  };
}

/** The same model, written directly against tfjs-layers (not compiled). */
export function bareConvnet() {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
}
