/**
 * ONNX ops that become Keras layers without a window: the transposes between channels first and last (and the
 * reshapes that amount to one), global pooling (GlobalAveragePool, ReduceMean over the spatial axes), the
 * element-wise product (SiLU's and squeeze-and-excitation's Mul), and the hard sigmoid and hard swish of
 * MobileNetV3 as exact layer sequences.
 */
import { floatAttr, intAttr, intsAttr, shortFloat, stringAttr } from "./tensors";
import type { OpContext, ShapeValue } from "./importOps";

/** Ops that read a global pooling's (batch, channels, 1, 1) as (batch, channels): it is kept flat for them. */
const flatten = new Set(["Flatten", "Reshape", "Squeeze"]);

/**
 * GlobalAveragePool / GlobalMaxPool, and ReduceMean / ReduceMax over the spatial axes: Keras' global pooling, with
 * `keepdims` where ONNX keeps the 1×1 axes for a reader that needs them (a squeeze-and-excitation block's Conv).
 */
export function globalPool(c: OpContext): void {
  const { n, x, out } = c;
  const max = n.opType === "GlobalMaxPool" || n.opType === "ReduceMax";
  const type = max ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D";
  let keep = true;
  if (n.opType.startsWith("Reduce")) {
    // The axes are an attribute up to opset 17 and an input from 18 on.
    const axes = (c.konst(1) ? Array.from(c.konst(1)!.values, Number) : intsAttr(n, "axes", [])).map((a) => (a < 0 ? a + x.rank : a));
    if (x.rank !== 4 || axes.length !== 2 || !axes.includes(2) || !axes.includes(3)) {
      c.refuse("a reduction other than over the spatial axes of an image");
      return;
    }
    keep = intAttr(n, "keepdims", 1) === 1;
  } else if (x.rank !== 4) {
    c.refuse("a global pooling of a tensor that is not an image");
    return;
  }
  // ONNX keeps the 1×1 axes; where every reader flattens them, the pooling gives (batch, channels) at once.
  const readers = c.readers(out);
  if (keep && readers.length > 0 && readers.every((r) => flatten.has(r.opType))) keep = false;
  c.add({ type, name: c.name(type), ...(keep ? { keepdims: true } : {}) }, [x.layer], out, keep ? 4 : 2);
}

/** Mul: the product of two activations of the same rank (Keras' Multiply broadcasts as ONNX does), or by one number. */
export function multiply(c: OpContext): void {
  const { x, ins, out } = c;
  const other = c.tensors.get(ins[1]);
  const k = c.konst(1);
  if (other && other.rank === x.rank && !other.nhwc)
    c.add({ type: "Multiply", name: c.name("Multiply") }, [x.layer, other.layer], out, x.rank);
  else if (other) c.refuse("a product of tensors of different ranks or layouts");
  else if (k && k.values.length === 1)
    c.add({ type: "Rescaling", name: c.name("Rescaling"), scale: shortFloat(Number(k.values[0])) }, [x.layer], out, x.rank);
  else c.refuse("multiplies by a constant that is not one number");
}

/**
 * HardSigmoid, max(0, min(1, αx + β)), as a Rescaling (scale α, offset β) and a ReLU capped at 1 — exact, where
 * Keras' and tfjs' own hard sigmoids differ from ONNX's and from each other; HardSwish as x times that (α = 1/6).
 */
export function hard(c: OpContext): void {
  const { n, x, out } = c;
  const swish = n.opType === "HardSwish";
  const [alpha, beta] = swish ? [1 / 6, 0.5] : [floatAttr(n, "alpha", 0.2), floatAttr(n, "beta", 0.5)];
  const scaled = c.name("Rescaling");
  c.add({ type: "Rescaling", name: scaled, scale: alpha, offset: beta }, [x.layer], `${out}#scaled`, x.rank);
  const gate = c.name("ReLU");
  c.add({ type: "ReLU", name: gate, maxValue: 1 }, [scaled], swish ? `${out}#gate` : out, x.rank);
  if (swish) c.add({ type: "Multiply", name: c.name("Multiply") }, [x.layer, gate], out, x.rank);
}

/** A Transpose between channels first and last (`perm` joined by commas), or a refusal. */
export function transpose(c: OpContext, perm: string): void {
  const { x, ins, layers, tensors, out } = c;
  if (perm === "0,3,1,2" && ins[0] === c.input.name && !x.nhwc && x.rank === 4) {
    // A channels-last input turned NCHW (tf2onnx, keras2onnx, our export): the model's input is channels last.
    layers[0].shape = [c.input.dims[1], c.input.dims[2], c.input.dims[3]];
    c.alias();
  } else if (perm === "0,3,1,2" && x.nhwc) tensors.set(out, { ...x, nhwc: false });
  else if (perm === "0,2,3,1" && !x.nhwc && x.rank === 4) tensors.set(out, { ...x, nhwc: true });
  else c.refuse(`a transpose (${perm}) other than between channels first and last`);
}

/**
 * The transpose between channels first and last that a rank-4 Reshape amounts to, when the axes it moves have size
 * 1 (tf2onnx writes NHWC → NCHW of a one-channel image as `Reshape(x, [-1, 1, 28, 28])`); undefined otherwise.
 */
export function reshapeAsTranspose(c: OpContext, target: ShapeValue | null | undefined): string | undefined {
  if (!target || target.length !== 4 || c.x.rank !== 4 || !["batch", 0, -1].includes(target[0])) return undefined;
  // The ONNX tensor's dims: the graph's input as declared, else the layer's (channels last) as the layout has it.
  let dims: readonly (number | null)[] | undefined;
  if (c.ins[0] === c.input.name) dims = c.input.dims;
  else {
    const s = c.shapeOf(c.x.layer);
    dims = s && (c.x.nhwc ? s : [s[0], s[3], s[1], s[2]]);
  }
  if (!dims || dims.slice(1).some((d) => d === null)) return undefined;
  const sizes = dims.slice(1) as number[];
  const want = target.slice(1);
  const perms: [string, number[]][] = [
    ["0,3,1,2", [2, 0, 1]],
    ["0,2,3,1", [1, 2, 0]],
  ];
  for (const [perm, order] of perms) {
    const moved = order.map((k) => sizes[k]);
    // A reshape keeps the order of the values; a transpose does too when only axes of size 1 change places.
    const kept = (list: number[]) => list.filter((d) => d !== 1).join(",");
    if (moved.every((d, k) => d === want[k]) && kept(moved) === kept(sizes)) return perm;
  }
  return undefined;
}

/** The source row (or column) nearest-neighbour sampling reads for output `o` at scale `s` (ONNX's Resize rules). */
function nearestSource(o: number, s: number, coordinates: string, rounding: string): number | undefined {
  const x =
    coordinates === "asymmetric"
      ? o / s
      : coordinates === "half_pixel" || coordinates === "pytorch_half_pixel"
        ? (o + 0.5) / s - 0.5
        : coordinates === "tf_half_pixel_for_nn"
          ? (o + 0.5) / s
          : undefined;
  if (x === undefined) return undefined;
  const frac = x - Math.floor(x);
  if (rounding === "floor") return Math.floor(x);
  if (rounding === "ceil") return Math.ceil(x);
  if (frac === 0.5) return rounding === "round_prefer_ceil" ? Math.ceil(x) : Math.floor(x);
  return Math.round(x);
}

/**
 * Resize and Upsample by whole factors: Keras' UpSampling2D. Nearest sampling is exact where it repeats each pixel
 * (PyTorch's `nearest`: asymmetric and floor; half-pixel with rounding); bilinear where it samples at half-pixel
 * centres, as Keras' UpSampling2D (tf.image.resize) does and PyTorch's `align_corners=False`.
 */
export function resize(c: OpContext): void {
  const { n, x, out } = c;
  const raw = n.input ?? [];
  const value = (pos: number): readonly (number | string)[] | undefined => {
    const name = raw[pos];
    if (!name) return undefined;
    const k = c.ins.indexOf(name);
    const konst = k > 0 ? c.konst(k) : undefined;
    return konst && konst.values.length > 0 ? Array.from(konst.values, Number) : (c.shapes.get(name) ?? undefined);
  };
  if (x.rank !== 4) return c.refuse("a resize of a tensor that is not an image");
  const upsample = n.opType === "Upsample";
  const attrScales = (n.attribute ?? []).find((a) => a.name === "scales")?.floats?.map(Number);
  // Resize: (X, roi, scales, sizes) from opset 11, (X, scales) in opset 10; Upsample: scales as input or attribute.
  const scales = attrScales ?? value(upsample || raw.length === 2 ? 1 : 2);
  const sizes = upsample ? undefined : value(3);
  const shape = c.shapeOf(x.layer);
  let factors: number[] | undefined;
  if (scales && scales.length === 4) factors = [Number(scales[2]), Number(scales[3])];
  else if (sizes && sizes.length === 4 && shape && typeof shape[1] === "number" && typeof shape[2] === "number")
    factors = [Number(sizes[2]) / shape[1], Number(sizes[3]) / shape[2]];
  if (!factors || factors.some((f) => Number.isNaN(f)) || (scales && (Number(scales[0]) !== 1 || Number(scales[1]) !== 1)))
    return c.refuse("a resize whose scales or sizes are not constants over the image's rows and columns");
  if (!factors.every((f) => Number.isInteger(f) && f >= 1)) return c.refuse(`a resize by ${factors.join(" × ")}, not whole factors`);
  const mode = stringAttr(n, "mode", "nearest");
  const coordinates = upsample ? "asymmetric" : stringAttr(n, "coordinate_transformation_mode", "half_pixel");
  let interpolation: "nearest" | "bilinear";
  if (mode === "nearest") {
    const rounding = upsample ? "floor" : stringAttr(n, "nearest_mode", "round_prefer_floor");
    // Over one whole period past the edge, each output must read the pixel it repeats (the pattern recurs).
    const repeats = factors.every((s) =>
      Array.from({ length: s }, (_, r) => s + r).every((o) => nearestSource(o, s, coordinates, rounding) === 1),
    );
    if (!repeats)
      return c.refuse(`nearest sampling with ${coordinates} coordinates and ${rounding} rounding, which does not repeat each pixel`);
    interpolation = "nearest";
  } else if (mode === "linear" && (coordinates === "half_pixel" || coordinates === "pytorch_half_pixel")) interpolation = "bilinear";
  else return c.refuse(`${mode} sampling with ${coordinates} coordinates (Keras' UpSampling2D samples bilinearly at half-pixel centres)`);
  c.add(
    { type: "UpSampling2D", name: c.name("UpSampling2D"), size: factors, ...(interpolation === "bilinear" ? { interpolation } : {}) },
    [x.layer],
    out,
    4,
  );
}
