"""Small PyTorch modules exported to ONNX (opset 13, eval mode) for the import's edge cases: what must import
exactly and what must be refused. Usage: python3 onnxCases.py OUT_DIR  (prints {case: file} as JSON)"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
out = sys.argv[1]


class FlatRelu(nn.Module):  # elementwise ops between the flatten and the Linear
    def __init__(self):
        super().__init__()
        self.conv, self.fc = nn.Conv2d(3, 4, 3), nn.Linear(144, 5)

    def forward(self, x):
        return self.fc(torch.sigmoid(F.relu(torch.flatten(self.conv(x), 1))))


class Flatten2(nn.Module):  # x.flatten(2): (N, C, H*W), not a flatten to (batch, features)
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return F.softmax(self.conv(x).flatten(2), dim=-1)


class CatFlat(nn.Module):  # two flattened maps concatenated: their order would differ
    def __init__(self):
        super().__init__()
        self.a, self.b, self.fc = nn.Conv2d(3, 2, 3), nn.Conv2d(3, 2, 3), nn.Linear(144, 5)

    def forward(self, x):
        return self.fc(torch.cat([torch.flatten(self.a(x), 1), torch.flatten(self.b(x), 1)], 1))


class FlatOut(nn.Module):  # a flattened map as the output
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return torch.flatten(self.conv(x), 1)


class Pools(nn.Module):  # one-input concat, 'same' average pooling, ceil_mode where it divides, zero padding
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.avg = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
        self.max = nn.MaxPool2d(2, 2, ceil_mode=True)
        self.fc = nn.Linear(64, 3)

    def forward(self, x):
        y = self.max(self.avg(torch.cat([self.conv(x)], 1)))
        return self.fc(torch.flatten(y, 1))


class Upsample(nn.Module):  # transposed convolutions cropped as ONNX crops them: pads, and output_padding for odd sizes
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1),  # 7 -> 14, the usual x2
            nn.ReLU(),
            nn.ConvTranspose2d(4, 2, 5, stride=1, padding=(2, 1)),  # another crop per axis
            nn.ConvTranspose2d(2, 2, 4, stride=2, padding=1),  # Keras' 'same'
        )

    def forward(self, x):
        return self.layers(x)


class PastCrop(nn.Module):  # output_padding past the crop: rows of bias only, Keras' output_padding
    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=0, output_padding=1)

    def forward(self, x):
        return self.up(x)


class Pads(nn.Module):  # F.pad and nn.ZeroPad2d: pads computed from constants since opset 11
    def __init__(self):
        super().__init__()
        self.pad = nn.ZeroPad2d((1, 1, 2, 0))
        self.a, self.b = nn.Conv2d(3, 4, 3), nn.Conv2d(4, 2, 3)

    def forward(self, x):
        return self.b(F.pad(F.pad(self.a(self.pad(x)), (1, 2, 0, 1)), (-1, 0, 0, -2)))  # negative pads crop


class TwoInputs(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.b = nn.Conv2d(3, 4, 3), nn.Conv2d(3, 4, 3)

    def forward(self, x, y):
        return self.a(x) + self.b(y)


files = {}
for name, module, inputs in [
    ("flat_relu", FlatRelu(), (torch.rand(1, 3, 8, 8),)),
    ("flatten2", Flatten2(), (torch.rand(1, 3, 8, 8),)),
    ("cat_flat", CatFlat(), (torch.rand(1, 3, 8, 8),)),
    ("flat_out", FlatOut(), (torch.rand(1, 3, 8, 8),)),
    ("pools", Pools(), (torch.rand(1, 3, 8, 8),)),
    ("upsample", Upsample(), (torch.rand(1, 3, 7, 7),)),
    ("past_crop", PastCrop(), (torch.rand(1, 3, 7, 7),)),
    ("pads", Pads(), (torch.rand(1, 3, 8, 8),)),
    ("two_inputs", TwoInputs(), (torch.rand(1, 3, 8, 8), torch.rand(1, 3, 8, 8))),
]:
    files[name] = os.path.join(out, f"{name}.onnx")
    torch.onnx.export(module.eval(), inputs, files[name], opset_version=13)
print(json.dumps(files))
