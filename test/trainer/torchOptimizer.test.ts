/**
 * The pytorch backend's optimizers update every weight with a few multi-tensor operations (torch._foreach_*,
 * training_math.py): a handful of kernel launches a step on a GPU. On the CPU they must give exactly the numbers of
 * the plain per-weight update — written out here as the oracle, rule by rule as tfjs-core states it — for every
 * optimizer, over weights large enough to be split between threads, on 1 and on 2 threads; so a run's weights do
 * not depend on how many threads its processes have (two machines against one with two processes).
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { python, root } from "./trainerHelpers";

const script = String.raw`
import json, math, sys
import torch
sys.path.insert(0, sys.argv[1])
from training_math import EPS, Optimizer

def reference(opt, params, slots, lr, it, acc1, acc2):
    s, t = opt, opt["type"]
    for i, p in enumerate(params):
        g = p.grad
        if t == "sgd":
            if s["momentum"] > 0:
                a = slots["momentum"][i]
                a.mul_(s["momentum"]).add_(g)
                p.sub_(lr * (g + s["momentum"] * a) if s["nesterov"] else lr * a)
            else:
                p.sub_(lr * g)
        elif t == "rmsprop":
            ms, mom = slots["rms"][i], slots["momentum"][i]
            ms.mul_(s["rho"]).add_((1 - s["rho"]) * g * g)
            mom.mul_(s["momentum"]).add_(lr * g / torch.sqrt(ms + s["epsilon"]))
            p.sub_(mom)
        elif t == "adagrad":
            acc = slots["accumulator"][i]
            acc.add_(g * g)
            p.sub_(lr * g / torch.sqrt(acc + EPS))
        elif t == "adadelta":
            ag, au = slots["accum_grad"][i], slots["accum_var"][i]
            update = torch.sqrt(au + s["epsilon"]) / torch.sqrt(ag + s["epsilon"]) * g
            ag.mul_(s["rho"]).add_((1 - s["rho"]) * g * g)
            au.mul_(s["rho"]).add_((1 - s["rho"]) * update * update)
            p.sub_(lr * update)
        elif t == "adam":
            m, v = slots["m"][i], slots["v"][i]
            m.mul_(s["beta1"]).add_((1 - s["beta1"]) * g)
            v.mul_(s["beta2"]).add_((1 - s["beta2"]) * g * g)
            p.sub_(lr * (m / (1 - acc1)) / (torch.sqrt(v / (1 - acc2)) + s["epsilon"]))
        elif t == "adamax":
            m, u = slots["m"][i], slots["v"][i]
            rate = lr / (1 + it * s["decay"])
            m.mul_(s["beta1"]).add_((1 - s["beta1"]) * g)
            torch.maximum(u * s["beta2"], g.abs(), out=u)
            p.sub_(rate / (1 - acc1) * m / (u + s["epsilon"]))

shapes = [(1200, 1000), (3, 3, 32, 64), (128,), (7,)]

def initial():
    torch.manual_seed(0)
    return [torch.randn(s) for s in shapes]

def run(settings, threads, foreach):
    torch.set_num_threads(threads)
    params = initial()
    grads = [[torch.randn(s) * 10 ** -k for s in shapes] for k in range(1, 4)]
    opt = Optimizer(params, settings, [str(i) for i in range(len(params))])
    # The reference keeps its own copy of the slots the optimizer starts from.
    slots = {k: [v.clone() for v in vs] for k, vs in opt.slots.items()}
    acc1, acc2 = settings.get("beta1", 0.0), settings.get("beta2", 0.0)
    for step, gs in enumerate(grads):
        for p, g in zip(params, gs):
            p.grad = g.clone()
        if foreach:
            opt.step(0.01 * (step + 1))
        else:
            with torch.no_grad():
                reference(settings, params, slots, 0.01 * (step + 1), step, acc1, acc2)
            acc1 *= settings.get("beta1", 0.0)
            acc2 *= settings.get("beta2", 0.0)
    return params

out = {}
for settings in json.loads(sys.argv[2]):
    name = settings["type"] + ("-momentum" if settings.get("momentum") else "") + ("-nesterov" if settings.get("nesterov") else "")
    ref = run(settings, 1, False)
    out[name] = {str(t): max((a - b).abs().max().item() for a, b in zip(run(settings, t, True), ref)) for t in (1, 2)}
    out[name]["moved"] = max((a - b).abs().max().item() for a, b in zip(ref, initial()))
print(json.dumps(out))
`;

const optimizers = [
  { type: "sgd", momentum: 0, nesterov: false },
  { type: "sgd", momentum: 0.9, nesterov: false },
  { type: "sgd", momentum: 0.9, nesterov: true },
  { type: "rmsprop", rho: 0.9, momentum: 0.5, epsilon: 1e-7 },
  { type: "adagrad", initialAccumulatorValue: 0.1 },
  { type: "adadelta", rho: 0.95, epsilon: 1e-7 },
  { type: "adam", beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  { type: "adamax", beta1: 0.9, beta2: 0.999, epsilon: 1e-7, decay: 0.01 },
];

describe("the pytorch backend's multi-tensor optimizers", function () {
  this.timeout(300_000);

  it("give exactly the per-weight update's numbers, for every optimizer, on 1 and 2 threads", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-foreach-"));
    writeFileSync(join(dir, "check.py"), script);
    const found = JSON.parse(
      execFileSync(python, [join(dir, "check.py"), join(root, "src", "trainer", "pytorch"), JSON.stringify(optimizers)], {
        encoding: "utf8",
      }),
    ) as Record<string, { "1": number; "2": number; moved: number }>;
    assert.equal(Object.keys(found).length, optimizers.length);
    for (const [name, r] of Object.entries(found)) {
      // The oracle did move the weights (a check that compares nothing passes nothing).
      assert.ok(r.moved > 1e-4, `${name}: the reference moved the weights by ${r.moved}`);
      assert.equal(r["1"], 0, `${name} on 1 thread`);
      assert.equal(r["2"], 0, `${name} on 2 threads`);
    }
  });
});
