/**
 * Keras' Resizing, CenterCrop and Normalization for tfjs-layers. tfjs-layers has no Normalization, and has
 * Resizing and CenterCrop classes that compute otherwise (its Resizing aligns corners and gives a wrong output
 * shape; its CenterCrop samples with crop-and-resize and shifts odd widths): these follow Keras — `tf.image.resize`
 * at half-pixel centres, a plain slice. The trainer builds them; the tests register them in place of tfjs-layers'.
 */
import { aspectWindow, cropStart } from "../core";
import type { Tf } from "./backends";

type Tensor4D = Parameters<Tf["image"]["resizeBilinear"]>[0] & { shape: number[] };
export type Args = {
  axis?: number;
  invert?: boolean;
  name?: string;
  trainable?: boolean;
  height: number;
  width: number;
  interpolation?: string;
  cropToAspectRatio?: boolean;
};

const first = (inputs: unknown) => (Array.isArray(inputs) ? inputs[0] : inputs) as Tensor4D;

/** An image batch's shape with new rows and columns; anything but images (rank 4) refused, as Keras does. */
function imageShape(shape: (number | null)[], height: number, width: number): (number | null)[] {
  if (shape.length !== 4) throw new Error(`expected images (a rank-4 input), got the shape [${shape.join(", ")}]`);
  return [shape[0], height, width, shape[3]];
}

/** A layer class the trainer builds with `new`, and tfjs' serialization can register. */
export type LayerClass = (new (args: Args) => InstanceType<Tf["layers"]["Layer"]>) & { readonly className: string };

/** The classes, for one tfjs instance. */
export function preprocessingClasses(tf: Tf): {
  readonly Resizing: LayerClass;
  readonly CenterCrop: LayerClass;
  readonly Normalization: LayerClass;
} {
  /** Keras' Resizing: the image (or its aspect-ratio window) resized to height × width, as tf.image.resize does. */
  class Resizing extends tf.layers.Layer {
    static className = "Resizing";
    readonly height: number;
    readonly width: number;
    readonly interpolation: string;
    readonly cropToAspectRatio: boolean;
    constructor(args: Args) {
      super({ name: args.name, trainable: args.trainable });
      [this.height, this.width] = [Number(args.height), Number(args.width)];
      this.interpolation = args.interpolation === "nearest" ? "nearest" : "bilinear";
      this.cropToAspectRatio = args.cropToAspectRatio === true;
    }
    computeOutputShape(shape: (number | null)[]) {
      return imageShape(shape, this.height, this.width);
    }
    call(inputs: unknown) {
      return tf.tidy(() => {
        let x = first(inputs);
        const size: [number, number] = [this.height, this.width];
        if (this.cropToAspectRatio) {
          const win = aspectWindow(x.shape[1], x.shape[2], this.height, this.width);
          x = tf.slice(x, [0, win.top, win.left, 0], [-1, win.height, win.width, -1]) as Tensor4D;
        }
        return this.interpolation === "nearest"
          ? tf.image.resizeNearestNeighbor(x, size, false, true)
          : tf.image.resizeBilinear(x, size, false, true);
      });
    }
    getConfig() {
      const { height, width, interpolation, cropToAspectRatio } = this;
      return { ...super.getConfig(), height, width, interpolation, cropToAspectRatio };
    }
  }

  /** Keras' CenterCrop: the centred height × width window, starting at (size - crop) // 2. */
  class CenterCrop extends tf.layers.Layer {
    static className = "CenterCrop";
    readonly height: number;
    readonly width: number;
    constructor(args: Args) {
      super({ name: args.name, trainable: args.trainable });
      [this.height, this.width] = [Number(args.height), Number(args.width)];
    }
    computeOutputShape(shape: (number | null)[]) {
      return imageShape(shape, this.height, this.width);
    }
    call(inputs: unknown) {
      const x = first(inputs);
      return tf.slice(x, [0, cropStart(x.shape[1], this.height), cropStart(x.shape[2], this.width), 0], [-1, this.height, this.width, -1]);
    }
    getConfig() {
      return { ...super.getConfig(), height: this.height, width: this.width };
    }
  }
  type Variable = ReturnType<InstanceType<Tf["layers"]["Layer"]>["addWeight"]>;

  /**
   * Keras' Normalization: `(x - mean) / max(sqrt(variance), 1e-7)` along `axis` (or the inverse), its statistics
   * non-trainable weights (`mean`, `variance`, `count`) that adapting (src/trainer/adapt.ts) or a run sets.
   */
  class Normalization extends tf.layers.Layer {
    static className = "Normalization";
    readonly axis: number;
    readonly invert: boolean;
    private statistics: Variable[] = [];
    constructor(args: Args) {
      super({ name: args.name, trainable: args.trainable });
      this.axis = args.axis ?? -1;
      this.invert = args.invert === true;
    }
    /** The full axis the statistics run along, for an input of `rank` (with the batch). */
    featureAxis(rank: number): number {
      return this.axis < 0 ? this.axis + rank : this.axis;
    }
    build(shape: (number | null)[] | (number | null)[][]) {
      const input = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
      const size = input[this.featureAxis(input.length)] as number;
      const fixed = (name: string, dims: number[], init: "zeros" | "ones") =>
        this.addWeight(name, dims, "float32", init === "zeros" ? tf.initializers.zeros() : tf.initializers.ones(), undefined, false);
      this.statistics = [fixed("mean", [size], "zeros"), fixed("variance", [size], "ones"), fixed("count", [], "zeros")];
      this.built = true;
    }
    call(inputs: unknown) {
      return tf.tidy(() => {
        const x = first(inputs);
        const along = x.shape.map((d, i) => (i === this.featureAxis(x.shape.length) ? d : 1));
        const mean = tf.reshape(this.statistics[0].read(), along);
        const std = tf.maximum(tf.sqrt(tf.reshape(this.statistics[1].read(), along)), 1e-7);
        return this.invert ? tf.add(tf.mul(x, std), mean) : tf.div(tf.sub(x, mean), std);
      });
    }
    getConfig() {
      return { ...super.getConfig(), axis: this.axis, invert: this.invert };
    }
  }
  return { Resizing, CenterCrop, Normalization };
}
