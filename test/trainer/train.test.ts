import * as assert from "node:assert/strict";
import { fork, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { EndEvent, EpochEndEvent, StartEvent, TrainerEvent } from "../../src/protocol/trainer";
import { startTrainer } from "../../src/runner/trainerClient";
import { cli, modelFile, root, runs, tiny, trainCli, trainer } from "./trainerHelpers";

describe("the trainer process", () => {
  it("the Keras MNIST convnet template reaches ≥ 98% test accuracy within 5 epochs on the CPU", () => {
    const started = Date.now();
    // wasm, whatever this machine's python3 has (the pytorch backend's own suite trains it there).
    const { events, status, stderr } = trainCli([join(root, "examples", "mnist-convnet.cnn.json"), "--backend", "wasm"]);
    assert.equal(status, 0, stderr);
    const start = events.find((e): e is StartEvent => e.type === "start");
    const end = events.find((e): e is EndEvent => e.type === "end");
    assert.ok(start && end, stderr);
    assert.ok(start.epochs <= 5);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `      MNIST convnet: test accuracy ${end.test?.accuracy.toFixed(4)} after ${end.epochsRun} epochs in ${seconds.toFixed(0)} s on ${start.backend} (${end.samplesPerSecond.toFixed(0)} samples/s)`,
    );
    assert.ok((end.test?.accuracy ?? 0) >= 0.98, `test accuracy ${end.test?.accuracy}`);
    // Keras-style lines, in order, and the documented events.
    const lines = events.flatMap((e) => (e.type === "log" ? [e.line] : []));
    assert.ok(lines.includes("Total params: 34,826 (136.04 KB)"));
    assert.ok(lines.some((l) => /^Backend: wasm \(/.test(l)));
    assert.ok(
      lines.some((l) =>
        /^\d+\/\d+ - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - \d+s \d+ms\/step$/.test(l),
      ),
    );
    assert.match(lines.at(-1) ?? "", /^Test loss: \d\.\d{4} · Test accuracy: \d\.\d{4}$/);
    assert.equal(events.filter((e) => e.type === "epochEnd").length, end.epochsRun);
    assert.equal(events.filter((e) => e.type === "batchEnd").length, start.batchesPerEpoch * end.epochsRun);
  });

  it("writes the run folder: the model file, a tfjs model that loads and predicts, metrics and the log", async () => {
    const path = modelFile(tiny());
    const { events, status } = trainCli([path, "--samples", "300"]);
    assert.equal(status, 0);
    const end = events.find((e): e is EndEvent => e.type === "end") as EndEvent;
    for (const f of ["model.cnn.json", "model.json", "weights.bin", "metrics.json", "metrics.csv", "training.log", "environment.json"])
      assert.ok(existsSync(join(end.runDir, f)), f);
    assert.equal(readFileSync(join(end.runDir, "model.cnn.json"), "utf8"), tiny());
    const manifest = JSON.parse(readFileSync(join(end.runDir, "model.json"), "utf8"));
    const weights = readFileSync(join(end.runDir, "weights.bin"));
    await tf.setBackend("cpu");
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: manifest.modelTopology,
        weightSpecs: manifest.weightsManifest[0].weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
      }),
    );
    assert.equal(model.countParams(), 4 * 9 + 4 + 4 * 10 + 10);
    const p = model.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor;
    assert.ok(Math.abs((await p.sum().data())[0] - 1) < 1e-5, "softmax outputs sum to 1");
    const csv = readFileSync(join(end.runDir, "metrics.csv"), "utf8").trim().split("\n");
    assert.equal(csv[0], "epoch,loss,accuracy,val_loss,val_accuracy");
    assert.equal(csv.length, 2);
    assert.match(readFileSync(join(end.runDir, "training.log"), "utf8"), /Epoch 1\/1\n.*\nTest loss/);
    assert.equal(JSON.parse(readFileSync(join(end.runDir, "environment.json"), "utf8")).backend, "wasm");
  });

  it("speaks the terminal's language in its own log lines (LANG=es_ES.UTF-8), and Keras' lines as Keras prints them", () => {
    const path = modelFile(tiny());
    const env = { ...process.env, LANG: "es_ES.UTF-8", LC_ALL: "", LC_MESSAGES: "" };
    const r = spawnSync(process.execPath, [cli, "train", "--json", "--runs-dir", runs, path, "--samples", "100", "--backend", "wasm"], {
      encoding: "utf8",
      env,
      timeout: 600_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as TrainerEvent)
      .flatMap((e) => (e.type === "log" ? [e.line] : []));
    assert.ok(
      lines.some((l) => /^Backend: wasm \(/.test(l)),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) =>
        /^Datos: el subconjunto de MNIST incluido \(10\.000 dígitos\): \d+ muestras de entrenamiento, \d+ de validación y \d+ de prueba$/.test(
          l,
        ),
      ),
      lines.join("\n"),
    );
    assert.ok(lines.includes("Epoch 1/1"));
  });

  it("the pooling article's example trains as written: Adam with decay, batch 128, its 300,042 parameters", () => {
    const { events, status, stderr } = trainCli([join(root, "examples", "pooling-gap.cnn.json"), "--samples", "300", "--epochs", "1"]);
    assert.equal(status, 0, stderr);
    const lines = events.flatMap((e) => (e.type === "log" ? [e.line] : []));
    assert.ok(lines.includes("Total params: 300,042 (1.14 MB)"), lines.join("\n"));
    const end = events.find((e): e is EndEvent => e.type === "end") as EndEvent;
    assert.ok(Number.isFinite(end.test?.loss));
    const written = JSON.parse(readFileSync(join(end.runDir, "model.cnn.json"), "utf8"));
    assert.deepEqual(written.training.optimizer, { type: "adam", learningRate: 0.001, decay: 1e-6 });
    assert.equal(written.training.batchSize, 128);
  });

  it("early stopping ends the run as Keras would, and keeps the best epoch's weights (restored, or in the best checkpoint)", () => {
    const stopping = { monitor: "loss", patience: 1, minDelta: 100 };
    const keep = trainCli([modelFile(tiny({ epochs: 6, earlyStopping: stopping })), "--samples", "200"]);
    const end = keep.events.find((e): e is EndEvent => e.type === "end") as EndEvent;
    assert.deepEqual([end.epochsRun, end.stopped, end.stopReason], [2, true, "early stopping (loss did not improve for 1 epoch)"]);
    const best = JSON.parse(readFileSync(join(end.runDir, "checkpoints", "best.json"), "utf8"));
    assert.deepEqual([best.epoch, best.monitor.name], [1, "loss"], "the best checkpoint beside the final model");
    assert.equal(JSON.parse(readFileSync(join(end.runDir, "metrics.json"), "utf8")).bestEpoch, 1);
    const restore = trainCli([
      modelFile(tiny({ epochs: 6, earlyStopping: { ...stopping, restoreBestWeights: true } })),
      "--samples",
      "200",
    ]);
    const lines = restore.events.flatMap((e) => (e.type === "log" ? [e.line] : []));
    assert.ok(lines.includes("Restored the weights of epoch 1 (best loss)"), lines.join("\n"));
  });

  it("dilated convolutions train (tfjs refuses their gradients; the trainer supplies them)", () => {
    const dilated = JSON.stringify({
      version: 1,
      layers: [
        { type: "Input", shape: [28, 28, 1] },
        { type: "Conv2D", filters: 4, kernelSize: 3, dilationRate: 2, activation: "relu" },
        { type: "SeparableConv2D", filters: 4, kernelSize: 3, dilationRate: [2, 1], padding: "same" },
        { type: "GlobalAveragePooling2D" },
        { type: "Dense", units: 10, activation: "softmax" },
      ],
      training: { metrics: ["accuracy"], batchSize: 16, testSplit: 0.1, dataset: { type: "mnist-sample" } },
    });
    const { events, status, stderr } = trainCli([modelFile(dilated), "--samples", "200"]);
    assert.equal(status, 0, stderr + JSON.stringify(events.filter((e) => e.type === "error")));
    const end = events.find((e): e is EndEvent => e.type === "end") as EndEvent;
    assert.ok(Number.isFinite(end.test?.loss));
  });

  it("Stop ends training at the next batch end, keeps what was trained, and the process exits", async () => {
    const events: TrainerEvent[] = [];
    let afterStop = 0;
    let stopped = false;
    let heard = false;
    let exitCode: number | null = null;
    const run = startTrainer(
      trainer,
      { modelPath: modelFile(tiny({ epochs: 5 })), modelText: tiny({ epochs: 5 }), runsDir: runs },
      {
        event: (e) => {
          events.push(e);
          // Counted from the moment the trainer heard the request (batches already under way on the wire don't count).
          if (e.type === "log" && e.line.startsWith("Stop requested")) heard = true;
          if (e.type === "batchEnd" && heard) afterStop++;
          if (e.type === "batchEnd" && e.batch === 3 && !stopped) {
            stopped = true;
            run.stop();
          }
        },
        exit: (code) => (exitCode = code),
      },
    );
    await run.exited;
    assert.equal(exitCode, 0);
    assert.ok(heard, "the trainer acknowledged the stop");
    assert.ok(afterStop <= 1, `${afterStop} batches ran after the stop`);
    const end = events.find((e): e is EndEvent => e.type === "end") as EndEvent;
    assert.deepEqual([end.stopped, end.stopReason], [true, "stop request"]);
    assert.equal(
      events.filter((e): e is EpochEndEvent => e.type === "epochEnd").at(-1)?.stopping,
      true,
      "the last epoch says the Stop ended it",
    );
    assert.ok(existsSync(join(end.runDir, "model.json")), "what was trained is saved");
    // The cut-short epoch reports what it ran: its batches in the log and the status, and the samples it trained on.
    const batchesRun = events.filter((e) => e.type === "batchEnd").length;
    const total = (events.find((e) => e.type === "batchEnd") as { batches: number }).batches;
    assert.ok(batchesRun < total, `${batchesRun} of ${total} batches ran`);
    assert.ok(
      events.some((e) => e.type === "log" && e.line.startsWith(`${batchesRun}/${total} - `)),
      "the epoch line counts the batches it ran",
    );
    const status = JSON.parse(readFileSync(join(end.runDir, "status.json"), "utf8")) as { epochsDone: number; partial: unknown };
    assert.deepEqual([status.epochsDone, status.partial], [0, { batches: batchesRun, of: total }]);
    const seconds = events.filter((e): e is EpochEndEvent => e.type === "epochEnd").reduce((sum, e) => sum + e.seconds, 0);
    // 16 samples a batch: the rate is of those, not of the whole epoch's (which would be total/batchesRun times as high).
    assert.ok(end.samplesPerSecond * seconds <= batchesRun * 16 * 1.5, `${end.samplesPerSecond} samples/s over ${seconds} s`);
  });

  it("the hard kill after a Stop spares a trainer that honoured it (evaluating and saving), not one that ignores it", async () => {
    // Scripted trainers at the process boundary: one acknowledges the Stop and then takes 600 ms to finish,
    // the other ignores it.
    const dir = mkdtempSync(join(tmpdir(), "cnn-stop-"));
    const script = (honours: boolean) => {
      const file = join(dir, `${honours ? "honours" : "ignores"}.js`);
      writeFileSync(
        file,
        `process.on("message", (m) => {
          if (m.type === "start") process.send({ type: "log", line: "training" });
          if (m.type === "stop" && ${honours}) {
            process.send({ type: "epochEnd", epoch: 1, epochs: 1, logs: {}, seconds: 0, msPerStep: 0, stopping: true });
            setTimeout(() => process.send({ type: "end", test: null, runDir: "", stopped: true, stopReason: "stop request", epochsRun: 1, samplesPerSecond: 0 }, () => process.exit(0)), 600);
          }
        });
        setInterval(() => undefined, 1000);`,
      );
      return file;
    };
    for (const honours of [true, false]) {
      let outcome: [number | null, string | null, string | null] = [null, null, null];
      const run = startTrainer(
        script(honours),
        { modelPath: "m.cnn.json", modelText: "{}", runsDir: runs },
        {
          event: (e) => void (e.type === "log" && run.stop(150)),
          exit: (code, signal, died) => (outcome = [code, signal, died && died.split(" before")[0]]),
        },
      );
      await run.exited;
      assert.deepEqual(
        outcome,
        honours ? [0, null, null] : [null, "SIGKILL", "the trainer process was killed (SIGKILL)"],
        honours ? "honoured" : "ignored",
      );
    }
  });

  it("a killed trainer is reported at once, with its last output", async () => {
    let died: string | null = null;
    let killedAt = 0;
    const run = startTrainer(
      trainer,
      { modelPath: modelFile(tiny()), modelText: tiny(), runsDir: runs },
      {
        event: (e) => {
          if (e.type === "start") {
            killedAt = Date.now();
            run.process.kill("SIGKILL");
          }
        },
        exit: (_c, _s, why) => (died = why),
      },
    );
    await run.exited;
    assert.ok(Date.now() - killedAt < 1000, "reported within a second");
    assert.match(died ?? "", /^the trainer process was killed \(SIGKILL\) before finishing/);
  });

  it("refuses a start request of another protocol version, naming both, with exit status 2", async () => {
    const child = fork(trainer, [], { stdio: ["ignore", "ignore", "ignore", "ipc"] });
    const messages: TrainerEvent[] = [];
    child.on("message", (m: TrainerEvent) => messages.push(m));
    child.send({ type: "start", protocolVersion: 2, modelPath: "m.cnn.json", modelText: "{}" });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    assert.equal(code, 2);
    assert.deepEqual(messages, [{ type: "error", message: "trainer protocol 2 requested; this trainer speaks 1", usage: true }]);
  });

  it("no orphan: when the process that started the trainer dies (VS Code closing), the trainer exits too", async () => {
    // A stand-in for the extension host: starts a long run, reports the trainer's pid, then is killed outright.
    const host = join(mkdtempSync(join(tmpdir(), "cnn-host-")), "host.js");
    const text = tiny({ epochs: 50 });
    writeFileSync(
      host,
      `const { startTrainer } = require(${JSON.stringify(join(__dirname, "..", "..", "src", "runner", "trainerClient.js"))});
      const run = startTrainer(${JSON.stringify(trainer)}, { modelPath: ${JSON.stringify(modelFile(text))}, modelText: ${JSON.stringify(text)}, runsDir: ${JSON.stringify(runs)} },
        { event: (e) => e.type === "batchEnd" && e.batch === 1 && e.epoch === 1 && console.log(run.process.pid), exit: () => undefined });`,
    );
    const parent = spawn(process.execPath, [host], { stdio: ["ignore", "pipe", "inherit"] });
    const pid = await new Promise<number>((resolve) => parent.stdout.once("data", (d: Buffer) => resolve(Number(String(d).trim()))));
    // Running, or exited and not yet reaped by whichever process adopted it (a zombie has exited: state Z).
    const state = () => {
      try {
        return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] ?? "?";
      } catch {
        return "gone";
      }
    };
    const alive = () => !["gone", "Z", "X"].includes(state());
    assert.ok(alive(), "the trainer is training");
    parent.kill("SIGKILL");
    const deadline = Date.now() + 5000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const orphan = alive() && state();
    if (orphan) process.kill(pid, "SIGKILL");
    assert.ok(!orphan, `the trainer exited with its parent (state ${orphan})`);
  });
});
