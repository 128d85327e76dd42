/**
 * Train and Stop in VS Code: runs the trainer child process on the active model (as shown in the editor,
 * saved or not), streams its Keras-style log into the "CNN Designer: Training" output channel, shows a
 * cancellable progress notification and a status bar item (presenter.ts), reports a dead trainer at once
 * with its last output, and kills the process when VS Code closes. The extension host never loads tfjs.
 */
import * as vscode from "vscode";
import { backendNames, type BackendName, type EndEvent, type TrainerEvent } from "../../protocol/trainer";
import { startTrainer, type TrainerRun } from "../../runner/trainerClient";
import { activeModelDocument } from "../modelService";
import { hasTraining, offerTraining } from "./offer";
import { t } from "../l10n";
import { notificationText, notify } from "../plainText";
import { RunPresenter } from "./presenter";
import { pytorchSettings } from "./python";

/** One event as the rest of the extension hears it (the Runs view, the charts). */
export interface RunUpdate {
  readonly modelUri: vscode.Uri;
  readonly event: TrainerEvent;
}

/** Where the Install GPU Backend command puts `@tensorflow/tfjs-node-gpu`. */
export const gpuModuleDir = (context: vscode.ExtensionContext) => vscode.Uri.joinPath(context.globalStorageUri, "tfjs-node-gpu").fsPath;

/** Runs one training at a time. */
export class TrainingController implements vscode.Disposable {
  /** The run's log as Keras prints it: a plain channel, without timestamps or levels. */
  readonly log = vscode.window.createOutputChannel("CNN Designer: Training");
  private readonly status = vscode.window.createStatusBarItem("cnnDesigner.training", vscode.StatusBarAlignment.Left, 50);
  private readonly updates = new vscode.EventEmitter<RunUpdate>();
  /** Every trainer event, for the Runs view and the charts. */
  readonly onDidUpdate = this.updates.event;
  private current: { run: TrainerRun; modelUri: vscode.Uri } | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.status.name = "CNN Designer: training";
    this.status.command = "cnnDesigner.stopTraining";
  }

  /** True while a run is going. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /**
   * Trains the model at `uri` (or the active one) — with `resume`, goes on from that run folder's last checkpoint;
   * resolves with the end event, or undefined when it failed.
   */
  async train(uri?: vscode.Uri, overrides: { epochs?: number; samples?: number; resume?: string } = {}): Promise<EndEvent | undefined> {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : activeModelDocument();
    if (!doc) {
      void notify.error(t("Open a *.cnn.json model to train it."));
      return undefined;
    }
    if (this.current) {
      void notify.warn(t("A training run is already going; stop it first (CNN Designer: Stop Training)."));
      return undefined;
    }
    // No training section: offer one (the built-in sample, or the designer's Training panel) instead of failing.
    if (!hasTraining(doc.getText()) && !(await offerTraining(doc))) return undefined;
    const config = vscode.workspace.getConfiguration("cnnDesigner.training", doc.uri);
    const backend = config.get<string>("backend", "auto");
    // A workspace's settings.json may hold anything: the setting is one of the backends or "auto".
    if (backend !== "auto" && !(backendNames as readonly string[]).includes(backend)) {
      void notify.error(t("The setting cnnDesigner.training.backend is '{0}'; use auto, {1}.", backend, backendNames.join(", ")));
      return undefined;
    }
    const modulePath = config.get<string>("modulePath", "");
    const modelUri = doc.uri;
    const torch = await pytorchSettings(modelUri);
    this.log.show(true);
    const shown = vscode.workspace.asRelativePath(modelUri);
    this.log.appendLine(doc.isDirty ? t("Training {0} (unsaved changes included)", shown) : t("Training {0}", shown));
    let end: EndEvent | undefined;
    let failure: string | undefined;
    const trainerPath = vscode.Uri.joinPath(this.context.extensionUri, "dist", "trainer.js").fsPath;
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: notificationText(t("Training {0}", modelUri.path.split("/").pop() ?? "")),
        cancellable: true,
      },
      (progress, token) =>
        new Promise<EndEvent | undefined>((resolve) => {
          const presenter = new RunPresenter({ log: this.log, status: this.status, progress });
          const run = startTrainer(
            trainerPath,
            {
              modelPath: modelUri.fsPath,
              modelText: doc.getText(),
              backend: backend === "auto" ? undefined : (backend as BackendName),
              modulePaths: [...(modulePath ? [modulePath] : []), gpuModuleDir(this.context)],
              // The log's own lines in VS Code's display language.
              language: vscode.env.language,
              ...torch,
              ...overrides,
            },
            {
              event: (e) => {
                this.updates.fire({ modelUri, event: e });
                if (e.type === "end") end = e;
                if (e.type === "error") failure = e.message;
                presenter.event(e);
              },
              output: (line) => this.log.appendLine(line),
              exit: (_code, _signal, died) => {
                // A trainer that died said nothing more: the views that follow the run hear it ended, as an error.
                if (died && !end && !failure) this.updates.fire({ modelUri, event: { type: "error", message: died, usage: false } });
                this.current = undefined;
                void vscode.commands.executeCommand("setContext", "cnnDesigner.training", false);
                presenter.ended(end, failure ?? died ?? undefined);
                resolve(end);
              },
            },
          );
          this.current = { run, modelUri };
          void vscode.commands.executeCommand("setContext", "cnnDesigner.training", true);
          token.onCancellationRequested(() => this.stop());
        }),
    );
  }

  /** Stops the run at the end of its current batch (killed if it has not exited 10 s later). */
  stop(): void {
    if (!this.current) return;
    this.log.appendLine(t("Stopping at the end of this batch…"));
    this.status.text = `$(debug-stop) ${t("Stopping…")}`;
    this.current.run.stop();
  }

  dispose(): void {
    this.current?.run.kill();
    this.log.dispose();
    this.status.dispose();
    this.updates.dispose();
  }
}
