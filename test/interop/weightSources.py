"""Reads, for each model file given, how many values each named place holds, as h5py and python3-onnx find them:
HDF5 paths in .h5 files and in a .keras archive's model.weights.h5, initializer names in ONNX files.
Usage: python3 weightSources.py  (stdin: [{"file": PATH, "places": [PLACE, ...]}]; stdout: [{PLACE: size or null}])"""
import io
import json
import sys
import zipfile

import h5py
import numpy as np
import onnx

out = []
for item in json.load(sys.stdin):
    path, places = item["file"], item["places"]
    sizes = {}
    if path.endswith(".onnx"):
        graph = onnx.load(path, load_external_data=False).graph
        held = {t.name: int(np.prod(t.dims)) for t in graph.initializer}
        made = {o for n in graph.node for o in n.output}
        for p in places:
            # A tensor an Identity or Constant node makes from an initializer counts as in the file.
            sizes[p] = held.get(p, -1 if p in made else None)
    else:
        # A .keras archive, or an HDF5 file (some are named .keras by mistake).
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                f = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
        else:
            f = h5py.File(path, "r")
        for p in places:
            item = f.get(p)
            sizes[p] = int(np.prod(item.shape)) if isinstance(item, h5py.Dataset) else None
    out.append(sizes)
print(json.dumps(out))
