/** The home page's measurement: how the gradient's size changes from the last block to the first. */
import {checkInteger} from "./check.js";
import {mseLoss} from "./loss.js";
import {createNetwork, type NetworkSpec} from "./network.js";
import {deriveSeed, randomNormal, randomSeeded} from "./random.js";

/**
 * Runs one forward and backward pass on a batch of standard-normal inputs and targets (seeded by
 * spec.seed) with an MSE loss, and returns ‖∂L/∂h_l‖ for l = 0 … depth: entry 0 is the input of the
 * first block, the last entry the output of the last block.
 * @param batchSize examples in the batch, default 32
 */
export function gradientNorms(spec: NetworkSpec, {batchSize = 32}: {batchSize?: number} = {}): Float64Array {
  checkInteger("batch size", batchSize, 1, 4096);
  const net = createNetwork(spec);
  const {inputSize, outputSize, depth, seed} = net.spec;
  const normal = randomNormal(randomSeeded(deriveSeed(seed, 0x64617461))); // a stream of its own: "data"
  const x = Float64Array.from({length: batchSize * inputSize}, normal);
  const y = Float64Array.from({length: batchSize * outputSize}, normal);
  const prediction = net.forward(x, batchSize);
  const grad = new Float64Array(batchSize * outputSize);
  mseLoss(prediction, y, batchSize, outputSize, grad);
  net.backward(grad, batchSize);
  return net.gradNorms.slice(1, depth + 2);
}
