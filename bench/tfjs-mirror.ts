/**
 * The same network in TensorFlow.js: walks a Plus x network's layers (dense, activation, sequential,
 * residual) and builds the identical computation from tfjs ops, with every weight copied from ours.
 * Our dense layer stores W as [out][in] and computes y = W x + b; tfjs's convention (and its layers
 * API) is a kernel K = Wᵀ of shape [in, out] with y = x K + b, so each W is copied transposed.
 */
import type * as TF from "@tensorflow/tfjs";
import type {ActivationName, Dense, Layer, Network, Param, Residual} from "../lib/index.js";

type Tf = typeof TF;
type Forward = (h: TF.Tensor2D) => TF.Tensor2D;

export interface TfjsNetwork {
  /** One tfjs variable per parameter of the network, in the order of net.params. */
  readonly variables: TF.Variable[];
  /** The network's output for a [batch, inputSize] tensor. */
  forward: Forward;
  /** L = mean((ŷ − y)²), the same mean squared error as lib/loss.ts's mseLoss. */
  loss(x: TF.Tensor2D, y: TF.Tensor2D): TF.Scalar;
  /** ∂L/∂w for every parameter, transposed back to our layout, as float64 arrays in the order of net.params. */
  gradients(x: TF.Tensor2D, y: TF.Tensor2D): Float64Array[];
  /** Frees the variables. */
  dispose(): void;
}

/** Builds the mirror on tfjs's current backend; `fused` uses tf.fused.matMul for x K + b (and relu). */
export function tfjsNetwork(tf: Tf, net: Network, {fused = true}: {fused?: boolean} = {}): TfjsNetwork {
  const variableOf = new Map<Param, TF.Variable>();
  // A kernel variable K = Wᵀ, remembered so gradients can be transposed back.
  const kernels = new Set<TF.Variable>();

  const activation = (name: ActivationName): Forward => {
    switch (name) {
      case "identity": return (h) => h;
      case "relu": return (h) => tf.relu(h);
      case "tanh": return (h) => tf.tanh(h);
      case "sigmoid": return (h) => tf.sigmoid(h);
    }
  };

  const denseOf = (layer: Dense, then: ActivationName | null): Forward => {
    const [Wp, bp] = layer.params;
    const {inSize, outSize} = layer;
    const Wt = new Float32Array(inSize * outSize);
    for (let o = 0; o < outSize; ++o) for (let i = 0; i < inSize; ++i) Wt[i * outSize + o] = layer.W[o * inSize + i];
    const K = tf.variable(tf.tensor2d(Wt, [inSize, outSize]));
    kernels.add(K);
    variableOf.set(Wp, K);
    const b = bp ? tf.variable(tf.tensor1d(Float32Array.from(layer.b))) : null;
    if (bp && b) variableOf.set(bp, b);
    const act = then ? activation(then) : (h: TF.Tensor2D) => h;
    if (fused) {
      // fused.matMul has relu (and sigmoid, linear) built in, with its own gradient; tanh is applied after.
      const builtIn = then === "relu" || then === "sigmoid" ? then : "linear";
      const rest = builtIn === "linear" ? act : (h: TF.Tensor2D) => h;
      return (h) => rest(tf.fused.matMul({a: h, b: K as TF.Tensor2D, bias: b ?? undefined, activation: builtIn}) as TF.Tensor2D);
    }
    return (h) => act(b ? tf.add(tf.matMul(h, K as TF.Tensor2D), b) : tf.matMul(h, K as TF.Tensor2D));
  };

  /** A chain of layers; a dense layer directly followed by an activation becomes one (fusable) op. */
  const chainOf = (layers: readonly Layer[]): Forward => {
    const steps: Forward[] = [];
    for (let k = 0; k < layers.length; ++k) {
      const layer = layers[k], next = layers[k + 1];
      if (layer.kind === "dense" && next?.kind === "activation") {
        steps.push(denseOf(layer as Dense, (next as Layer & {name: ActivationName}).name));
        ++k;
      } else {
        steps.push(layerOf(layer));
      }
    }
    return (h) => steps.reduce((x, step) => step(x), h);
  };

  const residualOf = (block: Residual): Forward => {
    // Without skip or α, the block is just post(F(x)): a chain, so a last dense and post can fuse.
    if (!block.skip && !block.alpha) return chainOf([...layersIn(block.branch), ...(block.post ? [block.post] : [])]);
    const F = layerOf(block.branch);
    const S = block.shortcut ? layerOf(block.shortcut) : (h: TF.Tensor2D) => h;
    const alpha = block.alpha ? tf.variable(tf.scalar(block.alpha.w[0])) : null;
    if (block.alpha && alpha) variableOf.set(block.alpha, alpha);
    const post = block.post ? layerOf(block.post) : (h: TF.Tensor2D) => h;
    const {skip, scale} = block;
    return (h) => {
      // z = λ · S(x) + α · F(x), y = post(z): residual.ts's block, op for op.
      let f = F(h);
      if (alpha) f = tf.mul(alpha, f);
      const z = skip ? tf.add(scale === 1 ? S(h) : tf.mul(scale, S(h)), f) : f;
      return post(z as TF.Tensor2D);
    };
  };

  const layersIn = (layer: Layer): readonly Layer[] =>
    layer.kind === "sequential" ? (layer as Layer & {layers: readonly Layer[]}).layers : [layer];

  function layerOf(layer: Layer): Forward {
    switch (layer.kind) {
      case "dense": return denseOf(layer as Dense, null);
      case "activation": return activation((layer as Layer & {name: ActivationName}).name);
      case "sequential": return chainOf((layer as Layer & {layers: readonly Layer[]}).layers);
      case "residual": return residualOf(layer as Residual);
      default: throw new Error(`the tfjs mirror has no layer of kind ${JSON.stringify(layer.kind)}`);
    }
  }

  const forward = chainOf(net.layers);
  const variables = net.params.map((p) => {
    const v = variableOf.get(p);
    if (!v) throw new Error(`the tfjs mirror has no variable for parameter ${p.name}`);
    return v;
  });
  const loss = (x: TF.Tensor2D, y: TF.Tensor2D) => tf.mean(tf.square(tf.sub(forward(x), y))) as TF.Scalar;
  return {
    variables,
    forward,
    loss,
    gradients(x, y) {
      const {grads} = tf.variableGrads(() => loss(x, y), variables);
      const out = variables.map((v) => {
        const g = grads[v.name].dataSync();
        if (!kernels.has(v)) return Float64Array.from(g);
        // dK is [in][out]; our dW is [out][in].
        const [inSize, outSize] = v.shape as [number, number];
        const dW = new Float64Array(g.length);
        for (let i = 0; i < inSize; ++i) for (let o = 0; o < outSize; ++o) dW[o * inSize + i] = g[i * outSize + o];
        return dW;
      });
      tf.dispose(Object.values(grads));
      return out;
    },
    dispose() {
      tf.dispose(variables);
    }
  };
}
