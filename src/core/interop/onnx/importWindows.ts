/** Where an imported window reads from (PyTorch's padding made exact) and which Dense layers follow a Flatten. */
import { attr, intAttr, intsAttr, permute, stringAttr, type OnnxNode } from "./tensors";
import type { OpContext } from "./importOps";

type Json = Record<string, unknown>;

/** The layer a window reads: ZeroPadding2D first where the ONNX pads are not Keras' 'same' (which stride 1 and symmetric odd pads are). */
export function padded(
  n: OnnxNode,
  from: string,
  k: number[],
  layers: Json[],
  name: (type: string) => string,
  refuse: (why: string) => void,
): { layer: string; same: boolean } | undefined {
  const autoPad = stringAttr(n, "auto_pad", "NOTSET");
  if (autoPad === "SAME_UPPER") return { layer: from, same: true };
  if (autoPad === "SAME_LOWER") return void refuse("auto_pad SAME_LOWER pads before, where Keras pads after");
  const [t, l, b, r] = intsAttr(n, "pads", [0, 0, 0, 0]);
  if (!t && !l && !b && !r) return { layer: from, same: false };
  const strides = intsAttr(n, "strides", [1, 1]);
  const dilation = intsAttr(n, "dilations", [1, 1]);
  // Stride 1 with symmetric pads of half an odd window is what Keras' 'same' pads.
  const sameAt1 =
    strides.every((s) => s === 1) && t === b && l === r && 2 * t === (k[0] - 1) * dilation[0] && 2 * l === (k[1] - 1) * dilation[1];
  if (sameAt1) return { layer: from, same: true };
  const layer = {
    type: "ZeroPadding2D",
    name: name("ZeroPadding2D"),
    padding: [
      [t, b],
      [l, r],
    ],
    inputs: [from],
  };
  layers.push(layer);
  return { layer: layer.name, same: false };
}

/** Layers whose output is never negative when their inputs are not. */
const keepsSign = new Set(["MaxPooling2D", "AveragePooling2D", "ZeroPadding2D", "Flatten", "Dropout", "Concatenate", "Add"]);

/** Whether `layer`'s output is never negative: a ReLU's, a sigmoid's, or what keeps the sign of such inputs. */
export function nonNegative(layers: readonly Json[], layer: string, depth = 0): boolean {
  const l = layers.find((x) => x.name === layer);
  if (!l || depth > 64) return false;
  if (
    l.type === "ReLU" ||
    (["Activation", "Conv2D", "Dense"].includes(l.type as string) &&
      ["relu", "relu6", "sigmoid", "softmax"].includes(l.activation as string))
  )
    return true;
  return keepsSign.has(l.type as string) && ((l.inputs as string[] | undefined) ?? []).every((i) => nonNegative(layers, i, depth + 1));
}

/**
 * MaxPool and AveragePool. PyTorch pads a window on both sides: symmetric pads that Keras' 'same' gives at stride 1
 * are 'same' where the padding is left out of averages (count_include_pad 0, as Keras does); other pads become a
 * ZeroPadding2D before a 'valid' window where zeros are exact — a max over inputs never negative, an average that
 * counts its padding. ceil_mode gets the zeros after the input its last window needs (none where it divides).
 */
export function pool(c: OpContext): void {
  const { n, x, layers, out, add, name, refuse } = c;
  // Keras' pooling windows are contiguous.
  if (intsAttr(n, "dilations", [1, 1]).some((d) => d !== 1)) return refuse("a dilated pooling window (Keras' pooling has no dilation)");
  const k = intsAttr(n, "kernel_shape", []);
  const pads = intsAttr(n, "pads", [0, 0, 0, 0]);
  const autoPad = stringAttr(n, "auto_pad", "NOTSET");
  const strides = intsAttr(n, "strides", k);
  const max = n.opType === "MaxPool";
  const zerosExact = max ? nonNegative(layers, x.layer) : intAttr(n, "count_include_pad", 0) === 1;
  const sameAt1 =
    autoPad === "NOTSET" &&
    (max || !zerosExact) &&
    strides.every((s) => s === 1) &&
    pads[0] === pads[2] &&
    pads[1] === pads[3] &&
    k.every((w, i) => 2 * pads[i] === w - 1);
  if (intAttr(n, "ceil_mode", 0) === 1 && !sameAt1) {
    const size = c.shapeOf(x.layer)?.slice(1, 3);
    const extra = size?.every((d) => d !== null)
      ? (size as number[]).map((d, i) => {
          const span = d + pads[i] + pads[i + 2] - k[i];
          return span % strides[i] === 0 ? 0 : strides[i] - (span % strides[i]);
        })
      : undefined;
    if (!extra || autoPad !== "NOTSET" || (extra.some((e) => e > 0) && !zerosExact))
      return refuse(
        "ceil_mode rounds the output up, which Keras' pooling does not (and zeros are exact only after a ReLU, on known sizes)",
      );
    pads[2] += extra[0];
    pads[3] += extra[1];
  }
  const padding = !sameAt1 && pads.some((p) => p !== 0) && autoPad === "NOTSET";
  if (padding && !zerosExact)
    return refuse(
      `pads ${pads.join(",")}: PyTorch pads a pooling window on both sides${max ? " with -inf, which zeros match only after a ReLU" : " and counts no padding"}`,
    );
  let from = x.layer;
  if (padding) {
    const pad = {
      type: "ZeroPadding2D",
      name: name("ZeroPadding2D"),
      padding: [
        [pads[0], pads[2]],
        [pads[1], pads[3]],
      ],
    };
    add(pad, [from], `${out}/pad`, 4);
    from = pad.name;
  }
  const type = max ? "MaxPooling2D" : "AveragePooling2D";
  const same = sameAt1 || autoPad.startsWith("SAME");
  add({ type, name: name(type), poolSize: k, strides, padding: same ? "same" : "valid" }, [from], out, 4);
}

/**
 * ConvTranspose: ONNX crops `pads` from the full output, less `output_padding` at the end (PyTorch's
 * `output_padding` for odd sizes). With no crop it is Keras' 'valid', and with (k − s) / 2 on each side (an even
 * k − s) it is Keras' 'same', which crops the same; any other crop is a 'valid' one followed by a Cropping2D, and an
 * `output_padding` past the end crop is Keras' `outputPadding` (rows of bias only, as TensorFlow adds them).
 */
export function convTranspose(c: OpContext): void {
  const { n, x, konst, refuse, add, w, name, out } = c;
  const W = konst(1);
  if (!W || W.dims.length !== 4 || x.rank !== 4) return refuse("a 2D transposed convolution with constant weights is read");
  const [I, O, kh, kw] = W.dims;
  const strides = intsAttr(n, "strides", [1, 1]);
  const pads = intsAttr(n, "pads", [0, 0, 0, 0]);
  if (intAttr(n, "group", 1) !== 1) return refuse("a grouped transposed convolution");
  if (intsAttr(n, "dilations", [1, 1]).some((d) => d !== 1)) return refuse("a dilated transposed convolution");
  if (attr(n, "output_shape")) return refuse("output_shape (give pads and output_padding)");
  const outputPadding = intsAttr(n, "output_padding", [0, 0]);
  const k = [kh, kw];
  const valid = pads.every((p) => p === 0) && outputPadding.every((p) => p === 0);
  const same =
    outputPadding.every((p) => p === 0) &&
    [0, 1].every((i) => pads[i] === pads[i + 2] && (k[i] - strides[i]) % 2 === 0 && 2 * pads[i] === k[i] - strides[i]);
  // Otherwise: 'valid', then the crop ONNX makes — pads at the start, the end's pads less output_padding at the end.
  const extra = [0, 1].map((i) => Math.max(outputPadding[i] - pads[i + 2], 0));
  if (extra.some((e, i) => e >= strides[i]))
    return refuse(`output_padding ${outputPadding.join(",")}, not less than the strides past the crop`);
  const cropping = [0, 1].map((i) => [pads[i], Math.max(pads[i + 2] - outputPadding[i], 0)]);
  const layer: Json = {
    type: "Conv2DTranspose",
    name: name("Conv2DTranspose"),
    filters: O,
    kernelSize: k,
    strides,
    padding: same ? "same" : "valid",
    ...(!valid && !same && extra.some((e) => e > 0) ? { outputPadding: extra } : {}),
  };
  // ONNX keeps (in, out, kh, kw); Keras' transposed kernel is (kh, kw, out, in).
  w(layer.name as string, "kernel", [kh, kw, O, I], permute(W.values as Float32Array, W.dims, [2, 3, 1, 0]), c.ins[1]);
  const B = konst(2);
  if (B) w(layer.name as string, "bias", [O], B.values as Float32Array, c.ins[2]);
  else layer.useBias = false;
  if (valid || same || cropping.flat().every((p) => p === 0)) return add(layer, [x.layer], out, 4);
  add(layer, [x.layer], `${out}/full`, 4);
  add({ type: "Cropping2D", name: name("Cropping2D"), cropping }, [layer.name as string], out, 4);
}
