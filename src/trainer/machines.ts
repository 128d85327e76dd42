/**
 * A run across machines (`train --distribute --nnodes N --rdzv-endpoint HOST:PORT` on each): every machine's
 * trainer prepares the same run and starts its ranks, which meet at torchrun's rendezvous. Only then is it known
 * which machine leads: the one that holds rank 0 (or resumes the run). Its trainer goes on as for any run and writes
 * the run folder; on the others the trainer says which ranks it has, passes a Stop on, and waits for them to end.
 */
import type { TrainerEvent } from "../protocol/trainer";
import type { StopSignal } from "./fit";
import { startTorch, type TorchHolder } from "./fitOn";
import type { Prepared } from "./prepare";
import { StoppedEarly } from "./prepare";
import { TorchFailure } from "./pytorch/fitTorch";
import { joinMinutes } from "./pytorch/launching";
import { msg, say } from "./say";

/**
 * Starts the ranks of this machine and waits for the others: "lead" when this machine's trainer writes the run,
 * "member" once this machine's ranks ended well (the end event said), a failure thrown otherwise.
 */
export async function joinMachines(
  p: Prepared,
  stop: StopSignal,
  emit: (e: TrainerEvent) => void,
  log: (line: string) => void,
  holder: TorchHolder,
): Promise<"lead" | "member"> {
  const m = p.machines;
  if (!m) return "lead";
  log(
    `Waiting for ${m.count} machines at ${m.endpoint} (rendezvous '${m.id}'), ${p.distribute} process${p.distribute === 1 ? "" : "es"} on this one; the others have ${joinMinutes} minutes to join…`,
  );
  const session = startTorch(p, holder, p.driverDir);
  // A Stop before the machines have met ends this machine's part at once (the others' rendezvous then waits for
  // another machine, or times out).
  const waiting = setInterval(() => {
    if (stop.stopRequested) session.kill();
  }, 100);
  let first;
  try {
    first = await session.peek();
  } finally {
    clearInterval(waiting);
  }
  if (stop.stopRequested && first.type === "error") throw new StoppedEarly(say(msg("trainer.stoppedWaiting")));
  if (first.type === "error") throw new TorchFailure(first.message, first.kind, first.own);
  if (first.type !== "member") return "lead";
  emit({ type: "member", first: first.first, ranks: first.ranks, processes: first.processes, machines: first.machines, lead: first.lead });
  const last = first.first + first.ranks - 1;
  const where = { first: first.first, processes: first.processes, machines: first.machines, lead: first.lead };
  log(say(first.ranks > 1 ? msg("trainer.memberRanks", { ...where, last }) : msg("trainer.memberRank", where)));
  // A Stop here reaches every rank: the group agrees on it with the batch logs.
  let told = false;
  const forward = setInterval(() => {
    if (stop.stopRequested && !told) session.send({ cmd: "stop" });
    told ||= stop.stopRequested;
  }, 50);
  try {
    const failure = await session.memberEnd();
    if (failure) throw new TorchFailure(failure.message, failure.kind, failure.own);
  } finally {
    clearInterval(forward);
  }
  log(say(msg("run.ranksFinished", { lead: first.lead })));
  emit({ type: "memberEnd", lead: first.lead, stopped: told });
  return "member";
}
