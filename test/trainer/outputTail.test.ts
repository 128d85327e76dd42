import * as assert from "node:assert/strict";
import { OutputTail } from "../../src/runner/outputTail";

describe("OutputTail (a child process's output as lines)", () => {
  it("joins a line that arrives in pieces, per stream, and passes on whole lines in order", () => {
    const seen: string[] = [];
    const tail = new OutputTail(10, (line) => seen.push(line));
    const out = tail.stream();
    const err = tail.stream();
    out("Epoch 1/");
    err("Warning: slow");
    out("5\r\nloss: 0.3");
    err(" backend\n\n");
    out(Buffer.from("1\nunfinished"));
    assert.deepEqual(seen, ["Epoch 1/5", "Warning: slow backend", "loss: 0.31"]);
    // At the end, each stream's unfinished line is taken too.
    assert.deepEqual(tail.flush(), ["Epoch 1/5", "Warning: slow backend", "loss: 0.31", "unfinished"]);
    assert.deepEqual(tail.flush(), ["Epoch 1/5", "Warning: slow backend", "loss: 0.31", "unfinished"], "flushing twice adds nothing");
  });

  it("keeps only the last lines, and leaves blank ones out", () => {
    const tail = new OutputTail(3);
    const feed = tail.stream();
    feed("a\n \nb\nc\n\nd\ne\n");
    assert.deepEqual(tail.lines, ["c", "d", "e"]);
  });
});
