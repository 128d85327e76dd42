import type { DiagnosticCode } from "../document/diagnostics";
import type { ParamSpecs, ResolvedParams } from "../document/params";
import type { Shape } from "./shape";
import { type Message } from "../messages/format";

/** Palette groups, in display order. */
export const categories = [
  "Input",
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

/** What a layer computes from its input shapes. */
export interface LayerOutput {
  /** Output shape without the batch dimension. */
  readonly shape: Shape;
  /** Weights updated by training (before the layer's `trainable` flag is applied). */
  readonly params?: number;
  /** Weights not updated by gradient descent, such as BatchNormalization's moving statistics. */
  readonly nonTrainable?: number;
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
