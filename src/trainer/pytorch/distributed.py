"""The pytorch backend's processes: one alone, or a torch.distributed group started by torchrun (driver.py uses
either the same way).

In a group every rank holds the whole model (DistributedDataParallel averages the gradients) and takes its share of
each global batch, so that the group trains with the batch size the model file gives. One rank, the lead, talks to
the Node trainer that writes the run; what it hears (Stop, the answer after each epoch) reaches the other ranks
through collectives at fixed points of the loop, so that every rank stops at the same batch. The lead is rank 0,
or on several machines the first rank on the machine that resumes the run (it alone has the checkpoint). There each
machine has a Node trainer of its own; on the others the first local rank tells theirs which ranks it has, and
passes on a Stop given there (agreed on with the batch logs, as the lead's).
"""

import datetime
import hashlib
import json
import os
import socket
import sys

import numpy as np
import torch


class Alone:
    """One process: every collective is the identity."""

    rank = 0
    lead_rank = 0
    world = 1
    local_rank = 0
    machines = 1
    lead = True
    # Batch logs go out at most every 0.2 s, timed here.
    flush_every = None

    def wrap(self, model):
        return model

    def share(self, idx):
        return idx

    def reduce_logs(self, rows, stop):
        return rows, stop

    def reduce_sums(self, sums):
        return sums

    def decide(self, value):
        return value

    def elect(self, resuming):
        pass

    def gather(self, value):
        return [value]

    def sync(self, model):
        pass

    def close(self, status=0):
        pass


class Group(Alone):
    """A torch.distributed group (gloo on CPUs, NCCL on GPUs), set up by torchrun's environment."""

    # Logs and Stop are agreed on every 8 batches: a collective every batch would cost a GPU its lead.
    flush_every = 8

    def __init__(self, cuda):
        import torch.distributed as dist

        self.dist = dist
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        if cuda:
            torch.cuda.set_device(self.local_rank)
        # A rank whose peer died waits at most 10 minutes in a collective (gloo's default is 30), then fails the run.
        dist.init_process_group("nccl" if cuda else "gloo", timeout=datetime.timedelta(minutes=10))
        self.rank = dist.get_rank()
        self.world = dist.get_world_size()
        self.lead = self.rank == 0
        self.lead_rank = 0
        # torchrun's environment: the processes on this machine, and the machines (which may run different numbers).
        self.local_world = int(os.environ.get("LOCAL_WORLD_SIZE", str(self.world)))
        self.machines = int(os.environ.get("GROUP_WORLD_SIZE", str(max(1, self.world // self.local_world))))
        self.device = torch.device(f"cuda:{self.local_rank}") if cuda else torch.device("cpu")

    def wrap(self, model):
        from torch.nn.parallel import DistributedDataParallel

        ids = [self.local_rank] if self.device.type == "cuda" else None
        return DistributedDataParallel(model, device_ids=ids)

    def share(self, idx):
        """This rank's share of a global batch's indices (every rank has the same order: the same seed)."""
        return idx[self.rank :: self.world]

    def reduce_logs(self, rows, stop):
        """The group's batch logs (each rank's rows weighted by its share, summed) and whether rank 0 heard Stop."""
        flag = torch.tensor([[1.0 if stop else 0.0] * rows.shape[1]], dtype=rows.dtype, device=rows.device)
        both = torch.cat([rows, flag]).to(self.device)
        self.dist.all_reduce(both)
        return both[:-1].cpu(), bool(both[-1, 0].item() > 0)

    def reduce_sums(self, sums):
        sums = sums.to(self.device)
        self.dist.all_reduce(sums)
        return sums

    def elect(self, resuming):
        """Makes the lead the first rank that is `resuming`, else rank 0."""
        box = torch.tensor([self.rank if resuming else self.world], dtype=torch.int64, device=self.device)
        self.dist.all_reduce(box, op=self.dist.ReduceOp.MIN)
        self.lead_rank = int(box.item()) % self.world
        self.lead = self.rank == self.lead_rank

    def decide(self, value):
        """The lead's `value` (any picklable object) on every rank."""
        box = [value]
        self.dist.broadcast_object_list(box, src=self.lead_rank)
        return box[0]

    def gather(self, value):
        """Every rank's `value` (picklable), in rank order, on every rank."""
        out = [None] * self.world
        self.dist.all_gather_object(out, value)
        return out

    def sync(self, model):
        """The lead's weights and buffers on every rank (it alone may read a file of its machine)."""
        for t in model.state_dict().values():
            self.dist.broadcast(t, src=self.lead_rank)

    def close(self, status=0):
        """Ends the process once every rank is at its end. Not by tearing the group down: in torch 1.13 the gloo
        group's destructor, run from DistributedDataParallel's, can wait for a thread that waits for the
        interpreter lock it holds, and hang with the other ranks waiting on it."""
        self.dist.barrier()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def read_optimizer(spec):
    """A checkpoint's optimizer variables: (tfjs name, value in Keras' layout) in order."""
    data = open(spec["file"], "rb").read()
    base = spec["tensors"][0]["offset"] if spec["tensors"] else 0
    entries = []
    for t in spec["tensors"]:
        count = int(np.prod(t["shape"])) if t["shape"] else 1
        start = t["offset"] - base
        value = np.frombuffer(data[start : start + 4 * count], dtype="<i4" if t["dtype"] == "int32" else "<f4")
        entries.append((t["name"], value.reshape(t["shape"]) if t["shape"] else value[0]))
    return entries


def agree(config, grp):
    """The run as the lead has it (its seed, epochs, resumed step and optimizer state, learning rates, its host) on
    every rank: on several machines only the lead's holds the checkpoint, and an unseeded run draws its seed there.
    The ranks check that they hold the same model and split, and say how they differ otherwise."""
    grp.elect(bool(config["optimizerState"]))
    with open(config["module"], "rb") as f:
        module = hashlib.sha256(f.read()).hexdigest()[:16]
    mine = {
        "module": module,
        "counts": {k: (v["count"] if v else 0) for k, v in config["parts"].items()},
        "batchSize": config["batchSize"],
    }
    plan = None
    if grp.lead:
        plan = {
            "seed": config["seed"],
            "epochs": config["epochs"],
            "startEpoch": config["startEpoch"],
            "startStep": config["startStep"],
            "rates": np.fromfile(config["rates"], dtype="<f8") if config["rates"] else None,
            "optimizer": read_optimizer(config["optimizerState"]) if config["optimizerState"] else None,
            "host": socket.gethostname(),
            **mine,
        }
    plan = grp.decide(plan)
    everyone = grp.gather(mine)
    lead = {k: plan[k] for k in mine}
    differ = [(rank, theirs) for rank, theirs in enumerate(everyone) if theirs != lead]
    if differ:
        rank, theirs = differ[0]
        keys = [k for k in lead if theirs[k] != lead[k]]
        words = {
            "counts": lambda c: f"{c['train']:,} training, {c['validation']:,} validation and {c['test']:,} test samples",
            "batchSize": lambda b: f"batches of {b}",
            "module": lambda h: f"model {h} (a hash of its PyTorch module)",
        }

        def has(m):
            return ", ".join(words[k](m[k]) for k in keys)

        raise ValueError(
            f"the machines do not hold the same run: rank {grp.lead_rank} has {has(lead)}; rank {rank} has "
            f"{has(theirs)} (give every machine the same model file, dataset and options, and the same version of "
            "CNN Designer)"
        )
    return plan


def group(config, cuda):
    """The process's place: a group when torchrun started it for a distributed run, else alone."""
    return Group(cuda) if config.get("distributed") and "RANK" in os.environ else Alone()
