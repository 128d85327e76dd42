/** Encodes an ONNX model object with onnx-proto (in the export bundle, `dist/interop.js`, loaded on first use). */
import { onnx } from "onnx-proto";

/** The ONNX file bytes of a `ModelProto`-shaped object (as `onnxModel` in the core builds it). */
export function encodeOnnx(model: Record<string, unknown>): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}
