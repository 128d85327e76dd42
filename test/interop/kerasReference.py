"""The independent oracle for imported Keras files: reads a Keras 2 / legacy Keras 3 .h5 or a Keras 3 .keras
archive with h5py (not the product's HDF5 reader), and runs the model's forward pass in inference mode with
torch.nn.functional, written from the Keras layers' definitions (TensorFlow's 'same' padding included).

Usage: python3 kerasReference.py MODEL_FILE INPUT_JSON  (the input: a list of samples, channels last); for a
save_weights() file, KERAS_TOPOLOGY names its to_json() file.
Prints JSON: {"output": [...], "weights": [[layer, shape, sum, first value], ...]} in the file's weight order.
"""
import io
import json
import math
import os
import sys
import zipfile

import h5py
import numpy as np
import torch
import torch.nn.functional as F


def text(v):
    return (v.decode() if isinstance(v, bytes) else str(v)).rstrip("\0")


def read(path):
    """(config, {layer: [arrays in Keras order]})."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            config = json.loads(z.read("config.json"))
            h5 = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
        weights = {}
        for name, group in h5["layers"].items():
            if "vars" in group:
                weights[name] = [np.array(group["vars"][k]) for k in sorted(group["vars"].keys(), key=int)]
        return config, weights
    h5 = h5py.File(path, "r")
    # A save_weights() file has no model_config: its topology comes from KERAS_TOPOLOGY (a to_json() file).
    topology = os.environ.get("KERAS_TOPOLOGY")
    config = json.load(open(topology)) if topology else json.loads(text(h5.attrs["model_config"]))
    root = h5["model_weights"] if "model_weights" in h5 else h5
    weights = {}
    for layer in root.attrs["layer_names"]:
        group = root[text(layer)]
        weights[text(layer)] = [np.array(group[text(n)]) for n in group.attrs.get("weight_names", [])]
    return config, weights


def inbound(entry):
    """The names of the layers a functional layer reads (Keras 2 node lists, Keras 3 keras tensors)."""
    names = []

    def visit(v):
        if isinstance(v, list):
            if len(v) >= 2 and isinstance(v[0], str) and isinstance(v[1], int):
                names.append(v[0])
            else:
                for x in v:
                    visit(x)
        elif isinstance(v, dict):
            if v.get("class_name") == "__keras_tensor__":
                names.append(v["config"]["keras_history"][0])
            elif "args" in v:
                visit(v["args"])

    nodes = entry.get("inbound_nodes") or []
    if nodes:
        visit(nodes[0]["args"] if isinstance(nodes[0], dict) else nodes[0])
    return names


def pair(v):
    return tuple(v) if isinstance(v, (list, tuple)) else (v, v)


def same_pad(size, k, s, d=1):
    """TensorFlow's 'same' padding: (before, after), the extra pixel after."""
    total = max((math.ceil(size / s) - 1) * s + (k - 1) * d + 1 - size, 0)
    return total // 2, total - total // 2


def nchw(x):
    return x.permute(0, 3, 1, 2)


def nhwc(x):
    return x.permute(0, 2, 3, 1)


def pad2d(x, c, k, s, d=(1, 1), value=0.0):
    """Pads an NCHW tensor as Keras' padding setting does."""
    if c.get("padding", "valid") != "same":
        return x
    (t, b), (l, r) = (same_pad(x.shape[2], k[0], s[0], d[0]), same_pad(x.shape[3], k[1], s[1], d[1]))
    return F.pad(x, (l, r, t, b), value=value)


def activation(x, name):
    name = name or "linear"
    table = {
        "linear": lambda x: x,
        "relu": F.relu,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "softmax": lambda x: F.softmax(x, dim=-1),
        "elu": F.elu,
        "selu": F.selu,
        "softplus": F.softplus,
        "swish": F.silu,
    }
    return table[name](x)


def layer(kind, c, xs, w):
    x = xs[0]
    if kind in ("InputLayer", "Dropout", "SpatialDropout2D"):
        return x
    if kind == "Conv2D":
        k, s, d = pair(c["kernel_size"]), pair(c["strides"]), pair(c.get("dilation_rate", 1))
        y = F.conv2d(pad2d(nchw(x), c, k, s, d), torch.tensor(w[0]).permute(3, 2, 0, 1),
                     torch.tensor(w[1]) if c.get("use_bias", True) else None, stride=s, dilation=d)
        return activation(nhwc(y), c.get("activation"))
    if kind == "Conv2DTranspose":
        k, s = pair(c["kernel_size"]), pair(c["strides"])
        y = F.conv_transpose2d(nchw(x), torch.tensor(w[0]).permute(3, 2, 0, 1),
                               torch.tensor(w[1]) if c.get("use_bias", True) else None, stride=s)
        if c.get("padding") == "same":
            h, wd = x.shape[1] * s[0], x.shape[2] * s[1]
            top, left = max(k[0] - s[0], 0) // 2, max(k[1] - s[1], 0) // 2
            y = y[:, :, top:top + h, left:left + wd]
        return activation(nhwc(y), c.get("activation"))
    if kind == "Dense":
        y = x @ torch.tensor(w[0])
        return activation(y + torch.tensor(w[1]) if c.get("use_bias", True) else y, c.get("activation"))
    if kind == "BatchNormalization":
        i = 0
        gamma = torch.tensor(w[i]) if c.get("scale", True) else None
        i += 1 if c.get("scale", True) else 0
        beta = torch.tensor(w[i]) if c.get("center", True) else None
        i += 1 if c.get("center", True) else 0
        mean, var = torch.tensor(w[i]), torch.tensor(w[i + 1])
        y = (x - mean) / torch.sqrt(var + c.get("epsilon", 0.001))
        return y * (gamma if gamma is not None else 1) + (beta if beta is not None else 0)
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        k = pair(c["pool_size"])
        s = pair(c.get("strides") or k)
        if kind == "MaxPooling2D":
            y = F.max_pool2d(pad2d(nchw(x), c, k, s, value=-math.inf), k, s)
        else:
            # TensorFlow averages over the window's real pixels only: padded sums over padded counts.
            ones = torch.ones_like(x[..., :1])
            y = F.avg_pool2d(pad2d(nchw(x), c, k, s), k, s) / F.avg_pool2d(pad2d(nchw(ones), c, k, s), k, s)
        return nhwc(y)
    if kind == "GlobalAveragePooling2D":
        return x.mean(dim=(1, 2))
    if kind == "GlobalMaxPooling2D":
        return x.amax(dim=(1, 2))
    if kind == "Flatten":
        return x.reshape(x.shape[0], -1)
    if kind == "Reshape":
        return x.reshape(x.shape[0], *c["target_shape"])
    if kind == "Activation":
        return activation(x, c["activation"])
    if kind == "LeakyReLU":
        return F.leaky_relu(x, c.get("alpha", c.get("negative_slope", 0.3)))
    if kind == "ZeroPadding2D":
        p = c["padding"]
        (t, b), (l, r) = (pair(p[0]), pair(p[1])) if isinstance(p, list) else ((p, p), (p, p))
        return F.pad(x, (0, 0, l, r, t, b))
    if kind == "Add":
        return sum(xs[1:], xs[0])
    if kind == "Concatenate":
        return torch.cat(xs, dim=c.get("axis", -1))
    raise SystemExit(f"the reference has no {kind}")


def main():
    config, weights = read(sys.argv[1])
    x = torch.tensor(json.load(open(sys.argv[2])), dtype=torch.float32)
    top = config.get("config", config)
    entries = top if isinstance(top, list) else top["layers"]
    sequential = config["class_name"] == "Sequential"
    values, last = {}, None
    for i, entry in enumerate(entries):
        c, kind = entry["config"], entry["class_name"]
        name = c["name"]
        if sequential:
            xs = [x if last is None else values[last]]
        else:
            xs = [values[n] for n in inbound(entry)] if kind != "InputLayer" else [x]
        with torch.no_grad():
            values[name] = layer(kind, c, xs, weights.get(name, []))
        last = name
    if sequential:
        out = values[last]
    else:
        outs = top["output_layers"]
        outs = list(outs.values()) if isinstance(outs, dict) else outs  # tf.keras 2.3 names its outputs
        out = values[outs[0][0] if isinstance(outs[0], list) else outs[0]]
    listed = [[n, list(a.shape), float(np.abs(a).sum()), float(a.flat[0])] for n, ws in weights.items() for a in ws if a.size]
    print(json.dumps({"output": out.tolist(), "weights": listed}))


torch.set_num_threads(1)
main()
