/**
 * Train Model on a model without a `training` section: instead of failing, offer one — the built-in MNIST sample
 * when the model takes images and gives 10 classes (resized when its input is not 28×28×1), otherwise the
 * designer's Training panel, where the dataset is chosen.
 */
import * as vscode from "vscode";
import { analyze, parseDocument, settingEdits } from "../../core";
import { applyCoreEdits, designerViewType } from "../webviews/designer/provider";
import { count, t } from "../l10n";
import { notify } from "../plainText";

/** Whether the model file has a training section (of any content: the engine reports what is wrong with it). */
export function hasTraining(text: string): boolean {
  const root = parseDocument(text).value;
  return typeof root === "object" && root !== null && !Array.isArray(root) && Object.hasOwn(root, "training");
}

/** The training section offered for the built-in sample: Keras' usual start for MNIST. */
export function sampleTraining(inputShape: readonly (number | null)[]): Record<string, unknown> {
  const direct = inputShape.length === 4 && inputShape[1] === 28 && inputShape[2] === 28 && inputShape[3] === 1;
  return {
    dataset: { type: "mnist-sample", ...(direct ? {} : { resize: true }) },
    optimizer: "adam",
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
    batchSize: 32,
    epochs: 5,
    validationSplit: 0.1,
  };
}

/** Whether the built-in sample suits the model: an image input (grey or RGB) and 10 output classes. */
export function takesSample(text: string): readonly (number | null)[] | undefined {
  const a = analyze(text);
  const input = a.layers.find((l) => l.type === "Input")?.outputShape;
  const output = a.layers.at(-1)?.outputShape;
  const image = input?.length === 4 && input[1] !== null && input[2] !== null && (input[3] === 1 || input[3] === 3);
  return image && output?.length === 2 && output[1] === 10 ? input : undefined;
}

/** Offers a training section; true when the model now has one and the run may start. */
export async function offerTraining(doc: vscode.TextDocument): Promise<boolean> {
  const text = doc.getText();
  const input = takesSample(text);
  const choose = t("Choose a Dataset…");
  const sample = t("Use the MNIST Sample");
  const answer = input
    ? await notify.ask(
        t("This model has no training settings yet."),
        t(
          "Train it on the built-in MNIST sample ({0} digits, 10 classes; 5 epochs with Adam, its last {1} digits as the test set), or choose a dataset in the designer's Training panel.",
          count(10000),
          count(1000),
        ),
        sample,
        choose,
      )
    : choose;
  if (answer === sample && input) {
    return applyCoreEdits(doc, settingEdits(text, ["training"], sampleTraining(input)) ?? []);
  }
  if (answer === choose) {
    await vscode.commands.executeCommand("vscode.openWith", doc.uri, designerViewType);
    void notify.info(t("Choose the dataset in the designer's Training panel (shown while no layer is selected), then Train Model again."));
  }
  return false;
}
