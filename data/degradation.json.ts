// Build-time data loader for /degradation: a longer run of the page's experiment, with the same lib/
// the page runs in the reader's browser. Framework runs it with tsx at build time and serves its
// output as data/degradation.json; the page labels it "precomputed at build time".
//
// It runs in every build (CI too), so it is kept to about half a minute of one core: 8 networks of
// width 16, 1,000 Adam steps each (the page's default is 300), snapshots every 20 steps. Also
// recorded: each network's loss and accuracy on the whole training set and on the held-out digits.
import {readFileSync} from "node:fs";
import {createNetwork, degradationData, degradationSetup, digitsSplit, evaluate, finalLoss, parseDigits, trainRun} from "../lib/index.js";

const started = process.hrtime.bigint();
const digitsText = readFileSync(new URL("./digits.csv", import.meta.url), "utf8");
const data = degradationData("digits", digitsText);
const test = digitsSplit(parseDigits(digitsText)).test;
const options = {layers: [8, 20, 32, 56], width: 16, steps: 1000, every: 20, seed: 0, residualZeroInit: true};
const setup = degradationSetup(data, options);

const runs = setup.runs.map((run) => {
  const network = createNetwork(run.spec);
  // gradNorms are left out: the page does not draw them, and they would triple the file.
  const snapshots = [...trainRun(run, data, setup.train, network)].map((s) => ({...s, gradNorms: null}));
  const trained = evaluate(network, data), tested = evaluate(network, test);
  return {
    name: run.name,
    skip: run.skip,
    layers: run.layers,
    blocks: run.spec.depth,
    snapshots,
    finalLoss: finalLoss(snapshots),
    trainLoss: trained.loss,
    trainAccuracy: trained.accuracy,
    testLoss: tested.loss,
    testAccuracy: tested.accuracy
  };
});

process.stdout.write(
  JSON.stringify({
    task: "digits",
    examples: {train: data.n, test: test.n},
    setup: {...options, batchSize: setup.train.batchSize, learningRate: setup.train.learningRate, milestones: setup.train.milestones, optimizer: "adam"},
    runs
  })
);
// On stderr, so the output stays the same bit for bit from build to build.
process.stderr.write(`degradation.json: ${runs.length} networks in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s\n`);
