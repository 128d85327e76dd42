import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { commandIds } from "../../src/extension/commandIds";

const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as {
  contributes: { commands: { command: string }[]; menus: Record<string, { command?: string }[]>; keybindings?: { command: string }[] };
  activationEvents?: string[];
};

const nls = ["package.nls.json", "package.nls.es.json"].map((f) => readFileSync(join(__dirname, "..", "..", "..", f), "utf8")).join("\n");

describe("the command table", () => {
  it("handles exactly the commands package.json contributes, in its order", () => {
    assert.deepEqual(
      manifest.contributes.commands.map((c) => c.command),
      [...commandIds],
    );
  });

  it("every command a menu, a keybinding or a walkthrough names is one of them", () => {
    const ours = new Set<string>(commandIds);
    const named = [
      ...Object.values(manifest.contributes.menus).flatMap((items) => items.map((i) => i.command)),
      ...(manifest.contributes.keybindings ?? []).map((k) => k.command),
      // (Walkthrough links live in the manifest's texts, package.nls*.json.)
      ...[...(JSON.stringify(manifest.contributes) + nls).matchAll(/command:(cnnDesigner\.\w+)/g)].map((m) => m[1]),
    ].filter((c): c is string => c !== undefined && c.startsWith("cnnDesigner."));
    assert.deepEqual(
      named.filter((c) => !ours.has(c)),
      [],
    );
    assert.ok(named.length > 10, `only ${named.length} command references found: the manifest's shape changed`);
  });
});
