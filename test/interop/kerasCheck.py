"""Reads exported Keras scripts without TensorFlow (not installed here): compiles each and reports, from its
syntax tree, the layers build_model() creates (class and name), how the model is assembled, whether it is built
under a distribution strategy, and every function the script calls anywhere.

Usage: kerasCheck.py FILE... (one JSON line per file).
"""
import ast
import json
import py_compile
import sys


def dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return "?"


for path in sys.argv[1:]:
    py_compile.compile(path, doraise=True)
    tree = ast.parse(open(path, encoding="utf8").read())
    build = next(f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == "build_model")
    made = []
    for node in ast.walk(build):
        if isinstance(node, ast.Call) and dotted(node.func).startswith(("layers.", "keras.Input")):
            name = next((ast.literal_eval(k.value) for k in node.keywords if k.arg == "name"), None)
            made.append((node.lineno, node.col_offset, dotted(node.func).split(".")[-1], name))
    made = [[kind, name] for _, _, kind, name in sorted(made, key=lambda m: (m[0], m[1]))]
    calls = sorted({dotted(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)})
    print(json.dumps({
        "file": path,
        "layers": made,
        "assembly": "Sequential" if "keras.Sequential" in calls else "Model" if "keras.Model" in calls else None,
        "strategy": "tf.distribute.MultiWorkerMirroredStrategy" in calls,
        "calls": calls,
    }))
