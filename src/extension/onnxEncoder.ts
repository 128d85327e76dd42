/**
 * Encodes an ONNX model object with onnx-proto: a bundle of its own (`dist/onnxEncoder.js`, 250 KB of
 * protobuf code) that the extension loads only when it exports ONNX, so activation does not pay for it.
 */
import { onnx } from "onnx-proto";

/** The ONNX file bytes of a `ModelProto`-shaped object (as `onnxModel` in the core builds it). */
export function encodeOnnx(model: Record<string, unknown>): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}
