/** A chain of layers run in order, itself a layer. */
import {type Layer} from "./layer.js";

export function sequential(layers: readonly Layer[]): Layer & {readonly layers: readonly Layer[]} {
  if (layers.length === 0) throw new RangeError("invalid layers: an empty chain (expected at least one layer)");
  for (let i = 1; i < layers.length; ++i) {
    if (layers[i].inSize !== layers[i - 1].outSize) {
      throw new RangeError(`invalid chain: layer ${i} takes ${layers[i].inSize} numbers but layer ${i - 1} gives ${layers[i - 1].outSize}`);
    }
  }
  return {
    kind: "sequential",
    layers,
    inSize: layers[0].inSize,
    outSize: layers[layers.length - 1].outSize,
    params: layers.flatMap((layer) => layer.params),
    forward(x, batch, training) {
      for (const layer of layers) x = layer.forward(x, batch, training);
      return x;
    },
    backward(dy, batch) {
      for (let i = layers.length - 1; i >= 0; --i) dy = layers[i].backward(dy, batch);
      return dy;
    }
  };
}
