/**
 * Networks whose residual branches start scaled down. createNetwork draws every layer from the same
 * scheme; here the last layer of each block's branch is then multiplied by `branchGain`. With
 * branchGain = 0 every block starts as F = 0, so a residual block starts as the identity (before its
 * post-activation): the zero-initialised last layer of Goyal et al. (2017, arXiv:1706.02677, their
 * zero-γ), Fixup (Zhang et al. 2019, arXiv:1901.09321) and SkipInit (De & Smith 2020, arXiv:2002.10444).
 *
 * Why a chapter needs it: without batch normalisation, He-initialised residual branches each add about as
 * much signal as they receive, so the forward signal's power roughly doubles at every block (its size
 * grows about 10⁴-fold over 27 blocks) and training goes badly; a plain network with the same init keeps
 * its signal's size. The batch-normalised networks of He et al. (2015) never faced this: BN rescales
 * every branch.
 */
import {checkNumber} from "../check.js";
import {type Dense} from "../dense.js";
import {type Layer} from "../layer.js";
import {createNetwork, type Network, type NetworkSpec} from "../network.js";

export interface BranchGainSpec extends NetworkSpec {
  /**
   * Multiplies the initial weights of the last layer of every block's branch. Default 1 (createNetwork's
   * own init); 0 starts every branch at F = 0. From 0 to 100.
   */
  branchGain?: number;
}

/** createNetwork(spec), then the last dense layer of every branch scaled by spec.branchGain. */
export function createBranchGainNetwork(spec: BranchGainSpec): Network {
  const {branchGain = 1, ...networkSpec} = spec ?? ({} as BranchGainSpec);
  checkNumber("branch gain", branchGain, 0, 100);
  const network = createNetwork(networkSpec);
  if (branchGain !== 1) for (const block of network.blocks) scaleWeights(lastDense(block.branch), branchGain);
  return network;
}

/** The last dense layer of a branch: the branch itself, or the last one in its chain of layers. */
export function lastDense(branch: Layer): Dense {
  const chain = (branch as Layer & {layers?: readonly Layer[]}).layers ?? [branch];
  for (let i = chain.length - 1; i >= 0; --i) if (chain[i].kind === "dense") return chain[i] as Dense;
  throw new RangeError(`invalid branch: no dense layer among its ${chain.length} layers (${chain.map((l) => l.kind).join(", ")})`);
}

function scaleWeights(layer: Dense, gain: number): void {
  for (let i = 0; i < layer.W.length; ++i) layer.W[i] *= gain;
}
