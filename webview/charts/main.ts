/** The Training Charts panel: one run live, a past run, or several runs compared. */
import type { ChartsHostMessage, ChartsWebviewMessage } from "../../src/protocol/charts";
import { TrainingCharts } from "../shared/charts";
import { connectToHost } from "../shared/host";

const vscode = connectToHost<ChartsWebviewMessage>();

const charts = new TrainingCharts(document.getElementById("app") as HTMLElement, { height: 200, tables: true });
window.addEventListener("message", (e: MessageEvent<ChartsHostMessage>) => charts.apply(e.data));
vscode.postMessage({ type: "ready" });
