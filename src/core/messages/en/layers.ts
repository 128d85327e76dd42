/** English texts of the layers room: what a layer's shape inference reports. */
export const layerTexts = {
  "rank.steps": "(batch, steps, channels)",
  "rank.image": "(batch, height, width, channels)",
  "window.kernel": "kernel",
  "window.pool": "pool",
  "window.dilated": " dilated to {size}",
  "window.steps": "{window} of size {size}{dilated} with padding '{padding}' needs at least {needs} steps, gets {gets}",
  "window.dims": "{size} {window}{dilated} with padding '{padding}' needs at least {needs} input, gets {gets}",
  "layers.channelsUndefined": "the channels (last) dimension of the input must be defined",
  "layers.axisOutOfRange": "axis {axis} is out of range for an input of rank {rank}",
  "layers.axisBatchUndefined": "axis {axis} is the batch axis, whose size is not defined",
  "layers.axisBatchMixes": "axis {axis} is the batch axis: this mixes different samples",
  "layers.stridesDilation": "strides > 1 cannot be combined with dilationRate > 1",
  "layers.outputPadding": "outputPadding {padding} must be less than strides {strides}",
  "layers.noRowsOrColumns": "the output would have no rows or columns ({size})",
  "layers.depthwiseTooLarge":
    "its depthwise step gives {size} channels ({channels} × depthMultiplier {multiplier}), more than the {max} a tensor's dimension may be",
  "layers.lastUndefined": "the last dimension of the input {shape} must be defined",
  "layers.denseRank":
    "Dense on a rank-{rank} input {shape} acts on the last axis only, giving {output}; add Flatten or GlobalAveragePooling{pooling}D before it to classify",
  "layers.mergeShapes": "cannot combine inputs of shapes {shapes} element-wise",
  "layers.concatenateShapes": "inputs must match in every axis except axis {axis}, got {shapes}",
  "layers.axisUndefined": "axis {axis} of the input must have a defined size",
  "layers.axisTwice": "axis {axis} is listed twice",
  "layers.axisUndefinedGammaBeta": "axis {axis} of the input must have a defined size for gamma and beta",
  "layers.reshape": "cannot reshape {shape} ({total} values) into {target}",
  "layers.reshapeKnown": "cannot reshape {shape} ({total} values) into {target} ({known} values)",
  "layers.cropping": "cropping {cropping} removes every row or column of {shape}",
  "layers.centerCrop":
    "a {height}×{width} window does not fit in {shape}: Keras would resize the image instead of cropping it; crop less, or resize the image to at least {height}×{width} first",
} as const;
