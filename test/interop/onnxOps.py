"""ONNX files for the import's resizing and element-wise cases, as PyTorch writes them (F.interpolate at opsets 9, 11
and 13, F.elu with its own alpha) and as hand-made graphs (a bias added before the product, a dilated max pooling, a
float16 weight). Usage: python3 onnxOps.py OUT_DIR  (prints {case: file} as JSON)"""
import json
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

torch.manual_seed(0)
out = sys.argv[1]


class Resized(nn.Module):  # a convolution, a resize, a convolution (the resize's input is a ReLU's, any sign after)
    def __init__(self, **resize):
        super().__init__()
        self.resize = resize
        self.a, self.b = nn.Conv2d(3, 4, 3, padding=1), nn.Conv2d(4, 2, 3, padding=1)

    def forward(self, x):
        return self.b(F.interpolate(self.a(x), **self.resize))


class Elu(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return F.elu(self.a(x), alpha=0.5)


files = {}
for name, module, opset in [
    ("nearest2_op11", Resized(scale_factor=2, mode="nearest"), 11),
    ("nearest3_op9", Resized(scale_factor=3, mode="nearest"), 9),
    ("nearest_size_op13", Resized(size=(24, 16), mode="nearest"), 13),
    ("bilinear2_op13", Resized(scale_factor=2, mode="bilinear", align_corners=False), 13),
    ("bilinear_corners_op13", Resized(scale_factor=2, mode="bilinear", align_corners=True), 13),
    ("bilinear2_op9", Resized(scale_factor=2, mode="bilinear", align_corners=False), 9),
    ("nearest_half_op13", Resized(scale_factor=1.5, mode="nearest"), 13),
    ("elu", Elu(), 13),
]:
    files[name] = os.path.join(out, f"{name}.onnx")
    torch.onnx.export(module.eval(), torch.rand(1, 3, 8, 8), files[name], opset_version=opset)

rng = np.random.default_rng(0)


def graph_file(name, nodes, inits, out_shape, in_shape=(1, 3, 8, 8)):
    g = helper.make_graph(
        nodes,
        name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(in_shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, list(out_shape))],
        inits,
    )
    files[name] = os.path.join(out, f"{name}.onnx")
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), files[name])


f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32)
# A Dense written as MatMul, then Add with the bias first: bias + x · W.
graph_file(
    "bias_first",
    [
        helper.make_node("Flatten", ["x"], ["f"], name="flat"),
        helper.make_node("MatMul", ["f", "W"], ["m"], name="product"),
        helper.make_node("Add", ["b", "m"], ["y"], name="bias"),
    ],
    [numpy_helper.from_array(f32(192, 5), "W"), numpy_helper.from_array(f32(5), "b")],
    (1, 5),
)
# A max pooling with a dilated window: Keras' pooling has none.
graph_file(
    "dilated_pool",
    [helper.make_node("MaxPool", ["x"], ["y"], name="pool", kernel_shape=[2, 2], dilations=[2, 2])],
    [],
    (1, 3, 6, 6),
)
# A float16 weight.
graph_file(
    "half_weight",
    [helper.make_node("Conv", ["x", "W"], ["y"], name="conv")],
    [numpy_helper.from_array(f32(4, 3, 3, 3).astype(np.float16), "W")],
    (1, 4, 6, 6),
)
print(json.dumps(files))
