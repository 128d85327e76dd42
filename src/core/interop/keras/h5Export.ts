/**
 * Export to Keras' HDF5 file (`model.save("model.h5")` in Keras 2, `load_model` in Keras 2 and 3): the model's
 * configuration in the `model_config` attribute, and `model_weights/<layer>/<layer>/<weight>:0` datasets named by
 * each layer's `weight_names`, in the order Keras' loader pairs them with the layers.
 */
import type { Result } from "../../result";
import type { ExportOptions } from "../common/layers";
import { h5Group, h5Path, type Hdf5Group } from "../common/hdf5";
import { savedModel } from "./savedModel";

/** The Keras version whose file layout this writes (the last Keras 2; Keras 3 reads it as a legacy file). */
export const kerasH5Version = "2.15.0";

/** The Keras `.h5` file of a model text with a run's weights, as a tree for the HDF5 writer. */
export function kerasH5(text: string, options: ExportOptions = {}): Result<Hdf5Group> {
  const saved = savedModel(text, options.run, ".h5");
  if (!saved.ok) return saved;
  const { config, weights } = saved.value;
  const stamp = { backend: "tensorflow", keras_version: kerasH5Version };
  const modelConfig = {
    class_name: "Functional",
    config: {
      name: config.name,
      trainable: true,
      layers: config.layers,
      input_layers: config.inputs.map((n) => [n, 0, 0]),
      output_layers: config.outputs.map((n) => [n, 0, 0]),
    },
    ...stamp,
  };
  const root = h5Group({ ...stamp, model_config: JSON.stringify(modelConfig) });
  const layerNames = config.layers.map((l) => l.name);
  const group = h5Path(root, "model_weights");
  Object.assign(group.attrs, { ...stamp, layer_names: layerNames });
  for (const name of layerNames) {
    const own = weights.get(name) ?? [];
    const layer = h5Path(group, name);
    layer.attrs.weight_names = own.map((w) => `${name}/${w.name}:0`);
    if (own.length > 0) {
      const inner = h5Path(layer, name);
      for (const w of own) inner.members.set(`${w.name}:0`, { shape: w.shape, values: w.values, int64: w.int64 });
    }
  }
  return { ok: true, value: root };
}
