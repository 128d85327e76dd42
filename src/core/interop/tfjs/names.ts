/** Names shared by the Keras / TF.js JSON export and import: parameter keys, activations and initializers. */

/** `kernelSize` → `kernel_size`. */
export function toSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `kernel_size` → `kernelSize`. */
export function toCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Our initializer name → the class name tfjs-layers registers (`leCunNormal` → `LeCunNormal`). */
export function initializerClass(name: string): string {
  return name[0].toUpperCase() + name.slice(1);
}

/** A Keras or tfjs initializer (class object or string) → our name, or `undefined` when we have none for it. */
export function initializerName(value: unknown, known: readonly string[]): string | undefined {
  let className: string | undefined;
  let config: Record<string, unknown> = {};
  if (typeof value === "string") className = value;
  else if (value && typeof value === "object" && typeof (value as { class_name?: unknown }).class_name === "string") {
    className = (value as { class_name: string }).class_name;
    config = ((value as { config?: unknown }).config as Record<string, unknown> | undefined) ?? {};
  }
  if (!className) return undefined;
  // tfjs-layers saves Glorot and He initializers as the VarianceScaling they are.
  if (className === "VarianceScaling") {
    const scale = Number(config.scale ?? 1);
    const mode = config.mode ?? "fan_in";
    const uniform = String(config.distribution ?? "truncated_normal") === "uniform" ? "Uniform" : "Normal";
    if (scale === 1 && mode === "fan_avg") return `glorot${uniform}`;
    if (scale === 2 && mode === "fan_in") return `he${uniform}`;
    if (scale === 1 && mode === "fan_in") return `leCun${uniform}`;
  }
  return matchName(className, known);
}

/** A Keras activation name → ours, or `undefined` when we have none for it. */
export function activationName(value: unknown, known: readonly string[]): string | undefined {
  const name = typeof value === "string" ? value : (value as { class_name?: unknown } | null)?.class_name;
  return typeof name === "string" ? matchName(name, known) : undefined;
}

/**
 * The name of `known` that `name` spells, whatever its case and underscores: Keras writes hard_sigmoid,
 * glorot_uniform and LecunNormal, tfjs-layers hardSigmoid, GlorotUniform and LeCunNormal (and keeps gelu_new).
 */
function matchName(name: string, known: readonly string[]): string | undefined {
  const key = (n: string) => n.replace(/_/g, "").toLowerCase();
  return known.find((k) => key(k) === key(name));
}
