/** Hostile inputs: imports and sizes (imports, sizes). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { file, model, mnist, train, trainArgs, keras, type HostileCase } from "./shared";

/** The cases of imports, sizes. */
export const interopCases: readonly HostileCase[] = [
  // --- imports
  {
    class: "imports",
    name: "kernel_size [5] on a Conv2D",
    setup: (d) => ["import", keras(d, { name: "c", filters: 4, kernel_size: [5] }), "-o", join(d, "o.cnn.json")],
    status: 2,
    says: /c \(Conv2D\): kernel_size must be an integer ≥ 1 or a list of 2 such integers, got \[5\]/,
  },
  {
    class: "imports",
    name: "a numeric layer name",
    setup: (d) => ["import", keras(d, { name: 5, filters: 4, kernel_size: [3, 3] }), "-o", join(d, "o.cnn.json")],
    status: 2,
    says: /layer 1 \(Conv2D\): its name is 5, not a string/,
  },
  {
    class: "imports",
    name: "an empty layers list",
    setup: (d) => ["check", model(d, [])],
    status: 0,
    says: /warning: the model has no layers yet/,
  },

  {
    class: "imports",
    name: "a JSON model saved as UTF-16",
    setup: (d) => [
      "import",
      file(d, "m.json", Buffer.from(`\ufeff${JSON.stringify({ class_name: "Sequential", config: { layers: [] } })}`, "utf16le")),
      "-o",
      join(d, "o.cnn.json"),
    ],
    status: 2,
    says: /'.*m\.json' is UTF-16 \(little-endian, with a byte order mark\) text; save it as UTF-8/,
  },
  {
    class: "imports",
    name: "an empty .h5 file",
    setup: (d) => ["import", file(d, "m.h5", ""), "-o", join(d, "o.cnn.json")],
    status: 2,
    says: /'.*m\.h5' is empty \(0 bytes\): not a model file/,
  },
  {
    class: "imports",
    name: "a Keras .h5 cut 32 bytes short, where its weights lie before the cut (h5py refuses it)",
    setup: (d) => {
      const whole = readFileSync(join(__dirname, "..", "..", "..", "..", "test", "fixtures", "h5", "mnist_seq_k2.2.2.h5"));
      return ["import", file(d, "cut.h5", whole.subarray(0, whole.length - 32)), "-o", join(d, "o.cnn.json")];
    },
    status: 2,
    says: /'.*cut\.h5' is cut short: it holds 2423480 bytes, but its HDF5 superblock says the file has 2423512/,
  },
  {
    class: "imports",
    name: "diff against a revision that names a file (HEAD:m.cnn.json)",
    setup: (d) => ["diff", model(d, mnist), "--rev", "HEAD:m.cnn.json"],
    status: 2,
    says: /'HEAD:m\.cnn\.json' is not a git revision/,
  },

  // --- sizes
  {
    class: "sizes",
    name: "an ONNX export of 1.6 billion parameters",
    setup: (d) => [
      "export",
      model(d, [...mnist.slice(0, 2), { type: "Dense", units: 2_000_000 }, { type: "Dense", units: 10 }]),
      "--format",
      "onnx",
      "-o",
      join(d, "o.onnx"),
    ],
    status: 2,
    says: /parameters take 5\.92 GB, but an ONNX file is one protobuf message, which ends at 2 GB/,
  },
  {
    class: "sizes",
    name: "training a model larger than this machine's memory",
    setup: (d) =>
      trainArgs(
        model(
          d,
          [...mnist.slice(0, 2), { type: "Dense", units: 2_000_000_000 }, { type: "Dense", units: 10 }],
          train({ type: "mnist-sample" }),
        ),
      ),
    status: 2,
    says: /training needs about .* more than this machine's .* of memory/,
  },
  {
    class: "sizes",
    name: "a summary of a Concatenate of 100,000 inputs",
    setup: (d) => {
      const n = 100_000;
      const layers = [
        { type: "Input", name: "i", shape: [4] },
        ...Array.from({ length: n }, (_, k) => ({ type: "Dense", units: 1, name: `d${k}`, inputs: ["i"] })),
        { type: "Concatenate", name: "all", inputs: Array.from({ length: n }, (_, k) => `d${k}`) },
      ];
      return ["summary", model(d, layers)];
    },
    status: 0,
    says: /all \(Concatenate\) +\(None, 100000\) +0 +0 +d0, d1, d2, d3, … \(100,000 inputs\)/,
    seconds: 60,
  },
  {
    class: "sizes",
    name: "a summary of 130,000 layers",
    setup: (d) => [
      "summary",
      model(d, [{ type: "Input", shape: [4] }, ...Array.from({ length: 130000 }, () => ({ type: "Dense", units: 4 }))]),
    ],
    status: 0,
    says: /Total params: 2,600,000/,
    seconds: 60,
  },
];
