"""The pytorch backend's optimizers, losses and metrics (driver.py trains with them).

They compute what the trainer's TensorFlow.js ones compute (tfjs-core and tfjs-layers), so that a run gives the
same numbers, and continues, on either backend: docs/training.md lists where that differs from Keras.
"""

import math

import numpy as np
import torch

EPS = 1e-7  # TF.js' (and Keras') backend epsilon


# --- optimizers: tfjs-core's update rules, element by element (the layout of a tensor does not matter) ---


class Optimizer:
    """One of the trainer's optimizers over `params` (trainable, in the model's weight order)."""

    def __init__(self, params, settings, names):
        self.params = params
        self.s = settings
        self.type = settings["type"]
        self.names = names
        self.iterations = 0
        zeros = lambda: [torch.zeros_like(p) for p in params]
        t = self.type
        self.slots = {}
        if t == "sgd" and settings["momentum"] > 0:
            self.slots["momentum"] = zeros()
        elif t == "rmsprop":
            self.slots["rms"] = zeros()
            self.slots["momentum"] = zeros()
        elif t == "adagrad":
            self.slots["accumulator"] = [torch.full_like(p, settings["initialAccumulatorValue"]) for p in params]
        elif t == "adadelta":
            self.slots["accum_grad"] = zeros()
            self.slots["accum_var"] = zeros()
        elif t in ("adam", "adamax"):
            self.slots["m"] = zeros()
            self.slots["v"] = zeros()
        self.acc_beta1 = settings.get("beta1", 0.0)
        self.acc_beta2 = settings.get("beta2", 0.0)

    @torch.no_grad()
    def step(self, lr):
        """One update of every weight that has a gradient, each rule as a few multi-tensor operations over all of
        them (torch._foreach_*: on a GPU a handful of kernel launches a step, not a dozen a weight). Only products,
        sums, quotients and square roots, each rounded as the per-weight form rounds it: no fused multiply-add,
        whose rounding would differ between a vectorised loop and its tail, and so with the thread count."""
        live = [i for i, p in enumerate(self.params) if p.grad is not None]
        if live:
            slots = {name: [values[i] for i in live] for name, values in self.slots.items()}
            self._update(lr, [self.params[i] for i in live], [self.params[i].grad for i in live], slots)
        self.acc_beta1 *= self.s.get("beta1", 0.0)
        self.acc_beta2 *= self.s.get("beta2", 0.0)
        self.iterations += 1

    def _update(self, lr, P, G, slots):
        s, t, f = self.s, self.type, torch
        if t == "sgd":
            if s["momentum"] > 0:
                A = slots["momentum"]
                f._foreach_mul_(A, s["momentum"])
                f._foreach_add_(A, G)
                if s["nesterov"]:  # p -= lr * (g + momentum * a)
                    U = f._foreach_mul(A, s["momentum"])
                    f._foreach_add_(U, G)
                else:  # p -= lr * a
                    U = A
                f._foreach_sub_(P, f._foreach_mul(U, lr))
            else:
                f._foreach_sub_(P, f._foreach_mul(G, lr))
        elif t == "rmsprop":  # ms = rho ms + (1 - rho) g²; mom = momentum mom + lr g / √(ms + ε); p -= mom
            MS, MOM = slots["rms"], slots["momentum"]
            f._foreach_mul_(MS, s["rho"])
            f._foreach_add_(MS, self._squares(G, 1 - s["rho"]))
            U = f._foreach_mul(G, lr)
            f._foreach_div_(U, self._roots(MS, s["epsilon"]))
            f._foreach_mul_(MOM, s["momentum"])
            f._foreach_add_(MOM, U)
            f._foreach_sub_(P, MOM)
        elif t == "adagrad":  # acc += g²; p -= lr g / √(acc + ε)
            ACC = slots["accumulator"]
            f._foreach_add_(ACC, f._foreach_mul(G, G))
            U = f._foreach_mul(G, lr)
            f._foreach_div_(U, self._roots(ACC, EPS))
            f._foreach_sub_(P, U)
        elif t == "adadelta":
            AG, AU = slots["accum_grad"], slots["accum_var"]
            # As tfjs-core: the update uses the accumulated gradient before this step's.
            update = self._roots(AU, s["epsilon"])
            f._foreach_div_(update, self._roots(AG, s["epsilon"]))
            f._foreach_mul_(update, G)
            f._foreach_mul_(AG, s["rho"])
            f._foreach_add_(AG, self._squares(G, 1 - s["rho"]))
            f._foreach_mul_(AU, s["rho"])
            f._foreach_add_(AU, self._squares(update, 1 - s["rho"]))
            f._foreach_sub_(P, f._foreach_mul(update, lr))
        elif t == "adam":  # p -= lr m̂ / (√v̂ + ε), m̂ = m / (1 - β₁ᵗ), v̂ = v / (1 - β₂ᵗ)
            M, V = slots["m"], slots["v"]
            f._foreach_mul_(M, s["beta1"])
            f._foreach_add_(M, f._foreach_mul(G, 1 - s["beta1"]))
            f._foreach_mul_(V, s["beta2"])
            f._foreach_add_(V, self._squares(G, 1 - s["beta2"]))
            U = f._foreach_div(M, 1 - self.acc_beta1)
            f._foreach_mul_(U, lr)
            D = f._foreach_div(V, 1 - self.acc_beta2)
            f._foreach_sqrt_(D)
            f._foreach_add_(D, s["epsilon"])
            f._foreach_div_(U, D)
            f._foreach_sub_(P, U)
        elif t == "adamax":  # u = max(β₂ u, |g|); p -= rate / (1 - β₁ᵗ) · m / (u + ε)
            M, UU = slots["m"], slots["v"]
            rate = lr / (1 + self.iterations * s["decay"])
            f._foreach_mul_(M, s["beta1"])
            f._foreach_add_(M, f._foreach_mul(G, 1 - s["beta1"]))
            for u, b, a in zip(UU, f._foreach_mul(UU, s["beta2"]), f._foreach_abs(G)):
                torch.maximum(b, a, out=u)
            U = f._foreach_mul(M, rate / (1 - self.acc_beta1))
            f._foreach_div_(U, f._foreach_add(UU, s["epsilon"]))
            f._foreach_sub_(P, U)

    @staticmethod
    def _squares(G, scale):
        """scale · g · g, rounded as `scale * g * g` is."""
        T = torch._foreach_mul(G, scale)
        torch._foreach_mul_(T, G)
        return T

    @staticmethod
    def _roots(X, epsilon):
        """√(x + ε) of each tensor."""
        R = torch._foreach_add(X, epsilon)
        torch._foreach_sqrt_(R)
        return R

    def load(self, entries, to_torch):
        """Goes on from a checkpoint's variables (tfjs' names, Keras' layout): `to_torch(index, value)` lays one out."""
        for name, value in entries:
            if name == "iter":
                self.iterations = int(value)
                self.acc_beta1 = self.s.get("beta1", 0.0) ** (self.iterations + 1)
                self.acc_beta2 = self.s.get("beta2", 0.0) ** (self.iterations + 1)
            elif name == "accBeta1":
                self.acc_beta1 = float(value)
            else:
                weight, slot = name.rsplit("/", 1)
                i = self.names.index(weight)
                self.slots[slot][i].copy_(to_torch(i, value))

    def state(self):
        """The variables as tfjs names them: `iter`, then each slot of every weight (`conv2d/kernel/m`)."""
        out = [("iter", np.array(self.iterations, dtype=np.int32), None)]
        if self.type == "adamax":
            out.append(("accBeta1", np.array(self.acc_beta1, dtype=np.float32), None))
        for slot, values in self.slots.items():
            for i, v in enumerate(values):
                out.append((f"{self.names[i]}/{slot}", v, i))
        return out


# --- losses and metrics: tfjs-layers', per sample, averaged over the batch ---


def clip(x, lo, hi=None):
    return torch.clamp(x, min=lo, max=hi)


def categorical_ce(t, p):
    p = clip(p / p.sum(-1, keepdim=True), EPS, 1 - EPS)
    return -(t * torch.log(p)).sum(-1)


def binary_ce(t, p):
    z = torch.log((lambda y: y / (1 - y))(clip(p, EPS, 1 - EPS)))
    return (torch.relu(z) - z * t + torch.log1p(torch.exp(-z.abs()))).mean(-1)


def l2_normalize(x):
    return x / torch.sqrt(clip((x * x).sum(-1, keepdim=True), EPS))


LOSSES = {
    "categoricalCrossentropy": categorical_ce,
    "sparseCategoricalCrossentropy": lambda t, p: categorical_ce(
        torch.nn.functional.one_hot(t.reshape(-1).floor().long(), p.shape[-1]).to(p.dtype), clip(p, EPS, 1 - EPS)
    ),
    "binaryCrossentropy": binary_ce,
    "meanSquaredError": lambda t, p: ((p - t) ** 2).mean(-1),
    "meanAbsoluteError": lambda t, p: (p - t).abs().mean(-1),
    "meanAbsolutePercentageError": lambda t, p: 100 * ((t - p) / clip(t.abs(), EPS)).abs().mean(-1),
    "meanSquaredLogarithmicError": lambda t, p: ((torch.log(1 + clip(p, EPS)) - torch.log(1 + clip(t, EPS))) ** 2).mean(-1),
    "hinge": lambda t, p: torch.relu(1 - t * p).mean(-1),
    "squaredHinge": lambda t, p: (torch.relu(1 - t * p) ** 2).mean(-1),
    "categoricalHinge": lambda t, p: torch.relu(1 + ((1 - t) * p).max(-1).values - (t * p).sum(-1)),
    "logcosh": lambda t, p: ((p - t) + torch.nn.functional.softplus(-2 * (p - t)) - math.log(2)).mean(-1),
    "kullbackLeiblerDivergence": lambda t, p: (t * torch.log(clip(t, EPS, 1) / clip(p, EPS, 1))).sum(-1),
    "poisson": lambda t, p: (p - t * torch.log(p + EPS)).mean(-1),
    "cosineProximity": lambda t, p: -(l2_normalize(t) * l2_normalize(p)).sum(-1),
}


def precision_recall(t, p, recall):
    hit = (t == 1) & (p > 0.5)
    other = (t == 1) & (p <= 0.5) if recall else (t == 0) & (p > 0.5)
    tp, wrong = hit.sum().float(), other.sum().float()
    return torch.where(tp + wrong > 0, tp / torch.clamp(tp + wrong, min=1), torch.zeros_like(tp))


METRICS = {
    "binaryAccuracy": lambda t, p: (t == (p > 0.5).to(t.dtype)).float().mean(-1).mean(),
    "categoricalAccuracy": lambda t, p: (t.argmax(-1) == p.argmax(-1)).float().mean(),
    "sparseCategoricalAccuracy": lambda t, p: (t.reshape(-1) == p.argmax(-1).to(t.dtype)).float().mean(),
    "precision": lambda t, p: precision_recall(t, p, False),
    "recall": lambda t, p: precision_recall(t, p, True),
    "meanSquaredError": lambda t, p: LOSSES["meanSquaredError"](t, p).mean(),
    "meanAbsoluteError": lambda t, p: LOSSES["meanAbsoluteError"](t, p).mean(),
}


def loss_function(name, smoothing):
    base = LOSSES[name]
    if smoothing == 0:
        return lambda t, p: base(t, p).mean()
    if name == "binaryCrossentropy":
        return lambda t, p: base(t * (1 - smoothing) + smoothing / 2, p).mean()
    return lambda t, p: base(t * (1 - smoothing) + smoothing / t.shape[-1], p).mean()
