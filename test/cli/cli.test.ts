import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..", "..");
const cli = join(root, "dist", "cli.js");
const ex = (name: string) => join(root, "examples", name);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("cnn-designer CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "cnn-cli-"));
  const broken = join(dir, "broken.cnn.json");
  writeFileSync(
    broken,
    '{\n  "version": 1,\n  "layers": [\n    { "type": "Input", "shape": [4, 4, 1] },\n    { "type": "Conv2D", "name": "conv1", "filters": 2, "kernelSize": 5 },\n    { "type": "Dense", "units": 2 }\n  ]\n}\n',
  );

  // The 5 of "kernelSize": 5 on line 5, 1-based.
  const column = '    { "type": "Conv2D", "name": "conv1", "filters": 2, "kernelSize": 5 },'.indexOf("5 }") + 1;

  it("summary prints the Keras-style summary and exits 0", () => {
    const r = run("summary", ex("pooling-gap.cnn.json"));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Total params: 300,042/);
    // Its one note, on stderr: what global pooling takes sees 7×7 of the 32×32 input.
    assert.match(r.err, /^[^\n]*pooling-gap\.cnn\.json:9:15: info: conv2d_1: receptive field 7×7 of the 32×32 input: [^\n]*\n$/);
  });

  it("summary --json prints the documented document", () => {
    const r = run("summary", "--json", ex("pooling-flatten.cnn.json"));
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out) as Record<string, unknown> & { layers: Record<string, unknown>[] };
    assert.equal(j.totalParams, 1164042);
    assert.equal(j.trainableParams, 1164042);
    assert.equal(j.nonTrainableParams, 0);
    assert.equal(typeof j.totalMacs, "number");
    assert.deepEqual(j.diagnostics, []);
    assert.deepEqual(Object.keys(j.layers[1]).slice(0, 8), [
      "name",
      "type",
      "inputs",
      "outputShape",
      "params",
      "trainableParams",
      "nonTrainableParams",
      "macs",
    ]);
    assert.deepEqual(j.layers[4], {
      ...j.layers[4],
      name: "flatten",
      type: "Flatten",
      inputs: ["conv2d_2"],
      outputShape: [null, 86528],
      params: 0,
    });
    assert.ok((j.memory as { parameterBytes: number }).parameterBytes === 1164042 * 4);
  });

  it("summary --json locates diagnostics by line and column", () => {
    const r = run("summary", "--json", broken);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out) as { diagnostics: Record<string, unknown>[] };
    assert.deepEqual(j.diagnostics[0], {
      severity: "error",
      code: "shape-collapse",
      message: "conv1: 5×5 kernel with padding 'valid' needs at least 5×5 input, gets 4×4",
      layer: "conv1",
      line: 5,
      column,
      offset: j.diagnostics[0].offset,
      length: 1,
    });
  });

  it("check prints compiler-style lines and exits 1 on errors", () => {
    const r = run("check", broken, ex("mnist-convnet.cnn.json"));
    assert.equal(r.code, 1);
    assert.equal(r.out, `${broken}:5:${column}: error: conv1: 5×5 kernel with padding 'valid' needs at least 5×5 input, gets 4×4\n`);
    assert.equal(r.err, "2 files checked: 1 error, 0 warnings\n");
    assert.equal(run("check", ex("mnist-convnet.cnn.json")).code, 0);
  });

  it("check lists a cycle's other layers as notes, three at most, and counts the rest at the first one left out", () => {
    const count = (n: number) => {
      const layers = [
        { type: "Input", name: "in", shape: [4] },
        ...Array.from({ length: n }, (_, i) => ({ type: "Add", name: `l${i}`, inputs: ["in", `l${(i + 1) % n}`] })),
      ];
      const file = join(mkdtempSync(join(tmpdir(), "cnn-cycle-")), "c.cnn.json");
      // One layer per line: the input on line 2, l0 on line 3, l1 on line 4 …
      writeFileSync(file, `{"version": 1, "layers": [\n${layers.map((l) => JSON.stringify(l)).join(",\n")}\n]}\n`);
      return run("check", file)
        .out.split("\n")
        .filter((l) => l.includes(": note: "));
    };
    const five = count(5);
    assert.equal(five.length, 4);
    // l0 → l4 → l3 → l2 → l1: the notes name l4, l3 and l2; the count stands at l1.
    assert.match(five[3], /:4:\d+: note: and 1 more place$/);
    assert.match(count(7).at(-1) ?? "", /: note: and 3 more places$/);
  });

  it("bad usage and unreadable files exit 2 with one line and no stack trace", () => {
    for (const [args, message] of [
      [
        ["summary", join(dir, "missing.cnn.json")],
        `cnn-designer: cannot read the model: '${join(dir, "missing.cnn.json")}': no such file or folder\n`,
      ],
      [["summary", dir], `cnn-designer: cannot read the model: '${dir}' is a folder\n`],
      [["check", "/dev/zero"], "cnn-designer: cannot read the model: '/dev/zero' is not a regular file (a device, a FIFO or a socket)\n"],
      [["frobnicate"], "cnn-designer: unknown command 'frobnicate'; see cnn-designer --help\n"],
      [[], "cnn-designer: no command given (try: cnn-designer summary FILE); see cnn-designer --help\n"],
      [["summary"], "cnn-designer: summary takes exactly one FILE; see cnn-designer --help\n"],
      [["check"], "cnn-designer: check needs at least one FILE; see cnn-designer --help\n"],
      [
        ["summary", "--batch-size", "0", ex("lenet5.cnn.json")],
        "cnn-designer: --batch-size must be an integer from 1 to 2,147,483,647, got '0'\n",
      ],
    ] as const) {
      const r = run(...args);
      assert.equal(r.code, 2, args.join(" "));
      assert.equal(r.err, message);
      assert.equal(r.out, "");
    }
    const unknownFlag = run("summary", "--jsn", ex("lenet5.cnn.json"));
    assert.equal(unknownFlag.code, 2);
    assert.equal(unknownFlag.err.trim().split("\n").length, 1);
    assert.match(
      unknownFlag.err,
      /^cnn-designer: summary has no option '--jsn' \(a FILE whose name starts with '-' goes after '--'\); see cnn-designer --help\n$/,
    );
  });

  it("schema prints the JSON Schema; --version and --help answer", () => {
    const s = run("schema");
    assert.equal(s.code, 0);
    assert.equal((JSON.parse(s.out) as { title: string }).title, "CNN Designer model");
    assert.match(run("--version").out, /^\d+\.\d+\.\d+\n$/);
    assert.match(run("--help").out, /^Usage: cnn-designer/);
  });
});
