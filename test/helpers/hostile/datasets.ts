/** Hostile inputs: datasets (datasets). */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { smallPng } from "../hostileFiles";
import { model, mnist, train, trainArgs, classes, file, idxPair, type HostileCase } from "./shared";

/** The cases of datasets. */
export const datasetsCases: readonly HostileCase[] = [
  // --- datasets
  {
    class: "datasets",
    name: "a folder named x.png in a class folder",
    setup: (d) => trainArgs(model(d, mnist, train({ type: "imageFolder", path: classes(d, (c) => mkdirSync(join(c, "x.png"))) }))),
    status: 2,
    says: /x\.png' is a folder/,
  },
  {
    class: "datasets",
    name: "a symbolic link loop in the image folder",
    setup: (d) => {
      const root = classes(d, (c) => writeFileSync(join(c, "a.png"), smallPng()));
      symlinkSync(root, join(root, "c0", "loop.png"));
      symlinkSync(join(root, "self"), join(root, "self"));
      return trainArgs(model(d, mnist, train({ type: "imageFolder", path: root })));
    },
    status: 2,
    says: /loop\.png' is a folder|too many levels of symbolic links/,
  },
  {
    class: "datasets",
    name: "a zero-byte PNG",
    setup: (d) => trainArgs(model(d, mnist, train({ type: "imageFolder", path: classes(d, (c) => writeFileSync(join(c, "a.png"), "")) }))),
    status: 2,
    says: /a\.png: is empty \(0 bytes\), not an image/,
  },
  {
    class: "datasets",
    name: "an empty class folder",
    setup: (d) => {
      const root = classes(d, (c) => writeFileSync(join(c, "a.png"), smallPng()));
      mkdirSync(join(root, "empty"));
      return trainArgs(
        model(d, [...mnist.slice(0, 2), { type: "Dense", units: 3, activation: "softmax" }], train({ type: "imageFolder", path: root })),
      );
    },
    status: 2,
    says: /the class folder 'empty' holds no PNG or JPEG images/,
  },
  {
    class: "datasets",
    name: "a 3-unit output on 2 classes",
    setup: (d) => {
      const root = classes(d, (c) => writeFileSync(join(c, "a.png"), smallPng()));
      return trainArgs(
        model(d, [...mnist.slice(0, 2), { type: "Dense", units: 3, activation: "softmax" }], train({ type: "imageFolder", path: root })),
      );
    },
    status: 2,
    says: /the dataset has 2 classes \(c0, c1\), but the model's output dense is \(None, 3\): give dense 2 units/,
  },
  {
    class: "datasets",
    name: "a CIFAR-10 path that names a batch file, not the folder",
    setup: (d) => {
      writeFileSync(join(d, "data_batch_1.bin"), Buffer.alloc(3073));
      const m = [{ type: "Input", shape: [32, 32, 3] }, { type: "Flatten" }, { type: "Dense", units: 10, activation: "softmax" }];
      return trainArgs(model(d, m, train({ type: "cifar10", path: join(d, "data_batch_1.bin") })));
    },
    status: 2,
    says: /data_batch_1\.bin: is a file; "path" names the folder that holds data_batch_1\.bin/,
  },
  {
    class: "datasets",
    name: "a CIFAR-10 label of 200, named with its batch file",
    setup: (d) => {
      const batch = (label: number) => Buffer.concat([Buffer.from([label]), Buffer.alloc(3072)]);
      mkdirSync(join(d, "cifar"));
      writeFileSync(join(d, "cifar", "data_batch_1.bin"), Buffer.concat([batch(1), batch(200)]));
      writeFileSync(join(d, "cifar", "test_batch.bin"), batch(0));
      const m = [{ type: "Input", shape: [32, 32, 3] }, { type: "Flatten" }, { type: "Dense", units: 10, activation: "softmax" }];
      return trainArgs(model(d, m, train({ type: "cifar10", path: join(d, "cifar") })));
    },
    status: 2,
    says: /cifar\/data_batch_1\.bin: label 200 at record 1 is not a CIFAR-10 class \(0–9\)/,
  },
  {
    class: "datasets",
    name: "NUL in a dataset path",
    setup: (d) => trainArgs(model(d, mnist, train({ type: "idx", images: "a\u0000b", labels: "x" }))),
    status: 2,
    says: /contains a NUL character/,
  },
  {
    class: "datasets",
    name: "a runs folder that is a file, said before the data loads",
    setup: (d) => {
      writeFileSync(join(d, "file"), "x");
      return [
        ...trainArgs(model(d, mnist, train({ type: "idx", images: join(d, "nothing"), labels: join(d, "nothing") }))),
        "--runs-dir",
        join(d, "file"),
      ];
    },
    status: 2,
    says: /cannot create the run's folder: '.*file' is a file, not a folder/,
  },
  {
    class: "datasets",
    name: "a runs folder on a read-only file system",
    setup: (d) => [...trainArgs(model(d, mnist, train({ type: "mnist-sample" }))), "--runs-dir", "/proc/cnn-runs"],
    status: 2,
    says: /cannot create the run's folder: .*'\/proc/,
  },

  {
    class: "datasets",
    name: "a class folder whose name is not valid UTF-8",
    setup: (d) => {
      const root = classes(d, (c) => writeFileSync(join(c, "a.png"), smallPng()));
      mkdirSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0xff, 0x41])]));
      return trainArgs(model(d, mnist, train({ type: "imageFolder", path: root })));
    },
    status: 2,
    says: /the name is not valid UTF-8 \(shown with �\); rename it/,
  },
  {
    class: "datasets",
    name: "a class folder whose name holds a newline, in a one-line message",
    setup: (d) => {
      const root = classes(d, (c) => writeFileSync(join(c, "a.png"), smallPng()));
      mkdirSync(join(root, "c\nevil"));
      writeFileSync(join(root, "c\nevil", "a.png"), smallPng());
      return trainArgs(
        model(d, [...mnist.slice(0, 2), { type: "Dense", units: 2, activation: "softmax" }], train({ type: "imageFolder", path: root })),
      );
    },
    status: 2,
    says: /the dataset has 3 classes \(c\\x0aevil, c0, c1\)/,
  },
  {
    class: "datasets",
    name: "IDX labels of 0.5 (floats, not class indices)",
    setup: (d) => trainArgs(model(d, mnist, train(idxPair(d, 0x0d, [0.5, 1])))),
    status: 2,
    says: /the label at index 0 is 0\.5, not a class index/,
  },
  {
    class: "datasets",
    name: "label 10 for a one-unit yes/no output",
    setup: (d) =>
      trainArgs(
        model(
          d,
          [...mnist.slice(0, 2), { type: "Dense", units: 1, activation: "sigmoid" }],
          train(idxPair(d, 0x08, [1, 10]), { loss: "binaryCrossentropy" }),
        ),
      ),
    status: 2,
    says: /the dataset has label 10, but the model's output dense is \(None, 1\): one unit, a yes\/no output, takes labels 0 and 1/,
  },
  {
    class: "datasets",
    name: "a one-unit softmax output with sparse categorical cross-entropy",
    setup: (d) =>
      trainArgs(model(d, [...mnist.slice(0, 2), { type: "Dense", units: 1, activation: "softmax" }], train(idxPair(d, 0x08, [0, 0])))),
    status: 2,
    says: /sparseCategoricalCrossentropy needs an output of one unit per class, at least 2/,
  },
  {
    class: "datasets",
    name: "IDX images and labels swapped: a labels file as the images",
    setup: (d) => {
      const pair = idxPair(d, 0x08, [1, 2, 3]) as { images: string; labels: string };
      return trainArgs(model(d, mnist, train({ type: "idx", images: pair.labels, labels: pair.images })));
    },
    status: 2,
    says: /labels\.idx: holds 3 single values, not 8-bit images \[count, height, width\(, channels\)\]: is it the labels file\?/,
  },
  {
    class: "datasets",
    name: "an image folder path that is a file",
    setup: (d) => trainArgs(model(d, mnist, train({ type: "imageFolder", path: file(d, "images", "not a folder") }))),
    status: 2,
    says: /images: is a file; "path" names a folder with one sub-folder of PNG or JPEG images per class/,
  },
  {
    class: "datasets",
    name: "a PNG cut short",
    setup: (d) => {
      const png = smallPng();
      return trainArgs(
        model(
          d,
          mnist,
          train({ type: "imageFolder", path: classes(d, (c) => writeFileSync(join(c, "a.png"), png.subarray(0, png.length - 20))) }),
        ),
      );
    },
    status: 2,
    says: /a\.png: the PNG file is cut short \(it does not end with its IEND chunk\)/,
  },
];
