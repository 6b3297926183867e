/** Test helpers shared by the network builders' tests. */
import {expect} from "vitest";
import {type SequentialNetwork} from "../../lib/index.js";

/**
 * Runs x through the stem, then checks block by block that each gives exactly post(S(h)): its
 * shortcut (or h itself), then its post activation if it has one, as a zero branch would.
 */
export function expectBlocksAreTheirShortcuts(net: SequentialNetwork, x: Float64Array, batch: number): void {
  let h = Float64Array.from(net.stem.forward(x, batch, true).subarray(0, batch * net.stem.outSize));
  for (const b of net.blocks) {
    const size = batch * b.outSize;
    const s = b.shortcut ? Float64Array.from(b.shortcut.forward(h, batch, true).subarray(0, size)) : h;
    const expected = b.post ? Float64Array.from(b.post.forward(s, batch, true).subarray(0, size)) : s;
    const out = Float64Array.from(b.forward(h, batch, true).subarray(0, size));
    expect(out).toEqual(expected);
    h = out;
  }
}
