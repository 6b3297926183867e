/**
 * Activations as {f, df} pairs. df is written in terms of the output y = f(x) where it can be
 * (tanh' = 1 - y², σ' = y(1 - y)), with x passed too for those that need it. tanh and exp are
 * lib/fmath.ts's, the same bits in every JavaScript runtime.
 */
import {exp, tanh} from "./fmath.js";

export interface Activation {
  readonly name: ActivationName;
  f(x: number): number;
  /** f'(x), given x and y = f(x). */
  df(x: number, y: number): number;
}

export const activationNames = ["identity", "relu", "tanh", "sigmoid"] as const;
export type ActivationName = (typeof activationNames)[number];

export const activations: Record<ActivationName, Activation> = {
  identity: {name: "identity", f: (x) => x, df: () => 1},
  relu: {name: "relu", f: (x) => (x > 0 ? x : 0), df: (x) => (x > 0 ? 1 : 0)},
  tanh: {name: "tanh", f: tanh, df: (_x, y) => 1 - y * y},
  sigmoid: {name: "sigmoid", f: (x) => 1 / (1 + exp(-x)), df: (_x, y) => y * (1 - y)}
};

/** Looks an activation up by name, with a message naming the allowed ones. */
export function activation(name: string): Activation {
  if (!Object.hasOwn(activations, name)) {
    throw new RangeError(`invalid activation: ${JSON.stringify(name)} (expected one of ${activationNames.join(", ")})`);
  }
  return activations[name as ActivationName];
}
