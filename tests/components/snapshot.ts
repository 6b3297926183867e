// A training snapshot for component tests: the fields the /projection figures read, the rest neutral.
import type {Snapshot} from "../../lib/index.js";

/** A snapshot at `step` with this test accuracy; `diverged` makes it the last one, with no metrics. */
export function snapshot(step: number, testAccuracy: number | null, {done = false, diverged = false} = {}): Snapshot {
  return {
    step,
    epoch: 0,
    learningRate: 0.05,
    loss: diverged ? null : 1,
    accuracy: null,
    testLoss: null,
    testAccuracy: diverged ? null : testAccuracy,
    gradNorms: null,
    weightNorm: null,
    done: done || diverged,
    diverged: diverged ? {step} : null,
    message: diverged ? `diverged at step ${step}` : null
  };
}
