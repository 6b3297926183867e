import {describe, expect, it} from "vitest";
import {activationLayer, activationNames, activations} from "../../lib/index.js";
import {normals} from "./gradcheck.js";

describe("activationLayer(name, size)", () => {
  // The layer writes each activation's loop out by hand for speed; it must stay the {f, df} pair of
  // lib/activations.ts to the last bit, signed zeros and extremes included.
  const x = Float64Array.from([...normals(60, 4, 3), 0, -0, 1e-300, -1e-300, 40, -40, 800, -800]);
  const dy = normals(x.length, 5);
  for (const name of activationNames) {
    it(`computes ${name}'s f and df bit for bit`, () => {
      const layer = activationLayer(name, x.length);
      const y = Array.from(layer.forward(x, 1, true));
      const dx = Array.from(layer.backward(dy, 1));
      const {f, df} = activations[name];
      expect(y).toEqual(Array.from(x, f));
      expect(dx).toEqual(Array.from(x, (v, i) => df(v, f(v)) * dy[i]));
    });
  }
});
