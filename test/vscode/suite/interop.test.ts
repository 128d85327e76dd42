import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { CnnDesignerApi } from "../../../src/extension/extension";
import { extensionId, fixture, until } from "./helpers";

/** The part of the extension's API these tests use. */
interface Api {
  readonly training: { train(uri: vscode.Uri, overrides?: { epochs?: number; samples?: number }): Promise<{ runDir: string } | undefined> };
}

const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

describe("Export Model… and Import Model…", () => {
  it("exports a model as a Keras script, a PyTorch module, a TF.js model.json and an ONNX model", async () => {
    const model = fixture("export.cnn.json");
    const keras = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.exportModel", model, {
      format: "keras",
      target: fixture("out_keras.py"),
    });
    assert.match(readFileSync(keras.fsPath, "utf8"), /keras\.Sequential\(/);
    const torch = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.exportModel", model, {
      format: "pytorch",
      run: null,
      target: fixture("out_torch.py"),
    });
    assert.match(readFileSync(torch.fsPath, "utf8"), /class Model\(nn\.Module\)/);
    const tfjs = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.exportModel", model, {
      format: "tfjs",
      run: null,
      target: fixture("out.model.json"),
    });
    const json = JSON.parse(readFileSync(tfjs.fsPath, "utf8")) as { format: string; modelTopology: { config: { layers: unknown[] } } };
    assert.equal(json.format, "layers-model");
    assert.equal(json.modelTopology.config.layers.length, 8);
    const onnxFile = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.exportModel", model, {
      format: "onnx",
      run: null,
      target: fixture("out.onnx"),
    });
    const checked = execFileSync(
      python,
      [
        "-c",
        "import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print(m.graph.output[0].type.tensor_type.shape.dim[1].dim_value)",
        onnxFile.fsPath,
      ],
      { encoding: "utf8" },
    );
    assert.equal(checked.trim(), "10");
  });

  it("Export Diagram… writes the model's diagram as SVG and as PNG (volumes, repeated blocks once)", async () => {
    const model = fixture("seed.cnn.json");
    const svg = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.exportDiagram", model, {
      style: "cards",
      theme: "light",
      target: fixture("out-diagram.svg"),
    });
    const text = readFileSync(svg.fsPath, "utf8");
    assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(text, /<title>[^<]*— GlobalAveragePooling2D — 128 · 0 params<\/title>/);
    const png = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.exportDiagram", model, {
      style: "volume",
      collapse: true,
      target: fixture("out-diagram.png"),
    });
    const bytes = readFileSync(png.fsPath);
    assert.deepEqual([...bytes.subarray(1, 4)], [...Buffer.from("PNG")]);
    // Twice the SVG's width, as the CLI draws it.
    assert.ok(bytes.readUInt32BE(16) > 200);
    // (The workspace is the UI suite's next: its Explorer shows the rows it looks for without scrolling.)
    rmSync(svg.fsPath);
    rmSync(png.fsPath);
  });

  it("with a run's weights: the PyTorch module loads them in python3-torch and predicts", async function () {
    this.timeout(240_000);
    const model = fixture("export.cnn.json");
    const api = vscode.extensions.getExtension<Api>(extensionId)!.exports;
    const run = await api.training.train(model, { epochs: 1, samples: 200 });
    assert.ok(run, "the run finished");
    const target = fixture("trained_torch.py");
    await vscode.commands.executeCommand("cnnDesigner.exportModel", model, { format: "pytorch", run: vscode.Uri.file(run.runDir), target });
    assert.ok(existsSync(fixture("trained_torch.weights.bin").fsPath));
    const out = execFileSync(
      python,
      [
        "-c",
        "import importlib.util, sys, torch; s = importlib.util.spec_from_file_location('m', sys.argv[1]); m = importlib.util.module_from_spec(s); s.loader.exec_module(m); net = m.load_weights(m.build_model()).eval(); print(list(net(torch.zeros((1,) + m.INPUT_SHAPE)).shape))",
        target.fsPath,
      ],
      { encoding: "utf8" },
    );
    assert.equal(out.trim(), "[1, 10]");
    // [overwrite] Saved over the model itself: refused, and the weights file beside it is not written either.
    const before = readFileSync(model.fsPath, "utf8");
    const refused = await vscode.commands.executeCommand("cnnDesigner.exportModel", model, {
      format: "tfjs",
      run: vscode.Uri.file(run.runDir),
      target: model,
    });
    assert.equal(refused, undefined);
    assert.equal(readFileSync(model.fsPath, "utf8"), before);
    assert.equal(existsSync(fixture("export.cnn.weights.bin").fsPath), false, "nothing written");
    // [leak] The run's best checkpoint, asked for by name, is what the weights file holds.
    const best = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.exportModel", model, {
      format: "tfjs",
      run: vscode.Uri.file(run.runDir),
      checkpoint: "best",
      target: fixture("best.model.json"),
    });
    assert.ok(best);
    assert.equal(readFileSync(fixture("best.model.weights.bin").fsPath).length, readFileSync(join(run.runDir, "weights.bin")).length);
  });

  it("imports a Keras model into a model file and opens it in the designer; an unsupported layer writes nothing", async () => {
    const layer = (name: string, className: string, config: object, inputs: string[]) => ({
      name,
      class_name: className,
      config: { name, ...config },
      inbound_nodes: inputs.length ? [inputs.map((i) => [i, 0, 0, {}])] : [],
    });
    const keras = {
      class_name: "Functional",
      config: {
        name: "tiny",
        layers: [
          layer("in", "InputLayer", { batch_input_shape: [null, 8, 8, 3] }, []),
          layer("c", "Conv2D", { filters: 3, kernel_size: [3, 3], padding: "same" }, ["in"]),
          layer("sum", "Add", {}, ["in", "c"]),
          layer("gap", "GlobalAveragePooling2D", {}, ["sum"]),
        ],
        input_layers: [["in", 0, 0]],
        output_layers: [["gap", 0, 0]],
      },
    };
    writeFileSync(fixture("tiny.keras.json").fsPath, JSON.stringify(keras));
    const target = fixture("tiny.cnn.json");
    const written = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.importModel", fixture("tiny.keras.json"), target);
    assert.equal(written?.toString(), target.toString());
    assert.match(readFileSync(target.fsPath, "utf8"), /"type": "Conv2D", "name": "c", "filters": 3, "kernelSize": 3, "padding": "same"/);
    const tab = () => vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    await until(tab, (t) => t instanceof vscode.TabInputCustom && t.uri.toString() === target.toString(), 5000, "the designer tab");
    (keras.config.layers as object[]).splice(1, 0, layer("hash", "Hashing", { num_bins: 4 }, ["in"]));
    writeFileSync(fixture("bad.keras.json").fsPath, JSON.stringify(keras));
    const none = await vscode.commands.executeCommand("cnnDesigner.importModel", fixture("bad.keras.json"), fixture("bad.cnn.json"));
    assert.equal(none, undefined);
    assert.equal(existsSync(fixture("bad.cnn.json").fsPath), false);
  });

  it("imports a Keras 3 .keras file with its weights: a model file, an imported run, the designer", async () => {
    // In a folder of their own: the UI suites after this one find the workspace's own files in the explorer.
    mkdirSync(fixture("imports").fsPath, { recursive: true });
    const keras = fixture("imports/imported.keras");
    const repo = join(__dirname, "..", "..", "..", "..");
    writeFileSync(keras.fsPath, readFileSync(join(repo, "test", "fixtures", "keras", "mnist_cnn_dropout_k3.14.keras")));
    const target = fixture("imports/imported.cnn.json");
    const written = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.importModel", keras, target);
    assert.equal(written?.toString(), target.toString());
    assert.match(readFileSync(target.fsPath, "utf8"), /"type": "Conv2D", "name": "conv2d", "filters": 32/);
    const runs = join(fixture("imports/.cnn-runs").fsPath, "imported");
    const [run] = readdirSync(runs);
    assert.match(run, /-imported$/);
    const status = JSON.parse(readFileSync(join(runs, run, "status.json"), "utf8"));
    assert.deepEqual(status.imported, { source: "imported.keras", format: "Keras .keras", kerasVersion: "3.14.0" });
    assert.equal(readFileSync(join(runs, run, "weights.bin")).length, 225_034 * 4);
    const tab = () => vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    await until(tab, (t) => t instanceof vscode.TabInputCustom && t.uri.toString() === target.toString(), 5000, "the designer tab");
    // And back to Keras with the imported weights: h5py reads every value from the .h5 and the .keras.
    for (const [format, name] of [
      ["h5", "back.h5"],
      ["keras3", "back.keras"],
    ]) {
      const out = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.exportModel", target, {
        format,
        run: vscode.Uri.file(join(runs, run)),
        target: fixture(`imports/${name}`),
      });
      const count = execFileSync(
        python,
        [
          "-c",
          [
            "import h5py, io, sys, zipfile",
            "p = sys.argv[1]",
            "f = h5py.File(io.BytesIO(zipfile.ZipFile(p).read('model.weights.h5'))) if zipfile.is_zipfile(p) else h5py.File(p)",
            "n = []",
            "f.visititems(lambda k, v: n.append(v.size) if isinstance(v, h5py.Dataset) else None)",
            "print(sum(n))",
          ].join("\n"),
          out.fsPath,
        ],
        { encoding: "utf8" },
      );
      assert.equal(count.trim(), "225034", format);
    }
  });

  it("imports an ONNX file with its weights (not taken for a weights-only file)", async () => {
    mkdirSync(fixture("imports").fsPath, { recursive: true });
    const file = fixture("imports/net.onnx");
    const repo = join(__dirname, "..", "..", "..", "..");
    writeFileSync(file.fsPath, readFileSync(join(repo, "test", "fixtures", "onnx", "cifar_net_pytorch1.7_opset9.onnx")));
    const target = fixture("imports/net.cnn.json");
    const written = await vscode.commands.executeCommand<vscode.Uri>("cnnDesigner.importModel", file, target);
    assert.equal(written?.toString(), target.toString());
    const runs = join(fixture("imports/.cnn-runs").fsPath, "net");
    const [run] = readdirSync(runs);
    assert.equal(readFileSync(join(runs, run, "weights.bin")).length, 62_006 * 4);
    // The weights' run is selected in the Runs view when it shows (the import does not take the sidebar away).
    const api = vscode.extensions.getExtension<CnnDesignerApi>(extensionId)!.exports;
    await vscode.commands.executeCommand("cnnDesigner.runs.focus");
    await until(
      () => api.runs.selected().map((r) => r.folder.fsPath),
      (selected) => selected.length === 1 && selected[0] === join(runs, run),
      10_000,
      "the imported run selected",
    );
    await vscode.commands.executeCommand("workbench.view.explorer");
    // Saved under a name CNN Designer would not find it by, the import is refused before anything is written.
    const plain = fixture("imports/net-plain.json");
    assert.equal(await vscode.commands.executeCommand("cnnDesigner.importModel", file, plain), undefined);
    assert.equal(existsSync(plain.fsPath), false);
  });
});
