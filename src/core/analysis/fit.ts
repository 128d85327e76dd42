/** Will it fit: a warning where the training section's batch needs more memory than the device has. */
import type { PendingDiagnostic } from "../document/diagnostics";
import { byteSize, grouped, msg } from "../messages/format";
import type { MemoryEstimate } from "./memory";

/** Warns, at the training section's batch size, when a training step at that batch does not fit the device. */
export function checkFit(memory: MemoryEstimate, rawTraining: unknown, out: PendingDiagnostic[]): void {
  // The device is a GPU: PyTorch's step is the one it runs (the pytorch backend).
  const t = memory.pytorch;
  const device = memory.device;
  if (!device || t.totalBytes === null || t.totalBytes <= device.bytes) return;
  const written = typeof rawTraining === "object" && rawTraining !== null && Object.hasOwn(rawTraining, "batchSize");
  const args = { batch: grouped(t.batchSize), needed: byteSize(t.totalBytes), device: byteSize(device.bytes) };
  const fits = device.largestBatch ?? 0;
  out.push({
    severity: "warning",
    code: "memory",
    message: fits > 0 ? msg("analysis.memoryBatch", { ...args, fits: grouped(fits) }) : msg("analysis.memoryNone", args),
    path: written ? ["training", "batchSize"] : ["training"],
    anchor: written ? undefined : "key",
  });
}
