// trainStacks: trains the three transformer stacks side by side, each in its own worker, and yields
// their histories as snapshots arrive. A page iterates it as a generator cell; when the cell is
// invalidated (a knob moved, the page left) Framework calls return(), which stops every worker.
import type {Dataset, Snapshot, TransformerSpec} from "../lib/index.js";
import {stackKinds, stackSpec, type StackKind} from "./stacks.js";
import {trainInWorker, type TrainingRun, type TrainJob} from "./trainer.js";
import {pauseOffscreen, type Target} from "./visible.js";

/** Snapshots so far, per stack, and the first error if a run failed. */
export interface StackHistory {
  runs: Record<StackKind, Snapshot[]>;
  error: Error | null;
}

/** One training job per stack: the same spec, data and training options, only the stack differs. */
export function stackJobs(spec: TransformerSpec, data: Dataset, train: TrainJob["train"]): Record<StackKind, TrainJob> {
  const job = (stack: StackKind): TrainJob => ({model: {kind: "transformer", spec: stackSpec(spec, stack)}, data, train});
  return {pre: job("pre"), post: job("post"), plain: job("plain")};
}

/**
 * Starts one job per stack and yields the shared history after every snapshot (the same object,
 * grown). Ends when all runs end; a run that fails stops the others and is reported in `error`.
 * @param start makes a run from a job; default trainInWorker (tests pass an in-thread one)
 * @param pauseOffscreen the figure the runs are drawn in (element or selector): no snapshot is taken
 *   while it is out of view, so the workers pause too (visible.ts). Default: none, never paused.
 */
export async function* trainStacks(
  jobs: Record<StackKind, TrainJob>,
  start: (job: TrainJob) => TrainingRun = (job) => trainInWorker(job),
  {pauseOffscreen: figure}: {pauseOffscreen?: Target} = {}
): AsyncGenerator<StackHistory, void, undefined> {
  const history: StackHistory = {runs: {pre: [], post: [], plain: []}, error: null};
  const runs: AsyncIterator<Snapshot, undefined>[] = [];
  try {
    // Each worker started in a task of its own: a knob that starts training then costs three short
    // tasks, not one long one (a worker's start, its data posted, is a few milliseconds each).
    for (const [k, stack] of stackKinds.entries()) {
      if (k > 0) await new Promise((resolve) => setTimeout(resolve, 0));
      const run = start(jobs[stack]);
      runs.push(figure === undefined ? run : pauseOffscreen(run, figure));
    }
    const next = (k: number) => runs[k].next().then((result) => ({k, result}));
    const pending = new Map(stackKinds.map((_, k) => [k, next(k)]));
    while (pending.size > 0) {
      const {k, result} = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(k);
        continue;
      }
      history.runs[stackKinds[k]].push(result.value);
      pending.set(k, next(k));
      yield history;
    }
  } catch (error) {
    history.error = error instanceof Error ? error : new Error(String(error));
    yield history;
  } finally {
    for (const run of runs) void run.return?.(); // a worker's run cancels; one seen through pauseOffscreen stops waiting too
  }
}
