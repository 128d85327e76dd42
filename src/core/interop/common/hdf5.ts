/**
 * An HDF5 file as the Keras formats lay it out, described as data: the core builds it, the node room writes it
 * (h5wasm). Groups hold string attributes and, in insertion order, groups and float32 datasets.
 */

/** A dataset: its shape and values (row-major, as Keras and h5py hold them), float32 unless stored as int64. */
export interface Hdf5Dataset {
  readonly shape: readonly number[];
  readonly values: Float32Array;
  /** Stored as 64-bit integers (Keras' counters, such as Normalization's `count`). */
  readonly int64?: boolean;
}

/** A group: string (or string list) attributes, and its members by name. */
export interface Hdf5Group {
  readonly attrs: Record<string, string | readonly string[]>;
  readonly members: Map<string, Hdf5Group | Hdf5Dataset>;
}

/** Whether a member is a dataset. */
export function isDataset(member: Hdf5Group | Hdf5Dataset): member is Hdf5Dataset {
  return "values" in member;
}

/** An empty group with these attributes. */
export function h5Group(attrs: Record<string, string | readonly string[]> = {}): Hdf5Group {
  return { attrs, members: new Map() };
}

/** The group at `path` (`a/b/c`) under `root`, created with its parents where missing. */
export function h5Path(root: Hdf5Group, path: string): Hdf5Group {
  let group = root;
  for (const part of path.split("/")) {
    let next = group.members.get(part);
    if (!next) group.members.set(part, (next = h5Group()));
    if (isDataset(next)) throw new Error(`${path}: ${part} is a dataset`);
    group = next;
  }
  return group;
}
