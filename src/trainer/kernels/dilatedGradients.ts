/**
 * Gradients of dilated convolutions, which tfjs refuses ("dilation rates greater than 1 are not yet supported
 * in gradients"). A convolution with dilation d equals one with the filter spread out by d (zeros between its
 * taps); its input gradient is the undilated kernel's on that spread filter, and its filter gradient is the
 * spread filter's gradient read back at the taps. The kernels used (Conv2DBackpropInput/Filter and the
 * depthwise pair) exist on every backend — on wasm, through our kernels. Dilation 1 keeps tfjs' own gradient.
 * Checked against automatic differentiation of the spread-filter formulation in test/trainer/dilated.test.ts.
 */
import type { Tf } from "../backends";

type Tensor = ReturnType<Tf["zeros"]>;
type Attrs = Record<string, unknown>;

const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [v[0], v[1]] : [Number(v ?? 1), Number(v ?? 1)]);

/** The filter [kh, kw, a, b] with dh − 1 zero rows and dw − 1 zero columns between its taps. */
export function spreadFilter(tf: Tf, filter: Tensor, dh: number, dw: number): Tensor {
  const [kh, kw, a, b] = filter.shape as number[];
  return tf.tidy(() =>
    filter
      .reshape([kh, 1, kw, 1, a * b])
      .pad([
        [0, 0],
        [0, dh - 1],
        [0, 0],
        [0, dw - 1],
        [0, 0],
      ])
      .reshape([kh * dh, kw * dw, a, b])
      .slice([0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, a, b]),
  );
}

/** The taps of a spread filter's gradient: every dh-th row and dw-th column, back to [kh, kw, a, b]. */
function taps(tf: Tf, spread: Tensor, kh: number, kw: number, dh: number, dw: number): Tensor {
  const [, , a, b] = spread.shape as number[];
  return tf.tidy(() =>
    spread
      .pad([
        [0, dh - 1],
        [0, dw - 1],
        [0, 0],
        [0, 0],
      ])
      .reshape([kh, dh, kw, dw, a * b])
      .slice([0, 0, 0, 0, 0], [kh, 1, kw, 1, a * b])
      .reshape([kh, kw, a, b]),
  );
}

let registered: Tf | undefined;

/** Replaces the Conv2D and DepthwiseConv2dNative gradients of `tf` with ones that also handle dilation. */
export function registerDilatedGradients(tf: Tf): void {
  if (registered === tf) return;
  registered = tf;
  const run = (name: string, inputs: Record<string, Tensor>, attrs: Attrs) =>
    tf.engine().runKernel(name, inputs as never, attrs as never) as Tensor;
  for (const kernelName of ["Conv2D", "DepthwiseConv2dNative"] as const) {
    const stock = tf.getGradient(kernelName);
    if (!stock) continue;
    const depthwise = kernelName === "DepthwiseConv2dNative";
    tf.registerGradient({
      kernelName,
      inputsToSave: ["x", "filter"],
      gradFunc: (dy, saved, attrs) => {
        const [dh, dw] = pair((attrs as Attrs).dilations);
        const a = attrs as Attrs;
        if ((dh === 1 && dw === 1) || (a.dataFormat !== undefined && a.dataFormat !== "NHWC")) return stock.gradFunc(dy, saved, attrs);
        const [x, filter] = saved as Tensor[];
        const [kh, kw] = filter.shape as number[];
        const common = { strides: a.strides, pad: a.pad, dimRoundingMode: a.dimRoundingMode };
        return {
          x: () =>
            tf.tidy(() => {
              const spread = spreadFilter(tf, filter, dh, dw);
              return depthwise
                ? run(
                    "DepthwiseConv2dNativeBackpropInput",
                    { dy: dy as Tensor, filter: spread },
                    { ...common, dilations: [1, 1], inputShape: x.shape },
                  )
                : run("Conv2DBackpropInput", { dy: dy as Tensor, filter: spread }, { ...common, dataFormat: "NHWC", inputShape: x.shape });
            }),
          filter: () =>
            tf.tidy(() => {
              const spreadShape = [(kh - 1) * dh + 1, (kw - 1) * dw + 1, ...(filter.shape as number[]).slice(2)];
              const grad = depthwise
                ? run(
                    "DepthwiseConv2dNativeBackpropFilter",
                    { x, dy: dy as Tensor },
                    { ...common, dilations: [1, 1], filterShape: spreadShape },
                  )
                : run("Conv2DBackpropFilter", { x, dy: dy as Tensor }, { ...common, dataFormat: "NHWC", filterShape: spreadShape });
              return taps(tf, grad, kh, kw, dh, dw);
            }),
        };
      },
    });
  }
}
