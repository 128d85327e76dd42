/** The parts of jsfive (a pure-JS HDF5 reader, usnistgov/jsfive) the Keras file reader uses; it ships no types. */
declare module "jsfive" {
  /** An HDF5 group: its member names, attributes and members by relative path. */
  export class Group {
    readonly keys: string[];
    readonly attrs: Record<string, unknown>;
    get(path: string): Group | Dataset | undefined;
  }
  /** An HDF5 dataset: shape, numpy-style dtype (`<f4`) and its values, read on access. */
  export class Dataset {
    readonly shape: number[];
    readonly dtype: unknown;
    readonly attrs: Record<string, unknown>;
    readonly value: ArrayLike<number>;
  }
  /** A whole HDF5 file held in memory. */
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }
}
