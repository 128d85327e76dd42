"""The pytorch backend's processes: one alone, or a torch.distributed group started by torchrun (driver.py uses
either the same way).

In a group every rank holds the whole model (DistributedDataParallel averages the gradients) and takes its share of
each global batch, so that the group trains with the batch size the model file gives. Rank 0 alone talks to the
Node trainer; what it hears (Stop, the answer after each epoch) reaches the other ranks through collectives at
fixed points of the loop, so that every rank stops at the same batch.
"""

import os

import torch


class Alone:
    """One process: every collective is the identity."""

    rank = 0
    world = 1
    local_rank = 0
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

    def close(self):
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
        dist.init_process_group("nccl" if cuda else "gloo")
        self.rank = dist.get_rank()
        self.world = dist.get_world_size()
        self.lead = self.rank == 0
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

    def decide(self, value):
        """Rank 0's `value` (a JSON-able object) on every rank."""
        box = [value]
        self.dist.broadcast_object_list(box, src=0)
        return box[0]

    def close(self):
        self.dist.destroy_process_group()


def group(config, cuda):
    """The process's place: a group when torchrun started it for a distributed run, else alone."""
    return Group(cuda) if config.get("distributed") and "RANK" in os.environ else Alone()
