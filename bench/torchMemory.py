"""PyTorch's CUDA allocator peak during a training step, against CNN Designer's training-memory estimates.

Run by bench/deviceCheck.sh on a GPU machine (no Node needed here, only what it hands over):

    python3 bench/torchMemory.py CASES.json [OUT.json]

CASES.json lists {"name", "module", "batch", "estimate", "torch"}: a model exported by `cnn-designer export
--format pytorch`, the batch size, and `summary --json --batch-size N`'s `memory.training` (the tfjs trainer's
step) and `memory.pytorch` (the pytorch backend's) for it. Each case trains as the pytorch backend does (driver.py's
settings: cuDNN's autotuner and TF32; its optimizer and loss from training_math.py, Adam, categorical
cross-entropy): a first step allocates the optimizer's state and lets cuDNN choose its algorithms, then the
allocator's peak is read over a second step. `torch.cuda.max_memory_allocated` counts every tensor and cuDNN's
workspace (they come from the caching allocator), not cached-but-free blocks nor the CUDA context.

Then the question the estimate answers, asked of the GPU: each case runs again in a fresh process whose allocator
may use no more than the pytorch estimate (`torch.cuda.set_per_process_memory_fraction`): does the step fit?
"""

import importlib.util
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "dist", "pytorch"))
from training_math import Optimizer, loss_function  # noqa: E402

ADAM = {"type": "adam", "learningRate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-7}
MB = 1e6


def load(path):
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(case, device):
    """Bytes held before the second step, after its forward pass (what autograd keeps, the loss computed), and the
    allocator's peak during it."""
    module = load(case["module"])
    torch.manual_seed(0)
    model = module.build_model().to(device).train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = Optimizer(params, ADAM, [str(i) for i in range(len(params))])
    loss_fn = loss_function("categoricalCrossentropy", 0)
    n = case["batch"]
    x = torch.rand((n, *module.INPUT_SHAPE), device=device)
    with torch.no_grad():
        classes = model.eval()(x[:1]).shape[-1]
    model.train()
    y = torch.nn.functional.one_hot(torch.randint(0, classes, (n,), device=device), classes).float()
    forward = []

    def step():
        for p in params:
            p.grad = None  # as driver.py: the gradients are allocated by each step's backward
        loss = loss_fn(y, model(x))
        if device.type == "cuda":
            forward.append(torch.cuda.memory_allocated(device))
        loss.backward()
        optimizer.step(ADAM["learningRate"])

    step()
    if device.type != "cuda":  # a dry run of the code on a machine without a GPU: no allocator to read
        step()
        return 0, 0, 0
    torch.cuda.synchronize(device)
    torch.cuda.reset_peak_memory_stats(device)
    before = torch.cuda.memory_allocated(device)
    step()
    torch.cuda.synchronize(device)
    return before, forward[-1], torch.cuda.max_memory_allocated(device)


def configure(autotune=True):
    torch.backends.cudnn.benchmark = autotune
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True


def fits(case_json):
    """In this fresh process: two steps with the allocator held to the pytorch estimate. 'fits' or why not."""
    case = json.loads(case_json)
    device = torch.device("cuda")
    configure()
    total = torch.cuda.get_device_properties(device).total_memory
    torch.cuda.set_per_process_memory_fraction(min(1.0, case["torch"]["totalBytes"] / total), device)
    try:
        measure(case, device)
        return "fits"
    except torch.cuda.OutOfMemoryError:
        return "out of memory"


def main():
    if sys.argv[1] == "--fits":
        print(fits(sys.argv[2]))
        return
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    cuda = torch.cuda.is_available()
    device = torch.device("cuda" if cuda else "cpu")
    if cuda:  # the CUDA context and libraries: in use on the device, outside the allocator
        torch.zeros(1, device=device)
        torch.backends.cudnn.version()
        free, total = torch.cuda.mem_get_info(device)
        print(f"CUDA context and libraries outside the allocator: {(total - free - torch.cuda.memory_reserved(device)) / MB:.1f} MB")
    head = f"{'model':<18}{'batch':>6}{'tfjs est':>10}{'torch est':>11}{'measured':>10}{'est/meas':>9}{'no autotune':>12}{'est/meas':>9}{'held':>9}{'kept':>9}{'step':>9}"
    print(head + "   (MB)")
    rows = []
    for case in cases:
        try:
            configure(True)
            before, forward, peak = measure(case, device)
            if cuda:
                torch.cuda.empty_cache()
            configure(False)
            plain = measure(case, device)[2]
        except Exception as e:  # one model that fails leaves the others' figures
            print(f"{case['name']:<18}{case['batch']:>6}  failed: {type(e).__name__}: {str(e)[:200]}")
            continue
        finally:
            if cuda:
                torch.cuda.empty_cache()
        est, mine = case["estimate"]["totalBytes"], case["torch"]["totalBytes"]
        print(
            f"{case['name']:<18}{case['batch']:>6}{est / MB:>10.1f}{mine / MB:>11.1f}{peak / MB:>10.1f}{mine / max(peak, 1):>9.2f}"
            f"{plain / MB:>12.1f}{mine / max(plain, 1):>9.2f}{before / MB:>9.1f}{(forward - before) / MB:>9.1f}{(peak - before) / MB:>9.1f}"
        )
        rows.append({**case, "heldBytes": before, "afterForwardBytes": forward, "peakBytes": peak, "plainPeakBytes": plain})
    if cuda:
        print("Does a step fit in the pytorch estimate? (a fresh process each, its allocator held to it)")

        def ask(case):
            r = subprocess.run([sys.executable, __file__, "--fits", json.dumps(case)], capture_output=True, text=True, timeout=300)
            return r.stdout.strip().splitlines()[-1] if r.returncode == 0 and r.stdout.strip() else f"failed: {r.stderr.strip()[-300:]}"

        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(ask, cases))
        for case, answer in zip(cases, answers):
            print(f"{case['name']:<18}{case['batch']:>6}{case['torch']['totalBytes'] / MB:>11.1f} MB: {answer}")
            for r in rows:
                if r["name"] == case["name"] and r["batch"] == case["batch"]:
                    r["fitsEstimate"] = answer
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
