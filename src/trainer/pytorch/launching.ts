/**
 * How the pytorch backend's driver is launched: the weights it starts from, as a file, and torchrun's options for
 * a distributed run, on one machine or meeting others.
 */
import type { Tf } from "../backends";

/** The model's weights as driver.py reads them: float32, in the model's order (the run folder's weights.bin). */
export function weightsBytes(model: ReturnType<Tf["model"]>): Buffer {
  // getWeights hands out the model's own variables: read, never disposed here.
  const data = model.getWeights().map((v) => v.dataSync() as Float32Array);
  return Buffer.concat(data.map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength)));
}

/** A distributed run across machines, as torchrun's options give it. */
export interface Machines {
  readonly count: number;
  /** HOST:PORT of the rendezvous, the same on every machine. */
  readonly endpoint: string;
  /** The job's id, the same on every machine. */
  readonly id: string;
}

/** How long the machines of a run wait at the rendezvous for the others (torchrun's join timeout). */
export const joinMinutes = 10;

/** torchrun's options for `processes` on this machine: alone (--standalone), or meeting the other machines. */
export function torchrunOptions(processes: number, machines: Machines | null): string[] {
  const where = machines
    ? [
        "--nnodes",
        String(machines.count),
        "--rdzv_backend",
        "c10d",
        "--rdzv_endpoint",
        machines.endpoint,
        "--rdzv_id",
        machines.id,
        "--rdzv_conf",
        `join_timeout=${joinMinutes * 60}`,
      ]
    : ["--standalone", "--nnodes", "1"];
  // (Underscores: torch 1.x's torchrun knows no other spelling. Its agent looks at its ranks every second rather
  // than every 5: it ends sooner after them, and says sooner that one failed.)
  return [...where, "--nproc_per_node", String(processes), "--monitor_interval", "1"];
}
