/** Hostile inputs: model files: cycles, deep json, numbers and encodings (cycles, deep-json, numbers, encodings). */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { model, mnist, train, file, deep, keras, type HostileCase } from "./shared";

/** The cases of cycles, deep-json, numbers, encodings. */
export const modelCases: readonly HostileCase[] = [
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
    says: /invalid settings: c \(Conv2D\): filters must be an integer ≥ 1 and at most 2,147,483,647, got 1e\+300/,
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
];
