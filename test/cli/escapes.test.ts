/**
 * [escapes] Names with ESC, BEL, CR, C1 controls or direction overrides must never reach a terminal raw: a layer or
 * model name holding one is an error, and every command prints such characters escaped (`\x1b`), wherever they
 * come from (a name, a description, a path, a trainer message).
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "../helpers/cliProcess";

/** What retitles and clears a terminal, then hides text with a carriage return and reverses it. */
const hostile = "\x1b]0;pwned\x07\x1b[2J\rok\u202e\u009b31m\u061c\u200b\ufeff\u{e0041}\u00ad";
/** Any character a terminal acts on, but the newline and the tab. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\u{e0000}-\u{e007f}]/u;

function workspace(doc: object, name = "m.cnn.json"): string {
  const dir = mkdtempSync(join(tmpdir(), "cnn-esc-"));
  writeFileSync(join(dir, name), JSON.stringify(doc));
  return join(dir, name);
}
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
const model = {
  version: 1,
  name: `model${hostile}`,
  description: `about${hostile}`,
  layers: [
    { type: "Input", shape: [28, 28, 1] },
    { type: "Conv2D", name: `conv${hostile}`, filters: 2, kernelSize: 3 },
    { type: "Flatten" },
    { type: "Dense", units: 10, activation: "softmax" },
  ],
  training: { dataset: { type: "npy", x: `x${hostile}.npy`, y: "y.npy" } },
};

describe("[escapes] control characters in names and paths", () => {
  it("[escapes] a layer or model name holding a control character is an error naming it escaped", () => {
    const r = run("check", workspace(model));
    assert.equal(r.status, 1);
    assert.match(
      r.stdout,
      /layer name 'conv\\x1b\]0;pwned\\x07\\x1b\[2J\\x0dok\\u202e\\x9b31m\\u061c\\u200b\\ufeff\\u\{e0041\}\\xad' contains the control character \\x1b/,
    );
    assert.match(r.stdout, /the model's name 'model\\x1b/);
  });

  it("[escapes] check, summary and summary --json print nothing a terminal acts on", () => {
    const file = workspace(model);
    for (const args of [
      ["check", file],
      ["summary", file],
      ["summary", "--json", file],
    ]) {
      const r = run(...args);
      assert.doesNotMatch(r.stdout + r.stderr, raw, args.join(" "));
    }
    const json = JSON.parse(run("summary", "--json", file).stdout) as { name: string; layers: { name: string }[] };
    assert.equal(json.name, model.name, "JSON's own escapes give the name back exactly");
    assert.equal(json.layers[1].name, model.layers[1].name);
  });

  it("[escapes] train prints the trainer's messages escaped (a dataset path, a file name)", () => {
    const clean = { ...model, name: "m", layers: model.layers.map(({ name: _, ...l }) => l) };
    const file = workspace(clean, `m${hostile.replace(/\//g, "")}.cnn.json`);
    for (const args of [
      ["train", file],
      ["train", "--json", file],
      ["check", join(file, "..", `missing${hostile}.cnn.json`)],
    ]) {
      const r = run(...args);
      assert.notEqual(r.status, 0);
      assert.doesNotMatch(r.stdout + r.stderr, raw, args.join(" "));
      // Escaped by the trainer (\x1b), then by JSON where --json prints it (\\x1b).
      assert.match(r.stdout + r.stderr, /\\{1,2}x1b\]0;pwned/, args.join(" "));
    }
  });
});
