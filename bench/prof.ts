import {dense, activationLayer, norm, sgdStep, createNetwork, mseLoss} from "../lib/index.js";
import {kernels} from "./matmul-peak.js";
const B = 128;
const d = dense(32, 32); d.W.forEach((_, i) => d.W[i] = (Math.random() - 0.5) * 0.5);
const a = activationLayer("tanh", 32), r = activationLayer("relu", 32);
const x = Float64Array.from({length: B * 32}, () => Math.random() - 0.5);
const A = Float64Array.from({length: B * 32}, () => Math.random() - 0.5), Bm = Float64Array.from({length: 32 * 32}, () => Math.random() - 0.5), C = new Float64Array(B * 32);
const net = createNetwork({inputSize: 2, outputSize: 1, width: 32, depth: 56, activation: "tanh", skip: false, branch: "single", block: "post"});
const xi = Float64Array.from({length: B * 2}, () => Math.random() - 0.5), yt = Float64Array.from({length: B}, () => Math.random()), grad = new Float64Array(B);
const step = () => { mseLoss(net.forward(xi, B), yt, B, 1, grad); net.backward(grad, B); sgdStep(net.params, {learningRate: 1e-3}); };
const fns: Record<string, () => void> = {
  peak4x4: () => kernels.block4x4(A, Bm, C, B, 32, 32),
  peak4x2: () => kernels.block4x2(A, Bm, C, B, 32, 32),
  denseFwd: () => { d.forward(x, B, true); },
  denseBwd: () => { d.backward(x, B); },
  tanhFwd: () => { a.forward(x, B, true); },
  tanhBwd: () => { a.backward(x, B); },
  reluFwd: () => { r.forward(x, B, true); },
  reluBwd: () => { r.backward(x, B); },
  norm: () => { norm(x, B * 32); },
  sgd: () => sgdStep(d.params, {learningRate: 1e-3}),
  step56per: step,
};
const names = Object.keys(fns);
for (const n of names) for (let i = 0; i < (n === "step56per" ? 30 : 2000); i++) fns[n]();
const res: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < 15; round++) for (const n of names) {
  const reps = n === "step56per" ? 3 : 100;
  const t = performance.now(); for (let i = 0; i < reps; i++) fns[n](); res[n].push((performance.now() - t) / reps * 1000 / (n === "step56per" ? 56 : 1));
}
for (const n of names) { const s = res[n].sort((p, q) => p - q); console.log(n.padEnd(10), s[7].toFixed(1), "us"); }
