/** The sidebar's layer palette: a click inserts the layer into the active model (designer or text). */
import type { PaletteHostMessage, PaletteMessage } from "../../src/protocol/palette";
import { renderPalette, wireSearch } from "../shared/palette";
import { keepFieldKeys } from "../shared/keys";
import { connectToHost } from "../shared/host";
import { t, th } from "../shared/l10n";

const vscode = connectToHost<PaletteMessage, { filter: string }>();
keepFieldKeys();
const app = document.getElementById("app") as HTMLElement;
app.innerHTML = `<div class="palette-target" role="status"></div>
  <input class="palette-filter" type="search" placeholder="${th("Search layers")}" aria-label="${th("Search layers")}">
  <div class="palette-groups"></div>`;
const target = app.querySelector(".palette-target") as HTMLElement;
const filter = app.querySelector(".palette-filter") as HTMLInputElement;
const groups = app.querySelector(".palette-groups") as HTMLElement;
filter.value = vscode.getState()?.filter ?? "";

const show = () =>
  renderPalette(groups, filter.value, (type, branch) =>
    vscode.postMessage({ type: "insert", layerType: type, ...(branch ? { branch: true } : {}) }),
  );
wireSearch(filter, groups, () => {
  vscode.setState({ filter: filter.value });
  show();
});
window.addEventListener("message", (e: MessageEvent<PaletteHostMessage>) => {
  const m = e.data;
  switch (m.type) {
    case "target":
      target.textContent = m.name ? t("Inserts into {0}", m.name) : t("Open a *.cnn.json model to insert layers.");
      app.classList.toggle("no-target", m.name === null);
      break;
  }
});
show();
// The host answers with the model a click inserts into (a message sent before this page loaded would be lost).
vscode.postMessage({ type: "ready" });
