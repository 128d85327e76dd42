/**
 * What one training run shows while it goes: its log in the output channel, the epoch, batch and loss in the
 * status bar item and the progress notification, and how it ended — a notification, and the run folder or the
 * error in the log. The controller (controller.ts) starts the run and hands every event here.
 */
import type * as vscode from "vscode";
import type { EndEvent, TrainerEvent } from "../../protocol/trainer";
import { t } from "../l10n";
import { notify } from "../plainText";

/** The surfaces a run reports to. */
export interface RunSurfaces {
  readonly log: vscode.OutputChannel;
  readonly status: vscode.StatusBarItem;
  readonly progress: vscode.Progress<{ message?: string; increment?: number }>;
}

/** Presents one run's events; created per run. */
export class RunPresenter {
  private epochs = 1;
  /** The estimate of an epoch's time, once the log has said it (" · about 3 min per epoch"). */
  private perEpoch = "";
  /** When the status last changed: ten updates a second at most. */
  private shown = 0;

  constructor(private readonly surfaces: RunSurfaces) {}

  /** Shows one event of the run. */
  event(e: TrainerEvent): void {
    const { log, status, progress } = this.surfaces;
    switch (e.type) {
      case "start":
        this.epochs = e.epochs;
        status.text = `$(sync~spin) ${t("Epoch {0}/{1} · starting on {2}", 1, this.epochs, e.backend)}`;
        status.tooltip = t("Training — click to stop at the end of this batch");
        status.show();
        break;
      case "log": {
        log.appendLine(e.line);
        // The estimate of an epoch's time stays in the progress notification and the status bar's tooltip.
        // (The log is English, as Keras writes it; its duration's units, s, min and h, are every language's.)
        const estimate = /^Estimated time per epoch: about ([^(]+)/.exec(e.line);
        if (estimate) this.perEpoch = ` · ${t("about {0} per epoch", estimate[1].trim())}`;
        break;
      }
      case "batchEnd": {
        // Ten updates a second at most: a fast run's every batch would keep the window busy behind it.
        if (performance.now() - this.shown < 100 && e.batch !== e.batches) break;
        this.shown = performance.now();
        const loss = e.logs.loss === undefined ? "" : ` · ${t("loss {0}", e.logs.loss.toFixed(4))}`;
        status.text = `$(sync~spin) ${t("Epoch {0}/{1} · batch {2}/{3}", e.epoch, this.epochs, e.batch, e.batches)}${loss}`;
        status.tooltip = t("Training{0} — click to stop at the end of this batch", this.perEpoch);
        progress.report({
          message: `${t("epoch {0}/{1}, batch {2}/{3}", e.epoch, this.epochs, e.batch, e.batches)}${loss}${this.perEpoch}`,
        });
        break;
      }
      case "epochEnd":
        progress.report({ increment: 100 / this.epochs });
        break;
      case "end":
      case "error":
        break;
    }
  }

  /** The run ended: with its end event, or with a failure (the trainer's error, or how it died). */
  ended(end: EndEvent | undefined, failure: string | undefined): void {
    const { log, status } = this.surfaces;
    status.hide();
    if (end) {
      const test = end.test
        ? Object.entries(end.test)
            .map(([k, v]) => t("test {0} {1}", k, v.toFixed(4)))
            .join(", ")
        : t("no test set");
      log.appendLine(t("Run written to {0}", end.runDir));
      void notify.info(end.stopped ? t("Training stopped: {0}.", test) : t("Training finished: {0}.", test));
    } else {
      const message = failure ?? t("the trainer ended without a result");
      log.appendLine(t("Error: {0}", message));
      void notify.error(t("Training failed: {0}", message.split("\n")[0]), t("Show Log")).then((a) => a && log.show());
    }
  }
}
