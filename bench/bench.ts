/**
 * Speed of one SGD training step: Plus x (lib/) against TensorFlow.js's "cpu" and "wasm" backends,
 * in one Node process, on the same network with the same weights and data.
 *
 * The network, for depth d and activation a, is createNetwork({inputSize: 2, outputSize: 1,
 * width: 32, depth: d, activation: a, skip: false, branch: "single", block: "post"}):
 *   h₀ = W₀ x + b₀ (2 → 32, no activation), h_l = a(W_l h_{l−1} + b_l) for l = 1 … d (32 → 32),
 *   ŷ = W_{d+1} h_d + b_{d+1} (32 → 1),
 * a plain MLP 2 → 32 × d → 1. A step is: forward, L = mean((ŷ − y)²), backward, w ← w − η ∂L/∂w.
 * In tfjs the same step is optimizer.minimize(loss) with tf.train.sgd(η), kernels K = Wᵀ copied from
 * ours, and dense layers as tf.fused.matMul (bias and relu fused in; tanh after) or as matMul, add and
 * the activation, whichever a short trial finds faster on that backend.
 *
 *   npm run bench                      (from the repository root)
 *   npm run bench -- --json FILE       also writes [{config, engine, msPerStep}, ...]
 *   npm run bench -- --rounds N        timed rounds per configuration (default 15)
 *   npm run bench -- --only tanh-56    only the listed configurations (comma-separated)
 *   npm run bench -- --clock wall      time on the wall clock instead of the process's CPU time
 *
 * Timing is on this process's CPU time by default: every engine here runs on one thread (tfjs-wasm
 * starts without threads in Node), so on an idle machine CPU time is wall time, and on a busy shared
 * one it leaves out the time spent waiting for a core, which wall-clock medians cannot.
 */
import {writeFileSync} from "node:fs";
import {createRequire} from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import {setWasmPaths} from "@tensorflow/tfjs-backend-wasm";
import {createNetwork, deriveSeed, fmath, mseLoss, randomNormal, randomSeeded, sgdStep, type Network, type NetworkSpec} from "../lib/index.js";
import {matmulPeak} from "./matmul-peak.js";
import {median} from "./stats.js";
import {tfjsNetwork, type TfjsNetwork} from "./tfjs-mirror.js";

const BATCH = 128, WIDTH = 32, LEARNING_RATE = 1e-3, SEED = 2015;
const ACTIVATIONS = ["tanh", "relu"] as const, DEPTHS = [10, 56, 100];
const ENGINES = ["plus-x", "tfjs-cpu", "tfjs-wasm"] as const;
type EngineName = (typeof ENGINES)[number];
/** Agreement tolerances: tfjs computes in float32 (unit roundoff 6e-8), so 1e-4 leaves room for depth. */
const LOSS_TOLERANCE = 1e-4, GRADIENT_TOLERANCE = 1e-4;

const args = parseArgs(process.argv.slice(2));
/** The timing clock in ms: this process's CPU time (user + system, the default) or wall time. */
const cpuTime = () => {
  const {user, system} = process.cpuUsage();
  return (user + system) / 1000;
};
const now = args.clock === "wall" ? () => performance.now() : cpuTime;
const log = (line = "") => process.stdout.write(line + "\n");
const started = performance.now();

// tfjs-wasm loads its .wasm files from the installed package: local files, no network.
const require = createRequire(import.meta.url);
setWasmPaths(path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep);
for (const backend of ["wasm", "cpu"]) {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to start`);
}

const wasmThreads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
log(`Plus x engine vs TensorFlow.js ${tf.version.tfjs} (cpu, wasm${tf.env().getBool("WASM_HAS_SIMD_SUPPORT") ? " + SIMD" : ""}${wasmThreads ? " + threads" : ", one thread"}), Node ${process.version}`);
log(`MLP 2 → 32 × depth → 1 (plain, dense 32×32 + activation per layer), batch ${BATCH}, one SGD step (forward, MSE, backward, update)`);
log();

// 1. Gradients: ours against tfjs's autodiff, on a few random networks of every kind our mirror knows.
const gradientSpecs: NetworkSpec[] = [
  {inputSize: 2, outputSize: 1, width: 32, depth: 10, activation: "tanh", skip: false, branch: "single", block: "post"},
  {inputSize: 2, outputSize: 1, width: 32, depth: 10, activation: "relu", skip: false, branch: "single", block: "post"},
  {inputSize: 3, outputSize: 2, width: 8, depth: 6, activation: "tanh", skip: true, branch: "double", block: "post"},
  {inputSize: 3, outputSize: 2, width: 8, depth: 6, activation: "relu", skip: true, branch: "double", block: "pre", skipScale: 0.5},
  {inputSize: 4, outputSize: 3, width: 16, depth: 4, activation: "sigmoid", skip: true, branch: "single", block: "pre", init: "glorot"}
];
log("Gradient agreement with tfjs autodiff (tf.variableGrads, float32), per network: max over parameter tensors of ‖ours − tfjs‖ / ‖ours‖");
let worstGradient = 0;
for (const [k, base] of gradientSpecs.entries()) {
  const spec = {...base, seed: deriveSeed(SEED, 1, k)};
  const net = float32Network(spec);
  const batch = 16, {x, y} = float32Data(net, batch, deriveSeed(SEED, 2, k));
  const ours = ourGradients(net, x, y, batch);
  const errors: string[] = [];
  for (const backend of ["cpu", "wasm"]) {
    await tf.setBackend(backend);
    const mirror = tfjsNetwork(tf, net);
    const [xt, yt] = [tf.tensor2d(Float32Array.from(x), [batch, spec.inputSize]), tf.tensor2d(Float32Array.from(y), [batch, spec.outputSize])];
    const theirs = mirror.gradients(xt, yt);
    const e = Math.max(...ours.map((g, i) => normwise(g, theirs[i])));
    worstGradient = Math.max(worstGradient, e);
    errors.push(`${backend} ${e.toExponential(1)}`);
    tf.dispose([xt, yt]);
    mirror.dispose();
  }
  const {skip, branch, block, activation, depth, width} = net.spec;
  log(`  ${`${skip ? "residual" : "plain"} ${block} ${branch} ${activation} depth ${depth} width ${width}`.padEnd(44)} ${errors.join(", ")}`);
}
log(`  worst ${worstGradient.toExponential(2)} (tolerance ${GRADIENT_TOLERANCE}): ${worstGradient <= GRADIENT_TOLERANCE ? "agree" : "DISAGREE"}`);
log();

// 2. The yardstick: a tuned plain-JS float64 matmul of one layer's shape.
// The best kernel is picked on CPU time, which a burst of load on a shared machine disturbs least.
const peak = matmulPeak({M: BATCH, K: WIDTH, N: WIDTH, random: randomSeeded(deriveSeed(SEED, 3)), clock: cpuTime});
log(`JS matmul peak (128×32 @ 32×32, Float64Array, single thread): ${gflops(peak.flops)} GFLOP/s of CPU time with ${peak.best}`);
log(`  all kernels: ${Object.entries(peak.perKernel).map(([name, f]) => `${name} ${gflops(f)}`).join(", ")} (GFLOP/s; max |difference| from naive ${peak.maxDifference.toExponential(1)})`);
// The engine's tanh (lib/fmath.ts: plain arithmetic, the same bits in every runtime) over one layer's
// activations costs a good part of a matmul, which caps how close a tanh network's step can come to the peak.
const tanhRatio = tanhToMatmul(peak, randomSeeded(deriveSeed(SEED, 7)));
log(`  fmath.tanh of 128 × 32 standard-normal numbers takes ${tanhRatio.toFixed(2)} × the time of one 128×32 @ 32×32 product: a tanh layer's step (3 products + 1 tanh) can reach at most ${Math.round(300 / (3 + tanhRatio))}% of the peak`);
log();

// 3. Timing, configuration by configuration, engines interleaved round by round.
const configs = ACTIVATIONS.flatMap((activation) => DEPTHS.map((depth) => ({activation, depth, name: `${activation}-${depth}`})))
  .filter(({name}) => !args.only || args.only.includes(name));
const results: {config: string; engine: EngineName; msPerStep: number}[] = [];
const rows: string[][] = [];
for (const {activation, depth, name} of configs) {
  const spec: NetworkSpec = {inputSize: 2, outputSize: 1, width: WIDTH, depth, activation, skip: false, branch: "single", block: "post", seed: deriveSeed(SEED, 4, depth)};
  const net = float32Network(spec);
  const {x, y} = float32Data(net, BATCH, deriveSeed(SEED, 5, depth));
  const grad = new Float64Array(BATCH);
  const ourLoss = mseLoss(net.forward(x, BATCH), y, BATCH, 1, grad);
  const steps: Record<EngineName, () => unknown> = {
    "plus-x": () => {
      const prediction = net.forward(x, BATCH);
      mseLoss(prediction, y, BATCH, 1, grad);
      net.backward(grad, BATCH);
      sgdStep(net.params, {learningRate: LEARNING_RATE});
    },
    "tfjs-cpu": () => {},
    "tfjs-wasm": () => {}
  };
  const backendOf = (engine: string) => (engine.startsWith("tfjs-") ? engine.slice(5) : null);
  const mirrors: TfjsNetwork[] = [], disposables: {dispose(): void}[] = [];
  const lossChecks: string[] = [];
  const variants: string[] = [];
  for (const engine of ["tfjs-cpu", "tfjs-wasm"] as const) {
    await tf.setBackend(backendOf(engine)!);
    const xt = tf.tensor2d(Float32Array.from(x), [BATCH, 2]), yt = tf.tensor2d(Float32Array.from(y), [BATCH, 1]);
    disposables.push(xt, yt);
    // tfjs gets its faster way to write a dense layer, fused (tf.fused.matMul with bias and relu) or
    // not (matMul, add, activation), picked per backend and configuration after a short trial.
    const candidates: {fused: boolean; step: () => unknown}[] = [];
    for (const fused of [true, false]) {
      const mirror = tfjsNetwork(tf, net, {fused});
      mirrors.push(mirror);
      const theirLoss = tf.tidy(() => mirror.loss(xt, yt).dataSync()[0]);
      const e = Math.abs(theirLoss - ourLoss) / Math.abs(ourLoss);
      if (!(e <= LOSS_TOLERANCE)) throw new Error(`${name}: ${engine} (fused ${fused}) computes loss ${theirLoss}, we ${ourLoss} (relative difference ${e})`);
      lossChecks.push(`${engine}${fused ? " fused" : ""} ${e.toExponential(1)}`);
      const optimizer = tf.train.sgd(LEARNING_RATE);
      disposables.push(optimizer);
      candidates.push({fused, step: () => optimizer.minimize(() => mirror.loss(xt, yt), false, mirror.variables)});
    }
    const trial = candidates.map(() => [] as number[]);
    for (let r = 0; r < 7; ++r) {
      candidates.forEach(({step}, k) => {
        const t = now();
        step();
        trial[k].push(now() - t);
      });
    }
    const best = median(trial[0]) <= median(trial[1]) ? 0 : 1;
    steps[engine] = candidates[best].step;
    variants.push(`${engine} ${candidates[best].fused ? "fused" : "unfused"}`);
  }
  log(`${name}: same loss from the same weights (ours ${ourLoss.toPrecision(6)}; relative difference ${lossChecks.join(", ")}); timing ${variants.join(", ")}`);

  // Warm up each engine (JIT, tfjs kernels) and size its timed chunk to about 20 ms; "js-peak" is the
  // peak kernel, timed in every round too, so that our share of the peak compares neighbours in time.
  const timed = [...ENGINES, "js-peak"] as const;
  type Timed = (typeof timed)[number];
  const run: Record<Timed, () => unknown> = {...steps, "js-peak": peak.runBest};
  const chunk = {} as Record<Timed, number>;
  for (const engine of timed) {
    if (backendOf(engine)) await tf.setBackend(backendOf(engine)!);
    const tensors = tf.memory().numTensors, start = performance.now();
    let n = 0;
    while (n < 3 || performance.now() - start < 300) run[engine](), ++n;
    if (tf.memory().numTensors !== tensors) throw new Error(`${engine} leaks tensors`);
    chunk[engine] = Math.max(1, Math.round((20 * n) / (performance.now() - start)));
  }
  const samples = Object.fromEntries(timed.map((e) => [e, [] as number[]])) as Record<Timed, number[]>;
  for (let r = 0; r < args.rounds; ++r) {
    for (let k = 0; k < timed.length; ++k) {
      const engine = timed[(k + r) % timed.length], step = run[engine], n = chunk[engine];
      if (backendOf(engine)) await tf.setBackend(backendOf(engine)!);
      const t = now();
      for (let i = 0; i < n; ++i) step();
      samples[engine].push((now() - t) / n);
    }
  }
  const finalLoss = mseLoss(net.forward(x, BATCH), y, BATCH, 1, grad);
  if (!Number.isFinite(finalLoss)) throw new Error(`${name}: our loss became ${finalLoss} while timing`);
  for (const mirror of mirrors) mirror.dispose();
  for (const d of disposables) d.dispose();

  const ms = Object.fromEntries(ENGINES.map((e) => [e, median(samples[e])])) as Record<EngineName, number>;
  for (const engine of ENGINES) results.push({config: name, engine, msPerStep: ms[engine]});
  // Ratios are medians of per-round ratios: each round times the engines back to back, so a burst of
  // load on the shared machine slows both sides of a ratio alike.
  const ratio = (other: EngineName) => median(samples["plus-x"].map((t, r) => t / samples[other][r]));
  const flop = stepFlop(net.spec), ours = flop / (ms["plus-x"] / 1000);
  const share = median(samples["plus-x"].map((t, r) => (flop / t) / (peak.flopPerCall / samples["js-peak"][r])));
  rows.push([name, fmt(ms["plus-x"]), fmt(ms["tfjs-cpu"]), fmt(ms["tfjs-wasm"]), ratio("tfjs-cpu").toFixed(2), ratio("tfjs-wasm").toFixed(2), gflops(ours), `${Math.round(100 * share)}%`]);
}
log();
const header = ["config", "plus-x ms", "tfjs-cpu ms", "tfjs-wasm ms", "plus-x / cpu", "plus-x / wasm", "plus-x GFLOP/s", "of JS peak"];
log(markdownTable(header, rows));
log();
log(`Medians of ${args.clock === "cpu" ? "CPU" : "wall-clock"} time over ${args.rounds} interleaved rounds per configuration after warm-up; ratios are medians of per-round ratios (lower is faster for us).`);
log(`GFLOP/s counts the matmul flops of a step (forward, ∂W and ∂x of every layer but the first layer's ∂x), 6 · ${BATCH} · Σ in·out less 2 · ${BATCH} · 2 · ${WIDTH}.`);
log(`"of JS peak" is the median over rounds of our flop rate over the ${peak.best} kernel's, timed in the same round.`);
log(`Total time ${((performance.now() - started) / 1000).toFixed(0)} s (${(cpuTime() / 1000).toFixed(0)} s of CPU time).`);
if (args.json) {
  writeFileSync(args.json, JSON.stringify(results, null, 2) + "\n");
  log(`Wrote ${results.length} results to ${args.json}`);
}

/** The CPU time of the engine's tanh (fmath.tanh) over 128 × 32 standard-normal numbers, over that of one peak product. */
function tanhToMatmul(peak: {runBest(): void}, random: () => number, rounds = 15): number {
  const normal = randomNormal(random);
  const x = Float64Array.from({length: BATCH * WIDTH}, normal), y = new Float64Array(x.length);
  const tanh = () => {
    for (let i = 0; i < x.length; ++i) y[i] = fmath.tanh(x[i]);
  };
  const time = (f: () => void, n: number) => {
    const t = cpuTime();
    for (let i = 0; i < n; ++i) f();
    return cpuTime() - t;
  };
  time(tanh, 500), time(peak.runBest, 500);
  const ratios: number[] = [];
  for (let r = 0; r < rounds; ++r) ratios.push(time(tanh, 100) / time(peak.runBest, 100));
  return median(ratios);
}

/** createNetwork(spec) with every weight rounded to float32, so tfjs starts from exactly our weights. */
function float32Network(spec: NetworkSpec): Network {
  const net = createNetwork(spec);
  for (const p of net.params) for (let i = 0; i < p.w.length; ++i) p.w[i] = Math.fround(p.w[i]);
  // Biases start at 0 in createNetwork; small random ones keep the check honest (and ReLU off its kink).
  const normal = randomNormal(randomSeeded(deriveSeed(net.spec.seed, 6)));
  for (const p of net.params) if (p.name === "b") for (let i = 0; i < p.w.length; ++i) p.w[i] = Math.fround(0.1 * normal());
  return net;
}

/** Standard-normal inputs and targets y = sin(x₀) · cos(x₁) (+ more for other sizes), in float32 values. */
function float32Data(net: Network, batch: number, seed: number): {x: Float64Array; y: Float64Array} {
  const {inputSize, outputSize} = net.spec, normal = randomNormal(randomSeeded(seed));
  const x = Float64Array.from({length: batch * inputSize}, () => Math.fround(normal()));
  const y = Float64Array.from({length: batch * outputSize}, (_, i) => {
    const n = Math.floor(i / outputSize), k = i % outputSize;
    return Math.fround(Math.sin(x[n * inputSize] + k) * Math.cos(x[n * inputSize + inputSize - 1]));
  });
  return {x, y};
}

/** Our ∂L/∂w for the MSE loss, copied out. */
function ourGradients(net: Network, x: Float64Array, y: Float64Array, batch: number): Float64Array[] {
  const grad = new Float64Array(batch * net.spec.outputSize);
  mseLoss(net.forward(x, batch), y, batch, net.spec.outputSize, grad);
  net.backward(grad, batch);
  return net.params.map((p) => Float64Array.from(p.dw));
}

/** ‖a − b‖ / ‖a‖. */
function normwise(a: Float64Array, b: Float64Array): number {
  let d = 0, s = 0;
  for (let i = 0; i < a.length; ++i) d += (a[i] - b[i]) ** 2, s += a[i] ** 2;
  return s === 0 ? Math.sqrt(d) : Math.sqrt(d / s);
}

/** Matmul flops of one training step of a plain MLP spec (see the note printed with the table). */
function stepFlop({inputSize, outputSize, width, depth}: Required<NetworkSpec>): number {
  const products = inputSize * width + depth * width * width + width * outputSize;
  return 6 * BATCH * products - 2 * BATCH * inputSize * width;
}

function gflops(flops: number): string {
  return (flops / 1e9).toFixed(2);
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(3) : ms.toFixed(1);
}

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

function parseArgs(argv: string[]): {json: string | null; rounds: number; only: string[] | null; clock: "wall" | "cpu"} {
  const out = {json: null as string | null, rounds: 15, only: null as string[] | null, clock: "cpu" as "wall" | "cpu"};
  for (let i = 0; i < argv.length; ++i) {
    const value = argv[i + 1];
    if (argv[i] === "--json" && value) out.json = value, ++i;
    else if (argv[i] === "--rounds" && value && Number.isInteger(+value) && +value > 0) out.rounds = +value, ++i;
    else if (argv[i] === "--only" && value) out.only = value.split(","), ++i;
    else if (argv[i] === "--clock" && (value === "wall" || value === "cpu")) out.clock = value, ++i;
    else throw new RangeError(`invalid argument: ${JSON.stringify(argv[i])} (expected --json FILE, --rounds N, --only CONFIG,... or --clock wall|cpu)`);
  }
  return out;
}
