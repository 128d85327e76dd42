/**
 * The preprocessing layers in PyTorch (channels first): Rescaling as arithmetic, Resizing as `F.interpolate`
 * sampling at half-pixel centres as `tf.image.resize` does (`bilinear` without align_corners, `nearest-exact`),
 * CenterCrop and Resizing's aspect-ratio window as slices.
 */
import { aspectWindow } from "../../layers/preprocessing";
import { msg } from "../../messages/format";
import { onChannelAxis } from "../common/layers";
import { pyFloat } from "../common/python";
import type { TorchContext, TorchLayer } from "./layers";

const window = (x: string, top: string | number, left: string | number, h: number, w: number) =>
  `${x}[:, :, ${top}:${top} + ${h}, ${left}:${left} + ${w}]`;

/** The PyTorch form of each preprocessing layer. */
export const torchPreprocessing = {
  Rescaling: { forward: (c) => `${c.x[0]} * ${pyFloat(c.p.scale as number)} + ${pyFloat(c.p.offset as number)}` },
  Resizing: {
    refuse: (c: TorchContext) =>
      c.p.cropToAspectRatio && c.inShapes[0].slice(1, 3).some((d) => d === null)
        ? msg("export.needsSizes", { type: msg("export.resizingCrop") })
        : undefined,
    forward: (c) => {
      const [th, tw] = [c.p.height as number, c.p.width as number];
      let x = c.x[0];
      if (c.p.cropToAspectRatio) {
        const [h, w] = c.inShapes[0].slice(1, 3) as number[];
        const win = aspectWindow(h, w, th, tw);
        x = window(x, win.top, win.left, win.height, win.width);
      }
      const mode = c.p.interpolation === "nearest" ? `"nearest-exact"` : `"bilinear", align_corners=False`;
      return `F.interpolate(${x}, size=(${th}, ${tw}), mode=${mode})`;
    },
  },
  // Keras' window starts at (size - crop) // 2, whatever the input's size.
  CenterCrop: {
    forward: (c) => {
      const [h, w] = [c.p.height as number, c.p.width as number];
      const x = c.x[0];
      return window(x, `(${x}.shape[2] - ${h}) // 2`, `(${x}.shape[3] - ${w}) // 2`, h, w);
    },
  },
  // Its statistics are parameters PyTorch never trains, loaded by load_weights(); count is kept for the round trip.
  Normalization: {
    refuse: (c) =>
      onChannelAxis(c.p.axis as number, c.inShapes[0].length)
        ? undefined
        : msg("export.torchNormAxis", { kind: "", axis: JSON.stringify(c.p.axis) }),
    modules: (c) => {
      const ch = c.inShapes[0][c.inShapes[0].length - 1] as number;
      const fixed = (init: string) => `nn.Parameter(torch.${init}, requires_grad=False)`;
      return { _mean: fixed(`zeros(${ch})`), _variance: fixed(`ones(${ch})`), _count: fixed("zeros(())") };
    },
    forward: (c) => {
      const rank = c.inShapes[0].length;
      const view = rank >= 3 ? `.view(1, -1${", 1".repeat(rank - 2)})` : "";
      const std = `torch.clamp(torch.sqrt(${c.m}_variance${view}), min=1e-7)`;
      return c.p.invert ? `${c.x[0]} * ${std} + ${c.m}_mean${view}` : `(${c.x[0]} - ${c.m}_mean${view}) / ${std}`;
    },
    weights: () => ({
      mean: { param: "_mean", convert: "copy" },
      variance: { param: "_variance", convert: "copy" },
      count: { param: "_count", convert: "copy" },
    }),
  },
} satisfies Record<"Rescaling" | "Resizing" | "CenterCrop" | "Normalization", TorchLayer>;
