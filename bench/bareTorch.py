"""A bare PyTorch script training the pooling article's model, the peer of the pytorch backend in bench/deviceCheck.sh.

    python3 bench/bareTorch.py TRAIN VALIDATION EPOCHS

3 × Conv2d(128, 3×3) + ReLU on 32×32×3 → global average pooling → Linear(10), Adam (lr 0.001, eps 1e-7), batch
128, shuffled, on CUDA where there is one (cuDNN's autotuner and TF32, as the backend sets them), else the CPU with
every core; each epoch trains on TRAIN samples held on the device and then evaluates VALIDATION ones, as a run of
the backend does. Prints samples/s over the epochs after the first (the first pays for cuDNN's autotuning).
"""

import os
import sys
import time

import torch
from torch import nn


def main():
    n, n_val, epochs = (int(a) for a in sys.argv[1:4])
    cuda = torch.cuda.is_available()
    device = torch.device("cuda" if cuda else "cpu")
    if cuda:
        torch.backends.cudnn.benchmark = True
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    else:
        torch.set_num_threads(os.cpu_count() or 1)
    torch.set_flush_denormal(True)
    torch.manual_seed(0)
    x = torch.rand((n, 3, 32, 32), device=device)
    y = torch.randint(0, 10, (n,), device=device)
    xv = torch.rand((n_val, 3, 32, 32), device=device)
    yv = torch.randint(0, 10, (n_val,), device=device)
    layers = []
    for c in (3, 128, 128):
        layers += [nn.Conv2d(c, 128, 3), nn.ReLU()]
    model = nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 10)).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)
    loss = nn.CrossEntropyLoss()

    def epoch():
        model.train()
        perm = torch.randperm(n, device=device)
        for i in range(0, n, 128):
            idx = perm[i : i + 128]
            opt.zero_grad(set_to_none=True)
            loss(model(x[idx]), y[idx]).backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            total = sum(loss(model(xv[i : i + 128]), yv[i : i + 128]).item() for i in range(0, n_val, 128))
        return total

    epoch()
    start = time.monotonic()
    for _ in range(epochs - 1):
        epoch()
    if cuda:
        torch.cuda.synchronize()
    print(f"{n * (epochs - 1) / (time.monotonic() - start):.1f}")


if __name__ == "__main__":
    main()
