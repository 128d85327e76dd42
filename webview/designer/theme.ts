/** The diagram colours that suit VS Code's colour theme: the core's dark palette for dark themes, else the light one. */
import { diagramThemes, familyColour, layerSpec, type DiagramTheme } from "../../src/core";

/** The diagram theme for the workbench's current colour theme (VS Code sets a class on the body). */
export function themeNow(): DiagramTheme {
  const body = document.body.classList;
  const dark = body.contains("vscode-dark") || (body.contains("vscode-high-contrast") && !body.contains("vscode-high-contrast-light"));
  return diagramThemes[dark ? "dark" : "light"];
}

/** A layer type's family colour (the palette group's) in each diagram theme, as diagrams draw it. */
export const typeColours = (type: string) => {
  const category = layerSpec(type)?.category;
  return { light: familyColour(diagramThemes.light, category), dark: familyColour(diagramThemes.dark, category) };
};

/** Calls `changed` whenever the workbench's colour theme changes (VS Code swaps the body's classes). */
export function onThemeChange(changed: () => void): void {
  let last = themeNow().name;
  new MutationObserver(() => {
    if (themeNow().name === last) return;
    last = themeNow().name;
    changed();
  }).observe(document.body, { attributes: true, attributeFilter: ["class"] });
}
