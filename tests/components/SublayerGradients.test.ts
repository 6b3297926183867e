import {describe, expect, it} from "vitest";
import {describeChange, describeSublayerGradients, listWords} from "../../src/components/SublayerGradients.js";

const f = (...v: number[]) => Float64Array.from(v);
const runs = {
  pre: {weights: f(1, 1.05, 0.9, 0.95), stream: f(0.2, 0.15, 0.12, 0.1, 0.1)},
  post: {weights: f(1, 1.5, 2, 3), stream: f(0.1, 0.1, 0.1, 0.1, 0.2)},
  plain: {weights: f(0.25, 1, 2, 5), stream: f(0.01, 0.02, 0.05, 0.1, 0.2)}
};

describe("describeSublayerGradients(runs, quantity)", () => {
  it("for weights, gives the last sublayer's gradient in each stack and its change from the first", () => {
    expect(describeSublayerGradients(runs, "weights")).toMatch(
      /^At initialisation, with 4 sublayers \(2 blocks\), the weight gradient of the last sublayer \(the norm over all its weight matrices\) is 0\.95 in pre-LN, 3 in post-LN and 5 with no stream\. From the first sublayer to the last it stays within 15% \(×0\.95\) in pre-LN, grows 3-fold in post-LN and grows 20-fold with no stream\./
    );
  });

  it("for the stream, follows the gradient from the output end back to the input end", () => {
    const caption = describeSublayerGradients(runs, "stream");
    expect(caption).toContain("with 4 sublayers, the gradient reaching the stream's output end is 0.1 in pre-LN, 0.2 in post-LN and 0.2 with no stream");
    expect(caption).toContain("it grows 2-fold in pre-LN, shrinks 2-fold in post-LN and shrinks 20-fold with no stream");
  });

  it("names values a log scale cannot draw, and describes the marks", () => {
    const caption = describeSublayerGradients({...runs, plain: {weights: f(0, 1, 2, 3), stream: runs.plain.stream}}, "weights");
    expect(caption).toContain("goes from 0 to 3 with no stream");
    expect(caption).toContain("Some values with no stream are zero or not finite");
    expect(caption).toContain("vermillion dashed line with triangles");
  });
});

describe("describeChange(from, to) and listWords(parts)", () => {
  it("words a ratio", () => {
    expect(describeChange(2, 5)).toBe("grows 2.5-fold");
    expect(describeChange(5, 2)).toBe("shrinks 2.5-fold");
    expect(describeChange(1, 1.1)).toBe("stays within 15% (×1.1)");
  });
  it("lists one, two or three things", () => {
    expect(listWords(["a"])).toBe("a");
    expect(listWords(["a", "b"])).toBe("a and b");
    expect(listWords(["a", "b", "c"])).toBe("a, b and c");
  });
});
