/**
 * Export to a PyTorch module: a Python file that defines `Model` (an `nn.Module`), `build_model()`,
 * `INPUT_SHAPE` (channels first) and, given a trained run's weight manifest and weights file, `load_weights()`. Keras semantics
 * are kept: TensorFlow's 'same' padding (the odd pixel after), channels-last flattening, Keras' BatchNormalization
 * momentum, Dense on any rank.
 */
import { analyze, type Analysis } from "../../analysis/analyze";
import type { LayerType } from "../../layers/registry";
import type { Result } from "../../result";
import { exportableLayers, type ExportOptions, type KShape } from "../common/layers";
import { splitWeightName } from "../common/runWeights";
import { Identifiers, pyStr, pyTuple } from "../common/python";
import { torchLayers, type TorchContext, type WeightMap } from "./layers";
import { msg } from "../../messages/format";

const helpers = `def _pad_same(x, kernel, stride, dilation, value=0.0):
    """Pads the spatial dims of x as TensorFlow's 'same' padding does: the odd pixel goes after."""
    pads = []
    for i in reversed(range(len(kernel))):
        size = x.shape[2 + i]
        extent = (kernel[i] - 1) * dilation[i] + 1
        total = max((-(-size // stride[i]) - 1) * stride[i] + extent - size, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads, value=value)


def _avg_pool_same(x, kernel, stride):
    """Average pooling with 'same' padding; as in Keras, the padding does not count in the average."""
    pool = F.avg_pool2d if len(kernel) == 2 else F.avg_pool1d
    ones = torch.ones_like(x[:1, :1])
    ones = pool(_pad_same(ones, kernel, stride, (1,) * len(kernel)), kernel, stride)
    return pool(_pad_same(x, kernel, stride, (1,) * len(kernel)), kernel, stride) / ones


def _window(x, begin, size):
    """The spatial window [begin, begin + size) of x, zeros past its end."""
    extra = []
    for i in reversed(range(len(size))):
        extra += [0, max(begin[i] + size[i] - x.shape[2 + i], 0)]
    x = F.pad(x, extra)
    return x[(slice(None), slice(None)) + tuple(slice(b, b + s) for b, s in zip(begin, size))]


def _relu(x, max_value, negative_slope, threshold):
    """Keras' ReLU with a threshold, a slope below it and an optional ceiling."""
    y = torch.where(x >= threshold, x, negative_slope * (x - threshold))
    return y if max_value is None else torch.clamp(y, max=max_value)
`;

const loader = `def _convert(value, how):
    if how == "conv":  # Keras (k..., in, out) -> PyTorch (out, in, k...)
        return value.transpose((value.ndim - 1, value.ndim - 2) + tuple(range(value.ndim - 2)))
    if how == "convT":  # Keras (k..., out, in) -> PyTorch (in, out, k...)
        return value.transpose((value.ndim - 1, value.ndim - 2) + tuple(range(value.ndim - 2)))
    if how == "dense":  # Keras (in, out) -> PyTorch (out, in)
        return value.T
    if how == "depthwise":  # Keras (k..., channels, multiplier) -> PyTorch (channels * multiplier, 1, k...)
        k = value.shape[:-2]
        value = value.reshape(k + (-1,))
        return value.transpose((value.ndim - 1,) + tuple(range(value.ndim - 1)))[:, None]
    return value


def load_weights(model, paths=None):
    """Loads a CNN Designer run's weights (TF.js' weights.bin files, in order; by default the file exported
    beside this module) into a model from build_model(), and returns it."""
    if paths is None:
        paths = os.path.join(os.path.dirname(os.path.abspath(__file__)), WEIGHTS_FILE)
    data = np.concatenate([np.fromfile(p, dtype="<f4") for p in ([paths] if isinstance(paths, str) else paths)])
    state = model.state_dict()
    offset = 0
    for _, shape, key, how in WEIGHTS:
        count = int(np.prod(shape))
        value = _convert(data[offset : offset + count].reshape(shape), how)
        offset += count
        if key is not None:
            state[key] = torch.from_numpy(np.ascontiguousarray(value)).reshape(state[key].shape)
    if offset != data.size:
        raise ValueError(f"the weights file holds {data.size} values; this model reads {offset}")
    model.load_state_dict(state)
    return model
`;

const channelsFirst = (s: KShape) => (s.length >= 3 ? [s[s.length - 1], ...s.slice(1, -1)] : s.slice(1));

/** The PyTorch module source of a model text; with a trained run's weights, its manifest for `load_weights`. */
export function pytorchModule(text: string, options: ExportOptions = {}, analysis: Analysis = analyze(text)): Result<string> {
  const weights = options.run;
  const read = exportableLayers(analysis);
  if (!read.ok) return read;
  const written = read.value;
  const ids = new Identifiers(["self", "forward", "training", "x", "F", "nn", "torch", "np"]);
  const shapeOf = new Map(analysis.layers.map((l) => [l.name, l.outputShape as KShape]));
  const vars = new Map<string, string>();
  const init: string[] = [];
  const body: string[] = [];
  const names: string[] = [];
  const weightMaps = new Map<string, { attr: string; map: Readonly<Record<string, WeightMap>> }>();
  const inputs = analysis.layers.filter((l) => l.type === "Input");
  const args = inputs.map((l) => ids.make(l.name, "input_"));
  for (const index of analysis.order) {
    const info = analysis.layers[index];
    const type = info.type as LayerType;
    const v = `t${index}`;
    vars.set(info.name, v);
    if (type === "Input") {
      body.push(`${v} = ${args[inputs.indexOf(info)]}`);
      continue;
    }
    const spec = torchLayers[type as Exclude<LayerType, "Input">];
    const attr = ids.make(info.name, "l_");
    const c: TorchContext = {
      name: info.name,
      p: written[index].settings,
      x: info.inputs.map((n) => vars.get(n) as string),
      inShapes: info.inputs.map((n) => shapeOf.get(n) as KShape),
      outShape: info.outputShape as KShape,
      m: `self.${attr}`,
    };
    const refused = spec.refuse?.(c);
    if (refused) return { ok: false, problem: msg("export.layerRefused", { layer: info.name, problem: refused }) };
    for (const [suffix, ctor] of Object.entries(spec.modules?.(c) ?? {})) {
      init.push(`self.${attr}${suffix} = ${ctor}`);
      if (written[index].written.trainable === false && !ctor.startsWith("nn.Dropout"))
        init.push(`self.${attr}${suffix}.requires_grad_(False)  # trainable: false in the model file`);
    }
    names.push(`    ${pyStr(attr)}: ${pyStr(info.name)},`);
    if (spec.weights) weightMaps.set(info.name, { attr, map: spec.weights(c) });
    body.push(`${v} = ${spec.forward(c)}`);
  }
  const outputs = analysis.outputs.map((n) => vars.get(n) as string);
  const firstInput = inputs[0]?.outputShape as KShape;
  const lines = [
    pyStr(
      `PyTorch export of the CNN Designer model ${analysis.name ?? "model"}. Input tensors are channels first ` +
        `(N, C, H, W), as PyTorch has them; the model file's shapes are Keras' channels last. Generated: do not edit.`,
    ),
    "import os",
    "",
    "import numpy as np",
    "import torch",
    "import torch.nn.functional as F",
    "from torch import nn",
    "",
    `INPUT_SHAPE = ${pyTuple(channelsFirst(firstInput))}`,
    `INPUT_SHAPES = [${inputs.map((l) => pyTuple(channelsFirst(l.outputShape as KShape))).join(", ")}]`,
    "# The model file's layer names, by the identifier the export gives each layer.",
    "LAYER_NAMES = {",
    ...names,
    "}",
    "",
    "",
    helpers,
    "",
    "class Model(nn.Module):",
    `    ${pyStr("The model, layer by layer as the model file lists it.")}`,
    "",
    "    def __init__(self):",
    "        super().__init__()",
    ...(init.length ? init.map((l) => `        ${l}`) : ["        pass"]),
    "",
    `    def forward(self, ${args.join(", ")}):`,
    ...body.map((l) => `        ${l}`),
    `        return ${outputs.length === 1 ? outputs[0] : `(${outputs.join(", ")})`}`,
    "",
    "",
    "def build_model():",
    `    ${pyStr("A new Model (PyTorch's initial weights; load_weights() loads a trained run's).")}`,
    "    return Model()",
    "",
  ];
  if (weights) {
    const rows: string[] = [];
    for (const w of weights.specs) {
      const { layer, weight } = splitWeightName(w.name);
      const mapped = weightMaps.get(layer)?.map[weight];
      if (!mapped) return { ok: false, problem: msg("export.runStrayWeight", { weight: w.name }) };
      rows.push(
        `    (${pyStr(w.name)}, ${pyTuple(w.shape as number[])}, ${pyStr(`${weightMaps.get(layer)?.attr}${mapped.param.startsWith("_") ? "" : "."}${mapped.param}`)}, ${pyStr(mapped.convert)}),`,
      );
    }
    lines.push(
      "",
      `WEIGHTS_FILE = ${pyStr(weights.file)}`,
      "# The run's weights in the order of its weights.bin: Keras name, Keras shape, state_dict key, conversion.",
      "WEIGHTS = [",
      ...rows,
      "]",
      "",
      "",
      loader,
    );
  }
  return { ok: true, value: `${lines.join("\n")}\n` };
}
