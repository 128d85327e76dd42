"""CNN Designer's PyTorch trainer: the fit loop of a run on the pytorch backend.

The Node trainer (src/trainer/pytorch/) prepares everything and starts this script with the path of a JSON
configuration (session.ts writes it): the model as the core's PyTorch exporter writes it, its initial weights
(TF.js' weights.bin layout, Keras' shapes), the data already split (raw little-endian float32 files, mapped into
memory here), the learning rate of every step, the optimizer, loss and metrics. This script trains and reports, one
JSON object per line on stdout; the Node trainer keeps the run folder, the checkpoints and early stopping, and
answers each epoch with a command on stdin.
"""

import importlib.util
import json
import math
import os
import queue
import shutil
import signal
import sys
import threading
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from distributed import agree, group  # noqa: E402
from training_math import METRICS, Optimizer, loss_function  # noqa: E402


def number(v):
    """A float for JSON: non-finite values as the strings the Node side reads back."""
    v = float(v)
    return v if math.isfinite(v) else ("NaN" if v != v else ("Infinity" if v > 0 else "-Infinity"))


def emit(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


class Commands:
    """Reads stdin on a thread: Stop and Stop now take effect at once; the rest are answers, in order. The end of
    stdin (the Node trainer gone) ends this process at once: no orphan keeps a GPU busy."""

    def __init__(self, listen=True, work=None):
        self.work = work
        self.stop = False
        self.stop_now = False
        # Set by "end": the trainer is done, and every rank leaves the group together (no exit at stdin's end).
        self.ending = False
        self.answers = queue.Queue()
        # In a group, rank 0 alone listens; the others hear through it (distributed.py).
        if listen:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in sys.stdin:
            cmd = json.loads(line)
            if cmd["cmd"] == "stop":
                self.stop = True
                self.stop_now = self.stop_now or bool(cmd.get("now"))
            else:
                if cmd["cmd"] == "end":  # the trainer is done with this run, or gave up on it: training stops
                    self.ending = self.stop = self.stop_now = True
                self.answers.put(cmd)
        if self.ending:
            return
        # The trainer is gone (killed, even): its work folder goes with this process.
        if self.work:
            shutil.rmtree(self.work, ignore_errors=True)
        os._exit(3)

    def next(self):
        return self.answers.get()


def to_keras(value, how, shape):
    """A PyTorch parameter in Keras' layout: the inverse of the exported module's _convert."""
    if how in ("conv", "convT"):  # (out, in, k...) -> (k..., in, out); (in, out, k...) -> (k..., out, in)
        value = value.transpose(tuple(range(2, value.ndim)) + (1, 0))
    elif how == "dense":
        value = value.T
    elif how == "depthwise":  # (c * m, 1, k...) -> (k..., c, m)
        value = value[:, 0]
        value = value.transpose(tuple(range(1, value.ndim)) + (0,))
    return np.ascontiguousarray(value, dtype=np.float32).reshape(shape)


class Run:
    """The model, its weights as Keras names them, the data and the optimizer of one run."""

    def __init__(self, config, plan, grp, device):
        self.c = config
        self.grp = grp
        spec = importlib.util.spec_from_file_location("cnn_designer_model", config["module"])
        self.module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.module)
        self.device = device
        self.model = self.module.load_weights(self.module.build_model(), config["weights"]).to(self.device)
        self.initial = np.fromfile(config["weights"], dtype="<f4")
        params = dict(self.model.named_parameters())
        for p in params.values():
            p.requires_grad_(False)
        rows = self.module.WEIGHTS
        trainable = [params[rows[w["row"]][2]] for w in config["trainable"]]
        for p in trainable:
            p.requires_grad_(True)
        # The lead's weights on every rank first (on several machines, only the lead's may hold a resumed run's), then
        # what training runs forward: the model, or DistributedDataParallel's wrapper of it in a group (made once the
        # frozen weights are known, which it must not wait for). The wrapper copies rank 0's weights to every rank:
        # made before the copy from the lead, it would overwrite a resumed run's weights with rank 0's fresh ones.
        grp.sync(self.model)
        self.net = grp.wrap(self.model)
        self.optimizer = Optimizer(trainable, config["optimizer"], [w["name"] for w in config["trainable"]])
        self.trainable_rows = [w["row"] for w in config["trainable"]]
        self.loss = loss_function(config["loss"], config["labelSmoothing"])
        self.metrics = [(m["key"], METRICS[m["fn"]]) for m in config["metrics"]]
        self.parts = {k: self.load(v) for k, v in config["parts"].items() if v}
        self.rates = plan["rates"]
        self.step = plan["startStep"]
        if plan["optimizer"]:
            self.resume_optimizer(plan["optimizer"])

    def load(self, part):
        """A split's inputs and targets, mapped from their files; on a GPU, copied there whole when they fit."""
        n = part["count"]
        if "arrays" in part:  # the standalone script's, read by data.py
            x, y = (torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32)) for a in part["arrays"])
        else:
            x = torch.from_numpy(np.memmap(part["x"], dtype="<f4", mode="c", shape=(n, *self.c["inputShape"])))
            y = torch.from_numpy(np.memmap(part["y"], dtype="<f4", mode="c", shape=(n, self.c["targetSize"])))
        if self.device.type == "cuda":
            free, _ = torch.cuda.mem_get_info(self.device)
            if (x.numel() + y.numel()) * 4 < free * 0.4:
                x = x.to(self.device)
                if x.ndim >= 3:  # laid out channels first once, as batches are read (see batch())
                    x = channels_first(x).contiguous()
                return x, y.to(self.device), n
        return x, y, n

    def batch(self, part, idx):
        x, y, _ = part
        xb, yb = x[idx].to(self.device, non_blocking=True), y[idx].to(self.device, non_blocking=True)
        if xb.ndim >= 3 and x.device.type == "cpu":  # channels last (Keras) -> channels first (PyTorch)
            xb = channels_first(xb)
            if xb.device.type == "cuda":  # a permuted view is channels-last to cuDNN: laid out as PyTorch lays it
                xb = xb.contiguous()
        return xb, yb

    def logs_of(self, yb, out, loss):
        return torch.stack([loss.detach()] + [fn(yb, out.detach()).float() for _, fn in self.metrics])

    def keys(self):
        return ["loss"] + [k for k, _ in self.metrics]

    def save(self, path):
        """The weights in the run's weights.bin layout (Keras' shapes, the model's order)."""
        state = self.model.state_dict()
        out, offset = [], 0
        for _, shape, key, how in self.module.WEIGHTS:
            count = int(np.prod(shape))
            if key is None:
                out.append(self.initial[offset : offset + count])
            else:
                out.append(to_keras(state[key].detach().cpu().numpy(), how, shape).reshape(-1))
            offset += count
        np.concatenate(out).astype("<f4").tofile(path)

    def resume_optimizer(self, entries):
        """The optimizer's variables from a checkpoint (tfjs' names, Keras' layout), laid out as PyTorch has them."""
        rows = self.module.WEIGHTS

        def to_torch(index, value):
            param = self.optimizer.params[index]
            converted = self.module._convert(np.asarray(value, dtype=np.float32), rows[self.trainable_rows[index]][3])
            return torch.from_numpy(np.ascontiguousarray(converted)).reshape(param.shape).to(param.device)

        self.optimizer.load(entries, to_torch)

    def save_optimizer(self, path):
        """The optimizer's variables as tfjs names them, and their layout, for the checkpoints."""
        rows = self.module.WEIGHTS
        tensors, blobs, offset = [], [], 0
        for name, value, index in self.optimizer.state():
            if index is not None:
                _, shape, _, how = rows[self.trainable_rows[index]]
                value = to_keras(value.detach().cpu().numpy(), how, shape)
            value = np.asarray(value)
            dtype = "int32" if value.dtype == np.int32 else "float32"
            blob = value.astype("<i4" if dtype == "int32" else "<f4").tobytes()
            tensors.append({"name": name, "shape": list(value.shape), "dtype": dtype, "offset": offset})
            blobs.append(blob)
            offset += len(blob)
        with open(path + ".bin", "wb") as f:
            f.write(b"".join(blobs))
        with open(path + ".json", "w") as f:
            json.dump(tensors, f)

    def evaluate(self, part, commands):
        """Loss and metrics over a split, batch by batch, averaged by samples (as tfjs' evaluate); None on Stop now."""
        self.model.eval()
        n, size = part[2], self.c["batchSize"]
        sums = torch.zeros(len(self.keys()), dtype=torch.float64, device=self.device)
        with torch.no_grad():
            for start in range(0, n, size):
                # (In a group, Stop now cannot stop one rank alone: the evaluation runs to its end.)
                if commands.stop_now and self.grp.world == 1:
                    return None
                idx = self.grp.share(torch.arange(start, min(start + size, n)))
                if len(idx) == 0:
                    continue
                xb, yb = self.batch(part, idx.to(part[0].device))
                out = self.model(xb)
                sums += self.logs_of(yb, out, self.loss(yb, out)).double() * len(idx)
        sums = self.grp.reduce_sums(sums)
        return dict(zip(self.keys(), (sums / n).tolist()))

    def train_epoch(self, epoch, commands):
        """One epoch; returns the batches run. Batch logs go out in groups, so that a GPU is not synchronised at
        every batch: each group is one wait for the device, at most every 0.2 s (in a group of processes, every 8
        batches, where the ranks also agree on Stop)."""
        self.model.train()
        x, _, n = self.parts["train"]
        size, batches = self.c["batchSize"], math.ceil(n / self.c["batchSize"])
        order = torch.randperm(n) if self.c["shuffle"] else torch.arange(n)
        order = order.to(x.device)
        pending, sizes, sums, ran, flushed, samples, stop = [], [], None, 0, time.monotonic(), 0, False
        diverged = False
        every = self.grp.flush_every
        for b in range(batches):
            whole = order[b * size : (b + 1) * size]
            if len(whole) < self.grp.world:  # a last batch smaller than the group: left out, on every rank
                break
            idx = self.grp.share(whole)
            xb, yb = self.batch(self.parts["train"], idx)
            lr = float(self.rates[self.step]) if self.rates is not None else self.c["optimizer"]["learningRate"]
            for p in self.optimizer.params:
                p.grad = None
            out = self.net(xb)
            loss = self.loss(yb, out)
            loss.backward()
            self.optimizer.step(lr)
            self.step += 1
            ran += 1
            pending.append(self.logs_of(yb, out, loss))
            sizes.append(len(idx))
            stop = commands.stop
            due = b == batches - 1 or (every and (b + 1) % every == 0) or (not every and (stop or time.monotonic() - flushed > 0.2))
            if due:
                counts = torch.tensor(sizes, dtype=torch.float64)[:, None]
                rows = torch.stack(pending).double().cpu()
                both, stop = self.grp.reduce_logs(torch.cat([rows * counts, counts], dim=1), stop)
                counts, rows = both[:, -1:], both[:, :-1] / both[:, -1:]
                samples += int(counts.sum().item())
                weighted = (rows * counts).sum(0)
                sums = weighted if sums is None else sums + weighted
                if self.grp.lead:
                    emit(type="batches", epoch=epoch, first=ran - len(pending) + 1, batches=batches,
                         rows=[[number(v) for v in r] for r in rows.tolist()], sizes=[int(c) for c in counts[:, 0].tolist()])
                diverged = not torch.isfinite(rows[:, 0]).all().item()
                pending, sizes, flushed = [], [], time.monotonic()
                if stop or diverged:
                    break
        return ran, dict(zip(self.keys(), (sums / max(samples, 1)).tolist())), diverged, samples, stop


def channels_first(x):
    """(N, ..., C) as (N, C, ...): a view."""
    return x.permute(0, x.ndim - 1, *range(1, x.ndim - 1))


def configure(cuda, threads):
    """PyTorch set as TensorFlow computes: subnormal floats flushed to zero (without it, tiny values such as Adam's
    second moments or a dying activation make every operation that meets them many times slower), the machine's
    `threads` shared by its processes on the CPU, and on a GPU cuDNN's autotuner and TF32 matrix products."""
    torch.set_flush_denormal(True)
    if not cuda:
        torch.set_num_threads(max(1, threads // int(os.environ.get("LOCAL_WORLD_SIZE", "1"))))
    else:
        torch.backends.cudnn.benchmark = True
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True


def main():
    # Ctrl+C in a terminal reaches the whole process group: the Node trainer's parent turns it into a Stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with open(sys.argv[1]) as f:
        config = json.load(f)
    cuda = config["device"].startswith("cuda")
    grp = group(config, cuda)
    device = grp.device if grp.world > 1 else torch.device(config["device"])
    configure(cuda, config["threads"])
    plan = agree(config, grp)
    # The lead hears the Node trainer; on another machine, its first rank hears Stop and the trainer's end there.
    commands = Commands(listen=grp.lead or grp.local_rank == 0, work=config["work"])
    run = Run(config, plan, grp, device)
    if grp.lead:
        emit(type="ready", keys=run.keys(), threads=torch.get_num_threads(), processes=grp.world, machines=grp.machines)
    elif grp.local_rank == 0:
        # Another machine's Node trainer writes the run; this one's hears which ranks are here, and where rank 0 is.
        emit(type="member", first=grp.rank, ranks=grp.local_world, processes=grp.world, machines=grp.machines,
             lead=plan["host"])
    answer, cmd = "finish", {}
    for epoch in range(plan["startEpoch"] + 1, plan["epochs"] + 1):
        start = time.monotonic()
        # Each epoch's shuffle and dropout masks come from the seed and the epoch alone: a resumed run draws what the
        # uninterrupted one drew (and every rank of a group the same order).
        torch.manual_seed(plan["seed"] * 7919 + epoch)
        batches, logs, diverged, samples, stopped = run.train_epoch(epoch, commands)
        # As tfjs' fit: an epoch that a Stop cut short is not validated.
        whole = batches == math.ceil(run.parts["train"][2] / config["batchSize"])
        if "validation" in run.parts and whole and not diverged:
            val = run.evaluate(run.parts["validation"], commands)
            if val:
                logs.update({f"val_{k}": v for k, v in val.items()})
        if grp.lead:
            run.save(os.path.join(config["work"], "epoch.bin"))
            run.save_optimizer(os.path.join(config["work"], "optimizer"))
            emit(type="epoch", epoch=epoch, batches=batches, samples=samples, seconds=time.monotonic() - start,
                 logs={k: number(v) for k, v in logs.items()}, step=run.step, stopped=stopped)
        cmd = grp.decide(commands.next() if grp.lead else None)
        answer = cmd["cmd"]
        if answer != "continue":
            break
    # Then evaluations of the test set, until the trainer says "end".
    while answer != "end":
        cmd = grp.decide(commands.next() if grp.lead else None)
        answer = cmd["cmd"]
        if answer != "evaluate":
            continue
        if cmd.get("weights"):
            if grp.lead:
                run.module.load_weights(run.model, cmd["weights"])
            grp.sync(run.model)
        test = run.evaluate(run.parts["test"], commands) if "test" in run.parts else None
        if grp.lead:
            emit(type="evaluated", logs=None if test is None else {k: number(v) for k, v in test.items()})
    if cmd.get("failed") and not grp.lead and grp.local_rank == 0:
        # The trainer that writes the run failed after training: this machine's says so, not that all went well.
        emit(type="leadFailed", message=cmd["failed"])
    grp.close()


if __name__ == "__main__":
    try:
        main()
    except BaseException as e:  # said to the Node trainer, which words it for the user
        oom = "out of memory" in str(e).lower() or type(e).__name__ == "OutOfMemoryError"
        emit(type="error", kind="oom" if oom else "crash", message=f"{type(e).__name__}: {e}".strip()[:2000])
        raise
