/** The typed protocol between the host and the sidebar's layer palette (types only). */

/** Insert a layer of `layerType` into the active model: after the selected layer or the cursor, else last. */
export interface InsertFromPaletteMessage {
  readonly type: "insert";
  readonly layerType: string;
  /** Alt+click: start a branch from the selected layer instead of taking over its consumers. */
  readonly branch?: boolean;
}

/** The palette has loaded (again: a hidden view's webview is rebuilt when shown) and wants its target. */
export interface PaletteReadyMessage {
  readonly type: "ready";
}

/** Palette → host. */
export type PaletteMessage = InsertFromPaletteMessage | PaletteReadyMessage;

/** Which model the palette inserts into (`null`: none is active), so that it can say so. */
export interface PaletteTargetMessage {
  readonly type: "target";
  readonly name: string | null;
}

/** Host → palette. */
export type PaletteHostMessage = PaletteTargetMessage;
