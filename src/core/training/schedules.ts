/**
 * Learning-rate schedules, as `keras.optimizers.schedules` defines them: their parameters (which drive the
 * reading, the diagnostics and the JSON Schema) and the rate each gives at a step.
 */
import type { JsonPath, PendingDiagnostic } from "../document/diagnostics";
import type { ParamSpecs } from "../document/params";
import { briefValue } from "../document/readParam";
import { didYouMean, didYouMeanHint } from "../document/suggest";
import { isObject, readFields } from "./trainingFields";
import { joined, msg, parameterDoc } from "../messages/format";

const decaySteps = {
  kind: "int",
  min: 1,
  default: null,
  doc: "Steps (batches) the schedule spans; the whole run (epochs × batches per epoch) when omitted.",
} as const;

/** Schedules and their parameters (Keras' names in camelCase, Keras' defaults). */
export const scheduleSpecs = {
  cosineDecay: {
    decaySteps,
    alpha: { kind: "float", min: 0, max: 1, default: 0, doc: "The floor, as a fraction of the initial learning rate." },
  },
  exponentialDecay: {
    decaySteps,
    decayRate: { kind: "float", min: 0, exclusiveMin: true, required: true, example: 0.96, doc: "Factor per decaySteps steps." },
    staircase: { kind: "bool", default: false, doc: "Decay in whole steps of decaySteps instead of continuously." },
  },
  polynomialDecay: {
    decaySteps,
    endLearningRate: { kind: "float", min: 0, default: 0.0001, doc: "The rate reached after decaySteps." },
    power: { kind: "float", min: 0, exclusiveMin: true, default: 1, doc: "The polynomial's power; 1 is a straight line." },
    cycle: { kind: "bool", default: false, doc: "Start over (with a longer span) after decaySteps." },
  },
  inverseTimeDecay: {
    decaySteps,
    decayRate: { kind: "float", min: 0, required: true, example: 0.5, doc: "lr / (1 + decayRate · step / decaySteps)." },
    staircase: { kind: "bool", default: false, doc: "Decay in whole steps of decaySteps instead of continuously." },
  },
} as const satisfies Record<string, ParamSpecs>;

/** A schedule's name. */
export type ScheduleType = keyof typeof scheduleSpecs;

/** A validated schedule with every default filled in (`decaySteps` null: the whole run). */
export interface Schedule {
  readonly type: ScheduleType;
  readonly [param: string]: unknown;
}

/** The parameters of `specs` that Keras requires (no default). */
export const requiredParams = (specs: ParamSpecs): string[] => Object.entries(specs).flatMap(([key, spec]) => (spec.required ? [key] : []));

const isScheduleType = (t: unknown): t is ScheduleType => typeof t === "string" && Object.hasOwn(scheduleSpecs, t);

/** Reads the optimizer's `schedule` at `path`; null when it is absent or unusable (then with a diagnostic). */
export function readSchedule(raw: unknown, path: JsonPath, out: PendingDiagnostic[]): Schedule | null {
  if (raw === undefined) return null;
  const type = isObject(raw) ? raw.type : raw;
  if (!isScheduleType(type)) {
    const suggestion = typeof type === "string" ? didYouMean(type, Object.keys(scheduleSpecs)) : undefined;
    const names = joined(Object.keys(scheduleSpecs), "join.comma");
    out.push({
      severity: "error",
      code: "wrong-type",
      message:
        isObject(raw) && type === undefined
          ? msg("training.scheduleNoType", { names })
          : msg("training.schedule", { names, value: briefValue(type), hint: didYouMeanHint(suggestion) }),
      path: isObject(raw) ? [...path, "type"] : path,
      suggestion,
    });
    return null;
  }
  const specs: ParamSpecs = scheduleSpecs[type];
  const given = isObject(raw) ? raw : {};
  for (const key of requiredParams(specs))
    if (!Object.hasOwn(given, key))
      out.push({
        severity: "error",
        code: "missing-property",
        message: msg("training.scheduleNeeds", { type, key, doc: parameterDoc(specs[key].doc) }),
        path: isObject(raw) ? [...path, "type"] : path,
      });
  return { ...readFields(given, specs, path, ["type"], out), type };
}

/** The learning rate `schedule` gives at `step` (0 for the first batch), from `initial`; `totalSteps` is the run's. */
export function learningRateAt(schedule: Schedule, initial: number, step: number, totalSteps: number): number {
  const n = (key: string) => Number(schedule[key]);
  const steps = schedule.decaySteps === null || schedule.decaySteps === undefined ? Math.max(1, totalSteps) : n("decaySteps");
  const progress = (staircase: unknown) => (staircase === true ? Math.floor(step / steps) : step / steps);
  switch (schedule.type) {
    case "cosineDecay": {
      const cosine = 0.5 * (1 + Math.cos((Math.PI * Math.min(step, steps)) / steps));
      return initial * ((1 - n("alpha")) * cosine + n("alpha"));
    }
    case "exponentialDecay":
      return initial * n("decayRate") ** progress(schedule.staircase);
    case "polynomialDecay": {
      const end = n("endLearningRate");
      const span = schedule.cycle === true ? steps * Math.max(1, Math.ceil(step / steps)) : steps;
      return (initial - end) * (1 - Math.min(step, span) / span) ** n("power") + end;
    }
    case "inverseTimeDecay":
      return initial / (1 + n("decayRate") * progress(schedule.staircase));
  }
}
