/**
 * Output lengths of convolutions and pooling along one spatial axis, as Keras' `conv_utils` computes them.
 * Shared by every conv and pooling layer.
 */

/** Padding modes of convolutions and pooling. */
export type Padding = "valid" | "same" | "causal";

/** The effective size of a kernel once dilated. */
export function dilatedSize(kernel: number, dilation: number): number {
  return kernel + (kernel - 1) * (dilation - 1);
}

/**
 * Keras `conv_output_length`: the length after a conv or pooling window; `null` for an unknown input.
 * May be zero or negative for `valid` padding when the input is too small: callers report that.
 */
export function convOutputLength(input: number | null, kernel: number, padding: Padding, stride: number, dilation = 1): number | null {
  if (input === null) return null;
  const k = dilatedSize(kernel, dilation);
  const length = padding === "valid" ? input - k + 1 : input;
  if (length <= 0) return length;
  return Math.floor((length + stride - 1) / stride);
}

/** Keras `deconv_output_length`: the length after a transposed convolution; `null` for an unknown input. */
export function deconvOutputLength(
  input: number | null,
  kernel: number,
  padding: "valid" | "same",
  stride: number,
  dilation = 1,
  outputPadding: number | null = null,
): number | null {
  if (input === null) return null;
  const k = dilatedSize(kernel, dilation);
  if (outputPadding === null) {
    return padding === "valid" ? input * stride + Math.max(k - stride, 0) : input * stride;
  }
  const pad = padding === "same" ? Math.floor(k / 2) : 0;
  return (input - 1) * stride + k - 2 * pad + outputPadding;
}
