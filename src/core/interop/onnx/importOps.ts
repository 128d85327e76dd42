/**
 * Each ONNX op the import reads, as the layer (or layers) it becomes: one function over the node and the import's
 * state, so that the walk in import.ts stays a walk.
 */
import { floatAttr, intAttr, intsAttr, permute, shortFloat, stringAttr, type Constant, type OnnxNode } from "./tensors";
import { globalPool, hard, multiply, reshapeAsTranspose, resize, transpose } from "./importPointwise";
import { convTranspose, padded, pool } from "./importWindows";

type Json = Record<string, unknown>;

/** An activation: its layer, its rank with the batch, and whether the ONNX tensor is channels last (after a Transpose). */
export interface Tensor {
  readonly layer: string;
  readonly rank: number;
  readonly nhwc?: boolean;
  /** Where a flattened channels-first feature map (rank 4 made rank 2) came from: a Dense reading it reorders its rows. */
  readonly flatFrom?: string;
}

/** A shape computed in the graph, entry by entry: the batch size, a size not followed, or a number. */
export type ShapeValue = readonly (number | "batch" | "?")[];

/** What converting one node sees and changes. */
export interface OpContext {
  readonly n: OnnxNode;
  readonly ins: readonly string[];
  readonly out: string;
  readonly x: Tensor;
  readonly input: { readonly name: string; readonly dims: readonly (number | null)[] };
  readonly layers: Json[];
  readonly tensors: Map<string, Tensor>;
  /** Shape values computed in the graph (for Reshape's target): batch, unknown or known sizes; null when not followed. */
  readonly shapes: Map<string, ShapeValue | null>;
  /** Each Dense after a Flatten of a channels-first tensor → the layer the Flatten read (its rows get reordered). */
  readonly flattened: Map<string, string>;
  konst(k: number): Constant | undefined;
  refuse(why: string): void;
  alias(): void;
  add(layer: Json, inputs: string[], out: string, rank: number): void;
  /** A weight of `layer`, in Keras' layout; `source` is the ONNX tensor it came from (kept with the imported run). */
  w(layer: string, name: string, shape: number[], values: Float32Array, source?: string): void;
  name(type: string): string;
  /** The nodes that read the tensor `name`. */
  readers(name: string): readonly OnnxNode[];
  /** A layer's output shape (batch first, channels last) as the engine infers it from the layers so far. */
  shapeOf(layer: string): readonly (number | null)[] | undefined;
}

const activations: Record<string, string> = {
  Relu: "relu",
  Sigmoid: "sigmoid",
  Tanh: "tanh",
  Softplus: "softplus",
  Elu: "elu",
  Selu: "selu",
};

/** Converts one node whose first input is an activation. */
export function convertNode(c: OpContext): void {
  const { n, ins, out, x, layers, tensors, shapes, flattened, konst, refuse, alias, add, w, name } = c;
  switch (n.opType) {
    case "Identity":
      alias();
      break;
    case "Shape": {
      // Opset 15's Shape takes a slice of the dims (start, end).
      const all: ShapeValue = ["batch", ...Array.from({ length: x.rank - 1 }, () => "?" as const)];
      shapes.set(out, all.slice(intAttr(n, "start", 0), intAttr(n, "end", x.rank)));
      break;
    }
    case "Transpose":
      transpose(c, intsAttr(n, "perm", []).join(","));
      break;
    case "Conv": {
      const W = konst(1);
      if (!W || W.dims.length !== 4 || x.rank !== 4) {
        refuse("only a 2D convolution of an image with constant weights is read");
        break;
      }
      const [O, I, kh, kw] = W.dims;
      const group = intAttr(n, "group", 1);
      const depthwise = group > 1 && I === 1;
      if (group !== 1 && !depthwise) {
        refuse(`grouped convolution (${group} groups)`);
        break;
      }
      const from = padded(n, x.layer, [kh, kw], layers, name, refuse);
      if (from === undefined) break;
      const type = depthwise ? "DepthwiseConv2D" : "Conv2D";
      const layer: Json = { type, name: name(type), ...(depthwise ? {} : { filters: O }), kernelSize: [kh, kw] };
      layer.strides = intsAttr(n, "strides", [1, 1]);
      layer.dilationRate = intsAttr(n, "dilations", [1, 1]);
      layer.padding = from.same ? "same" : "valid";
      if (depthwise) layer.depthMultiplier = O / group;
      const kernel = depthwise
        ? permute(W.values as Float32Array, [group, O / group, kh, kw], [2, 3, 0, 1])
        : permute(W.values as Float32Array, W.dims, [2, 3, 1, 0]);
      w(
        layer.name as string,
        depthwise ? "depthwise_kernel" : "kernel",
        depthwise ? [kh, kw, group, O / group] : [kh, kw, I, O],
        kernel,
        ins[1],
      );
      const B = konst(2);
      if (B) w(layer.name as string, "bias", [O], B.values as Float32Array, ins[2]);
      else layer.useBias = false;
      add(layer, [from.layer], out, 4);
      break;
    }
    case "ConvTranspose":
      convTranspose(c);
      break;
    case "Gemm":
    case "MatMul": {
      const B = konst(1);
      if (!B || B.dims.length !== 2 || x.rank !== 2 || intAttr(n, "transA", 0) !== 0) {
        refuse("only the product of a flat (batch, features) activation and a constant matrix is read (a Dense)");
        break;
      }
      const transB = intAttr(n, "transB", 0) === 1;
      const [inF, outF] = transB ? [B.dims[1], B.dims[0]] : B.dims;
      const alpha = n.opType === "Gemm" ? floatAttr(n, "alpha", 1) : 1;
      const kernel = transB ? permute(B.values as Float32Array, B.dims, [1, 0]) : Float32Array.from(B.values);
      if (alpha !== 1) for (let i = 0; i < kernel.length; i++) kernel[i] *= alpha;
      const layer: Json = { type: "Dense", name: name("Dense"), units: outF };
      w(layer.name as string, "kernel", [inF, outF], kernel, ins[1]);
      const C = n.opType === "Gemm" ? konst(2) : undefined;
      if (C && C.values.length === outF)
        w(
          layer.name as string,
          "bias",
          [outF],
          Float32Array.from(C.values, (v) => v * floatAttr(n, "beta", 1)),
          ins[2],
        );
      else layer.useBias = false;
      if (x.flatFrom) flattened.set(layer.name as string, x.flatFrom);
      add(layer, [x.layer], out, 2);
      break;
    }
    case "Add": {
      const other = tensors.get(ins[1]);
      const producer = layers.find((l) => l.name === x.layer);
      const C = konst(1);
      if (other) add({ type: "Add", name: name("Add") }, [x.layer, other.layer], out, x.rank);
      else if (C && producer && producer.useBias === false && ["Conv2D", "Dense", "DepthwiseConv2D"].includes(producer.type as string)) {
        // A bias added after the product (CNTK, MatMul + Add): the layer's own bias.
        delete producer.useBias;
        w(producer.name as string, "bias", [C.values.length], Float32Array.from(C.values), ins[1]);
        alias();
      } else refuse("adds a constant that is not a layer's bias");
      break;
    }
    case "Selu":
      if (Math.abs(floatAttr(n, "alpha", 1.6732632) - 1.6732632) > 1e-5 || Math.abs(floatAttr(n, "gamma", 1.050701) - 1.050701) > 1e-5)
        refuse("a SELU with its own alpha or gamma (Keras' selu has the standard ones)");
      else add({ type: "Activation", name: name("Activation"), activation: "selu" }, [x.layer], out, x.rank);
      break;
    case "Elu": {
      // Keras' elu activation has alpha 1; another alpha is the ELU layer's.
      const alpha = floatAttr(n, "alpha", 1);
      if (alpha !== 1) add({ type: "ELU", name: name("ELU"), alpha }, [x.layer], out, x.rank);
      else add({ type: "Activation", name: name("Activation"), activation: "elu" }, [x.layer], out, x.rank);
      break;
    }
    case "Relu":
    case "Sigmoid":
    case "Tanh":
    case "Softplus":
      add({ type: "Activation", name: name("Activation"), activation: activations[n.opType] }, [x.layer], out, x.rank);
      break;
    case "LeakyRelu":
      add({ type: "LeakyReLU", name: name("LeakyReLU"), alpha: floatAttr(n, "alpha", 0.01) }, [x.layer], out, x.rank);
      break;
    case "Clip": {
      const [lo, hi] = [konst(1)?.values[0] ?? floatAttr(n, "min", -Infinity), konst(2)?.values[0] ?? floatAttr(n, "max", Infinity)];
      if (lo !== 0) refuse(`clips at ${lo}, not 0 (only ReLU and ReLU6 are read)`);
      else add({ type: "ReLU", name: name("ReLU"), ...(Number.isFinite(hi) ? { maxValue: hi } : {}) }, [x.layer], out, x.rank);
      break;
    }
    case "Softmax": {
      const axis = intAttr(n, "axis", x.rank === 2 ? 1 : -1);
      if (x.rank !== 2 || (axis !== 1 && axis !== -1)) refuse("softmax over another axis than the features of a flat tensor");
      else add({ type: "Activation", name: name("Activation"), activation: "softmax" }, [x.layer], out, 2);
      break;
    }
    case "MaxPool":
    case "AveragePool":
      pool(c);
      break;
    case "GlobalAveragePool":
    case "GlobalMaxPool":
    case "ReduceMean":
    case "ReduceMax":
      globalPool(c);
      break;
    case "Mul":
      multiply(c);
      break;
    case "Resize":
    case "Upsample":
      resize(c);
      break;
    case "HardSigmoid":
    case "HardSwish":
      hard(c);
      break;
    case "Flatten":
    case "Reshape": {
      const target: ShapeValue | null | undefined = konst(1) ? Array.from(konst(1)!.values, Number) : shapes.get(ins[1]);
      const shape = c.shapeOf(x.layer);
      const features = shape && shape.slice(1).every((d) => d !== null) ? shape.slice(1).reduce((a, d) => a! * d!, 1) : undefined;
      // A flatten to (batch, features): Flatten(axis 1), or a Reshape to [N or 0 or -1 or 1, -1 or the feature count].
      const toFlat =
        n.opType === "Flatten"
          ? intAttr(n, "axis", 1) === 1
          : target?.length === 2 &&
            ["batch", 0, -1, 1].includes(target[0]) &&
            (target[1] === -1 || target[1] === features) &&
            !(target[0] === -1 && target[1] === -1);
      const perm = toFlat ? undefined : reshapeAsTranspose(c, target);
      if (perm) transpose(c, perm);
      else if (!toFlat) refuse(`a reshape other than a flatten to (batch, features)${target ? ` (to ${target.join(", ")})` : ""}`);
      else if (x.rank === 2) alias();
      else {
        add({ type: "Flatten", name: name("Flatten") }, [x.layer], out, 2);
        // A channels-first map flattens (c, h, w): a Dense after it takes its rows reordered. A channels-last one
        // (after a Transpose) flattens in Keras' order already.
        if (!x.nhwc) tensors.set(out, { ...tensors.get(out)!, flatFrom: x.layer });
      }
      break;
    }
    case "Dropout":
      add(
        { type: "Dropout", name: name("Dropout"), rate: shortFloat(Number(konst(1)?.values[0] ?? floatAttr(n, "ratio", 0.5))) },
        [x.layer],
        out,
        x.rank,
      );
      break;
    case "BatchNormalization": {
      const [scale, bias, mean, variance] = [1, 2, 3, 4].map(konst);
      if (!scale || !bias || !mean || !variance) {
        refuse("only a batch normalization with constant statistics is read");
        break;
      }
      const layer = { type: "BatchNormalization", name: name("BatchNormalization"), epsilon: floatAttr(n, "epsilon", 1e-5) };
      const c = scale.values.length;
      for (const [k, wName, v] of [
        [1, "gamma", scale],
        [2, "beta", bias],
        [3, "moving_mean", mean],
        [4, "moving_variance", variance],
      ] as const)
        w(layer.name, wName, [c], Float32Array.from(v.values), ins[k]);
      add(layer, [x.layer], out, x.rank);
      break;
    }
    case "Concat": {
      const axis = intAttr(n, "axis", 1);
      const all = ins.map((i) => tensors.get(i));
      if (all.length === 1) alias();
      else if (axis !== 1 || all.some((t) => !t)) refuse("a concatenation other than along the channels");
      else
        add(
          { type: "Concatenate", name: name("Concatenate") },
          all.map((t) => t!.layer),
          out,
          x.rank,
        );
      break;
    }
    case "Pad": {
      const pads = (konst(1)?.values ?? intsAttr(n, "pads", [])).map(Number);
      const value = konst(2)?.values[0] ?? floatAttr(n, "value", 0);
      const spatial = [pads[2], pads[6], pads[3], pads[7]];
      if (stringAttr(n, "mode", "constant") !== "constant" || value !== 0 || pads.length !== 8 || pads[0] || pads[1] || pads[4] || pads[5])
        refuse("a padding other than zeros around the spatial dims");
      else if (spatial.some((p) => p < 0) && spatial.some((p) => p > 0)) refuse("a pad that both pads and crops (negative pads)");
      // Negative pads crop (PyTorch's F.pad with negative amounts).
      else if (spatial.some((p) => p < 0))
        add(
          {
            type: "Cropping2D",
            name: name("Cropping2D"),
            cropping: [
              [-pads[2], -pads[6]],
              [-pads[3], -pads[7]],
            ],
          },
          [x.layer],
          out,
          4,
        );
      else
        add(
          {
            type: "ZeroPadding2D",
            name: name("ZeroPadding2D"),
            padding: [
              [pads[2], pads[6]],
              [pads[3], pads[7]],
            ],
          },
          [x.layer],
          out,
          4,
        );
      break;
    }
    default:
      refuse("an operation CNN Designer does not read");
  }
}
