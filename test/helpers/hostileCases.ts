/**
 * The hostile and careless inputs of the hardening issue (#14), one table: each case crafts its files in a fresh
 * folder (real FIFOs, symbolic links to /dev/zero, decompression bombs, JSON nested 100,000 deep, a cycle of
 * 20,000 layers…), names the CLI command that meets them, and says what a careful tool answers: the exit status
 * and the message. `test/cli/hostile.test.ts` runs every case as a test; `npm run bench:safety` runs them with
 * their peak memory and time.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { deepJson, idxHeader, mkfifo, npyBytes, pngBomb, smallPng } from "./hostileFiles";

/** The classes of the issue, each with what it covers. */
export const hostileClasses = {
  "not-regular": "FIFOs, /dev/zero and links to it as a model, an import, a dataset file, an image or a run's weights: refused at once",
  bombs: "decompression bombs and headers that declare more than the file holds: refused before the memory is taken",
  cycles: "a cycle of 20,000 layers: one message with its length and first names, not 20,000",
  "deep-json": "JSON nested 100,000 deep as a model, to summarise, to train and to import: one clear message",
  numbers: "integers beyond int32 or 2^53, Infinity: refused with the bound; counts beyond 2^53 marked approximate",
  encodings: "a UTF-8 byte order mark accepted, UTF-16 named, lone CR line ends counted as VS Code counts them",
  usage: "check goes on past an unreadable file; flags checked; the same words for the same mistake",
  datasets: "folders named like images, loops, empty images and classes, NUL in paths, runs folders that cannot be written",
  imports: "Keras values of the wrong length or type, and an empty model, said plainly",
  sizes: "models too large for ONNX or for this machine's memory, said before anything is allocated; 130,000 layers summarised",
} as const;

/** A class of hostile inputs. */
export type HostileClass = keyof typeof hostileClasses;

/** One hostile input: what to craft, the command, and the answer expected. */
export interface HostileCase {
  readonly class: HostileClass;
  readonly name: string;
  /** Crafts the files in `dir` and returns the CLI's arguments. */
  setup(dir: string): string[];
  /** The exit status expected. */
  readonly status: number;
  /** What standard error (or, for `summary`, the output) must say. */
  readonly says: RegExp;
  /** Further checks of the output: a message, when something is wrong. */
  readonly also?: (out: { stdout: string; stderr: string }) => string | undefined;
  /** Limits, when the default 30 s and 700 MB do not suit. */
  readonly seconds?: number;
  readonly megabytes?: number;
}

const model = (dir: string, layers: readonly unknown[], training?: object, name = "m.cnn.json") => {
  writeFileSync(join(dir, name), JSON.stringify({ version: 1, layers, ...(training ? { training } : {}) }));
  return join(dir, name);
};
const mnist = [{ type: "Input", shape: [28, 28, 1] }, { type: "Flatten" }, { type: "Dense", units: 10, activation: "softmax" }];
const train = (dataset: object, extra: object = {}) => ({
  optimizer: "adam",
  loss: "sparseCategoricalCrossentropy",
  batchSize: 32,
  epochs: 1,
  dataset,
  ...extra,
});
const trainArgs = (file: string) => ["train", file, "--backend", "cpu", "--samples", "64"];
const notRegular = /is not a regular file/;

/** Every case, by class. */
export const hostileCases: readonly HostileCase[] = [
  // --- not-regular: FIFOs block a reader for ever; /dev/zero never ends.
  ...(
    [
      ["a FIFO as the model to check", (d: string) => ["check", fifo(d, "m.cnn.json")]],
      ["a FIFO as the model to summarise", (d: string) => ["summary", fifo(d, "m.cnn.json")]],
      ["a FIFO as the model to train", (d: string) => ["train", fifo(d, "m.cnn.json")]],
      ["a FIFO as the file to import", (d: string) => ["import", fifo(d, "k.json"), "-o", join(d, "o.cnn.json")]],
      ["a link to /dev/zero as the model", (d: string) => ["summary", zero(d, "m.cnn.json")]],
      ["a link to /dev/zero as the file to import", (d: string) => ["import", zero(d, "k.json"), "-o", join(d, "o.cnn.json")]],
      [
        "a FIFO as IDX images",
        (d: string) => trainArgs(model(d, mnist, train({ type: "idx", images: fifo(d, "x"), labels: fifo(d, "y") }))),
      ],
      [
        "a link to /dev/zero as IDX images",
        (d: string) => trainArgs(model(d, mnist, train({ type: "idx", images: zero(d, "x"), labels: zero(d, "y") }))),
      ],
      [
        "a FIFO as an NPY array",
        (d: string) => trainArgs(model(d, mnist, train({ type: "npy", x: fifo(d, "x.npy"), y: fifo(d, "y.npy") }))),
      ],
      [
        "a link to /dev/zero as an NPY array",
        (d: string) => trainArgs(model(d, mnist, train({ type: "npy", x: zero(d, "x.npy"), y: zero(d, "y.npy") }))),
      ],
      [
        "a FIFO as an image of a class",
        (d: string) => trainArgs(model(d, mnist, train({ type: "imageFolder", path: classes(d, (c) => fifo(c, "a.png")) }))),
      ],
      [
        "a link to /dev/zero as an image",
        (d: string) => trainArgs(model(d, mnist, train({ type: "imageFolder", path: classes(d, (c) => zero(c, "a.png")) }))),
      ],
    ] as const
  ).map(([name, setup]): HostileCase => ({ class: "not-regular", name, setup, status: 2, says: notRegular })),
  {
    class: "not-regular",
    name: "a FIFO as the run to export",
    setup: (d) => ["export", model(d, mnist), "--format", "tfjs", "--run", fifo(d, "run"), "-o", join(d, "o.json")],
    status: 2,
    says: /the run '.*run' is not a folder/,
  },
  {
    class: "not-regular",
    name: "a run weight whose shape is not a list",
    setup: (d) => {
      const m = model(d, mnist);
      const run = join(d, "run");
      mkdirSync(run);
      writeFileSync(join(run, "model.cnn.json"), readFileSync(m));
      const weights = [{ name: "dense/kernel", shape: "784x10", dtype: "float32" }];
      writeFileSync(join(run, "model.json"), JSON.stringify({ weightsManifest: [{ paths: ["w.bin"], weights }] }));
      writeFileSync(join(run, "w.bin"), Buffer.alloc(784 * 10 * 4));
      return ["export", m, "--format", "tfjs", "--run", run, "-o", join(d, "o.json")];
    },
    status: 2,
    says: /the weights manifest has a weight without a name and a shape of integers/,
  },
  ...(
    [
      ["an output that is a folder", (d: string) => d, /is a folder; name a file to write/],
      ["an output in a folder that does not exist", (d: string) => join(d, "none", "o.py"), /none\/o\.py': no such file or folder/],
    ] as const
  ).map(([name, out, says]): HostileCase => ({
    class: "not-regular",
    name,
    setup: (d) => ["export", model(d, mnist), "--format", "keras", "-o", out(d)],
    status: 2,
    says,
  })),

  {
    class: "not-regular",
    name: "an output that is a link to nothing, without --force",
    setup: (d) => {
      symlinkSync(join(d, "nowhere"), join(d, "o.py"));
      return ["export", model(d, mnist), "--format", "keras", "-o", join(d, "o.py")];
    },
    status: 2,
    says: /o\.py' already exists \(a link to nothing\); use --force to replace it/,
  },

  // --- bombs
  {
    class: "bombs",
    name: "a 30000×30000 PNG of a few kilobytes",
    setup: (d) =>
      trainArgs(
        model(d, mnist, train({ type: "imageFolder", path: classes(d, (c) => writeFileSync(join(c, "a.png"), pngBomb(30000, 30000))) })),
      ),
    status: 2,
    says: /declares 30000×30000 pixels .*up to 40 megapixels/,
  },
  {
    class: "bombs",
    name: "a gzipped IDX file that inflates far past its header",
    setup: (d) => {
      const body = Buffer.alloc(512 * 1024 * 1024);
      writeFileSync(join(d, "x.gz"), gzipSync(Buffer.concat([idxHeader(0x08, [100, 28, 28]), body.subarray(0, 1024)]), { level: 1 }));
      writeFileSync(join(d, "bomb.gz"), gzipSync(Buffer.concat([idxHeader(0x08, [100, 28, 28]), body]), { level: 9 }));
      return trainArgs(model(d, mnist, train({ type: "idx", images: join(d, "bomb.gz"), labels: join(d, "x.gz") })));
    },
    status: 2,
    says: /is larger than its header says: it inflates past the 78416 bytes the header declares/,
    seconds: 60,
  },
  {
    class: "bombs",
    name: "an IDX header that declares a terabyte",
    setup: (d) => {
      writeFileSync(join(d, "x.gz"), gzipSync(idxHeader(0x08, [100000, 100000, 100])));
      return trainArgs(model(d, mnist, train({ type: "idx", images: join(d, "x.gz"), labels: join(d, "x.gz") })));
    },
    status: 2,
    says: /its header declares 931\.32 GB of values, more than the .* one file may/,
  },
  {
    class: "bombs",
    name: "a plain IDX file larger than its header says",
    setup: (d) => {
      writeFileSync(join(d, "x.idx"), Buffer.concat([idxHeader(0x08, [2, 28, 28]), Buffer.alloc(10_000_000)]));
      return trainArgs(model(d, mnist, train({ type: "idx", images: join(d, "x.idx"), labels: join(d, "x.idx") })));
    },
    status: 2,
    says: /is larger than its header says: 10000016 bytes, the header declares 1584/,
  },
  {
    class: "bombs",
    name: "an NPY file larger than its header says",
    setup: (d) => {
      writeFileSync(join(d, "x.npy"), Buffer.concat([npyBytes("<f4", [2, 28, 28, 1]), Buffer.alloc(1_000_000)]));
      return trainArgs(model(d, mnist, train({ type: "npy", x: join(d, "x.npy"), y: join(d, "x.npy") })));
    },
    status: 2,
    says: /is larger than its header says/,
  },

  {
    class: "bombs",
    name: "a JPEG of a few bytes that declares 10000×10000 pixels",
    setup: (d) =>
      trainArgs(
        model(d, mnist, train({ type: "imageFolder", path: classes(d, (c) => writeFileSync(join(c, "a.jpg"), jpegHeader(10000, 10000))) })),
      ),
    status: 2,
    says: /a\.jpg: declares 10000×10000 pixels \(100 megapixels\); images of up to 40 megapixels are read/,
  },
  {
    class: "bombs",
    name: "an NPY header with a key NumPy does not write (an expression)",
    setup: (d) => {
      const bytes = npyBytes("<f4", [2, 28, 28, 1]);
      const text = bytes.toString("latin1").replace("'shape': (2, 28, 28, 1), }", "'shape': (2, 28, 28, 1), 'x': __import__('os')}");
      writeFileSync(join(d, "x.npy"), Buffer.from(text, "latin1"));
      return trainArgs(model(d, mnist, train({ type: "npy", x: join(d, "x.npy"), y: join(d, "x.npy") })));
    },
    status: 2,
    says: /unreadable header .*unexpected "'x': __import__/,
  },

  // --- cycles
  {
    class: "cycles",
    name: "a cycle of 20,000 layers",
    setup: (d) => {
      const n = 20000;
      const layers = [
        { type: "Input", name: "in", shape: [4] },
        ...Array.from({ length: n }, (_, i) => ({ type: "Add", name: `l${i}`, inputs: ["in", `l${(i + 1) % n}`] })),
      ];
      return ["check", model(d, layers)];
    },
    status: 1,
    says: /l0: part of a cycle of 20,000 layers: l0 → l19999 → l19998 → l19997 → l19996 → … → l0/,
    also: ({ stdout }) => (stdout.length > 2000 ? `printed ${stdout.length} characters` : undefined),
  },

  // --- deep-json
  ...(
    [
      ["JSON arrays nested 100,000 deep, checked", (d: string) => ["check", deep(d, "[", "]")], 1],
      ["JSON objects nested 100,000 deep, summarised", (d: string) => ["summary", deep(d, '{"a":', "}")], 1],
      ["JSON nested 100,000 deep, trained", (d: string) => ["train", deep(d, "[", "]")], 2],
      ["JSON nested 100,000 deep, imported", (d: string) => ["import", deep(d, '{"a":', "}"), "-o", join(d, "o.cnn.json")], 2],
    ] as const
  ).map(([name, setup, status]): HostileCase => ({ class: "deep-json", name, setup, status, says: /nested more than 200 levels deep/ })),

  // --- numbers
  ...(
    [
      [
        "units 1e308",
        [
          { type: "Input", shape: [4] },
          { type: "Dense", units: 1e308 },
        ],
        /'units' must be an integer ≥ 1 and at most 2,147,483,647, got 1e\+308/,
      ],
      [
        "an input dimension of 2^52 + 2",
        [
          { type: "Input", shape: [4503599627370498] },
          { type: "Dense", units: 3 },
        ],
        /'shape' must be a list of integers ≥ 1 and at most 2,147,483,647/,
      ],
      [
        "padding 1e300",
        [
          { type: "Input", shape: [8, 8, 1] },
          { type: "ZeroPadding2D", padding: 1e300 },
        ],
        /'padding' must be .* at most 2,147,483,647, got 1e\+300/,
      ],
      [
        "UpSampling2D size 1e9",
        [
          { type: "Input", shape: [8, 8, 1] },
          { type: "UpSampling2D", size: 1e9 },
        ],
        /a dimension of 8,000,000,000, more than the 2,147,483,647/,
      ],
    ] as const
  ).map(([name, layers, says]): HostileCase => ({ class: "numbers", name, setup: (d) => ["check", model(d, layers)], status: 1, says })),
  {
    class: "numbers",
    name: "a SeparableConv2D whose depthwise step would have 6.4 billion channels",
    setup: (d) => [
      "check",
      model(d, [
        { type: "Input", shape: [8, 8, 3] },
        { type: "SeparableConv2D", filters: 2, kernelSize: 3, depthMultiplier: 2147483647 },
      ]),
    ],
    status: 1,
    says: /its depthwise step gives 6,442,450,941 channels \(3 × depthMultiplier 2147483647\), more than the 2,147,483,647/,
  },
  {
    class: "numbers",
    name: "--batch-size ' 12' (a space) and -1",
    setup: (d) => ["summary", model(d, mnist), "--batch-size= 12"],
    status: 2,
    says: /--batch-size must be an integer from 1 to 2,147,483,647, got ' 12'/,
  },
  {
    class: "numbers",
    name: "units 1e999 (Infinity)",
    setup: (d) => {
      return ["check", file(d, "m.cnn.json", '{"version":1,"layers":[{"type":"Input","shape":[4]},{"type":"Dense","units":1e999}]}')];
    },
    status: 1,
    says: /'units' must be an integer ≥ 1, got Infinity \(too large for a number\)/,
  },
  {
    class: "numbers",
    name: "epochs 1e308, batchSize 1e12 and seed 1e308",
    setup: (d) => ["check", model(d, mnist, train({ type: "mnist-sample" }, { epochs: 1e308, batchSize: 1e12, seed: 1e308 }))],
    status: 1,
    says: /'batchSize' must be an integer ≥ 1 and at most 2,147,483,647, got 1000000000000[^]*'epochs' must be[^]*'seed' must be an integer ≥ 0 and at most/,
  },
  {
    class: "numbers",
    name: "a count beyond 2^53 is marked approximate",
    setup: (d) => [
      "summary",
      model(d, [
        { type: "Input", shape: [2147483647, 2147483647] },
        { type: "Dense", units: 3 },
      ]),
    ],
    status: 0,
    says: /Total MACs: ≈13,835,058,042,397,300,000 per sample[^]*≈ Approximate/,
  },
  {
    class: "numbers",
    name: "--batch-size 99999999999999999999 and --epochs 1e3",
    setup: (d) => ["summary", model(d, mnist), "--batch-size", "99999999999999999999"],
    status: 2,
    says: /--batch-size must be an integer from 1 to 2,147,483,647, got '99999999999999999999'/,
  },
  {
    class: "numbers",
    name: "an imported Keras layer with filters 1e300",
    setup: (d) => ["import", keras(d, { name: "c", filters: 1e300, kernel_size: [3, 3] }), "-o", join(d, "o.cnn.json")],
    status: 2,
    says: /invalid settings: c \(Conv2D\): filters 1e\+300: must be an integer ≥ 1 and at most 2,147,483,647/,
  },

  // --- encodings
  {
    class: "encodings",
    name: "a UTF-8 byte order mark (as Windows Notepad saves)",
    setup: (d) => {
      return ["check", file(d, "m.cnn.json", `\ufeff${JSON.stringify({ version: 1, layers: mnist }, null, 2)}`)];
    },
    status: 0,
    says: /1 file checked: 0 errors, 0 warnings/,
  },
  {
    class: "encodings",
    name: "a Keras file with a byte order mark, imported",
    setup: (d) => {
      const k = keras(d, { name: "c", filters: 4, kernel_size: [3, 3] });
      writeFileSync(k, `\ufeff${readFileSync(k, "utf8")}`);
      return ["import", k, "-o", join(d, "o.cnn.json")];
    },
    status: 0,
    says: /imported/,
  },
  ...(["utf-16le", "utf-16be"] as const).map((encoding): HostileCase => ({
    class: "encodings",
    name: `a model saved as ${encoding.toUpperCase()}`,
    setup: (d) => {
      const text = `\ufeff${JSON.stringify({ version: 1, layers: mnist })}`;
      const bytes = Buffer.from(text, "utf16le");
      if (encoding === "utf-16be") bytes.swap16();
      return ["check", file(d, "m.cnn.json", bytes)];
    },
    status: 2,
    says: new RegExp(`is UTF-16 \\(${encoding === "utf-16le" ? "little" : "big"}-endian, with a byte order mark\\); save it as UTF-8`),
  })),
  {
    class: "encodings",
    name: "lone CR line ends (classic Mac OS)",
    setup: (d) => {
      return [
        "check",
        file(d, "m.cnn.json", '{\r"version": 1,\r"layers": [\r{"type":"Input","shape":[4]},\r{"type":"Dense","units":-1}]}'),
      ];
    },
    status: 1,
    says: /m\.cnn\.json:5:25: error: dense: 'units' must be an integer ≥ 1, got -1/,
  },

  // --- usage
  {
    class: "usage",
    name: "check a missing b: a and b are still checked",
    setup: (d) => [
      "check",
      model(d, mnist, undefined, "a.cnn.json"),
      join(d, "missing.cnn.json"),
      model(d, [{ type: "Dense" }], undefined, "b.cnn.json"),
    ],
    status: 2,
    says: /^(?=[^]*missing\.cnn\.json': no such file)(?=[^]*b\.cnn\.json:1:\d+: error: dense: Dense needs 'units')(?=[^]*2 files checked: 2 errors, 0 warnings; 1 file could not be read)/,
  },
  {
    class: "usage",
    name: "summary --optimizer bogus",
    setup: (d) => ["summary", model(d, mnist), "--optimizer", "bogus"],
    status: 2,
    says: /--optimizer must be one of adam, .*, got 'bogus'/,
  },
  {
    class: "usage",
    name: "summary --optimizer constructor",
    setup: (d) => ["summary", model(d, mnist), "--optimizer", "constructor"],
    status: 2,
    says: /--optimizer must be one of/,
  },
  ...(["train", "summary", "check"] as const).map((command): HostileCase => ({
    class: "usage",
    name: `${command} DIR`,
    setup: (d) => [command, d],
    status: 2,
    says: /cannot read the model: '.*' is a folder/,
  })),

  // --- datasets
  {
    class: "datasets",
    name: "a folder named x.png in a class folder",
    setup: (d) => trainArgs(model(d, mnist, train({ type: "imageFolder", path: classes(d, (c) => mkdirSync(join(c, "x.png"))) }))),
    status: 2,
    says: /x\.png' is a folder/,
  },
  {
    class: "datasets",
    name: "a symbolic link loop in the image folder",
    setup: (d) => {
      const root = classes(d, (c) => writeFileSync(join(c, "a.png"), smallPng()));
      symlinkSync(root, join(root, "c0", "loop.png"));
      symlinkSync(join(root, "self"), join(root, "self"));
      return trainArgs(model(d, mnist, train({ type: "imageFolder", path: root })));
    },
    status: 2,
    says: /loop\.png' is a folder|too many levels of symbolic links/,
  },
  {
    class: "datasets",
    name: "a zero-byte PNG",
    setup: (d) => trainArgs(model(d, mnist, train({ type: "imageFolder", path: classes(d, (c) => writeFileSync(join(c, "a.png"), "")) }))),
    status: 2,
    says: /a\.png: is empty \(0 bytes\), not an image/,
  },
  {
    class: "datasets",
    name: "an empty class folder",
    setup: (d) => {
      const root = classes(d, (c) => writeFileSync(join(c, "a.png"), smallPng()));
      mkdirSync(join(root, "empty"));
      return trainArgs(
        model(d, [...mnist.slice(0, 2), { type: "Dense", units: 3, activation: "softmax" }], train({ type: "imageFolder", path: root })),
      );
    },
    status: 2,
    says: /the class folder 'empty' holds no PNG or JPEG images/,
  },
  {
    class: "datasets",
    name: "a 3-unit output on 2 classes",
    setup: (d) => {
      const root = classes(d, (c) => writeFileSync(join(c, "a.png"), smallPng()));
      return trainArgs(
        model(d, [...mnist.slice(0, 2), { type: "Dense", units: 3, activation: "softmax" }], train({ type: "imageFolder", path: root })),
      );
    },
    status: 2,
    says: /the dataset has 2 classes \(c0, c1\), but the model's output dense is \(None, 3\): give dense 2 units/,
  },
  {
    class: "datasets",
    name: "a CIFAR-10 path that names a batch file, not the folder",
    setup: (d) => {
      writeFileSync(join(d, "data_batch_1.bin"), Buffer.alloc(3073));
      const m = [{ type: "Input", shape: [32, 32, 3] }, { type: "Flatten" }, { type: "Dense", units: 10, activation: "softmax" }];
      return trainArgs(model(d, m, train({ type: "cifar10", path: join(d, "data_batch_1.bin") })));
    },
    status: 2,
    says: /data_batch_1\.bin: is a file; "path" names the folder that holds data_batch_1\.bin/,
  },
  {
    class: "datasets",
    name: "NUL in a dataset path",
    setup: (d) => trainArgs(model(d, mnist, train({ type: "idx", images: "a\u0000b", labels: "x" }))),
    status: 2,
    says: /contains a NUL character/,
  },
  {
    class: "datasets",
    name: "a runs folder that is a file, said before the data loads",
    setup: (d) => {
      writeFileSync(join(d, "file"), "x");
      return [
        ...trainArgs(model(d, mnist, train({ type: "idx", images: join(d, "nothing"), labels: join(d, "nothing") }))),
        "--runs-dir",
        join(d, "file"),
      ];
    },
    status: 2,
    says: /cannot create the run's folder: '.*file' is a file, not a folder/,
  },
  {
    class: "datasets",
    name: "a runs folder on a read-only file system",
    setup: (d) => [...trainArgs(model(d, mnist, train({ type: "mnist-sample" }))), "--runs-dir", "/proc/cnn-runs"],
    status: 2,
    says: /cannot create the run's folder: .*'\/proc/,
  },

  {
    class: "datasets",
    name: "a class folder whose name is not valid UTF-8",
    setup: (d) => {
      const root = classes(d, (c) => writeFileSync(join(c, "a.png"), smallPng()));
      mkdirSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0xff, 0x41])]));
      return trainArgs(model(d, mnist, train({ type: "imageFolder", path: root })));
    },
    status: 2,
    says: /the name is not valid UTF-8 \(shown with �\); rename it/,
  },
  {
    class: "datasets",
    name: "a class folder whose name holds a newline, in a one-line message",
    setup: (d) => {
      const root = classes(d, (c) => writeFileSync(join(c, "a.png"), smallPng()));
      mkdirSync(join(root, "c\nevil"));
      writeFileSync(join(root, "c\nevil", "a.png"), smallPng());
      return trainArgs(
        model(d, [...mnist.slice(0, 2), { type: "Dense", units: 2, activation: "softmax" }], train({ type: "imageFolder", path: root })),
      );
    },
    status: 2,
    says: /the dataset has 3 classes \(c\\x0aevil, c0, c1\)/,
  },
  {
    class: "datasets",
    name: "IDX labels of 0.5 (floats, not class indices)",
    setup: (d) => trainArgs(model(d, mnist, train(idxPair(d, 0x0d, [0.5, 1])))),
    status: 2,
    says: /the label at index 0 is 0\.5, not a class index/,
  },
  {
    class: "datasets",
    name: "label 10 for a one-unit yes/no output",
    setup: (d) =>
      trainArgs(
        model(
          d,
          [...mnist.slice(0, 2), { type: "Dense", units: 1, activation: "sigmoid" }],
          train(idxPair(d, 0x08, [1, 10]), { loss: "binaryCrossentropy" }),
        ),
      ),
    status: 2,
    says: /the dataset has label 10, but the model's output dense is \(None, 1\): one unit, a yes\/no output, takes labels 0 and 1/,
  },
  {
    class: "datasets",
    name: "a one-unit softmax output with sparse categorical cross-entropy",
    setup: (d) =>
      trainArgs(model(d, [...mnist.slice(0, 2), { type: "Dense", units: 1, activation: "softmax" }], train(idxPair(d, 0x08, [0, 0])))),
    status: 2,
    says: /sparseCategoricalCrossentropy needs an output of one unit per class, at least 2/,
  },

  // --- imports
  {
    class: "imports",
    name: "kernel_size [5] on a Conv2D",
    setup: (d) => ["import", keras(d, { name: "c", filters: 4, kernel_size: [5] }), "-o", join(d, "o.cnn.json")],
    status: 2,
    says: /c \(Conv2D\): kernel_size \[5\]: must be an integer ≥ 1 or a list of 2 such integers/,
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

/** Writes `data` as `name` in `dir`; returns its path. */
function file(dir: string, name: string, data: string | Buffer): string {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
}

function fifo(dir: string, name: string): string {
  mkfifo(join(dir, name));
  return join(dir, name);
}

function zero(dir: string, name: string): string {
  symlinkSync("/dev/zero", join(dir, name));
  return join(dir, name);
}

function deep(dir: string, open: string, close: string): string {
  return file(dir, "m.cnn.json", deepJson(open, close, 100_000));
}

/** An image folder with two classes, c0 and c1, each filled by `fill`; returns its path. */
function classes(dir: string, fill: (classDir: string) => void): string {
  const root = join(dir, "images");
  for (const c of ["c0", "c1"]) {
    mkdirSync(join(root, c), { recursive: true });
    fill(join(root, c));
  }
  return root;
}

/** A Keras 3 Sequential file with one Conv2D whose config is `conv`. */
function keras(dir: string, conv: Record<string, unknown>): string {
  const layers = [
    { class_name: "InputLayer", config: { batch_shape: [null, 28, 28, 1], name: "in" } },
    { class_name: "Conv2D", config: { strides: [1, 1], padding: "valid", activation: "relu", use_bias: true, ...conv } },
  ];
  writeFileSync(join(dir, "k.json"), JSON.stringify({ class_name: "Sequential", config: { name: "s", layers } }));
  return join(dir, "k.json");
}

/** The start of a JPEG that declares `width`×`height` pixels in its frame header, and nothing to decode. */
function jpegHeader(width: number, height: number): Buffer {
  const sof = Buffer.from([
    0xff,
    0xc0,
    0,
    17,
    8,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.from([0xff, 0xd9])]);
}

/** An IDX dataset of `labels.length` blank 28×28 images and the labels, stored as IDX type `type` (0x08 uint8, 0x0d float32). */
function idxPair(dir: string, type: number, labels: readonly number[]): object {
  writeFileSync(join(dir, "images.idx"), Buffer.concat([idxHeader(0x08, [labels.length, 28, 28]), Buffer.alloc(labels.length * 784)]));
  const body = Buffer.alloc(labels.length * (type === 0x0d ? 4 : 1));
  labels.forEach((l, i) => (type === 0x0d ? body.writeFloatBE(l, i * 4) : body.writeUInt8(l, i)));
  writeFileSync(join(dir, "labels.idx"), Buffer.concat([idxHeader(type, [labels.length]), body]));
  return { type: "idx", images: join(dir, "images.idx"), labels: join(dir, "labels.idx") };
}
