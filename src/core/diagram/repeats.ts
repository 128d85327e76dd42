/**
 * Repeated blocks: runs of identical blocks one after another (ResNet's residual blocks, MobileNet's, three alike
 * convolutions), which a diagram can draw once with "×3". A block lies between two cuts: places in the graph that
 * one tensor alone crosses, so a run of them is a part of the model that nothing else enters or leaves.
 */
import type { LayerInfo } from "../analysis/analyze";

/** A run of `count` alike blocks of `period` layers each; `instances[k]` are the layer indices of the k-th. */
export interface RepeatRun {
  readonly period: number;
  readonly count: number;
  readonly instances: readonly (readonly number[])[];
}

/** The most layers a repeated unit may span: beyond it, looking costs more than the figure gains. */
const maxUnitLayers = 64;

/**
 * The blocks of a model in order: each a list of layer indices in topological order, ending at a cut (after it,
 * only the block's last layer is read by later layers).
 */
export function blocksOf(layers: readonly LayerInfo[], order: readonly number[]): number[][] {
  const position = new Map<number, number>(order.map((index, p) => [index, p]));
  const byName = new Map<string, number>();
  for (const l of layers) if (!byName.has(l.name)) byName.set(l.name, l.index);
  // The last position that reads each position's output.
  const lastRead = order.map((_, p) => p);
  for (const index of order)
    for (const name of layers[index].inputs) {
      const source = byName.get(name);
      const from = source === undefined ? undefined : position.get(source);
      if (from !== undefined) lastRead[from] = Math.max(lastRead[from], position.get(index)!);
    }
  const blocks: number[][] = [];
  let current: number[] = [];
  let reachBefore = -1; // the furthest read of any output before position p
  order.forEach((index, p) => {
    current.push(index);
    // A cut after p: nothing before p is read after p.
    if (reachBefore <= p) {
      blocks.push(current);
      current = [];
    }
    reachBefore = Math.max(reachBefore, lastRead[p]);
  });
  if (current.length) blocks.push(current);
  return blocks;
}

/** What makes two blocks alike: each layer's type and resolved settings, and how the block is wired inside. */
function signature(layers: readonly LayerInfo[], block: readonly number[]): string | undefined {
  const at = new Map(block.map((index, k) => [layers[index].name, k]));
  const parts: string[] = [];
  for (const index of block) {
    const l = layers[index];
    // A layer that could not be analysed (or a model's input) is never taken for another.
    if (l.settings === null || l.type === "Input" || l.outputShape === null) return undefined;
    const wiring = l.inputs.map((name) => at.get(name) ?? "in");
    parts.push(JSON.stringify([l.type, l.settings, wiring, l.written?.trainable === false, l.written?.group ?? null]));
  }
  return parts.join("|");
}

/**
 * The runs of repeated blocks, left to right: at each block the longest stretch covered by one unit (of one or
 * more blocks) repeated at least twice, the shorter unit on a tie; of the run's rotations, the last.
 */
export function findRepeats(layers: readonly LayerInfo[], order: readonly number[]): RepeatRun[] {
  const blocks = blocksOf(layers, order);
  const keys = blocks.map((b) => signature(layers, b));
  const runs: RepeatRun[] = [];
  let i = 0;
  while (i < blocks.length) {
    let best: { period: number; count: number } | undefined;
    for (let period = 1; i + 2 * period <= blocks.length; period++) {
      const unit = blocks.slice(i, i + period).reduce((n, b) => n + b.length, 0);
      if (unit > maxUnitLayers) break;
      if (keys.slice(i, i + period).some((k) => k === undefined)) break;
      let count = 1;
      while (i + (count + 1) * period <= blocks.length && sameRun(keys, i, i + count * period, period)) count++;
      if (count >= 2 && (!best || period * count > best.period * best.count)) best = { period, count };
    }
    if (!best) {
      i++;
      continue;
    }
    // A rotation of the same run that ends later is the usual reading (a block ends with its activation).
    while (i + best.period * best.count < blocks.length && keys[i] === keys[i + best.period * best.count]) i++;
    const instances = Array.from({ length: best.count }, (_, k) => blocks.slice(i + k * best.period, i + (k + 1) * best.period).flat());
    runs.push({ period: instances[0].length, count: best.count, instances });
    i += best.period * best.count;
  }
  return runs;
}

function sameRun(keys: readonly (string | undefined)[], a: number, b: number, period: number): boolean {
  for (let k = 0; k < period; k++) if (keys[a + k] === undefined || keys[a + k] !== keys[b + k]) return false;
  return true;
}
