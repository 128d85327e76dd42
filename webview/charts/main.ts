/** The Training Charts panel: one run live, a past run, or several runs compared. */
import type { ChartsHostMessage, ChartsWebviewMessage } from "../../src/protocol/charts";
import { TrainingCharts } from "../shared/charts";

interface VsCodeApi {
  postMessage(message: ChartsWebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

const charts = new TrainingCharts(document.getElementById("app") as HTMLElement, { height: 200, tables: true });
window.addEventListener("message", (e: MessageEvent<ChartsHostMessage>) => charts.apply(e.data));
vscode.postMessage({ type: "ready" });
