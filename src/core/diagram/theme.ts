/** A diagram's colours: light or dark, each layer family with its own hue, as Netron colours its nodes. */
import type { Category } from "../layers/layerSpec";

/** The colours of one theme. */
export interface DiagramTheme {
  readonly name: "light" | "dark";
  readonly background: string;
  readonly card: string;
  readonly cardBorder: string;
  readonly text: string;
  readonly muted: string;
  readonly edge: string;
  readonly frame: string;
  /** Each family's colour: a card's stripe, a volume's faces. */
  readonly family: { readonly [C in Category]: string };
  /** A type the registry does not know, and a folded model. */
  readonly other: string;
  /** A layer with an error, or a warning: its outline. */
  readonly error: string;
  readonly warning: string;
}

const families = {
  Input: ["#6b7785", "#8a96a3"],
  Preprocessing: ["#3f8f8a", "#4fb3ad"],
  Convolution: ["#3465a4", "#5b8fd6"],
  Pooling: ["#4e9a06", "#73c236"],
  Core: ["#75507b", "#a27ab0"],
  Normalization: ["#2e7d7d", "#48a6a6"],
  Regularization: ["#8f7a3a", "#bda55a"],
  Reshape: ["#a0522d", "#cf7b4f"],
  Merge: ["#c4a000", "#e0c13a"],
  Activation: ["#b33a3a", "#d96060"],
} as const satisfies { [C in Category]: readonly [string, string] };

const pick = (k: 0 | 1) => Object.fromEntries(Object.entries(families).map(([c, v]) => [c, v[k]])) as { [C in Category]: string };

/** The themes by name. */
export const diagramThemes: { readonly [name in DiagramTheme["name"]]: DiagramTheme } = {
  light: {
    name: "light",
    background: "#ffffff",
    card: "#f7f8fa",
    cardBorder: "#c9ced6",
    text: "#1f2328",
    muted: "#57606a",
    edge: "#6e7781",
    frame: "#8c959f",
    family: pick(0),
    other: "#6e7781",
    error: "#cf222e",
    warning: "#bf8700",
  },
  dark: {
    name: "dark",
    background: "#1e1e1e",
    card: "#2b2d31",
    cardBorder: "#4a4f57",
    text: "#e6e6e6",
    muted: "#a8adb4",
    edge: "#8b949e",
    frame: "#7d8590",
    family: pick(1),
    other: "#8b949e",
    error: "#f85149",
    warning: "#d29922",
  },
};

/** The colour of a node's family in `theme`. */
export const familyColour = (theme: DiagramTheme, category: Category | undefined) => (category ? theme.family[category] : theme.other);

/** `hex` mixed with white (`amount` > 0) or black (< 0) by |amount|: the lit and shaded faces of a block. */
export function shade(hex: string, amount: number): string {
  const target = amount > 0 ? 255 : 0;
  const mix = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16);
    return Math.round(c + (target - c) * Math.abs(amount))
      .toString(16)
      .padStart(2, "0");
  };
  return `#${mix(1)}${mix(3)}${mix(5)}`;
}
