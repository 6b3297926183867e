// The chapters' experiments as worker jobs: the same networks, data and optimiser settings that lib/
// runs headless (trainRun, trainStack), written in the job format of trainer-worker.ts.
import type {Dataset, DegradationSetup, ReformulationSetup} from "../lib/index.js";
import type {TrainJob} from "./trainer-worker.js";

/** One job per network of the /degradation experiment, in setup.runs order (Adam with a step schedule, no test data). */
export function degradationJobs(setup: DegradationSetup, data: Dataset): TrainJob[] {
  const {learningRate, milestones, ...train} = setup.train;
  return setup.runs.map((run) => ({
    model: {kind: "mlp", spec: run.spec},
    data,
    train: {...train, optimizer: {kind: "adam", learningRate}, schedule: milestones.length ? {initial: learningRate, milestones} : null}
  }));
}

/** One job per stack of the /reformulation experiment, in setup.runs order (SGD with momentum and weight decay). */
export function reformulationJobs(setup: ReformulationSetup): TrainJob[] {
  const {learningRate, momentum, weightDecay, ...train} = setup.train;
  return setup.runs.map((run) => ({
    model: {kind: "stack", spec: run.spec},
    data: setup.data,
    train: {...train, optimizer: {kind: "sgd", learningRate, momentum, weightDecay}}
  }));
}
