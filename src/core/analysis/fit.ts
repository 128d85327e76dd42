/** Will it fit: a warning where the training section's batch needs more memory than the device has. */
import type { PendingDiagnostic } from "../document/diagnostics";
import { msg } from "../messages/format";
import { formatCount } from "../layers/shape";
import { formatBytes, type MemoryEstimate } from "./memory";

/** Warns, at the training section's batch size, when a training step at that batch does not fit the device. */
export function checkFit(memory: MemoryEstimate, rawTraining: unknown, out: PendingDiagnostic[]): void {
  const t = memory.training;
  const device = memory.device;
  if (!device || t.totalBytes === null || t.totalBytes <= device.bytes) return;
  const written = typeof rawTraining === "object" && rawTraining !== null && Object.hasOwn(rawTraining, "batchSize");
  const args = { batch: formatCount(t.batchSize), needed: formatBytes(t.totalBytes), device: formatBytes(device.bytes) };
  const fits = device.largestBatch ?? 0;
  out.push({
    severity: "warning",
    code: "memory",
    message: fits > 0 ? msg("analysis.memoryBatch", { ...args, fits: formatCount(fits) }) : msg("analysis.memoryNone", args),
    path: written ? ["training", "batchSize"] : ["training"],
    anchor: written ? undefined : "key",
  });
}
