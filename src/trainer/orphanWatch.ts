/**
 * The trainer's last guard against outliving its parent: a worker thread that watches the parent process's id
 * and, once the parent is gone and the main thread has not ended the process itself within `graceMs` (its event
 * loop may be busy in a long synchronous step, where the IPC `disconnect` event cannot run), kills the process.
 * A closed VS Code or a killed CLI thus never leaves a trainer running under PID 1.
 */
import { Worker } from "node:worker_threads";

const source = `
const { workerData } = require("node:worker_threads");
const { parent, everyMs, graceMs } = workerData;
let goneAt = 0;
setInterval(() => {
  if (process.ppid === parent) return;
  goneAt ||= Date.now();
  if (Date.now() - goneAt >= graceMs) process.kill(process.pid, "SIGKILL");
}, everyMs);
`;

/** Starts the watch; the worker does not keep the process alive. */
export function watchParent(graceMs = 3000, everyMs = 500): void {
  const worker = new Worker(source, { eval: true, workerData: { parent: process.ppid, everyMs, graceMs } });
  worker.unref();
}
