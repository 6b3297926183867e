/** An elementwise activation as a layer: y = f(x), dx = f'(x) ⊙ dy. */
import {activation, type ActivationName} from "./activations.js";
import {ensure, type Layer} from "./layer.js";

export function activationLayer(name: ActivationName, size: number): Layer & {readonly name: ActivationName} {
  const {f, df} = activation(name);
  let x: Float64Array = new Float64Array(0);
  let y: Float64Array = new Float64Array(0);
  let dx: Float64Array = new Float64Array(0);
  return {
    kind: "activation",
    name,
    inSize: size,
    outSize: size,
    params: [],
    forward(input, batch) {
      x = input;
      const n = batch * size;
      y = ensure(y, n);
      for (let i = 0; i < n; ++i) y[i] = f(x[i]);
      return y;
    },
    backward(dy, batch) {
      const n = batch * size;
      dx = ensure(dx, n);
      for (let i = 0; i < n; ++i) dx[i] = df(x[i], y[i]) * dy[i];
      return dx;
    }
  };
}
