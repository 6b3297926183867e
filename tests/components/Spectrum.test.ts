import {describe, expect, test} from "vitest";
import {blockSpectrum} from "../../lib/index.js";
import {describeSpectrum} from "../../src/components/Spectrum.js";

describe("describeSpectrum({branch, block})", () => {
  test("gives both ranges, the count below 1, and the distance from 1 against ‖J_F‖", () => {
    const caption = describeSpectrum({branch: [0.5, 0.2, 0.1], block: [1.4, 1.05, 0.7]});
    expect(caption).toContain("At width 3, the singular values of J_F run from 0.1 to 0.5.");
    expect(caption).toContain("Those of I + J_F run from 0.7 to 1.4: 1 of 3 are below 1, and the farthest from 1 is 0.4 away, within ‖J_F‖ = 0.5.");
  });

  test("counts J_F's singular values that are zero to rounding (relu switches units off)", () => {
    const s = blockSpectrum({width: 16, activation: "relu", seed: 0});
    const zeros = Array.from(s.branch).filter((x) => x <= 1e-12 * s.branch[0]).length;
    expect(zeros).toBeGreaterThan(0);
    expect(describeSpectrum(s)).toContain(`and ${zeros} of the 16 are zero to rounding`);
  });

  test("would say 'beyond' if the spectra broke Weyl's inequality (they cannot; the words are computed)", () => {
    expect(describeSpectrum({branch: [0.1], block: [2]})).toContain("beyond ‖J_F‖ = 0.1");
  });

  test("rejects spectra of different sizes", () => {
    expect(() => describeSpectrum({branch: [1, 2], block: [1]})).toThrow("invalid spectra: 2 and 1 values");
  });
});
