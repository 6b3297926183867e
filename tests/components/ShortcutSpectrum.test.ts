import {describe, expect, test} from "vitest";
import {shortcutSpectra} from "../../lib/index.js";
import {describeShortcutSpectrum} from "../../src/components/ShortcutSpectrum.js";

describe("describeShortcutSpectrum(spectra, {init, seed})", () => {
  test("says A's skip is all ones and gives each projection's range, ratio and weakest direction", () => {
    const spectra = shortcutSpectra({channels: 16});
    const caption = describeShortcutSpectrum(spectra, {init: "he", seed: 0});
    expect(caption).toContain("With k = 16 input channels (he initialisation, seed 0): A's zero-pad skip has all 16 singular values exactly 1");
    const lo = Number(spectra.square[15].toPrecision(2)), hi = Number(spectra.square[0].toPrecision(2));
    expect(caption).toContain(`the 16 × 16 projection that C puts where the shape holds spreads them from ${lo} to ${hi}`);
    expect(caption).toContain(`passes at ${Number((100 * spectra.square[15]).toPrecision(2))}% strength`);
    expect(caption).toContain("the 32 × 16 projection that B and C put where the shape changes");
  });

  test("does not call a skip the identity when its singular values are not all 1", () => {
    const spectra = shortcutSpectra({channels: 4});
    const caption = describeShortcutSpectrum({...spectra, zeroPad: Float64Array.from([1, 1, 1, 0.5])});
    expect(caption).toContain("A's zero-pad skip has singular values from 0.5 to 1;");
  });
});
