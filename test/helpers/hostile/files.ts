/** Hostile inputs: special files and decompression bombs (not-regular, bombs). */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { idxHeader, npyBytes, pngBomb } from "../hostileFiles";
import { model, mnist, train, trainArgs, notRegular, fifo, zero, classes, jpegHeader, type HostileCase } from "./shared";

/** The cases of not-regular, bombs. */
export const filesCases: readonly HostileCase[] = [
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
];
