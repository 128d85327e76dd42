"""torchrun, as the pytorch backend starts a distributed run: `python launch.py TORCHRUN_ARGS... driver.py CONFIG`.

It is torch.distributed.run itself, with three repairs. torch 1.x's torchrun cannot parse its own default `--redirects
0` on Python 3.11 (Std.from_str maps "0" to None: Python 3.11's Flag iteration skips a member of value 0), and so
fails before starting a rank. Where that is so, "0" is read as Std.NONE, as torch 2 does. --standalone meets at
a free port rather than torch 1.x's fixed 29400. And an agent that cannot reach the rendezvous while its ranks run
(its host gone at the end) does not fail the run for it. Started by the trainer, it also ends with it.
"""

import os
import runpy
import signal
import socket
import sys
import threading
import time
import uuid

from torch.distributed.elastic.multiprocessing import api
from torch.distributed.elastic.rendezvous import dynamic_rendezvous
from torch.distributed.elastic.rendezvous.api import RendezvousConnectionError

if api.Std.from_str("0") is None:
    _from_str = api.Std.from_str.__func__

    def _fixed(cls, vm):
        std = _from_str(cls, vm)
        if std is None:
            return cls.NONE
        if isinstance(std, dict):
            return {k: cls.NONE if v is None else v for k, v in std.items()}
        return std

    api.Std.from_str = classmethod(_fixed)

# A machine's agent asks the rendezvous every second whether new machines wait, while its ranks run. At the end, the
# machine that hosts the rendezvous may be gone (its ranks done) while this one's last rank is still exiting: the
# question then fails, and with it a run that trained well. Unanswered, it means no one waits; a machine truly lost
# mid-training fails the run through its ranks' collectives all the same.
_waiting = dynamic_rendezvous.DynamicRendezvousHandler.num_nodes_waiting


def _num_nodes_waiting(self):
    try:
        return _waiting(self)
    except RendezvousConnectionError:
        return 0


dynamic_rendezvous.DynamicRendezvousHandler.num_nodes_waiting = _num_nodes_waiting

# Started by the trainer (which names itself): when the trainer goes, killed even, this launcher and its ranks go
# too. Its ranks end with the trainer's stdin, but a launcher still waiting for other machines has none yet, and would
# hold its port until torchrun's join timeout.
_trainer = os.environ.pop("CNN_DESIGNER_TRAINER_PID", None)
if _trainer and hasattr(os, "killpg"):

    def _watch(trainer=int(_trainer)):
        while os.getppid() == trainer:
            time.sleep(0.5)
        os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=_watch, daemon=True).start()

# torch 1.x's --standalone always meets at localhost:29400: two runs on one machine at once would meet each other
# there (and one fail). A free port instead, as torch 2 picks one.
args = sys.argv[1:]
if "--standalone" in args:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        port = s.getsockname()[1]
    at = args.index("--standalone")
    args[at : at + 1] = ["--rdzv_backend", "c10d", "--rdzv_endpoint", f"localhost:{port}", "--rdzv_id", str(uuid.uuid4())]
sys.argv = ["torchrun", *args]
runpy.run_module("torch.distributed.run", run_name="__main__", alter_sys=True)
