/** Where an imported window reads from (PyTorch's padding made exact) and which Dense layers follow a Flatten. */
import { intsAttr, stringAttr, type OnnxNode } from "./tensors";

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

/** The layer a Flatten reads, where `layer` is a Flatten (a Dense after it takes its rows in channels-last order). */
export function flattenSource(layers: readonly Json[], layer: string): string | undefined {
  const l = layers.find((x) => x.name === layer);
  return l?.type === "Flatten" && !l.channelsLast ? (l.inputs as string[])[0] : undefined;
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
