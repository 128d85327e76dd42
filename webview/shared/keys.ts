/**
 * Keys that belong to the text field under the cursor, not to VS Code. A webview forwards every keydown to the
 * workbench (the listener on its window), which answers Ctrl+A by sending "select all" back a moment later — after
 * the next keystroke, which is then replaced by the one after — and Ctrl+Z by undoing the document. In a text field
 * these keys are the field's own: they stop at the document, and the browser does what they do in a field.
 */
export function keepFieldKeys(): void {
  document.addEventListener("keydown", (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    if (key !== "a" && key !== "z" && key !== "y") return;
    if (isTextField(e.composedPath()[0])) e.stopPropagation();
  });
}

function isTextField(target: EventTarget | undefined): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit", "range", "color"].includes(target.type);
}
