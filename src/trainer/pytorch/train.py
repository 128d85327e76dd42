"""A standalone PyTorch training of one CNN Designer model (`cnn-designer export --format pytorch-train`).

    python train.py [--epochs N] [--samples N] [--data-dir DIR] [--runs-dir DIR] [--device cpu|cuda|cuda:N|mps]
    torchrun --nnodes 2 --nproc_per_node 4 --rdzv_backend c10d --rdzv_endpoint HOST:29400 train.py [...]

(torch 1.x on Python 3.11: `python launch.py ...` instead of `torchrun ...`; launch.py mends torchrun there.)

It trains as `cnn-designer train` does on the pytorch backend: the initial weights the trainer starts from
(initial.bin: Keras' initialisers with the model's seed), the dataset read and split as the trainer splits it
(data.py), each epoch's shuffle from the seed, the optimizer, schedule, loss and metrics of recipe.json, early
stopping, and under torchrun DistributedDataParallel (gloo on CPUs, NCCL on GPUs) with each rank a share of every
batch. Rank 0 writes the run folder, RUNS/<model>/<timestamp>/, in the format of CNN Designer's run folders:
VS Code's Runs view, `cnn-designer export --run` and `train --resume` take it.
"""

import argparse
import json
import math
import os
import shutil
import signal
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import driver  # noqa: E402
from data import DatasetError, load_split  # noqa: E402
from distributed import group  # noqa: E402
from run_folder import RunFolder  # noqa: E402


def rate_at(optimizer, step, total):
    """The learning rate at `step` (schedules.ts' learningRateAt; Keras' legacy decay is inverse-time decay)."""
    lr0 = optimizer["learningRate"]
    schedule = optimizer.get("schedule")
    if schedule is None and optimizer.get("decay", 0) > 0 and optimizer["type"] != "adamax":
        schedule = {"type": "inverseTimeDecay", "decaySteps": 1, "decayRate": optimizer["decay"], "staircase": False}
    if schedule is None:
        return lr0
    steps = schedule.get("decaySteps") or max(1, total)

    def progress(staircase):
        return math.floor(step / steps) if staircase is True else step / steps

    kind = schedule["type"]
    if kind == "cosineDecay":
        alpha = schedule["alpha"]
        return lr0 * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * min(step, steps) / steps)) + alpha)
    if kind == "exponentialDecay":
        return lr0 * schedule["decayRate"] ** progress(schedule.get("staircase"))
    if kind == "polynomialDecay":
        end = schedule["endLearningRate"]
        span = steps * max(1, math.ceil(step / steps)) if schedule.get("cycle") is True else steps
        return (lr0 - end) * (1 - min(step, span) / span) ** schedule["power"] + end
    return lr0 / (1 + schedule["decayRate"] * progress(schedule.get("staircase")))


def target_rows(y, recipe):
    """Labels as the loss wants them (fitData.ts' targetRows): one-hot rows, class indices, or the rows given."""
    if y.dtype == np.float32:
        return y.reshape(len(y), -1)
    if recipe["loss"] == "sparseCategoricalCrossentropy" or recipe["units"] == 1:
        return y.astype(np.float32).reshape(-1, 1)
    rows = np.zeros((len(y), recipe["units"]), dtype=np.float32)
    rows[np.arange(len(y)), y] = 1
    return rows


class EarlyStopping:
    """Keras' EarlyStopping (earlyStopping.ts), decision by decision."""

    def __init__(self, config):
        self.config, self.best, self.wait, self.best_epoch = config, math.inf, 0, 0
        self.sign = -1 if "acc" in config["monitor"].lower() else 1

    def decide(self, epoch, logs):
        value = logs.get(self.config["monitor"])
        if value is None or value != value:
            return "unmonitored"
        self.wait += 1
        if self.sign * value < self.best - self.config["minDelta"]:
            self.best, self.best_epoch, self.wait = self.sign * value, epoch, 0
            return "improved"
        return "stop" if self.wait >= self.config["patience"] and epoch > 1 else "continue"

    def state(self):
        best = self.sign * self.best if math.isfinite(self.best) else None
        return {"monitor": self.config["monitor"], "best": best, "bestEpoch": self.best_epoch, "wait": self.wait}

    def reason(self):
        return f"early stopping ({self.config['monitor']} did not improve for {self.wait} epoch{'' if self.wait == 1 else 's'})"


class Local:
    """Stop as a terminal gives it: the first Ctrl+C stops at the next agreed batch, the run evaluated and saved."""

    def __init__(self):
        self.stop = False
        self.stop_now = False
        signal.signal(signal.SIGINT, self.interrupt)
        signal.signal(signal.SIGTERM, self.interrupt)

    def interrupt(self, *_):
        self.stop_now = self.stop
        self.stop = True


class Problem(Exception):
    """Something to fix in the command or the files: said in one line, without a traceback."""


def positive(text):
    """An argparse type: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"takes a whole number of 1 or more, not '{text}'")
    return value


def pick_device(asked):
    """The device `asked` for (cpu, cuda, cuda:N, mps), checked against this torch; by default CUDA, MPS, the CPU."""
    mps = getattr(torch.backends, "mps", None)
    has_mps = bool(mps and mps.is_available())
    if asked is None:
        return "cuda" if torch.cuda.is_available() else "mps" if has_mps else "cpu"
    if asked == "cpu":
        return asked
    if asked == "mps":
        if not has_mps:
            raise Problem("--device mps: this torch has no Apple GPU (MPS) here; use --device cpu")
        return asked
    index = asked[5:] if asked.startswith("cuda:") else "0" if asked == "cuda" else None
    if index is None or not index.isdigit():
        raise Problem(f"--device takes cpu, cuda, cuda:N or mps, not '{asked}'")
    if not torch.cuda.is_available():
        why = "it was built without CUDA" if torch.version.cuda is None else "it finds no CUDA GPU (driver, CUDA_VISIBLE_DEVICES)"
        raise Problem(f"--device {asked}: torch {torch.__version__} cannot use CUDA here ({why}); use --device cpu")
    if int(index) >= torch.cuda.device_count():
        gpus = ", ".join(f"cuda:{i} {torch.cuda.get_device_name(i)}" for i in range(torch.cuda.device_count()))
        raise Problem(f"--device {asked}: there is no such GPU here ({gpus})")
    return asked


def arguments():
    p = argparse.ArgumentParser(description="Train the exported model (see this file's first lines).")
    p.add_argument("--epochs", type=positive, help="epochs to train (default: the model file's)")
    p.add_argument("--samples", type=positive, help="train on the first N samples of the shuffled dataset (as train --samples)")
    p.add_argument("--data-dir", help="the folder the dataset's paths are relative to (default: the model file's at export)")
    p.add_argument("--runs-dir", default=os.path.join(HERE, "runs"), help="where the run folder goes (default: runs/ here)")
    p.add_argument("--device", help="cpu, cuda, cuda:N or mps (default: CUDA, else MPS, else the CPU)")
    return p.parse_args()


def main():
    args = arguments()
    recipe = json.load(open(os.path.join(HERE, "recipe.json")))
    device = pick_device(args.device)
    cuda = device.startswith("cuda")
    grp = group({"distributed": True}, cuda)
    if grp.world > 1:
        device = str(grp.device)
    driver.configure(cuda, os.cpu_count() or 1)
    data_dir = args.data_dir or recipe["dataDir"]
    try:
        parts = load_split(recipe["dataset"], data_dir, os.path.join(HERE, "datasets"),
                           recipe["inputShape"], recipe["validationSplit"], recipe["testSplit"], recipe["splitSeed"], args.samples)
    except FileNotFoundError as e:
        raise Problem(f"the dataset's file {e.filename} is not there: give --data-dir, the folder the model file's dataset "
                      f"paths are relative to (now {os.path.abspath(data_dir)})") from None
    except DatasetError as e:
        raise Problem(f"the dataset: {e}") from None
    rows = {k: (v[0], target_rows(v[1], recipe)) for k, v in parts.items() if v is not None}
    epochs = args.epochs if args.epochs is not None else recipe["epochs"]
    batch_size = recipe["batchSize"]
    n = len(rows["train"][0])
    batches = math.ceil(n / batch_size)
    total = epochs * batches
    scheduled = recipe["optimizer"].get("schedule") or (recipe["optimizer"].get("decay", 0) > 0 and recipe["optimizer"]["type"] != "adamax")
    rates = np.array([rate_at(recipe["optimizer"], s, total) for s in range(total)]) if scheduled else None
    config = {
        "module": os.path.join(HERE, "model.py"), "weights": os.path.join(HERE, "initial.bin"),
        "inputShape": recipe["inputShape"], "targetSize": rows["train"][1].shape[1],
        "parts": {k: {"count": len(x), "arrays": (x, t)} for k, (x, t) in rows.items()},
        "loss": recipe["loss"], "labelSmoothing": recipe["labelSmoothing"], "metrics": recipe["metrics"],
        "optimizer": recipe["optimizer"], "trainable": recipe["trainable"], "batchSize": batch_size,
        "shuffle": recipe["shuffle"],
    }
    plan = {"seed": recipe["seed"], "epochs": epochs, "startEpoch": 0, "startStep": 0, "rates": rates, "optimizer": None}
    run = driver.Run(config, plan, grp, torch.device(device))
    split = {"samples": args.samples, **{k: (len(rows[k][0]) if k in rows else 0) for k in ("train", "validation", "test")}}
    try:
        folder = RunFolder(args.runs_dir, recipe, epochs, f"{device}, PyTorch {torch.__version__}", split) if grp.lead else None
    except OSError as e:
        raise Problem(f"cannot create the run's folder under {args.runs_dir}: {e.strerror} (--runs-dir chooses another)") from None
    say = folder.log if folder else (lambda line: None)
    batch_rows = []

    def collect(**event):  # the driver's batch reports, kept for metrics.json
        if event["type"] == "batches":
            keys = run.keys()
            for i, r in enumerate(event["rows"]):
                batch_rows.append({"epoch": event["epoch"], "batch": event["first"] + i, **dict(zip(keys, map(float, r)))})

    driver.emit = collect
    stop = Local()
    es = EarlyStopping(recipe["earlyStopping"]) if recipe["earlyStopping"] else None
    monitor = recipe["earlyStopping"]["monitor"] if es else recipe["monitorWithoutEarlyStopping"]["name"]
    mode = "max" if "acc" in monitor.lower() else "min"
    say(f"Training {recipe['model']} on {device}{f', {grp.world} processes' if grp.world > 1 else ''}: "
        f"{split['train']} training, {split['validation']} validation, {split['test']} test samples")
    best_state, stop_reason, diverged, samples, started, partial = None, None, False, 0, time.monotonic(), None
    for epoch in range(1, epochs + 1):
        began = time.monotonic()
        torch.manual_seed(recipe["seed"] * 7919 + epoch)
        ran, logs, diverged, done, stopped = run.train_epoch(epoch, stop)
        samples += done
        if "validation" in run.parts and ran == batches and not diverged:
            val = run.evaluate(run.parts["validation"], stop)
            logs.update({f"val_{k}": v for k, v in (val or {}).items()})
        seconds = time.monotonic() - began
        say(f"Epoch {epoch}/{epochs} - {ran}/{batches} - " + " - ".join(f"{k}: {v:.4f}" for k, v in logs.items())
            + f" - {round(seconds)}s {round(1000 * seconds / max(1, ran))}ms/step")
        row = {"epoch": epoch, **logs}
        if diverged:
            stop_reason = f"the loss became {logs['loss']} at epoch {epoch}"
        elif stopped:
            stop_reason = "stop request"
        improved = None
        if es and not stop_reason:
            decision = es.decide(epoch, row)
            improved = decision == "improved"
            if improved and recipe["earlyStopping"]["restoreBestWeights"]:
                best_state = {k: v.detach().clone() for k, v in run.model.state_dict().items()}
            elif decision == "stop":
                stop_reason = es.reason()
        if folder:
            folder.history.append(row)
            folder.batches = batch_rows
            folder.metrics()
            value = row.get(monitor)
            if not diverged and ran == batches:
                folder.completed += 1
                better = improved if improved is not None else (
                    value is not None and math.isfinite(value)
                    and (folder.best is None or (value < folder.best if mode == "min" else value > folder.best)))
                manifest = {
                    "epoch": epoch, "step": run.step, "epochs": epochs, "batchesPerEpoch": batches, "logs": row,
                    "monitor": {"name": monitor, "mode": mode, "value": value} if value is not None and math.isfinite(value) else None,
                    "learningRate": float(rates[run.step]) if rates is not None and run.step < len(rates) else rate_at(recipe["optimizer"], run.step, total),
                    "optimizer": recipe["optimizer"], "earlyStopping": es.state() if es else None, "random": None,
                }
                folder.checkpoint("last", run, manifest)
                if better:
                    folder.best, folder.best_epoch = value, epoch
                    folder.checkpoint("best", run, manifest)
            folder.status("running", None)
        partial = {"batches": ran, "of": batches} if ran < batches else None
        if stop_reason:
            break
    if diverged:
        if folder:
            folder.status("failed", f"{stop_reason}; training stopped (TerminateOnNaN)")
        grp.close(1)
        sys.exit(1)
    if best_state is not None and es.best_epoch != epoch:
        run.model.load_state_dict(best_state)
        say(f"Restored the weights of epoch {es.best_epoch} (best {monitor})")
    # Every rank evaluates, or none: a second Ctrl+C may reach one machine only, so the lead's word decides.
    test = run.evaluate(run.parts["test"], stop) if "test" in run.parts and not grp.decide(stop.stop_now) else None
    if folder:
        if test:
            say(" · ".join(f"Test {k}: {v:.4f}" for k, v in test.items()))
        shutil.copyfile(os.path.join(HERE, "tfjs", "model.json"), os.path.join(folder.dir, "model.json"))
        run.save(os.path.join(folder.dir, "weights.bin"))
        folder.metrics(test, stop_reason, samples / (time.monotonic() - started))
        folder.status("stopped" if stop_reason == "stop request" else "done", stop_reason, partial)
        if stop_reason:
            say(f"Stopped: {stop_reason}")
        say(f"Run written to {folder.dir}")
    grp.close()
    # Alone, a run a Ctrl+C ended exits as shells expect of an interrupted command (under torchrun, 0: torchrun
    # reports a rank's other status as a failure).
    if stop_reason == "stop request" and grp.world == 1:
        sys.exit(130)


if __name__ == "__main__":
    try:
        main()
    except Problem as e:
        print(f"train.py: {e}", file=sys.stderr)
        sys.exit(2)
