/**
 * The preprocessing layers in ONNX (channels first inside): Rescaling as Mul and Add, Resizing as Resize with
 * TensorFlow's half-pixel sampling, CenterCrop and Resizing's aspect-ratio window as Slice.
 */
import { aspectWindow, cropStart } from "../../layers/preprocessing";
import { msg } from "../../messages/format";
import { onChannelAxis } from "../common/layers";
import type { OnnxContext, OnnxLayer } from "./layers";

/** The window `[top, left, height, width]` of the input's rows and columns, as a Slice. */
function slice(c: OnnxContext, x: string, top: number, left: number, height: number, width: number): string {
  const starts = c.b.ints(`${c.name}/starts`, [top, left]);
  const ends = c.b.ints(`${c.name}/ends`, [top + height, left + width]);
  return c.b.op("Slice", [x, starts, ends, c.b.ints(`${c.name}/axes`, [2, 3])], {}, `${c.name}/crop`);
}

const unknownSizes = (c: OnnxContext) => c.inShapes[0].slice(1, 3).some((d) => d === null);

/** The ONNX form of each preprocessing layer. */
export const onnxPreprocessing = {
  Rescaling: {
    emit: (c) => {
      const scaled = c.b.op("Mul", [c.x[0], c.b.scalar(`${c.name}/scale`, c.p.scale as number)], {}, `${c.name}/mul`);
      return c.b.op("Add", [scaled, c.b.scalar(`${c.name}/offset`, c.p.offset as number)], {}, c.name);
    },
  },
  Resizing: {
    refuse: (c) => (c.p.cropToAspectRatio && unknownSizes(c) ? msg("export.needsSizes", { type: msg("export.resizingCrop") }) : undefined),
    emit: (c) => {
      const [th, tw] = [c.p.height as number, c.p.width as number];
      let x = c.x[0];
      if (c.p.cropToAspectRatio) {
        const [h, w] = c.inShapes[0].slice(1, 3) as number[];
        const win = aspectWindow(h, w, th, tw);
        x = slice(c, x, win.top, win.left, win.height, win.width);
      }
      // Output sizes, not scales: a scale such as 224/300 would floor to 223 rows. The batch and channels stay.
      const kept = c.b.op(
        "Slice",
        [c.b.op("Shape", [x], {}, `${c.name}/shape`), c.b.ints(`${c.name}/s0`, [0]), c.b.ints(`${c.name}/s2`, [2])],
        {},
        `${c.name}/nc`,
      );
      const sizes = c.b.op("Concat", [kept, c.b.ints(`${c.name}/hw`, [th, tw])], { axis: 0 }, `${c.name}/sizes`);
      // tf.image.resize samples at half-pixel centres; its nearest neighbour rounds (x + 0.5) · in / out down.
      const attrs: Record<string, string> =
        c.p.interpolation === "nearest"
          ? { mode: "nearest", coordinate_transformation_mode: "tf_half_pixel_for_nn", nearest_mode: "floor" }
          : { mode: "linear", coordinate_transformation_mode: "half_pixel" };
      return c.b.op("Resize", [x, "", "", sizes], attrs, c.name);
    },
  },
  CenterCrop: {
    refuse: (c) => (unknownSizes(c) ? msg("export.needsSizes", { type: "CenterCrop" }) : undefined),
    emit: (c) => {
      const [h, w] = c.inShapes[0].slice(1, 3) as number[];
      const [th, tw] = [c.p.height as number, c.p.width as number];
      return c.b.op("Identity", [slice(c, c.x[0], cropStart(h, th), cropStart(w, tw), th, tw)], {}, c.name);
    },
  },
  Normalization: {
    refuse: (c) =>
      onChannelAxis(c.p.axis as number, c.inShapes[0].length)
        ? undefined
        : msg("export.onnxNormAxis", { kind: "", axis: JSON.stringify(c.p.axis) }),
    emit: (c) => {
      const rank = c.inShapes[0].length;
      const ch = c.inShapes[0][rank - 1] as number;
      // The statistics along the channels, which are first inside: (C, 1, 1) for an image.
      const along = (w: string) =>
        c.b.op("Reshape", [w, c.b.ints(`${c.name}/along`, [ch, ...Array(Math.max(rank - 2, 0)).fill(1)])], {}, `${c.name}/${w}`);
      const mean = along(c.weight("mean", [ch], "copy", "zeros"));
      const variance = along(c.weight("variance", [ch], "copy", "ones"));
      const std = c.b.op(
        "Max",
        [c.b.op("Sqrt", [variance], {}, `${c.name}/sqrt`), c.b.scalar(`${c.name}/epsilon`, 1e-7)],
        {},
        `${c.name}/std`,
      );
      if (c.p.invert) return c.b.op("Add", [c.b.op("Mul", [c.x[0], std], {}, `${c.name}/scaled`), mean], {}, c.name);
      return c.b.op("Div", [c.b.op("Sub", [c.x[0], mean], {}, `${c.name}/centred`), std], {}, c.name);
    },
  },
} satisfies Record<"Rescaling" | "Resizing" | "CenterCrop" | "Normalization", OnnxLayer>;
