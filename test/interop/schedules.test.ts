import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { learningRateAt, type Schedule } from "../../src/core";
import { python } from "./tools";

/** One schedule, the PyTorch scheduler that should give the same rates, and the steps compared. */
interface Case {
  readonly schedule: Schedule;
  readonly torch: string;
  readonly steps: number;
}

const lr = 0.02;
/** The run's length, for schedules without decaySteps. */
const totalSteps = 40;
const cases: Case[] = [
  {
    schedule: { type: "cosineDecay", decaySteps: 50, alpha: 0.1 },
    torch: `CosineAnnealingLR(opt, T_max=50, eta_min=${0.1 * lr})`,
    steps: 50,
  },
  { schedule: { type: "cosineDecay", decaySteps: null, alpha: 0 }, torch: `CosineAnnealingLR(opt, T_max=${totalSteps})`, steps: 40 },
  {
    schedule: { type: "exponentialDecay", decaySteps: 10, decayRate: 0.5, staircase: true },
    torch: "StepLR(opt, step_size=10, gamma=0.5)",
    steps: 60,
  },
  {
    schedule: { type: "exponentialDecay", decaySteps: 10, decayRate: 0.5, staircase: false },
    torch: "ExponentialLR(opt, gamma=0.5 ** 0.1)",
    steps: 60,
  },
  {
    schedule: { type: "polynomialDecay", decaySteps: 30, endLearningRate: 0, power: 2, cycle: false },
    torch: "PolynomialLR(opt, total_iters=30, power=2)",
    steps: 45,
  },
  {
    schedule: { type: "polynomialDecay", decaySteps: null, endLearningRate: 0.005, power: 1, cycle: false },
    torch: `LinearLR(opt, start_factor=1, end_factor=${0.005 / lr}, total_iters=${totalSteps})`,
    steps: 50,
  },
];

/** The learning rate PyTorch's scheduler gives before each of `steps + 1` optimizer steps. */
const script = `
import json, sys, torch
cases = json.loads(sys.argv[1])
for c in cases:
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=${lr})
    s = eval("torch.optim.lr_scheduler." + c["torch"])
    rates = []
    for _ in range(c["steps"] + 1):
        rates.append(opt.param_groups[0]["lr"]); opt.step(); s.step()
    print(json.dumps(rates))
`;

describe("learning-rate schedules against PyTorch's schedulers", () => {
  it("cosine, exponential (continuous and staircase) and polynomial decay give PyTorch's rates at every step", () => {
    const out = execFileSync(python, ["-c", script, JSON.stringify(cases)], { encoding: "utf8" })
      .trim()
      .split("\n");
    assert.equal(out.length, cases.length);
    cases.forEach((c, i) => {
      const torch = JSON.parse(out[i]) as number[];
      const ours = torch.map((_, step) => learningRateAt(c.schedule, lr, step, totalSteps));
      const worst = Math.max(...ours.map((v, k) => Math.abs(v - torch[k]) / lr));
      assert.ok(worst < 1e-9, `${c.schedule.type}: ${ours.slice(0, 5)} vs ${torch.slice(0, 5)} (worst ${worst})`);
      // The schedule moves: a constant rate would not pass.
      assert.ok(Math.min(...ours) < lr / 2, c.schedule.type);
    });
  });
});
