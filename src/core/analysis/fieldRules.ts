/**
 * How each layer type maps an output position to the positions of its input it reads, per spatial axis: the rules
 * receptiveField.ts composes. One entry per registry type (a new layer type is a compile error here until it has one),
 * each following what Keras and TensorFlow compute: TF's 'same' padding (the extra zero after), transposed
 * convolutions as the gradient of a convolution, tf.image.resize with half-pixel centres.
 */
import { aspectWindow, cropStart } from "../layers/preprocessing";
import type { LayerType } from "../layers/registry";
import type { CountedLayer as LayerInfo } from "./analyze";

/** One spatial axis of a layer. */
export interface AxisMap {
  /**
   * Output position `o`'s input positions: the first, the last, and the step between them (a dilation's), its input
   * having `n` positions and its output `m` (positions before 0 or from n on are padding).
   */
  at(o: number, n: number, m: number): readonly [number, number, number];
  /** The same as a window (for sizes known only at run time): input positions per output step, first offset, extent. */
  readonly affine: { readonly stride: number; readonly offset: number; readonly extent: number };
}

/**
 * A layer's rule: a map per spatial axis of its input; "pointwise" (each position reads the same position); "collapse"
 * (every output reads every position: Flatten, global pooling); "opaque" (the field is not followed further).
 */
export type FieldRule = readonly AxisMap[] | "pointwise" | "collapse" | "opaque";

type Settings = Readonly<Record<string, unknown>>;
const ints = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : [v as number]);

/** A sliding window of `k` taps `d` apart, every `s` positions, padded as Keras' `padding` says. */
function window(k: number, s: number, d: number, padding: string): AxisMap {
  const span = (k - 1) * d + 1;
  // TensorFlow's 'same': the total padding that keeps ceil(n / s) outputs, the odd one after.
  const left = (n: number, m: number) =>
    padding === "valid" ? 0 : padding === "causal" ? span - 1 : Math.floor(Math.max((m - 1) * s + span - n, 0) / 2);
  return {
    at: (o, n, m) => [o * s - left(n, m), o * s - left(n, m) + span - 1, d],
    affine: {
      stride: s,
      offset: padding === "valid" ? 0 : padding === "causal" ? 1 - span : -Math.floor(Math.max(span - s, 0) / 2),
      extent: span,
    },
  };
}

/** A transposed convolution: the inputs whose window, in the convolution it is the gradient of, holds `o`. */
function transposed(k: number, s: number, d: number, padding: string): AxisMap {
  const span = (k - 1) * d + 1;
  return {
    at: (o, n, m) => {
      const left = padding === "valid" ? 0 : Math.floor(Math.max((n - 1) * s + span - m, 0) / 2);
      // Input q's window covers q·s − left … q·s − left + span − 1, one tap every d (d > 1 only with s = 1).
      let first = Math.max(0, Math.ceil((o + left - span + 1) / s));
      let last = Math.min(n - 1, Math.floor((o + left) / s));
      if (d > 1) {
        while (first <= last && (o + left - first) % d !== 0) first++;
        while (last >= first && (o + left - last) % d !== 0) last--;
      }
      return [first, last, d];
    },
    affine: { stride: 1 / s, offset: (Math.floor(Math.max(span - s, 0) / 2) - span + 1) / s, extent: (span - 1) / s + 1 },
  };
}

/** tf.image.resize of `crop` positions from `offset` to `m` (half-pixel centres, no antialiasing). */
function resize(
  interpolation: string,
  crop: (n: number) => { offset: number; size: number },
  scale?: { offset: number; ratio: number },
): AxisMap {
  // The usual reading, where the sizes are known: input positions per output step, and the first output's centre.
  const nearest = interpolation === "nearest";
  const affine = scale
    ? {
        stride: scale.ratio,
        offset: scale.offset + (nearest ? Math.floor(0.5 * scale.ratio) : 0.5 * scale.ratio - 0.5),
        // Bilinear sampling reads two neighbours, except at the same size, where each centre falls on a pixel.
        extent: nearest || scale.ratio === 1 ? 1 : 2,
      }
    : { stride: 1, offset: 0, extent: 2 };
  return {
    at: (o, n, m) => {
      const { offset, size } = crop(n);
      const scale = size / m;
      if (interpolation === "nearest") {
        const p = Math.min(Math.floor((o + 0.5) * scale), size - 1);
        return [offset + p, offset + p, 1];
      }
      const src = (o + 0.5) * scale - 0.5;
      return [offset + Math.max(Math.floor(src), 0), offset + Math.min(Math.ceil(src), size - 1), 1];
    },
    affine,
  };
}

/** Output position o reads input position o + `shift`. */
const shifted = (shift: number): AxisMap => ({ at: (o) => [o + shift, o + shift, 1], affine: { stride: 1, offset: shift, extent: 1 } });

/** Every position of the axis (a softmax or a normalisation over it). */
const whole: AxisMap = { at: (_o, n) => [0, n - 1, 1], affine: { stride: 1, offset: 0, extent: 1 } };

/** The spatial axes among Keras `axes` (counted with the batch axis) of a rank-`r` input: "pointwise" when none. */
function along(axes: readonly number[], rank: number): FieldRule {
  const spatial = new Set(axes.map((a) => (a < 0 ? a + rank : a)).filter((a) => a >= 1 && a <= rank - 2));
  if (spatial.size === 0) return "pointwise";
  return Array.from({ length: rank - 2 }, (_, k) => (spatial.has(k + 1) ? whole : shifted(0)));
}

/** A sliding convolution or pooling from its settings (`window` is kernelSize or poolSize). */
function sliding(s: Settings, windowKey: "kernelSize" | "poolSize"): FieldRule {
  const k = ints(s[windowKey]);
  const strides = s.strides === null || s.strides === undefined ? k : ints(s.strides);
  const dilation = s.dilationRate === undefined ? k.map(() => 1) : ints(s.dilationRate);
  return k.map((size, i) => window(size, strides[i], dilation[i], String(s.padding)));
}

const conv = (l: LayerInfo) => (l.settings ? sliding(l.settings, "kernelSize") : "opaque");
const pool = (l: LayerInfo) => (l.settings ? sliding(l.settings, "poolSize") : "opaque");
const rank = (l: LayerInfo) => l.outputShape?.length ?? 0;

/** The rule of every layer type, from the layer (its settings and shapes) and its inputs. */
const rules: Record<LayerType, (layer: LayerInfo, inputs: readonly LayerInfo[]) => FieldRule> = {
  Input: () => "pointwise",
  Rescaling: () => "pointwise",
  Normalization: () => "pointwise",
  Resizing: (l, [input]) => {
    const s = l.settings;
    const [h, w] = (input.outputShape ?? []).slice(1, 3);
    if (!s || h === null || w === null || h === undefined || w === undefined) return "opaque";
    const box = s.cropToAspectRatio ? aspectWindow(h, w, s.height as number, s.width as number) : { top: 0, left: 0, height: h, width: w };
    const how = String(s.interpolation);
    const th = s.height as number;
    const tw = s.width as number;
    return [
      resize(how, () => ({ offset: box.top, size: box.height }), { offset: box.top, ratio: box.height / th }),
      resize(how, () => ({ offset: box.left, size: box.width }), { offset: box.left, ratio: box.width / tw }),
    ];
  },
  CenterCrop: (l, [input]) => {
    const [h, w] = (input.outputShape ?? []).slice(1, 3);
    const s = l.settings;
    if (!s || typeof h !== "number" || typeof w !== "number") return "opaque";
    return [shifted(cropStart(h, s.height as number)), shifted(cropStart(w, s.width as number))];
  },
  Conv1D: conv,
  Conv2D: conv,
  DepthwiseConv2D: conv,
  SeparableConv2D: conv,
  Conv2DTranspose: (l) => {
    const s = l.settings;
    if (!s) return "opaque";
    const k = ints(s.kernelSize);
    const strides = ints(s.strides);
    const dilation = ints(s.dilationRate);
    return k.map((size, i) => transposed(size, strides[i], dilation[i], String(s.padding)));
  },
  MaxPooling1D: pool,
  MaxPooling2D: pool,
  AveragePooling1D: pool,
  AveragePooling2D: pool,
  GlobalMaxPooling1D: () => "collapse",
  GlobalMaxPooling2D: () => "collapse",
  GlobalAveragePooling1D: () => "collapse",
  GlobalAveragePooling2D: () => "collapse",
  Dense: () => "pointwise",
  Flatten: () => "collapse",
  Reshape: () => "opaque",
  Dropout: () => "pointwise",
  SpatialDropout2D: () => "pointwise",
  BatchNormalization: () => "pointwise",
  LayerNormalization: (l) => along(ints(l.settings?.axis ?? -1), rank(l)),
  Activation: () => "pointwise",
  ReLU: () => "pointwise",
  LeakyReLU: () => "pointwise",
  ELU: () => "pointwise",
  Softmax: (l) => along(ints(l.settings?.axis ?? -1), rank(l)),
  ZeroPadding2D: (l) => {
    const pads = l.settings?.padding as number[][] | undefined;
    return pads ? pads.map(([before]) => shifted(-before)) : "opaque";
  },
  Cropping2D: (l) => {
    const crops = l.settings?.cropping as number[][] | undefined;
    return crops ? crops.map(([before]) => shifted(before)) : "opaque";
  },
  UpSampling2D: (l) => {
    const s = l.settings;
    if (!s) return "opaque";
    const how = String(s.interpolation);
    return ints(s.size).map((f) =>
      how === "nearest"
        ? { at: (o: number) => [Math.floor(o / f), Math.floor(o / f), 1] as const, affine: { stride: 1 / f, offset: 0, extent: 1 } }
        : resize("bilinear", (n) => ({ offset: 0, size: n }), { offset: 0, ratio: 1 / f }),
    );
  },
  Add: () => "pointwise",
  Multiply: () => "pointwise",
  Average: () => "pointwise",
  Maximum: () => "pointwise",
  Minimum: () => "pointwise",
  // Joined along a spatial axis, positions come from one input or another: not followed.
  Concatenate: (l) => (along(ints(l.settings?.axis ?? -1), rank(l)) === "pointwise" ? "pointwise" : "opaque"),
};

/** The rule of `layer` (of a registry type), reading `inputs`. */
export function axisMaps(type: LayerType, layer: LayerInfo, inputs: readonly LayerInfo[]): FieldRule {
  const rule = rules[type];
  return rule ? rule(layer, inputs) : "opaque";
}
