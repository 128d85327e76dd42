"""Writes the two files a transfer-learning script saves, with h5py and zipfile: a Keras 3 `.keras` archive and a
Keras 2 `.h5`, each a functional model that calls a frozen Sequential base (Conv2D, BatchNormalization) as a layer,
then pools and classifies. The layouts are Keras' own (see test/fixtures/README.md): the archive keys layers by class, as
Keras 3 does (`layers/sequential/layers/conv2d/vars/0` holds base.conv's kernel); `model_weights/base` listing `conv/kernel:0`... in the .h5. Random weights, seeded.

Usage: python3 nestedKeras.py OUT_DIR  (writes nested.keras and nested.h5)
"""
import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np

rng = np.random.default_rng(7)
w = lambda *shape: rng.uniform(-0.5, 0.5, shape).astype("float32")
base = {
    "conv": [w(3, 3, 3, 8), w(8)],
    "bn": [w(8) + 1, w(8), w(8), np.abs(w(8)) + 0.5],
}
dense = [w(8, 5), w(5)]


def layer(cls, name, config, inbound=None):
    entry = {"class_name": cls, "config": {"name": name, "trainable": True, **config}}
    if inbound is not None:
        entry["inbound_nodes"] = [[[n, 0, 0, {}] for n in inbound]]
    return entry


sequential = {
    "class_name": "Sequential",
    "config": {
        "name": "base",
        "trainable": False,
        "layers": [
            layer("InputLayer", "base_input", {"batch_input_shape": [None, 12, 12, 3]}),
            layer("Conv2D", "conv", {"filters": 8, "kernel_size": [3, 3], "padding": "same", "activation": "relu"}),
            layer("BatchNormalization", "bn", {"axis": -1, "epsilon": 0.001}),
        ],
    },
    "inbound_nodes": [[["input_1", 0, 0, {}]]],
}
model = {
    "class_name": "Functional",
    "config": {
        "name": "transfer",
        "layers": [
            layer("InputLayer", "input_1", {"batch_input_shape": [None, 12, 12, 3]}, []),
            sequential,
            layer("GlobalAveragePooling2D", "gap", {}, ["base"]),
            layer("Dense", "head", {"units": 5, "activation": "softmax"}, ["gap"]),
        ],
        "input_layers": [["input_1", 0, 0]],
        "output_layers": [["head", 0, 0]],
    },
}
out = sys.argv[1]

# Keras 3 .keras: config.json, metadata.json and model.weights.h5 with layers/<class in snake case>[_n]/vars/<i>.
weights = io.BytesIO()
keys = {"conv": "conv2d", "bn": "batch_normalization"}
with h5py.File(weights, "w") as f:
    for name, values in base.items():
        for i, v in enumerate(values):
            f.create_dataset(f"layers/sequential/layers/{keys[name]}/vars/{i}", data=v)
    for i, v in enumerate(dense):
        f.create_dataset(f"layers/dense/vars/{i}", data=v)
with zipfile.ZipFile(os.path.join(out, "nested.keras"), "w") as z:
    z.writestr("metadata.json", json.dumps({"keras_version": "3.4.1"}))
    z.writestr("config.json", json.dumps(model))
    z.writestr("model.weights.h5", weights.getvalue())

# Keras 2 .h5: model_config, and model_weights/<layer> groups listing their weight_names (the base's are its layers').
names = {"conv": ["kernel", "bias"], "bn": ["gamma", "beta", "moving_mean", "moving_variance"]}
with h5py.File(os.path.join(out, "nested.h5"), "w") as f:
    f.attrs["keras_version"] = "2.15.0"
    f.attrs["backend"] = "tensorflow"
    f.attrs["model_config"] = json.dumps(model)
    g = f.create_group("model_weights")
    g.attrs["layer_names"] = [b"input_1", b"base", b"gap", b"head"]
    for layer_name in ["input_1", "gap"]:
        g.create_group(layer_name).attrs["weight_names"] = np.array([], dtype="S1")
    b = g.create_group("base")
    listed = []
    for name, values in base.items():
        for n, v in zip(names[name], values):
            b.create_dataset(f"{name}/{n}:0", data=v)
            listed.append(f"{name}/{n}:0".encode())
    b.attrs["weight_names"] = listed
    h = g.create_group("head")
    for n, v in zip(["kernel", "bias"], dense):
        h.create_dataset(f"head/{n}:0", data=v)
    h.attrs["weight_names"] = [b"head/kernel:0", b"head/bias:0"]
