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
import re
import sys
import zipfile

import h5py
import numpy as np
import torch
import torch.nn.functional as F


def text(v):
    return (v.decode() if isinstance(v, bytes) else str(v)).rstrip("\0")


def snake(name):
    """Keras' to_snake_case."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def archive_weights(group, model):
    """A .keras archive's weights: {layer: [arrays]}, a model used as a layer nesting its own dict. Keras 3 keys
    each layer's group by its class in snake case, numbered in the model's layer order (a Sequential leaves out its
    InputLayer), not by the layer's name."""
    weights, used = {}, {}
    for entry in model["config"]["layers"]:
        if model["class_name"] == "Sequential" and entry["class_name"] == "InputLayer":
            continue
        key = snake(entry["class_name"])
        if key in used:
            used[key] += 1
            key = f"{key}_{used[key]}"
        else:
            used[key] = 0
        if key not in group["layers"]:
            continue
        layer, name = group["layers"][key], entry["config"]["name"]
        if "layers" in layer:
            weights[name] = archive_weights(layer, entry)
        elif "vars" in layer:
            weights[name] = [np.array(layer["vars"][k]) for k in sorted(layer["vars"].keys(), key=int)]
    return weights


def read(path):
    """(config, {layer: [arrays in Keras order], or for a model used as a layer, {inner layer: [...]}})."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            config = json.loads(z.read("config.json"))
            h5 = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
        return config, archive_weights(h5, config)
    h5 = h5py.File(path, "r")
    # A save_weights() file has no model_config: its topology comes from KERAS_TOPOLOGY (a to_json() file).
    topology = os.environ.get("KERAS_TOPOLOGY")
    config = json.load(open(topology)) if topology else json.loads(text(h5.attrs["model_config"]))
    root = h5["model_weights"] if "model_weights" in h5 else h5
    weights = {}
    for layer in root.attrs["layer_names"]:
        group = root[text(layer)]
        names = [text(n) for n in group.attrs.get("weight_names", [])]
        owners = {n.split("/")[-2] if "/" in n else text(layer) for n in names}
        if owners - {text(layer)}:
            # A model used as a layer: its layers' weights, named <inner layer>/<weight>.
            nested = {}
            for n in names:
                nested.setdefault(n.split("/")[-2], []).append(np.array(group[n]))
            weights[text(layer)] = nested
        else:
            weights[text(layer)] = [np.array(group[n]) for n in names]
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
    # Dropout and data augmentation (RandomFlip, RandomRotation…) are the identity at inference.
    if kind in ("InputLayer", "Dropout", "SpatialDropout2D") or kind.startswith("Random"):
        return x
    if kind == "Conv2D":
        k, s, d = pair(c["kernel_size"]), pair(c.get("strides", 1)), pair(c.get("dilation_rate", 1))
        y = F.conv2d(pad2d(nchw(x), c, k, s, d), torch.tensor(w[0]).permute(3, 2, 0, 1),
                     torch.tensor(w[1]) if c.get("use_bias", True) else None, stride=s, dilation=d)
        return activation(nhwc(y), c.get("activation"))
    if kind == "Conv2DTranspose":
        k, s = pair(c["kernel_size"]), pair(c.get("strides", 1))
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
    if kind == "Rescaling":
        return x * c["scale"] + c.get("offset", 0.0)
    if kind == "Resizing":
        # tf.image.resize: half-pixel centres, no antialiasing (torch's align_corners=False, 'nearest-exact').
        if c.get("crop_to_aspect_ratio") or c.get("pad_to_aspect_ratio"):
            raise SystemExit("the reference resizes without an aspect-ratio window")
        mode = {"bilinear": dict(mode="bilinear", align_corners=False), "nearest": dict(mode="nearest-exact")}[c.get("interpolation", "bilinear")]
        return nhwc(F.interpolate(nchw(x), size=(c["height"], c["width"]), **mode))
    if kind == "Normalization":
        # Adapted statistics (mean, variance, count) along the last axis; Keras' epsilon floor on the deviation.
        mean, std = torch.tensor(w[0]), torch.clamp(torch.sqrt(torch.tensor(w[1])), min=1e-7)
        return x * std + mean if c.get("invert") else (x - mean) / std
    if kind == "CenterCrop":
        top, left = (x.shape[1] - c["height"]) // 2, (x.shape[2] - c["width"]) // 2
        return x[:, top:top + c["height"], left:left + c["width"], :]
    if kind == "Add":
        return sum(xs[1:], xs[0])
    if kind == "Concatenate":
        return torch.cat(xs, dim=c.get("axis", -1))
    raise SystemExit(f"the reference has no {kind}")


def run(model, xs, weights):
    """A model's outputs for its inputs `xs`; a model used as a layer runs as one, with its own weights."""
    top = model.get("config", model)
    entries = top if isinstance(top, list) else top["layers"]
    sequential = model["class_name"] == "Sequential"
    listed_inputs = [] if sequential else top.get("input_layers", [])
    listed_inputs = list(listed_inputs.values()) if isinstance(listed_inputs, dict) else listed_inputs
    listed_inputs = [listed_inputs] if listed_inputs and isinstance(listed_inputs[0], str) else listed_inputs
    inputs = [e[0] for e in listed_inputs]
    values, last = {}, None
    for i, entry in enumerate(entries):
        c, kind = entry["config"], entry["class_name"]
        name = c["name"]
        if kind == "InputLayer":
            values[name] = xs[inputs.index(name)] if name in inputs else xs[0]
        else:
            ins = [xs[0] if last is None else values[last]] if sequential else [values[n] for n in inbound(entry)]
            w = weights.get(name, [])
            with torch.no_grad():
                if kind in ("Sequential", "Functional", "Model"):
                    values[name] = run(entry, ins, w if isinstance(w, dict) else {})
                else:
                    flat = [a for ws in w.values() for a in ws] if isinstance(w, dict) else w
                    values[name] = layer(kind, c, ins, flat)
        last = name
    if sequential:
        return values[last]
    outs = top["output_layers"]
    outs = list(outs.values()) if isinstance(outs, dict) else outs  # tf.keras 2.3 names its outputs
    return values[outs[0][0] if isinstance(outs[0], list) else outs[0]]


def listed(weights, prefix=""):
    """[layer, shape, sum of |w|, first value] for every weight, nested layers named model.layer."""
    out = []
    for name, ws in weights.items():
        if isinstance(ws, dict):
            out += listed(ws, f"{prefix}{name}.")
        else:
            out += [[prefix + name, list(a.shape), float(np.abs(a).sum()), float(a.flat[0])] for a in ws if a.size]
    return out


def main():
    config, weights = read(sys.argv[1])
    x = torch.tensor(json.load(open(sys.argv[2])), dtype=torch.float32)
    out = run(config, [x], weights)
    print(json.dumps({"output": out.tolist(), "weights": listed(weights)}))


torch.set_num_threads(1)
main()
