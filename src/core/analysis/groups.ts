/**
 * Groups folded for display: the layers of a model used as a layer (an import's `"group"`) shown as one node,
 * which the designer expands and collapses. The model file is untouched; this is a view of its analysis.
 */
import type { LayerInfo } from "./analyze";

/** A folded group: its name, its members' indices, and the member whose output leaves the group. */
export interface FoldedGroup {
  readonly name: string;
  readonly members: readonly number[];
  readonly output: number;
}

/** The group a layer belongs to (its written `group`), if any. */
export function groupOf(layer: LayerInfo): string | undefined {
  const group = layer.written?.group;
  return typeof group === "string" && group !== "" ? group : undefined;
}

const sum = (xs: readonly (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x ?? 0), 0));

/**
 * The layers as shown with the `collapsed` groups folded: each becomes one layer — named after the group, of type
 * `Model`, at the index of its output member, in the place of its first member, reading what its members read from
 * outside, its members' parameters, MACs and memory summed — and a layer reading a member reads the group.
 * `groups` maps each folded layer's index to its group.
 */
export function foldGroups(
  layers: readonly LayerInfo[],
  collapsed: ReadonlySet<string>,
  outputs: readonly string[] = [],
): { readonly layers: readonly LayerInfo[]; readonly groups: ReadonlyMap<number, FoldedGroup> } {
  const membersOf = new Map<string, LayerInfo[]>();
  for (const l of layers) {
    const g = groupOf(l);
    if (g !== undefined && collapsed.has(g)) membersOf.set(g, [...(membersOf.get(g) ?? []), l]);
  }
  if (membersOf.size === 0) return { layers, groups: new Map() };
  const folded = new Map<string, string>();
  const taken = new Set(layers.map((l) => l.name));
  const display = new Map<string, string>();
  for (const g of membersOf.keys()) {
    // The group's node is named after it, unless a layer already has that name.
    const shown = taken.has(g) && !membersOf.get(g)!.some((l) => l.name === g) ? `${g} (model)` : g;
    display.set(g, shown);
    for (const l of membersOf.get(g)!) folded.set(l.name, shown);
  }
  const rename = (name: string) => folded.get(name) ?? name;
  const groups = new Map<number, FoldedGroup>();
  const out: LayerInfo[] = [];
  for (const l of layers) {
    const g = groupOf(l);
    if (g === undefined || !membersOf.has(g)) {
      out.push({ ...l, inputs: l.inputs.map(rename) });
      continue;
    }
    const members = membersOf.get(g)!;
    if (members[0] !== l) continue;
    const names = new Set(members.map((m) => m.name));
    const readOutside = (m: LayerInfo) => outputs.includes(m.name) || layers.some((o) => !names.has(o.name) && o.inputs.includes(m.name));
    const output = [...members].reverse().find(readOutside) ?? members[members.length - 1];
    const inputs = [...new Set(members.flatMap((m) => m.inputs.filter((i) => !names.has(i)).map(rename)))];
    groups.set(output.index, { name: g, members: members.map((m) => m.index), output: output.index });
    out.push({
      ...output,
      name: display.get(g)!,
      type: "Model",
      inputs,
      params: sum(members.map((m) => m.params)),
      trainableParams: sum(members.map((m) => m.trainableParams)),
      nonTrainableParams: sum(members.map((m) => m.nonTrainableParams)),
      macs: sum(members.map((m) => m.macs)),
      activationBytes: sum(members.map((m) => m.activationBytes)),
      weights: null,
    });
  }
  return { layers: out, groups };
}
