/**
 * The typed, versioned protocol between a training client (the extension host or the CLI) and the trainer
 * child process, over Node's IPC channel: types, and the constants both ends read (`as const` data, no logic). The CLI's `train --json` prints the trainer's events,
 * one JSON object per line.
 */

import type { Message } from "../core";

/** Bumped on any incompatible change; the trainer refuses a `start` naming another version. */
export const trainerProtocolVersion = 1 as const;

/** The protocol version a client and the trainer speak. */
export type TrainerProtocolVersion = typeof trainerProtocolVersion;

/**
 * The backends, fastest first: the order the trainer tries them in (except that PyTorch without a GPU comes after
 * tensorflow-gpu), and the names a user may force.
 */
export const backendNames = ["pytorch", "tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;

/** A training backend. */
export type BackendName = (typeof backendNames)[number];

/** Client → trainer: train the model in `modelText` (read from `modelPath`). */
export interface StartRequest {
  readonly type: "start";
  readonly protocolVersion: TrainerProtocolVersion;
  /** Absolute path of the model file: dataset paths and the runs folder are relative to its folder. */
  readonly modelPath: string;
  /** The model file's text as the client saw it (an unsaved editor buffer is trained as shown). */
  readonly modelText: string;
  /** Overrides the training section's epochs. */
  readonly epochs?: number;
  /** Use only the first N samples of the dataset (quick checks). */
  readonly samples?: number;
  /** Forces a backend instead of the fastest that works. */
  readonly backend?: BackendName;
  /** Extra folders where `@tensorflow/tfjs-node-gpu` / `-node` may be installed (the extension's storage, a setting). */
  readonly modulePaths?: readonly string[];
  /** Where run folders go (default: `.cnn-runs` beside the model). */
  readonly runsDir?: string;
  /** The Python interpreter of the pytorch backend (default: CNN_DESIGNER_PYTHON, else python3 on PATH). */
  readonly python?: string;
  /** The CUDA device the pytorch backend trains on (default: the first that CUDA_VISIBLE_DEVICES leaves). */
  readonly gpu?: number;
  /**
   * A run folder (absolute, or relative to the model's folder) to resume from its last checkpoint: its own model
   * text is trained, in the same folder, up to `epochs` (default: the run's).
   */
  readonly resume?: string;
  /**
   * Trains with torch.distributed on the pytorch backend: torchrun starts this many processes on this machine (one per
   * GPU, or CPU processes sharing the cores over gloo), each taking its share of every batch.
   */
  readonly distribute?: number;
  /**
   * With `distribute`, a run across machines: each runs the same request with its own processes; they meet at
   * `endpoint` (HOST:PORT, torchrun's c10d rendezvous) under the job's `id`. The machine that holds rank 0 (or that
   * resumes the run) writes the run; on the others the end event has no run folder.
   */
  readonly machines?: { readonly count: number; readonly endpoint: string; readonly id?: string };
  /** The language of the log's own lines (`es`, `en-US` …: VS Code's display language, or the CLI's locale); English by default. */
  readonly language?: string;
}

/**
 * Client → trainer: stop at the end of the current batch, keep what was trained, evaluate, write the run, exit.
 * With `now` (a second Ctrl+C): the same without the evaluation, as soon as the trainer can act.
 */
export interface StopRequest {
  readonly type: "stop";
  readonly now?: boolean;
}

/** Client → trainer. */
export type TrainerRequest = StartRequest | StopRequest;

/** A backend that was tried and passed over, and why. */
export interface SkippedBackend {
  readonly backend: BackendName;
  readonly reason: string;
}

/** Training began: the backend chosen and why the faster ones were skipped. */
export interface StartEvent {
  readonly type: "start";
  readonly protocolVersion: TrainerProtocolVersion;
  readonly backend: BackendName;
  /** The device in words ("CPU: 2 × AMD EPYC …, WebAssembly SIMD"). */
  readonly device: string;
  readonly skipped: readonly SkippedBackend[];
  /** Samples in each part. */
  readonly split: { readonly train: number; readonly validation: number; readonly test: number };
  readonly epochs: number;
  readonly batchesPerEpoch: number;
  readonly runDir: string;
  /** Set when the run resumes from a checkpoint: its epoch (the run folder's metrics up to it are the run's so far). */
  readonly resumedFrom?: number;
}

/** A line of the run's log (the summary, the backend, Keras-style epoch lines). */
export interface LogEvent {
  readonly type: "log";
  readonly line: string;
}

/** One batch done. `logs` holds the loss and metrics of that batch. */
export interface BatchEndEvent {
  readonly type: "batchEnd";
  /** 1-based. */
  readonly epoch: number;
  /** 1-based within the epoch. */
  readonly batch: number;
  readonly batches: number;
  readonly logs: Readonly<Record<string, number>>;
}

/** One epoch done: its mean training logs and the validation logs (`val_…`). */
export interface EpochEndEvent {
  readonly type: "epochEnd";
  /** 1-based. */
  readonly epoch: number;
  readonly epochs: number;
  readonly logs: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly msPerStep: number;
  /** Set on the epoch a Stop request ended: training is over, evaluation and saving follow (no hard kill now). */
  readonly stopping?: true;
}

/** Training finished (or was stopped): the test evaluation and where the run was written. */
export interface EndEvent {
  readonly type: "end";
  /** The held-out test set's loss and metrics; null when there is no test set. */
  readonly test: Readonly<Record<string, number>> | null;
  readonly runDir: string;
  /** True when a Stop request (or early stopping) ended training before the last epoch. */
  readonly stopped: boolean;
  /** "stop request", "early stopping (val_loss did not improve for 3 epochs)", or null. */
  readonly stopReason: string | null;
  readonly epochsRun: number;
  readonly samplesPerSecond: number;
}

/**
 * On a machine of a run across machines that does not write it, once the machines have met: this machine's ranks,
 * and the host whose trainer writes the run. (Instead of the start event, which comes on that host alone.)
 */
export interface MemberEvent {
  readonly type: "member";
  /** The first of this machine's ranks, and how many it runs. */
  readonly first: number;
  readonly ranks: number;
  /** Ranks in all, and machines. */
  readonly processes: number;
  readonly machines: number;
  /** The host whose trainer writes the run. */
  readonly lead: string;
}

/**
 * A run across machines ended well on a machine that did not write it: the trainer on `lead` wrote it and has its
 * results. (Instead of the end event; the start event never came here.)
 */
export interface MemberEndEvent {
  readonly type: "memberEnd";
  /** The host whose trainer wrote the run. */
  readonly lead: string;
  /** A Stop (given here or elsewhere) ended training early. */
  readonly stopped: boolean;
}

/** Training could not start or failed. `usage` is true for a model or dataset the user must fix. */
export interface ErrorEvent {
  readonly type: "error";
  readonly message: string;
  readonly usage: boolean;
  /** Set when a Stop ended the run before training began (while the data loaded): nothing was trained or written. */
  readonly stopped?: true;
}

/** Trainer → client. */
export type TrainerEvent = StartEvent | LogEvent | BatchEndEvent | EpochEndEvent | EndEvent | MemberEvent | MemberEndEvent | ErrorEvent;

/** One backend as the environment check (`cnn-designer doctor`, Check Training Environment) finds it. */
export interface BackendCheck {
  readonly backend: BackendName;
  readonly works: boolean;
  /** The device and versions it would train with, or why it cannot run (the client words it in its language). */
  readonly detail: Message;
  /** What to do: why it cannot run, or why it runs below what this machine has; null when there is nothing to do. */
  readonly fix: Message | null;
}

/** The environment check's findings, in the order backends are tried. */
export interface EnvironmentReport {
  readonly backends: readonly BackendCheck[];
  /** The backend a run would use now. */
  readonly chosen: BackendName | null;
  /** The Python interpreter probed for the pytorch backend. */
  readonly python: string;
  /** What `nvidia-smi` says of each GPU (name, driver, memory, compute capability), or why it says nothing. */
  readonly nvidiaSmi: readonly string[] | Message;
  /** The GPU a run would train on and its memory (from torch, else nvidia-smi); null without one. */
  readonly gpu: { readonly name: string; readonly memoryBytes: number } | null;
  readonly node: string;
  readonly platform: string;
}
