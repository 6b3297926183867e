import {describe, expect, test} from "vitest";
import {type LesionPoint} from "../../lib/index.js";
import {describeLesionCurve, trainingTable} from "../../src/components/LesionCurve.js";
import {snapshot} from "./snapshot.js";

const point = (deleted: number, accuracy: number): LesionPoint => ({deleted, accuracy, min: accuracy, max: accuracy, loss: 1, sets: []});

describe("describeLesionCurve(data)", () => {
  const base = {n: 4, trials: 6, chance: 0.1, picked: null};

  test("gives each network's accuracy intact, with one block and with half deleted", () => {
    const caption = describeLesionCurve({
      ...base,
      residual: [point(0, 0.96), point(1, 0.95), point(2, 0.9)],
      plain: [point(0, 0.8), point(1, 0.15), point(2, 0.12)]
    });
    expect(caption).toContain("The plain network scores 80% intact, 15% on average with one block deleted and 12% with 2 of its 4 deleted.");
    expect(caption).toContain("The residual network scores 96% intact, 95% on average");
    expect(caption).toContain("Each point averages 6 random sets");
    expect(caption).toContain("guessing scores 10%");
  });

  test("names the reader's deleted blocks counting from 1", () => {
    const caption = describeLesionCurve({...base, residual: [], plain: [], picked: {deleted: [0, 2], residual: 0.9, plain: 0.1}});
    expect(caption).toContain("With blocks 1, 3 deleted (your choice): residual 90%, plain 10%.");
    expect(caption).toContain("The curves appear once both networks are trained.");
  });

  test("says so when nothing is deleted", () => {
    expect(describeLesionCurve({...base, residual: [], plain: [], picked: {deleted: [], residual: 0.9, plain: 0.8}})).toContain("With no block deleted: residual 90%, plain 80%.");
  });
});

describe("trainingTable(training)", () => {
  test("gives a row per network with its step, training loss and test accuracy, empty before the first snapshot", () => {
    const training = {step: 120, steps: 400, residual: {last: snapshot(120, 0.9)}, plain: {last: null}};
    expect(trainingTable(training)).toEqual([
      {network: "residual", step: 120, steps: 400, "training loss": training.residual.last.loss, "test accuracy": 0.9},
      {network: "plain", step: 120, steps: 400, "training loss": null, "test accuracy": null}
    ]);
  });
});
