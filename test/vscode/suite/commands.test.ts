import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import { extensionId, fixture, open, until } from "./helpers";

/** A Model Summary row, as the extension's API hands it out. */
interface Row {
  kind: string;
  text?: string;
  layer?: { name: string };
  problem?: string;
}

/** What the extension's `activate` returns, as far as these tests use it. */
interface Api {
  readonly tree: { getChildren(): Row[] };
  readonly models: {
    analysis(doc: vscode.TextDocument): {
      memory: { device?: { bytes: number; largestBatch: number | null } };
      diagnostics: { code: string }[];
    };
    useDetectedGpu(gpu: { name: string; memoryBytes: number } | null): void;
  };
}

describe("commands and the sidebar", () => {
  it("New Model… writes a template into the workspace and opens it", async () => {
    const target = fixture("new-model.cnn.json");
    const uri = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.newModel", "small-resnet", target);
    assert.equal(uri?.toString(), target.toString());
    const written = readFileSync(target.fsPath, "utf8");
    const shipped = readFileSync(
      vscode.Uri.joinPath(vscode.extensions.getExtension(extensionId)!.extensionUri, "examples", "small-resnet.cnn.json").fsPath,
      "utf8",
    );
    assert.equal(written, shipped);
    // It opens in the designer, where a new model is built.
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(tab instanceof vscode.TabInputCustom && tab.uri.toString() === target.toString(), "the designer shows it");
  });

  it("New Model… can start from an empty model of a given input shape", async () => {
    const target = fixture("empty-start.cnn.json");
    const uri = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.newModel", "empty", target, [32, 32, 3]);
    assert.equal(uri?.toString(), target.toString());
    assert.equal(
      readFileSync(target.fsPath, "utf8"),
      `{\n  "version": 1,\n  "name": "empty-start",\n  "layers": [\n    { "type": "Input", "shape": [32, 32, 3] }\n  ]\n}\n`,
    );
  });

  it("Open in Designer and Open as JSON switch between the designer and the text editor", async () => {
    const uri = fixture("flatten.cnn.json");
    await vscode.commands.executeCommand("cnnDesigner.openInDesigner", uri);
    const tab = () => vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const designer = await until(tab, (t) => t instanceof vscode.TabInputCustom, 5000, "the designer tab");
    assert.equal((designer as vscode.TabInputCustom).viewType, "cnnDesigner.designer");
    await vscode.commands.executeCommand("cnnDesigner.openAsJson");
    const text = await until(tab, (t) => t instanceof vscode.TabInputText, 5000, "the text tab");
    assert.equal((text as vscode.TabInputText).uri.toString(), uri.toString());
  });

  it("Show Model Summary writes the Keras-style summary", async () => {
    await open("seed.cnn.json");
    const text = await vscode.commands.executeCommand<string>("cnnDesigner.showSummary");
    assert.match(text, /^Model: "pooling-demo"/);
    assert.match(text, /Total params: 300,042 \(1\.14 MB\)/);
  });

  it("Check All Models counts every model file's problems", async () => {
    const r = await vscode.commands.executeCommand<{ files: number; errors: number; warnings: number }>("cnnDesigner.checkAllModels");
    assert.ok(r.files >= 8, JSON.stringify(r));
    assert.ok(r.errors >= 1);
  });

  it("Insert Layer… inserts after the layer at the cursor, taking over its consumers, keeping the rest of the text", async () => {
    const editor = await open("graph.cnn.json");
    const doc = editor.document;
    const before = doc.getText();
    const line = before.split("\n").findIndex((l) => l.includes('"stem_relu"'));
    editor.selection = new vscode.Selection(line, 10, line, 10);
    assert.equal(await vscode.commands.executeCommand("cnnDesigner.insertLayer", "Dropout"), true);
    const lines = doc.getText().split("\n");
    // The graph wires layers by name: the new layer gets one, reads stem_relu and takes over what read it.
    const inserted = '    { "type": "Dropout", "rate": 0.5, "name": "dropout", "inputs": ["stem_relu"] },';
    assert.equal(lines[line + 1], inserted);
    assert.equal(doc.getText().replace(`${inserted}\n`, "").replaceAll('"dropout"', '"stem_relu"'), before);
    assert.equal(editor.selection.active.line, line + 1);
    await vscode.commands.executeCommand("undo");
    assert.equal(doc.getText(), before);
  });

  it("will it fit: the GPU the environment check found sizes training, unless cnnDesigner.deviceMemoryGB says otherwise", async () => {
    const api = vscode.extensions.getExtension<Api>(extensionId)!.exports;
    const doc = (await open("train.cnn.json")).document;
    const config = vscode.workspace.getConfiguration("cnnDesigner");
    try {
      assert.equal(api.models.analysis(doc).memory.device, undefined);
      // A 70 MiB GPU: the model's batch of 32 (about 74 MB a step on PyTorch, cuBLAS's 65 MiB among it) does not
      // fit; the warning says so.
      api.models.useDetectedGpu({ name: "Test GPU", memoryBytes: 70 * 2 ** 20 });
      const small = api.models.analysis(doc);
      assert.equal(small.memory.device?.bytes, 70 * 2 ** 20);
      assert.ok((small.memory.device?.largestBatch ?? 0) > 0);
      assert.ok(small.diagnostics.some((d) => d.code === "memory"));
      // The setting wins over the GPU found.
      await config.update("deviceMemoryGB", 2, vscode.ConfigurationTarget.Global);
      await until(
        () => api.models.analysis(doc).memory.device?.bytes,
        (b) => b === 2 * 2 ** 30,
        5000,
        "the setting's 2 GB",
      );
      assert.ok(!api.models.analysis(doc).diagnostics.some((d) => d.code === "memory"));
    } finally {
      await config.update("deviceMemoryGB", undefined, vscode.ConfigurationTarget.Global);
      api.models.useDetectedGpu(null);
    }
    assert.equal(api.models.analysis(doc).memory.device, undefined);
  });

  it("the Model Summary view follows the active editor: totals first, then layers with problems marked", async () => {
    const api = vscode.extensions.getExtension<Api>(extensionId)!.exports;
    await open("seed.cnn.json");
    const rows = await until(
      () => api.tree.getChildren(),
      (r) => r[0]?.text?.startsWith("300,042") ?? false,
      5000,
      "the seed's rows",
    );
    assert.equal(rows[0].text, "300,042 params (300,042 trainable) · 218,397,440 MACs");
    assert.deepEqual(
      rows.slice(1).map((r) => r.layer?.name),
      ["input_layer", "conv1", "conv2d", "conv2d_1", "global_average_pooling2d", "dense"],
    );
    await open("broken.cnn.json");
    const broken = await until(
      () => api.tree.getChildren(),
      (r) => r.length === 6,
      5000,
      "the broken model's rows",
    );
    assert.ok(broken.some((r) => r.problem === "error"));
    // It updates as the user types.
    const editor = await open("seed.cnn.json");
    const line = editor.document
      .getText()
      .split("\n")
      .findIndex((l) => l.includes('"units": 10'));
    const col = editor.document.lineAt(line).text.indexOf("10");
    await editor.edit((b) => b.replace(new vscode.Range(line, col, line, col + 2), "20"));
    const edited = await until(
      () => api.tree.getChildren(),
      (r) => r[0]?.text?.startsWith("301,332") ?? false,
      5000,
      "the edited totals",
    );
    assert.equal(edited[0].text, "301,332 params (301,332 trainable) · 218,398,720 MACs");
    await vscode.commands.executeCommand("undo");
  });
});
