"""Exports Debian's python3-torchvision CNNs to ONNX with random weights (seeded), as a PyTorch user would with
torch.onnx.export, for the import tests: resnet18, mobilenet_v2 and squeezenet1_0 on 64x64 inputs, opset 13.

Usage: python3 torchvisionOnnx.py OUT_DIR  (prints one JSON line per model: file, PyTorch parameters, float values in the ONNX file)
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
import torchvision

torch.manual_seed(0)
torch.set_num_threads(2)
out = sys.argv[1]
if sys.argv[2:] == ["--negative-pool"]:
    # A ceil_mode max pooling right after a convolution, where the window does not divide (16 - 3 is odd): its
    # input may be negative, where zeros are not -inf.
    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = torch.nn.Conv2d(3, 4, 3)
            self.pool = torch.nn.MaxPool2d(3, 2, ceil_mode=True)

        def forward(self, x):
            return self.pool(self.conv(x))

    path = os.path.join(out, "negative_pool.onnx")
    torch.onnx.export(Net().eval(), torch.rand(1, 3, 18, 18), path, opset_version=13)
    print(json.dumps({"file": path}))
    sys.exit(0)
# With --vgg (the bench), VGG-11 too: 132,863,336 parameters on its 224x224 input (its pooling to 7x7 needs that size).
models = ["resnet18", "mobilenet_v2", "squeezenet1_0", "mobilenet_v3_small", "efficientnet_b0", "mnasnet0_5", "densenet121"]
for name in models + (["vgg11"] if sys.argv[2:] == ["--vgg"] else []):
    model = getattr(torchvision.models, name)(weights=None).eval()
    # Random running statistics, so that BatchNormalization is checked with more than its defaults.
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
    path = os.path.join(out, f"{name}.onnx")
    # In eval mode the export folds each BatchNormalization into the Conv before it, as users' files have it.
    size = 224 if name == "vgg11" else 64
    torch.onnx.export(model, torch.rand(1, 3, size, size), path, opset_version=13, input_names=["image"], output_names=["logits"])
    graph = onnx.load(path).graph
    floats = {t.name: int(np.prod(t.dims)) for t in graph.initializer if t.data_type == onnx.TensorProto.FLOAT}
    values = sum(floats.values())
    # The exporter stores equal weights (zero biases) once, behind Identity nodes: count each use of a weight.
    source = {n.output[0]: n.input[0] for n in graph.node if n.op_type == "Identity"}
    def origin(name):
        while name in source:
            name = source[name]
        return name
    used = sum(floats.get(origin(i), 0) for n in graph.node if n.op_type != "Identity" for i in n.input)
    print(json.dumps({"file": path, "params": sum(p.numel() for p in model.parameters()), "onnxValues": values, "usedValues": used}))
