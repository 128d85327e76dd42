/**
 * Random models for property tests: a fast-check plan of layers is built with tfjs-layers step by step;
 * each layer tfjs accepts joins the model, each one it rejects is kept aside as a known-invalid case.
 */
import * as fc from "fast-check";
import { layerRegistry, layerTypes, type LayerType, type ParamSpec } from "../../src/core";
import { buildWithTfjs, type LayerJson } from "./tfjsOracle";

/** Parameters tfjs-layers lacks (Keras has them): the generator leaves them at their defaults. */
export const tfjsGaps: Partial<Record<LayerType, readonly string[]>> = {
  ReLU: ["negativeSlope", "threshold"],
  GlobalMaxPooling1D: ["keepdims"],
  GlobalMaxPooling2D: ["keepdims"],
  GlobalAveragePooling1D: ["keepdims"],
  GlobalAveragePooling2D: ["keepdims"],
  Conv2DTranspose: ["outputPadding", "dilationRate"],
  ELU: ["alpha"],
  // tfjs-layers' DepthwiseConv2D ignores dilationRate when it computes shapes (5×5, 3×3 kernel, dilation 2 → 3×3;
  // Keras gives 1×1).
  DepthwiseConv2D: ["dilationRate"],
};

/**
 * Values tfjs-layers gets wrong: its shape code treats Conv1D's 'causal' padding as 'valid' (Keras keeps the
 * length, as 'same' does; a known-answer test covers it).
 */
const tfjsValueGaps: Partial<Record<LayerType, Record<string, readonly unknown[]>>> = { Conv1D: { padding: ["causal"] } };

/** Parameters tfjs-layers needs although Keras has defaults for them (tfjs' Cropping2D crashes without one). */
const tfjsRequired: Partial<Record<LayerType, readonly string[]>> = { Cropping2D: ["cropping"] };

/** Initializers some kernels cannot take (identity needs a 2D square matrix): a run-time matter, not a shape one. */
const initializerGaps = ["identity", "orthogonal"];

const small = (min: number, span: number) => fc.integer({ min, max: min + span });

/** A random value for a parameter description (valid by its own rules; the layer may still reject it). */
function paramValue(name: string, p: ParamSpec): fc.Arbitrary<unknown> {
  if (name === "dilationRate" || name === "strides") {
    return fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      { arbitrary: fc.oneof(small(1, 2), fc.array(small(1, 2), { minLength: 1, maxLength: 2 })), weight: 1 },
    );
  }
  switch (p.kind) {
    case "int":
      return small(p.min, 6);
    case "float": {
      const lo = p.min ?? -1;
      const hi = p.max ?? lo + 6;
      return fc
        .double({ min: lo, max: hi, noNaN: true, minExcluded: !!p.exclusiveMin, maxExcluded: !!p.exclusiveMax })
        .map((x) => Math.round(x * 100) / 100)
        .filter((x) => (p.exclusiveMin ? x > lo : x >= lo) && (p.exclusiveMax ? x < hi : x <= hi));
    }
    case "bool":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...p.values.filter((v) => !initializerGaps.includes(v)));
    case "ints":
      return fc.oneof(small(p.min, 3), fc.array(small(p.min, 3), { minLength: p.rank, maxLength: p.rank }));
    case "pairs":
      return fc.oneof(
        small(0, 2),
        fc.array(small(0, 2), { minLength: p.rank, maxLength: p.rank }),
        fc.array(fc.array(small(0, 2), { minLength: 2, maxLength: 2 }), { minLength: p.rank, maxLength: p.rank }),
      );
    case "axis":
      return fc.oneof(fc.constant(-1), fc.integer({ min: -4, max: 4 }));
    case "axes":
      return fc.oneof(
        fc.constant(-1),
        fc.integer({ min: -3, max: 3 }),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 2 }),
      );
    case "shape":
    case "targetShape":
      return fc.constant(undefined); // chosen from the input shape when the layer is built
  }
}

/** One planned layer: its type, some of its parameters, and which earlier tensors it reads. */
export interface Step {
  readonly type: Exclude<LayerType, "Input">;
  readonly params: Record<string, unknown>;
  readonly trainable: boolean;
  readonly pick: readonly number[];
  readonly reshape: number;
}

const stepArb: fc.Arbitrary<Step> = fc
  .constantFrom(...(layerTypes.filter((t) => t !== "Input") as Exclude<LayerType, "Input">[]))
  .chain((type) => {
    const skip = tfjsGaps[type] ?? [];
    const entries = Object.entries(layerRegistry[type].params as Record<string, ParamSpec>).filter(
      ([k, p]) => !skip.includes(k) && p.kind !== "targetShape",
    );
    const bad = tfjsValueGaps[type] ?? {};
    const params = fc.record(Object.fromEntries(entries.map(([k, p]) => [k, paramValue(k, p).filter((v) => !bad[k]?.includes(v))])), {
      requiredKeys: entries.filter(([k, p]) => p.required || tfjsRequired[type]?.includes(k)).map(([k]) => k),
    });
    return fc.record({
      type: fc.constant(type),
      params,
      trainable: fc.constantFrom(true, true, true, false),
      pick: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      reshape: fc.nat(3),
    });
  });

/** A plan: the input shape (without batch) and the layers to try. */
export interface Plan {
  readonly input: number[];
  readonly steps: Step[];
}

export const planArb: fc.Arbitrary<Plan> = fc.record({
  input: fc.oneof(
    fc.array(small(1, 12), { minLength: 1, maxLength: 1 }),
    fc.array(small(1, 10), { minLength: 2, maxLength: 2 }),
    fc.tuple(small(3, 13), small(3, 13), small(1, 5)).map((t) => [...t]),
  ),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 10 }),
});

/** A built plan: the layers tfjs accepted, and the layers it rejected (each with the layers before it). */
export interface BuiltModel {
  readonly layers: LayerJson[];
  readonly rejected: { readonly layers: LayerJson[]; readonly error: string }[];
}

/** Builds a plan with tfjs-layers, one layer at a time. */
export function realise(plan: Plan): BuiltModel {
  const layers: LayerJson[] = [{ type: "Input", name: "input", shape: plan.input }];
  const shapes: (number | null)[][] = [[null, ...plan.input]];
  const rejected: BuiltModel["rejected"] = [];
  plan.steps.forEach((step, n) => {
    const arity = layerRegistry[step.type].arity;
    const latest = layers.length - 1;
    let inputs: number[];
    if (arity === "many") {
      const want = shapes[latest];
      const fits = shapes
        .map((s, i) => [s, i] as const)
        .filter(
          ([s]) =>
            s.length === want.length &&
            (step.type === "Concatenate" ? s.slice(0, -1).every((d, j) => d === want[j]) : s.every((d, j) => d === want[j])),
        );
      inputs = [latest, ...step.pick.slice(0, 2).map((p) => (fits.length ? fits[p % fits.length][1] : latest))];
    } else inputs = [step.pick[0] % 3 === 0 ? step.pick[1 % step.pick.length] % layers.length : latest];
    const source = shapes[inputs[0]].slice(1) as number[];
    // tfjs-layers has no SpatialDropout2D (the oracle stands in Dropout, which takes any rank).
    if (step.type === "SpatialDropout2D" && source.length !== 3) return;
    // Keras documents strides > 1 with dilation > 1 as unsupported (the engine says so); tfjs-layers'
    // DepthwiseConv2D and SeparableConv2D build it anyway, so the oracle cannot judge it.
    const many = (v: unknown) => (Array.isArray(v) ? v.some((x) => x > 1) : typeof v === "number" && v > 1);
    if (many(step.params.strides) && many(step.params.dilationRate)) return;
    // Keras refuses an axis outside [-rank, rank); tfjs-layers' Concatenate and Softmax wrap it around instead.
    const rank = source.length + 1;
    const axes = [step.params.axis].flat().filter((a): a is number => typeof a === "number");
    if (axes.some((a) => a < -rank || a >= rank)) return;
    // Keras' CenterCrop resizes an image smaller than its window (a resize, not a crop); the engine refuses it.
    const [h, w] = [step.params.height, step.params.width] as number[];
    if (step.type === "CenterCrop" && source.length === 3 && (source[0] < h || source[1] < w)) return;
    const extra: Record<string, unknown> = {};
    if (step.type === "Reshape") {
      const size = source.reduce((a, b) => a * b, 1);
      extra.targetShape = [[-1], [size], [source[0], -1], [-1, source[source.length - 1]]][step.reshape];
    }
    const layer: LayerJson = {
      type: step.type,
      name: `l${n}`,
      inputs: inputs.map((i) => layers[i].name),
      ...step.params,
      ...extra,
      ...(step.trainable ? {} : { trainable: false }),
    };
    try {
      const oracle = buildWithTfjs([...layers, layer]);
      const shape = oracle[oracle.length - 1].outputShape;
      // tfjs-layers lets a window collapse a dimension to 0 or less, and an out-of-range axis produce unknown
      // (null) sizes; Keras (TensorFlow's shape inference) refuses both. Plans start from fully known shapes.
      if (shape.slice(1).some((d) => d === null || d <= 0)) throw new Error(`degenerate output ${JSON.stringify(shape)}`);
      layers.push(layer);
      shapes.push(shape);
    } catch (e) {
      rejected.push({ layers: [...layers, layer], error: e instanceof Error ? e.message : String(e) });
    }
  });
  return { layers, rejected };
}

/** A model file's text for a list of layers. */
export function modelText(layers: readonly LayerJson[]): string {
  return JSON.stringify({ version: 1, name: "random", layers }, null, 1);
}

/**
 * Checks `runs` random models (fast-check, which shrinks a failing one), then more, 100 at a time, until every
 * layer type has been in a checked model: a rare type one draw missed is exercised all the same. Returns the types
 * still unseen after 20 more rounds (none, unless the generator cannot make them).
 */
export function checkEveryType(runs: number, check: (layers: LayerJson[]) => void): string[] {
  const seen = new Set<string>();
  const property = fc.property(planArb, (plan) => {
    const { layers } = realise(plan);
    layers.forEach((l) => seen.add(l.type));
    check(layers);
  });
  fc.assert(property, { numRuns: runs });
  for (let round = 0; round < 20 && layerTypes.some((t) => !seen.has(t)); round++) fc.assert(property, { numRuns: 100 });
  return layerTypes.filter((t) => !seen.has(t));
}
