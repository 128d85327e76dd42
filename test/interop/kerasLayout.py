"""The layout of a Keras .h5 file or .keras archive, as h5py and zipfile read it (not the product's readers), for
comparing a file the product writes with one Keras wrote: every weight dataset (path, shape, dtype; the optimizer's
left out), every layer's config keys and class, the attributes Keras' loaders read.

Usage: python3 kerasLayout.py FILE   Prints JSON.
"""
import io
import json
import sys
import zipfile

import h5py


def text(v):
    return (v.decode() if isinstance(v, bytes) else str(v)).rstrip("\0")


def datasets(h5):
    out = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and not name.startswith("optimizer"):
            out[name] = [list(obj.shape), str(obj.dtype)]

    h5.visititems(visit)
    return out


def layers(config):
    """{layer name: [class, sorted config keys]} of every layer, models used as layers walked too."""
    out = {}
    for entry in config["config"]["layers"]:
        out[entry["config"]["name"]] = [entry["class_name"], sorted(entry["config"].keys())]
        if "layers" in entry["config"]:
            out.update(layers(entry))
    return out


path = sys.argv[1]
if zipfile.is_zipfile(path):
    with zipfile.ZipFile(path) as z:
        names = sorted(z.namelist())
        config = json.loads(z.read("config.json"))
        metadata = json.loads(z.read("metadata.json"))
        h5 = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
        stored = sorted({i.compress_type for i in z.infolist()})
    print(json.dumps({"entries": names, "stored": stored, "metadata": sorted(metadata.keys()), "top": [config["module"], config["class_name"]],
                      "layers": layers(config), "datasets": datasets(h5)}))
else:
    h5 = h5py.File(path, "r")
    config = json.loads(text(h5.attrs["model_config"]))
    root = h5["model_weights"]
    weight_names = {text(n): [text(w) for w in root[text(n)].attrs["weight_names"]] for n in root.attrs["layer_names"]}
    print(json.dumps({"attrs": sorted(h5.attrs.keys()), "rootAttrs": sorted(root.attrs.keys()), "top": config["class_name"],
                      "version": text(h5.attrs["keras_version"]), "layers": layers(config), "weightNames": weight_names,
                      "datasets": datasets(h5)}))
