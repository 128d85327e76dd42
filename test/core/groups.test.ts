import * as assert from "node:assert/strict";
import { analyze, foldGroups } from "../../src/core";

/** Folding a model used as a layer into one node: the designer's view of an import's groups. */
describe("foldGroups: a group shown as one node", () => {
  const text = JSON.stringify({
    version: 1,
    layers: [
      { type: "Input", name: "in", shape: [8, 8, 3] },
      { type: "Conv2D", name: "m.a", group: "m", filters: 2, kernelSize: 3, padding: "same" },
      { type: "Conv2D", name: "m.b", group: "m", filters: 2, kernelSize: 1 },
      { type: "BatchNormalization", name: "m.c", group: "m", inputs: ["m.a"], trainable: false },
      { type: "Add", name: "join", inputs: ["m.c", "in2"] },
      { type: "Input", name: "in2", shape: [8, 8, 2] },
      { type: "GlobalAveragePooling2D", name: "m", inputs: ["join"] },
    ],
  });
  const a = analyze(text);

  it("sums its members, reads what they read from outside, and is read where they were; its name never clashes", () => {
    const { layers, groups } = foldGroups(a.layers, new Set(["m"]), a.outputs);
    // m.b is read by nobody outside, m.c is: the group's output is m.c, its node sits where m.a was.
    assert.deepEqual(
      layers.map((l) => [l.name, l.type, l.inputs]),
      [
        ["in", "Input", []],
        ["m (model)", "Model", ["in"]],
        ["join", "Add", ["m (model)", "in2"]],
        ["in2", "Input", []],
        ["m", "GlobalAveragePooling2D", ["join"]],
      ],
    );
    const node = layers[1];
    const members = a.layers.slice(1, 4);
    assert.equal(node.index, 3);
    assert.deepEqual(node.outputShape, a.layers[3].outputShape);
    assert.equal(
      node.params,
      members.reduce((n, l) => n + (l.params ?? 0), 0),
    );
    assert.equal(
      node.nonTrainableParams,
      members.reduce((n, l) => n + (l.nonTrainableParams ?? 0), 0),
    );
    assert.deepEqual(groups.get(3), { name: "m", members: [1, 2, 3], output: 3 });
  });

  it("an expanded group, or a model without groups, is shown as it is", () => {
    assert.equal(foldGroups(a.layers, new Set(), a.outputs).layers, a.layers);
    assert.equal(foldGroups(a.layers, new Set(["other"]), a.outputs).groups.size, 0);
  });
});
