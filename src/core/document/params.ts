/** Parameter metadata for layer types: one description drives validation, the JSON schema and property forms. */

interface Base {
  /** One-line documentation, shown in hovers and forms. */
  readonly doc: string;
  /** True when Keras has no default and the user must give a value. */
  readonly required?: true;
  /** For a required parameter: the value a newly inserted layer starts with. */
  readonly example?: unknown;
}

/**
 * The largest integer any parameter takes unless its description says less: 2³¹ − 1, the int32 that TensorFlow,
 * tfjs and ONNX runtimes size tensors and attributes with. It keeps every count a model makes within what a
 * double holds exactly for any model that could be built.
 */
export const maxInteger = 2 ** 31 - 1;

/** An integer, at least `min` and at most `max` (default `maxInteger`). */
export interface IntParam extends Base {
  readonly kind: "int";
  readonly min: number;
  readonly max?: number;
  readonly default?: number | null;
}
/** A finite number within bounds. */
export interface FloatParam extends Base {
  readonly kind: "float";
  readonly min?: number;
  readonly max?: number;
  /** True when `min` itself is excluded. */
  readonly exclusiveMin?: true;
  /** True when `max` itself is excluded. */
  readonly exclusiveMax?: true;
  readonly default?: number | null;
}
/** A boolean flag. */
export interface BoolParam extends Base {
  readonly kind: "bool";
  readonly default?: boolean;
}
/** One of a fixed set of strings. */
export interface EnumParam extends Base {
  readonly kind: "enum";
  readonly values: readonly string[];
  readonly default?: string;
}
/** An int or a tuple of `rank` ints, each at least `min` (kernel sizes, strides, dilation, pool sizes). */
export interface IntsParam extends Base {
  readonly kind: "ints";
  readonly rank: number;
  readonly min: number;
  readonly default?: number | null;
}
/** Per-axis (before, after) amounts: an int, `[h, w]`, or `[[top, bottom], [left, right]]`. */
export interface PairsParam extends Base {
  readonly kind: "pairs";
  readonly rank: number;
  readonly default: number;
}
/** A tensor shape without the batch dimension: positive ints, or `null` for a dimension known only at run time. */
export interface ShapeParam extends Base {
  readonly kind: "shape";
}
/** A reshape target: positive ints, with at most one `-1` to be inferred. */
export interface TargetShapeParam extends Base {
  readonly kind: "targetShape";
}
/** An axis index counted with the batch dimension (negative counts from the end). */
export interface AxisParam extends Base {
  readonly kind: "axis";
  readonly default: number;
}
/** One axis or a list of axes, counted with the batch dimension. */
export interface AxesParam extends Base {
  readonly kind: "axes";
  readonly default: number;
}

/** Any parameter description. */
export type ParamSpec =
  IntParam | FloatParam | BoolParam | EnumParam | IntsParam | PairsParam | ShapeParam | TargetShapeParam | AxisParam | AxesParam;

/** Parameter descriptions of one layer type, by parameter name. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The value a parameter description yields once validated and normalised. */
export type ParamValue<P extends ParamSpec> = P extends IntParam | FloatParam | AxisParam
  ? number
  : P extends BoolParam
    ? boolean
    : P extends EnumParam
      ? P["values"][number]
      : P extends IntsParam | TargetShapeParam | AxesParam
        ? number[]
        : P extends PairsParam
          ? [number, number][]
          : P extends ShapeParam
            ? (number | null)[]
            : never;

/** Validated parameters of a layer; a `null` default stays `null` when the user gives no value. */
export type ResolvedParams<S extends ParamSpecs> = {
  readonly [K in keyof S]: S[K] extends { readonly default: null } ? ParamValue<S[K]> | null : ParamValue<S[K]>;
};
