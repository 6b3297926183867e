/**
 * Global average pooling: each channel of a [C][H][W] example becomes its mean,
 *   y[c] = (1 / HW) Σ_{i,j} x[c][i][j],   so   ∂L/∂x[c][i][j] = ∂L/∂y[c] / HW.
 * It ends the CIFAR ResNet (He et al. 2015, sec. 4.2) before the classifier, with no parameters.
 */
import {checkInteger} from "./check.js";
import {ensure, type Layer} from "./layer.js";

export interface GlobalAvgPool extends Layer {
  readonly kind: "globalAvgPool";
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

/**
 * @param channels C, channels in (and numbers out)
 * @param height H, pixels
 * @param width W, pixels
 */
export function globalAvgPool(channels: number, height: number, width: number): GlobalAvgPool {
  checkInteger("channels", channels, 1, 4096);
  checkInteger("height", height, 1, 4096);
  checkInteger("width", width, 1, 4096);
  const S = height * width, inSize = channels * S;
  let y: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);
  return {
    kind: "globalAvgPool",
    inSize,
    outSize: channels,
    params: [],
    channels,
    height,
    width,
    forward(x, batch) {
      y = ensure(y, batch * channels);
      for (let n = 0; n < batch; ++n) {
        for (let c = 0; c < channels; ++c) {
          const o = n * inSize + c * S;
          let s = 0;
          for (let t = 0; t < S; ++t) s += x[o + t];
          y[n * channels + c] = s / S;
        }
      }
      return y;
    },
    backward(dy, batch) {
      dx = ensure(dx, batch * inSize);
      for (let n = 0; n < batch; ++n) {
        for (let c = 0; c < channels; ++c) {
          const o = n * inSize + c * S;
          dx.fill(dy[n * channels + c] / S, o, o + S); // each pixel had weight 1/HW in the mean
        }
      }
      return dx;
    }
  };
}
