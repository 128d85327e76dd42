"""The run folder of a standalone PyTorch training (train.py), as CNN Designer's trainer writes it
(docs/run-folder.md): the model file, status, environment, log, metrics, the last and best checkpoints (weights in
Keras' order and names, then the optimizer's state as TF.js names it), and at the end model.json + weights.bin.
"""

import datetime
import json
import os
import shutil
import socket
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def write(path, data):
    """Writes a file whole or not at all (a temporary file renamed over it), as the run folder's files are."""
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(tmp, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_json(path, value):
    write(path, json.dumps(value, indent=1) + "\n")


class RunFolder:
    """The run folder, written by rank 0 (docs/run-folder.md)."""

    def __init__(self, runs, recipe, epochs, device, split):
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H-%M-%S")
        base = os.path.join(runs, recipe["model"])
        os.makedirs(base, exist_ok=True)
        k = 0
        while True:
            self.dir = os.path.join(base, f"{stamp}-{k}" if k else stamp)
            try:
                os.mkdir(self.dir)
                break
            except FileExistsError:
                k += 1
        self.recipe, self.epochs, self.history, self.batches = recipe, epochs, [], []
        self.completed, self.best, self.best_epoch, self.last = 0, None, 0, 0
        now = datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
        self.status_base = {"format": 1, "pid": os.getpid(), "host": socket.gethostname(), "startedAt": now, "epochs": epochs}
        self.status("running", None)
        shutil.copyfile(os.path.join(HERE, "model.cnn.json"), os.path.join(self.dir, "model.cnn.json"))
        write_json(os.path.join(self.dir, "environment.json"), {
            "backend": "pytorch", "device": device, "skipped": [], "data": split,
            "trainer": "train.py (cnn-designer export --format pytorch-train)",
            "python": sys.version.split()[0], "torch": torch.__version__,
            "hardware": {"platform": sys.platform, "cpus": os.cpu_count()},
        })

    def status(self, state, reason, partial=None):
        now = datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
        s = {**self.status_base, "state": state, "reason": reason, "updatedAt": now, "epochsDone": getattr(self, "completed", 0)}
        if partial:
            s["partial"] = partial
        write_json(os.path.join(self.dir, "status.json"), s)

    def log(self, line):
        print(line, flush=True)
        with open(os.path.join(self.dir, "training.log"), "a") as f:
            f.write(line + "\n")

    def metrics(self, test=None, stop_reason=None, samples_per_second=None):
        write_json(os.path.join(self.dir, "metrics.json"), {
            "epochs": self.history, "batches": self.batches, "test": test, "stopReason": stop_reason,
            "bestEpoch": self.best_epoch or None, "samplesPerSecond": samples_per_second, "backend": "pytorch"})
        keys = list(dict.fromkeys(k for r in self.history for k in r))
        rows = [",".join("" if r.get(k) is None else repr(r[k]) for k in keys) for r in self.history]
        write(os.path.join(self.dir, "metrics.csv"), "\n".join([",".join(keys), *rows]) + "\n")

    def checkpoint(self, kind, run, manifest):
        """A checkpoint as checkpoint.ts writes it: the data file (weights, then optimizer state), then its manifest."""
        folder = os.path.join(self.dir, "checkpoints")
        os.makedirs(folder, exist_ok=True)
        tmp = os.path.join(folder, f".{kind}-state")
        run.save(tmp + ".weights")
        run.save_optimizer(tmp)
        weights = open(tmp + ".weights", "rb").read()
        optimizer = open(tmp + ".bin", "rb").read()
        state = json.load(open(tmp + ".json"))
        offset, model = 0, []
        for w in self.recipe["weights"]:
            model.append({"name": w["name"], "shape": w["shape"], "dtype": "float32", "offset": offset})
            offset += 4 * int(np.prod(w["shape"]))
        for t in state:
            t["offset"] += len(weights)
        data = f"{kind}-{manifest['epoch']:04d}.bin"
        write(os.path.join(folder, data), weights + optimizer)
        write_json(os.path.join(folder, f"{kind}.json"), {
            "format": "cnn-designer-checkpoint", "version": 1, "kind": kind, **manifest,
            "data": data, "model": model, "optimizerState": state})
        for f in os.listdir(folder):
            if f.startswith(f"{kind}-") and f.endswith(".bin") and f != data or f.startswith(f".{kind}-state"):
                os.remove(os.path.join(folder, f))
