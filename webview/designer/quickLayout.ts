/**
 * A layout computed within a frame, drawn while elkjs works in its worker: each layer one row below its deepest
 * input, keeping the column it had in the previous layout (a new layer takes its input's column), so that an
 * edit moves little on screen before the exact layout replaces it.
 */
import type { LayerInfo } from "../../src/core";
import { cardSize, cardWidthFor, edgeKey, edgeLabel, type GraphLayout } from "./graph";

const gap = 28;
/** Rows apart when there is no previous layout to measure: a card, the space between layers, an edge label. */
const defaultRow = cardSize.height + 36 + 18;

/** The quick layout of `layers`, reusing the columns (and row height) of `previous` where the names match. */
export function quickLayout(
  layers: readonly LayerInfo[],
  previous?: { readonly names: readonly string[]; readonly layout: GraphLayout },
): GraphLayout {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const width = cardWidthFor(layers);
  const rank = new Map<number, number>();
  const inputsOf = (l: LayerInfo) => l.inputs.map((n) => byName.get(n)).filter((x): x is LayerInfo => x !== undefined);
  // Each layer one row below its deepest input, walked with a stack of its own: a chain of 100,000 layers
  // listed outputs first would overflow a recursive walk. An input still on the stack closes a cycle (a
  // diagnostic elsewhere): it counts as row 0, and the graph is drawn anyway.
  for (const start of layers) {
    if (rank.has(start.index)) continue;
    const stack = [start];
    const onStack = new Set([start.index]);
    while (stack.length) {
      const l = stack[stack.length - 1];
      const next = inputsOf(l).find((i) => !rank.has(i.index) && !onStack.has(i.index));
      if (next) {
        stack.push(next);
        onStack.add(next.index);
        continue;
      }
      rank.set(
        l.index,
        inputsOf(l).reduce((r, i) => Math.max(r, (rank.get(i.index) ?? -1) + 1), 0),
      );
      stack.pop();
      onStack.delete(l.index);
    }
  }

  const oldX = new Map<string, number>();
  const ys: number[] = [];
  previous?.names.forEach((name, i) => {
    const at = previous.layout.nodes.get(i);
    if (!at) return;
    oldX.set(name, at.x);
    ys.push(at.y);
  });
  const steps = [...new Set(ys)].sort((a, b) => a - b).flatMap((y, i, all) => (i ? [y - all[i - 1]] : []));
  // The previous layout's usual distance between rows (elkjs' spacing, edge labels included).
  const counts = new Map<number, number>();
  for (const step of steps) if (step >= cardSize.height) counts.set(Math.round(step), (counts.get(Math.round(step)) ?? 0) + 1);
  const row = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? defaultRow;

  // Columns: the previous one, else the first input's; then pushed right where cards of a row would overlap.
  const byRank = [...layers].sort((a, b) => (rank.get(a.index) ?? 0) - (rank.get(b.index) ?? 0) || a.index - b.index);
  const x = new Map<number, number>();
  for (const l of byRank) {
    const input = l.inputs.map((n) => byName.get(n)).find((i) => i !== undefined);
    x.set(l.index, oldX.get(l.name) ?? (input ? x.get(input.index) : undefined) ?? 0);
  }
  const rows = new Map<number, LayerInfo[]>();
  for (const l of byRank) {
    const r = rank.get(l.index) ?? 0;
    if (!rows.has(r)) rows.set(r, []);
    rows.get(r)?.push(l);
  }
  const rightOf = new Map<number, number>();
  for (const [r, members] of rows) {
    members.sort((a, b) => (x.get(a.index) ?? 0) - (x.get(b.index) ?? 0));
    let next = -Infinity;
    for (const l of members) {
      const at = Math.max(x.get(l.index) ?? 0, next);
      x.set(l.index, at);
      next = at + width + gap;
    }
    rightOf.set(r, next - gap);
  }

  const nodes = new Map(layers.map((l) => [l.index, { x: x.get(l.index) ?? 0, y: (rank.get(l.index) ?? 0) * row }]));
  const edges: GraphLayout["edges"][number][] = [];
  for (const l of layers) {
    const to = nodes.get(l.index)!;
    for (const [slot, name] of l.inputs.entries()) {
      const source = byName.get(name);
      if (!source) continue;
      const from = nodes.get(source.index)!;
      const start = { x: from.x + width / 2, y: from.y + cardSize.height };
      const end = { x: to.x + width / 2, y: to.y };
      const [r0, r1] = [rank.get(source.index) ?? 0, rank.get(l.index) ?? 0];
      const below = start.y + (row - cardSize.height) / 2;
      const above = end.y - (row - cardSize.height) / 2;
      let points = start.x === end.x ? [start, end] : [start, { x: start.x, y: above }, { x: end.x, y: above }, end];
      if (r1 - r0 > 1) {
        // Past the rows between, to the right of their cards.
        let lane = Math.max(start.x, end.x);
        for (let r = r0 + 1; r < r1; r++) lane = Math.max(lane, (rightOf.get(r) ?? 0) + gap / 2);
        points = [start, { x: start.x, y: below }, { x: lane, y: below }, { x: lane, y: above }, { x: end.x, y: above }, end];
      }
      edges.push({ key: edgeKey(l, slot), points, label: edgeLabel(source), labelAt: { x: start.x + 4, y: start.y + 2 } });
    }
  }
  const right = Math.max(0, ...[...nodes.values()].map((n) => n.x + width), ...[...rightOf.values()].map((r) => r + gap));
  const bottom = Math.max(0, ...[...nodes.values()].map((n) => n.y + cardSize.height));
  return { source: "quick", cardWidth: width, width: right + 24, height: bottom + 24, nodes, edges };
}
