import {createNetwork, mseLoss, sgdStep} from "../lib/index.js";
const B = 128;
const cpu = () => { const {user, system} = process.cpuUsage(); return (user + system) / 1000; };
const mk = (activation: "tanh" | "relu") => {
  const net = createNetwork({inputSize: 2, outputSize: 1, width: 32, depth: 56, activation, skip: false, branch: "single", block: "post", seed: 3});
  const x = Float64Array.from({length: B * 2}, (_, i) => Math.sin(i)), y = Float64Array.from({length: B}, (_, i) => Math.cos(i)), grad = new Float64Array(B);
  return {
    fwd: () => { net.forward(x, B); },
    step: () => { mseLoss(net.forward(x, B), y, B, 1, grad); net.backward(grad, B); sgdStep(net.params, {learningRate: 1e-3}); },
  };
};
const t = mk("tanh"), r = mk("relu");
const fns: Record<string, () => void> = {tanhFwd: t.fwd, tanhStep: t.step, reluFwd: r.fwd, reluStep: r.step};
for (const f of Object.values(fns)) for (let i = 0; i < 100; i++) f();
const res: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
for (let q = 0; q < 21; q++) for (const [k, f] of Object.entries(fns)) { const s = cpu(); for (let i = 0; i < 10; i++) f(); res[k].push((cpu() - s) / 10); }
for (const k in res) { const a = res[k].sort((p, q) => p - q); console.log(k, a[10].toFixed(2), "ms"); }
