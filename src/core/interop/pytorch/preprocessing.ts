/**
 * The preprocessing layers in PyTorch (channels first): Rescaling as arithmetic, Resizing as `F.interpolate`
 * sampling at half-pixel centres as `tf.image.resize` does (`bilinear` without align_corners, `nearest-exact`),
 * CenterCrop and Resizing's aspect-ratio window as slices.
 */
import { aspectWindow } from "../../layers/preprocessing";
import { msg } from "../../messages/format";
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
        ? msg("export.needsSizes", { type: "Resizing with cropToAspectRatio" })
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
} satisfies Record<"Rescaling" | "Resizing" | "CenterCrop", TorchLayer>;
