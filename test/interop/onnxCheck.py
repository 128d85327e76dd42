"""Checks exported ONNX files with Debian's python3-onnx: onnx.checker (full check) and strict shape inference.

Usage: onnxCheck.py FILE... (one JSON line per file: the error, if any, and the inferred output shapes).
"""
import json
import sys

import onnx

for path in sys.argv[1:]:
    result = {"file": path}
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
        result["outputs"] = [
            [d.dim_value if d.HasField("dim_value") else d.dim_param for d in o.type.tensor_type.shape.dim] for o in inferred.graph.output
        ]
        result["opset"] = model.opset_import[0].version
    except Exception as error:  # the test prints what failed
        result["error"] = f"{type(error).__name__}: {error}"
    print(json.dumps(result), flush=True)
