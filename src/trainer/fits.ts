/** Will the run's training step fit the memory of the device it runs on: said before any tensor is allocated. */
import { freemem, totalmem } from "node:os";
import { analyze, byteSize, type Message } from "../core";
import { grouped, msg, say } from "./say";
import type { SelectedBackend } from "./backends";
import { UsageProblem } from "./fitData";

/**
 * The engine knows the sizes: a step that cannot fit in the memory of the device it would run on is said before
 * any tensor is allocated — not as "Invalid typed array length", a CUDA out-of-memory error or the system's
 * out-of-memory killer minutes later. The step is the largest the run takes (the batch size, or the training
 * samples where fewer). On the pytorch backend PyTorch's step is sized against the GPU's memory (a process's share
 * of the batch on each), else the machine's (every process's weights there); on the others, tfjs' step against the
 * machine's memory. The refusal names the largest batch that fits. A step that fits the machine's memory but not
 * what is free of it (`free`: MemAvailable on Linux) is run, with a note for the log.
 */
export function checkFits(
  text: string,
  selected: SelectedBackend,
  processes: number,
  batchSize: number,
  samples: number,
  free: number = freemem(),
): Message | undefined {
  const torch = selected.torch;
  const onGpu = torch !== undefined && torch.device.startsWith("cuda");
  const step = Math.max(1, Math.min(batchSize, samples));
  const batch = onGpu ? Math.ceil(step / processes) : step;
  const room = torch ? torch.memory : totalmem();
  const memory = analyze(text, { batchSize: batch, deviceMemoryBytes: room }).memory;
  const m = torch ? memory.pytorch : memory.training;
  const fixed = m.weightBytes + m.gradientBytes + m.optimizerStateBytes;
  const copies = torch && !onGpu ? processes : 1;
  const needed = (m.totalBytes ?? fixed) + (copies - 1) * fixed;
  // It fits the machine, but not what other programs leave free now (MemAvailable): the system may swap or stop it.
  if (needed <= room)
    return !onGpu && needed > free
      ? msg("run.memoryTight", {
          needed: byteSize(needed),
          trainer: torch ? "PyTorch" : "tfjs",
          free: byteSize(free),
          total: byteSize(room),
        })
      : undefined;
  const trainer = torch ? "PyTorch" : "tfjs";
  const at = onGpu && processes > 1 ? msg("trainer.shareOf", { batch: grouped(batch), step: grouped(step) }) : grouped(batch);
  const where = onGpu ? msg("trainer.gpuMemory", { size: byteSize(room) }) : msg("trainer.machineMemory", { size: byteSize(room) });
  const fits = processes === 1 ? (torch ? memory.device?.largestBatch : memory.device?.tfjsLargestBatch) : null;
  const args = { needed: byteSize(needed), trainer, optimizer: m.optimizer, batch: at, where };
  throw new UsageProblem(say(fits ? msg("trainer.memoryFits", { ...args, fits: grouped(fits) }) : msg("trainer.memory", args)));
}
