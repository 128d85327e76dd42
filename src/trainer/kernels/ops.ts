/**
 * Runs wasm's own kernels on backend-level tensors, for the kernels CNN Designer registers on wasm
 * (register.ts, matMul.ts): each intermediate is freed when the kernel is done.
 */
import * as tf from "@tensorflow/tfjs";

type Info = tf.TensorInfo;
/** The backend, with the disposal the kernels need. */
export type Backend = tf.KernelBackend & { disposeData(dataId: object, force?: boolean): boolean };
/** A kernel's attributes. */
export type Attrs = Record<string, unknown>;

/** Runs one of wasm's own kernels on backend-level tensors. */
export class Ops {
  private readonly temps: Info[] = [];
  constructor(private readonly backend: Backend) {}

  /** Tracks a tensor made outside `run`, to be freed by `done()` like the others. */
  adopt(x: Info): Info {
    this.temps.push(x);
    return x;
  }

  /** Runs kernel `name`; the result is freed by `done()` unless it is the one returned. */
  run(name: string, inputs: Record<string, Info>, attrs: Attrs): Info {
    const kernel = tf.getKernel(name, "wasm");
    if (!kernel) throw new Error(`wasm kernel ${name} is missing`);
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs: attrs as never }) as Info;
    this.temps.push(out);
    return out;
  }
  transpose = (x: Info, perm: number[]) => this.run("Transpose", { x }, { perm });
  reshape = (x: Info, shape: number[]) => this.run("Reshape", { x }, { shape });
  reverse = (x: Info, dims: number[]) => this.run("Reverse", { x }, { dims });
  sum = (x: Info, axis: number) => this.run("Sum", { x }, { axis: [axis], keepDims: false });

  /** Pads (positive) or crops (negative) the two spatial axes (1 and 2) of an NHWC tensor. */
  frame(x: Info, top: number, bottom: number, left: number, right: number): Info {
    // Pads first, then crops the padded tensor: a crop on one side may reach into the other side's padding.
    let out = x;
    if (top > 0 || bottom > 0 || left > 0 || right > 0) {
      const p = (v: number) => Math.max(0, v);
      out = this.run(
        "PadV2",
        { x: out },
        {
          paddings: [
            [0, 0],
            [p(top), p(bottom)],
            [p(left), p(right)],
            [0, 0],
          ],
          constantValue: 0,
        },
      );
    }
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      const [n, h, w, c] = out.shape;
      const [t, l] = [Math.max(0, -top), Math.max(0, -left)];
      out = this.run("Slice", { x: out }, { begin: [0, t, l, 0], size: [n, h - t - Math.max(0, -bottom), w - l - Math.max(0, -right), c] });
    }
    return out;
  }

  /** Spreads the rows and columns of an NHWC tensor `s` apart (zeros between): [n, h·sh, w·sw, c]. */
  spread(x: Info, sh: number, sw: number): Info {
    if (sh === 1 && sw === 1) return x;
    const [n, h, w, c] = x.shape;
    const six = this.reshape(x, [n, h, 1, w, 1, c]);
    const padded = this.run(
      "PadV2",
      { x: six },
      {
        paddings: [
          [0, 0],
          [0, 0],
          [0, sh - 1],
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
    return this.reshape(padded, [n, h * sh, w * sw, c]);
  }

  /** Frees every intermediate. */
  dispose(): void {
    for (const t of this.temps.splice(0)) this.backend.disposeData(t.dataId);
  }

  /** Frees every intermediate but `keep`. */
  done(keep: Info): Info {
    // A reshape shares its source's data and holds one more reference to it: each temp releases its own.
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId);
    return keep;
  }
}
