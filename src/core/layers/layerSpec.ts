import type { DiagnosticCode } from "../document/diagnostics";
import type { ParamSpecs, ResolvedParams } from "../document/params";
import type { Shape } from "./shape";
import { type Message } from "../messages/format";

/** Palette groups, in display order. */
export const categories = [
  "Input",
  "Preprocessing",
  "Convolution",
  "Pooling",
  "Core",
  "Normalization",
  "Regularization",
  "Reshape",
  "Merge",
  "Activation",
] as const;

/** A palette group. */
export type Category = (typeof categories)[number];

/** One weight of a layer: its Keras name (`kernel`, `moving_mean`…), its shape, and whether training updates it. */
export interface LayerWeight {
  readonly name: string;
  readonly shape: readonly number[];
  /** False for statistics gradient descent does not update, such as BatchNormalization's moving mean (before the layer's `trainable` flag). */
  readonly trainable: boolean;
}

/** A trainable weight (`kernel`, `bias`), for the families' infer functions. */
export const weight = (name: string, ...shape: number[]): LayerWeight => ({ name, shape, trainable: true });

/** A bias of `size` when the layer uses one. */
export const bias = (used: boolean, size: number): LayerWeight[] => (used ? [weight("bias", size)] : []);

/** The trainable and the non-trainable weights' sizes, the layer's `trainable` flag aside. */
export function weightCounts(weights: readonly LayerWeight[] | undefined): [number, number] {
  const counts: [number, number] = [0, 0];
  for (const w of weights ?? []) counts[w.trainable ? 0 : 1] += w.shape.reduce((a, d) => a * d, 1);
  return counts;
}

/** What a layer computes from its input shapes. */
export interface LayerOutput {
  /** Output shape without the batch dimension. */
  readonly shape: Shape;
  /**
   * The layer's weights in Keras' order (`layer.weights`), named as Keras and TF.js name them; the parameter
   * counts are their sizes. Absent for a layer without weights.
   */
  readonly weights?: readonly LayerWeight[];
  /** Multiply-accumulate operations per sample. */
  readonly macs?: number | null;
}

/** What a layer's inference may report; messages are prefixed with the layer's name. */
export interface InferContext {
  /** Resolved name of the layer. */
  readonly name: string;
  /** Reports an error, located at `param`'s value if given, else at the layer's type. */
  error(code: DiagnosticCode, message: Message, param?: string): void;
  /** Reports a warning, located likewise. */
  warning(code: DiagnosticCode, message: Message, param?: string): void;
}

/** How many inputs a layer takes. */
export type Arity = "none" | "one" | "many";

/** One registry entry: everything the product knows about a layer type. */
export interface LayerSpec<S extends ParamSpecs = ParamSpecs> {
  /** Palette group. */
  readonly category: Category;
  /** One-line explanation for the palette and hovers. */
  readonly doc: string;
  /** Number of inputs: `none` for Input, `many` for merges (at least two). */
  readonly arity: Arity;
  /** Allowed input rank, counted with the batch dimension as Keras does. */
  readonly inputRank?: { readonly min: number; readonly max?: number; readonly meaning?: Message };
  /** Parameters, with Keras defaults. */
  readonly params: S;
  /** Computes the output shape and weight counts; returns `undefined` after reporting an error. */
  infer(params: ResolvedParams<S>, inputs: readonly Shape[], ctx: InferContext): LayerOutput | undefined;
}

/** Declares a registry entry, keeping its parameter types precise. */
export function defineLayer<const S extends ParamSpecs>(spec: LayerSpec<S>): LayerSpec<S> {
  return spec;
}
