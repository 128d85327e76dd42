"""Counts the float values a Keras file holds as weights, read with h5py (not the product's reader): model_weights
(or the root of a save_weights file) in .h5, model.weights.h5's layers in .keras archives; optimizer state left out.
Usage: python3 kerasCount.py FILE...  (prints one JSON line per file: {"file", "values"})"""
import io
import json
import sys
import zipfile

import h5py


def count(group):
    total = 0

    def visit(name, item):
        nonlocal total
        if isinstance(item, h5py.Dataset) and item.dtype.kind == "f" and not name.startswith("optimizer"):
            total += item.size

    group.visititems(visit)
    return total


for path in sys.argv[1:]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            h5 = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
            root = h5
    else:
        h5 = h5py.File(path, "r")
        root = h5["model_weights"] if "model_weights" in h5 else h5
    values = sum(count(root[k]) for k in root.keys() if k not in ("optimizer", "optimizer_weights", "vars"))
    print(json.dumps({"file": path, "values": int(values)}))
