"""The datasets of a model file's training section, read in Python as the Node trainer reads them
(src/trainer/datasets/): the same samples, scaled and resized the same way, and the same train/validation/test
split for the same seed, down to the bit. The standalone training script reads its data with this; the pytorch
backend gets the Node trainer's arrays instead. test/trainer/pythonData.test.ts compares the two.

load_split(dataset, model_dir, builtin_dir, input_shape, validation_split, test_split, seed, limit=None) returns
{"train": (x, y), "validation": (x, y) or None, "test": (x, y) or None}: x float32 of shape (n, *input_shape),
y int32 class indices, or float32 target rows for NPY float targets.
"""

import gzip
import os

import numpy as np

# The built-in sample's own test part: its last 1,000 digits (datasets.ts' builtinTestPart).
BUILTIN_TEST_PART = 1000
IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


class DatasetError(Exception):
    """A dataset the user must fix, named in the message."""


def seeded_random(seed):
    """The Node trainer's seeded generator (datasets.ts' seededRandom), in uint32 arithmetic: the same draws."""
    state = [seed & 0xFFFFFFFF]
    mask = 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & mask

    def draw():
        state[0] = (state[0] + 0x6D2B79F5) & mask
        s = state[0]
        t = imul(s ^ (s >> 15), 1 | s)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & mask) ^ t
        return ((t ^ (t >> 14)) & mask) / 4294967296

    return draw


def read_idx(path):
    """An IDX file (gzipped or not) as a numpy array."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in IDX_TYPES:
        raise DatasetError(f"{path}: not an IDX file")
    rank = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank)]
    dtype = np.dtype(IDX_TYPES[raw[2]])
    count = int(np.prod(shape))
    data = np.frombuffer(raw, dtype=dtype, count=count, offset=4 + 4 * rank)
    return data.reshape(shape)


def to_input(pixels, shape, resize):
    """8-bit images (n, h, w, c) as the model's input: floats in [0, 1], bilinear-resized with half-pixel centres
    and grey <-> RGB converted when `resize` (images.ts' toInput, the same operations in the same order)."""
    n, h, w, c = pixels.shape
    if len(shape) != 3 or (not resize and (h, w, c) != tuple(shape)):
        raise DatasetError(f"samples of shape {h}×{w}×{c}, but the model's input takes {'×'.join(map(str, shape))}")
    height, width, channels = shape
    p = pixels.astype(np.float64)
    if (h, w) == (height, width):
        ys, xs = np.arange(height, dtype=np.float64), np.arange(width, dtype=np.float64)
    else:
        ys = np.minimum(h - 1, np.maximum(0, (np.arange(height) + 0.5) * (h / height) - 0.5))
        xs = np.minimum(w - 1, np.maximum(0, (np.arange(width) + 0.5) * (w / width) - 0.5))
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    y1, x1 = np.minimum(h - 1, y0 + 1), np.minimum(w - 1, x0 + 1)
    dy, dx = (ys - y0)[None, :, None, None], (xs - x0)[None, None, :, None]
    a, b = p[:, y0][:, :, x0], p[:, y0][:, :, x1]
    cc, d = p[:, y1][:, :, x0], p[:, y1][:, :, x1]
    sample = (a * (1 - dx) + b * dx) * (1 - dy) + (cc * (1 - dx) + d * dx) * dy
    if channels == c:
        out = sample / 255
    elif c == 1:
        out = np.repeat(sample[..., :1], channels, axis=3) / 255
    elif channels == 1:
        out = (0.299 * sample[..., 0:1] + 0.587 * sample[..., 1:2] + 0.114 * sample[..., 2:3]) / 255
    else:
        out = sample[..., [min(k, c - 1) for k in range(channels)]] / 255
    return out.astype(np.float32)


def idx_images(images, labels, shape, resize):
    x = read_idx(images)
    y = read_idx(labels)
    if x.ndim == 3:
        x = x[..., None]
    return to_input(x, shape, resize), y.astype(np.int32)


def cifar10(folder, shape, resize):
    record = 1 + 32 * 32 * 3

    def read(names):
        raw = np.concatenate([np.fromfile(os.path.join(folder, name), dtype=np.uint8) for name in names])
        rows = raw.reshape(-1, record)
        # Stored as three 32×32 planes (R, G, B): to height × width × channels.
        pixels = rows[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
        return to_input(pixels, shape, resize), rows[:, 0].astype(np.int32)

    batches = [f"data_batch_{i}.bin" for i in range(1, 6)]
    batches = [n for i, n in enumerate(batches) if i == 0 or os.path.exists(os.path.join(folder, n))]
    return read(batches), read(["test_batch.bin"])


def npy(x_path, y_path, shape):
    x, y = np.load(x_path), np.load(y_path)
    x = (x / 255 if x.dtype == np.uint8 else x).astype(np.float32).reshape(len(x), *shape)
    classes = np.issubdtype(y.dtype, np.integer) and int(np.prod(y.shape[1:])) == 1
    y = y.reshape(len(y)).astype(np.int32) if classes else y.reshape(len(y), -1).astype(np.float32)
    return x, y


def load(dataset, model_dir, builtin_dir, shape):
    """(train x, train y), the dataset's own test set or None, and how many of its last samples are a test part."""
    kind = dataset["type"]

    def path(field):
        return os.path.join(model_dir, dataset[field])

    resize = dataset.get("resize") is True
    if kind == "mnist-sample":
        images = os.path.join(builtin_dir, "mnist-sample-images.idx.gz")
        labels = os.path.join(builtin_dir, "mnist-sample-labels.idx.gz")
        return idx_images(images, labels, shape, resize), None, BUILTIN_TEST_PART
    if kind == "idx":
        test = None
        if "testImages" in dataset:
            test = idx_images(path("testImages"), path("testLabels"), shape, resize)
        return idx_images(path("images"), path("labels"), shape, resize), test, 0
    if kind == "cifar10":
        train, test = cifar10(path("path"), shape, resize)
        return train, test, 0
    if kind == "npy":
        test = npy(path("testX"), path("testY"), shape) if "testX" in dataset else None
        return npy(path("x"), path("y"), shape), test, 0
    raise DatasetError(f"the '{kind}' dataset is not read in Python yet")


def load_split(dataset, model_dir, builtin_dir, shape, validation_split, test_split, seed, limit=None):
    """The dataset, split as datasets.ts' split() splits it."""
    (x, y), own_test, test_tail = load(dataset, model_dir, builtin_dir, shape)
    count = len(x)
    tail = min(test_tail, count - 1) if test_split == 0 and own_test is None and test_tail else 0
    random = seeded_random(seed)
    order = list(range(count - tail))
    for i in range(len(order) - 1, 0, -1):
        j = int(random() * (i + 1))
        order[i], order[j] = order[j], order[i]
    pool = order[:limit] if limit else order
    # The test set: the dataset's own when testSplit is 0 (a test set of its files, or the sample's last digits).
    if test_split != 0:
        own_test = None
    elif own_test is None and tail:
        own_test = (x[count - tail :], y[count - tail :])
    test_count = 0 if own_test is not None else round_half_up(len(pool) * test_split)
    rest = pool[: len(pool) - test_count]
    validation_count = round_half_up(len(rest) * validation_split)
    train_idx = rest[: len(rest) - validation_count]
    if not train_idx:
        raise DatasetError(f"no training samples left after the splits ({len(pool)} samples in all)")

    def part(idx):
        return (x[idx], y[idx]) if idx else None

    test = part(pool[len(pool) - test_count :])
    if own_test is not None:
        n = min(len(own_test[0]), max(1, round_half_up(limit / 5))) if limit else len(own_test[0])
        test = (own_test[0][:n], own_test[1][:n])
    return {"train": part(train_idx), "validation": part(rest[len(rest) - validation_count :]), "test": test}


def round_half_up(v):
    """JavaScript's Math.round (halves up), not Python's round (halves to even)."""
    return int(np.floor(v + 0.5))
