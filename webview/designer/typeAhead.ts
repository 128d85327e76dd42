/**
 * Type-ahead for vscode-elements' single select, as a native select has: letters typed while it has the focus
 * pick the first option that starts with them (a pause of a second starts over; the same letter again goes to
 * the next such option). The choice shows at once and is committed (a `change` event) once typing pauses, so a
 * word typed is one edit of the file, not one a letter.
 */

/** How long a pause ends a typed prefix, and commits the choice, in milliseconds. */
const pause = 700;

/** Adds type-ahead to `control`, whose options are its `vscode-option` children (their `value` attributes). */
export function typeAhead(control: HTMLElement & { value: string | string[] }): void {
  let typed = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = false;
  const commit = () => {
    timer = undefined;
    typed = "";
    if (!pending) return;
    pending = false;
    control.dispatchEvent(new Event("change", { bubbles: true }));
  };
  control.addEventListener("keydown", (e) => {
    if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey || e.key === " ") return;
    const values = [...control.querySelectorAll("vscode-option")].map((o) => o.getAttribute("value") ?? o.textContent ?? "");
    const key = e.key.toLowerCase();
    // The same letter again cycles through the options it starts; otherwise the prefix grows.
    const cycling = typed.length > 0 && [...typed].every((c) => c === key);
    typed = cycling ? key : typed + key;
    const current = String(control.value);
    const matches = values.filter((v) => v.toLowerCase().startsWith(typed));
    const next = cycling ? (matches[(matches.indexOf(current) + 1) % matches.length] ?? matches[0]) : matches[0];
    e.preventDefault();
    e.stopPropagation();
    if (next !== undefined && next !== current) {
      control.value = next;
      pending = true;
    }
    clearTimeout(timer);
    timer = setTimeout(commit, pause);
  });
  // Leaving the control commits at once.
  control.addEventListener("blur", () => {
    clearTimeout(timer);
    commit();
  });
}
