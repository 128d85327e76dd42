/** Will it fit: a warning where the training section's batch needs more memory than the device has. */
import type { PendingDiagnostic } from "../document/diagnostics";
import { byteSize, grouped, msg } from "../messages/format";
import { formatBytes } from "../messages/units";
import type { MemoryEstimate } from "./memory";

/**
 * Warns, at the training section's batch size, when a training step at that batch does not fit the device. (A
 * batch the caller chose instead, such as `summary --batch-size`, is not the file's to warn at.)
 */
export function checkFit(memory: MemoryEstimate, rawTraining: unknown, out: PendingDiagnostic[]): void {
  // The device is a GPU: PyTorch's step is the one it runs (the pytorch backend).
  const t = memory.pytorch;
  const device = memory.device;
  if (!device || t.totalBytes === null || t.totalBytes <= device.bytes) return;
  const written = typeof rawTraining === "object" && rawTraining !== null && Object.hasOwn(rawTraining, "batchSize");
  // Sizes that round to the same figure (16.00 GB against 16.00 GB) are written to the byte.
  const close = formatBytes(t.totalBytes) === formatBytes(device.bytes);
  const size = (bytes: number) => (close ? msg("analysis.exactBytes", { bytes: grouped(bytes) }) : byteSize(bytes));
  const args = { batch: grouped(t.batchSize), needed: size(t.totalBytes), device: size(device.bytes) };
  const fits = device.largestBatch ?? 0;
  out.push({
    severity: "warning",
    code: "memory",
    message: fits > 0 ? msg("analysis.memoryBatch", { ...args, fits: grouped(fits) }) : msg("analysis.memoryNone", args),
    path: written ? ["training", "batchSize"] : ["training"],
    anchor: written ? undefined : "key",
  });
}
