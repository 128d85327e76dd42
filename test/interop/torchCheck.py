"""Runs PyTorch exports for the interop tests (Debian's /usr/bin/python3 with python3-torch).

Usage: torchCheck.py DIR. DIR/cases.json lists the cases; each case names a module file (DIR/<name>.py) and,
optionally, a weights file, an input and the expected output (raw little-endian float32, channels last as
Keras has them). Prints one JSON line per case: trainable parameters, output shapes, max abs difference.
"""
import importlib.util
import json
import os
import sys

import numpy as np
import torch

torch.set_num_threads(1)
directory = sys.argv[1]
for case in json.load(open(os.path.join(directory, "cases.json"))):
    spec = importlib.util.spec_from_file_location(case["name"], os.path.join(directory, case["name"] + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.build_model()
    if case.get("weights"):
        module.load_weights(model, os.path.join(directory, case["weights"]))
    model.eval()
    result = {"name": case["name"], "trainable": sum(p.numel() for p in model.parameters() if p.requires_grad)}
    if case.get("input"):
        x = np.fromfile(os.path.join(directory, case["input"]), dtype="<f4").reshape(case["inputShape"])
        if x.ndim >= 3:
            x = np.moveaxis(x, -1, 1)  # channels last (Keras) -> channels first (PyTorch)
        inputs = [torch.from_numpy(np.ascontiguousarray(x))]
    else:
        inputs = [torch.randn((2,) + tuple(s)) for s in module.INPUT_SHAPES]
    with torch.no_grad():
        y = model(*inputs)
    ys = y if isinstance(y, tuple) else (y,)
    result["shapes"] = [list(t.shape) for t in ys]
    if case.get("expected"):
        got = ys[0].numpy()
        if got.ndim >= 3:
            got = np.moveaxis(got, 1, -1)
        want = np.fromfile(os.path.join(directory, case["expected"]), dtype="<f4").reshape(got.shape)
        result["maxAbsDiff"] = float(np.max(np.abs(got - want)))
        result["scale"] = float(np.max(np.abs(want)))
    print(json.dumps(result), flush=True)
