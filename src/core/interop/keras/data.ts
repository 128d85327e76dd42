/** The `load_data()` of an exported Keras script: the training section's dataset, split as the trainer splits it. */
import { testFields } from "../../training/datasetSpecs";
import type { TrainingConfig } from "../../training/training";
import { pyFloat, pyStr, pyTuple } from "../common/python";

const helpers = (shape: number[], classes: number, loss: string, seed: number, testSplit: number) => [
  `INPUT_SHAPE = ${pyTuple(shape)}`,
  `CLASSES = ${classes}`,
  `TEST_SPLIT = ${pyFloat(testSplit)}`,
  "",
  "",
  "def _inputs(x):",
  `    ${pyStr("Scales to [0, 1] and fits the samples to the model's input (images: size and channels).")}`,
  '    x = x.astype("float32")',
  "    if x.size and x.max() > 1.0:",
  "        x = x / 255.0",
  "    if len(INPUT_SHAPE) != 3:",
  "        return x.reshape((-1,) + INPUT_SHAPE)",
  "    if x.ndim == 3:",
  "        x = x[..., None]",
  "    if None not in INPUT_SHAPE[:2] and x.shape[1:3] != INPUT_SHAPE[:2]:",
  "        x = tf.image.resize(x, INPUT_SHAPE[:2]).numpy()",
  "    if x.shape[-1] == 1 and INPUT_SHAPE[2] == 3:",
  "        x = np.repeat(x, 3, axis=-1)",
  "    if x.shape[-1] == 3 and INPUT_SHAPE[2] == 1:",
  "        x = tf.image.rgb_to_grayscale(x).numpy()",
  "    return x",
  "",
  "",
  "def _labels(y):",
  `    ${pyStr("Labels in the form the loss expects.")}`,
  "    y = np.asarray(y).reshape(len(y), -1)",
  ...(loss.startsWith("categorical") || loss === "kullbackLeiblerDivergence"
    ? ['    return y.astype("float32") if y.shape[1] == CLASSES > 1 else keras.utils.to_categorical(y[:, 0], CLASSES)']
    : loss === "sparseCategoricalCrossentropy"
      ? ['    return y[:, 0].astype("int64")']
      : ['    return y.astype("float32")']),
  "",
  "",
  "def _split(x, y):",
  `    ${pyStr("Keeps TEST_SPLIT of the samples apart as the test set (a seeded shuffle).")}`,
  `    order = np.random.default_rng(${seed}).permutation(len(x))`,
  "    test = order[: int(round(len(x) * TEST_SPLIT))]",
  "    train = order[len(test) :]",
  "    return (x[train], y[train]), (x[test], y[test])",
  "",
  "",
  "def _read_idx(path):",
  `    ${pyStr("An IDX file (MNIST's format), gzipped or not.")}`,
  "    import gzip",
  "",
  '    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:',
  "        data = f.read()",
  "    dims = data[3]",
  '    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims))',
  '    kind = {8: np.uint8, 9: np.int8, 11: ">i2", 12: ">i4", 13: ">f4", 14: ">f8"}[data[2]]',
  "    return np.frombuffer(data, dtype=kind, offset=4 + 4 * dims).reshape(shape)",
  "",
  "",
];

const path = (p: unknown) => `os.path.join(DATA_ROOT, ${pyStr(String(p))})`;

/** The helpers and `load_data()` for the training section's dataset; `shape` is the input's, channels last. */
export function datasetLoader(t: TrainingConfig, shape: number[], classes: number): string[] {
  const d = t.dataset;
  const body: string[] = [];
  // The dataset's own test files are the test set when testSplit is 0, as in the trainer.
  const own = d !== null && testFields(d).length > 0 && t.testSplit === 0;
  const ownTest = (read: string | false) =>
    read
      ? [`    tx, ty = ${read}`, "    return (_inputs(x), _labels(y)), (_inputs(tx), _labels(ty))"]
      : ["    return _split(_inputs(x), _labels(y))"];
  switch (d?.type) {
    case "mnist-sample":
      body.push(
        "    # CNN Designer's built-in sample is 10,000 MNIST digits; Keras has all 70,000 (and its own test set).",
        "    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()",
        "    return (_inputs(x_train), _labels(y_train)), (_inputs(x_test), _labels(y_test))",
      );
      break;
    case "cifar10":
      body.push(
        "    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()",
        "    return (_inputs(x_train), _labels(y_train)), (_inputs(x_test), _labels(y_test))",
      );
      break;
    case "idx":
      body.push(
        `    x, y = _read_idx(${path(d.images)}), _read_idx(${path(d.labels)})`,
        ...ownTest(own && `_read_idx(${path(d.testImages)}), _read_idx(${path(d.testLabels)})`),
      );
      break;
    case "npy":
      body.push(
        `    x, y = np.load(${path(d.x)}), np.load(${path(d.y)})`,
        ...ownTest(own && `np.load(${path(d.testX)}), np.load(${path(d.testY)})`),
      );
      break;
    case "imageFolder": {
      const folder = (p: unknown) =>
        `keras.utils.image_dataset_from_directory(${path(p)}, label_mode="int", color_mode=${shape[2] === 1 ? '"grayscale"' : '"rgb"'}, ` +
        "image_size=INPUT_SHAPE[:2], batch_size=None, shuffle=False)";
      body.push(
        `    images = ${folder(d.path)}`,
        "    x = np.stack([image.numpy() for image, _ in images])",
        "    y = np.array([label.numpy() for _, label in images])",
        ...(own
          ? [
              `    tests = ${folder(d.testPath)}`,
              "    tx = np.stack([image.numpy() for image, _ in tests])",
              "    # The test folder's classes, numbered as the training folder's.",
              "    ty = np.array([images.class_names.index(tests.class_names[label.numpy()]) for _, label in tests])",
              "    return (_inputs(x), _labels(y)), (_inputs(tx), _labels(ty))",
            ]
          : ["    return _split(_inputs(x), _labels(y))"]),
      );
      break;
    }
    default:
      body.push('    raise SystemExit("The model file names no dataset: add training.dataset, or load your data here.")');
  }
  return [
    ...helpers(shape, classes, t.loss, t.seed ?? 0, t.testSplit),
    "def load_data():",
    `    ${pyStr("(x_train, y_train), (x_test, y_test): the test set is held out; fit() splits validation off x_train.")}`,
    ...body,
    "",
  ];
}
