import {afterEach, describe, expect, it, vi} from "vitest";
import {formatState, hiddenNames, initialValue, parseField, writeParam, writeUrl, type Field} from "../../src/components/state.js";

const depth: Field = {kind: "number", value: 56, min: 1, max: 200, integer: true};
const rate: Field = {kind: "number", value: 0.1, min: 0, max: 1};
const act: Field = {kind: "choice", value: "relu", options: ["relu", "tanh"]};
const skip: Field = {kind: "boolean", value: true};

describe("parseField(text, field, label)", () => {
  it.each([
    ["20", depth, 20],
    [" 7 ", depth, 7],
    ["0.25", rate, 0.25],
    ["1e-1", rate, 0.1],
    [".5", rate, 0.5],
    ["-0", rate, 0],
    ["0e5", rate, 0],
    ["tanh", act, "tanh"],
    ["false", skip, false]
  ] as [string, Field, unknown][])("reads %j", (text, field, value) => {
    expect(parseField(text, field, "x")).toEqual({value});
  });

  it.each([
    ["1000000", depth, 'depth: "1000000" is out of range; expected a whole number from 1 to 200'],
    ["0", depth, 'depth: "0" is out of range; expected a whole number from 1 to 200'],
    ["2.5", depth, 'depth: "2.5" is not a whole number; expected a whole number from 1 to 200'],
    ["NaN", depth, 'depth: "NaN" is not a number; expected a whole number from 1 to 200'],
    ["", depth, 'depth: "" is not a number; expected a whole number from 1 to 200'],
    ["Infinity", depth, 'depth: "Infinity" is infinite; expected a whole number from 1 to 200'],
    ["-1e400", rate, 'depth: "-1e400" is infinite; expected a number from 0 to 1'],
    ["1e-400", rate, 'depth: "1e-400" is too small to hold (it would be read as 0); expected a number from 0 to 1'],
    ["0x10", depth, 'depth: "0x10" is not a plain decimal number (such as 12, -0.5 or 1e-3); expected a whole number from 1 to 200'],
    ["0o7", depth, 'depth: "0o7" is not a plain decimal number (such as 12, -0.5 or 1e-3); expected a whole number from 1 to 200'],
    ["0b11", depth, 'depth: "0b11" is not a plain decimal number (such as 12, -0.5 or 1e-3); expected a whole number from 1 to 200'],
    ["+5", depth, 'depth: "+5" is not a plain decimal number (such as 12, -0.5 or 1e-3); expected a whole number from 1 to 200'],
    ["5.", depth, 'depth: "5." is not a plain decimal number (such as 12, -0.5 or 1e-3); expected a whole number from 1 to 200'],
    ["<script>alert(1)</script>", act, 'depth: "<script>alert(1)</script>" is not one of relu, tanh'],
    ["yes", skip, 'depth: "yes" is not true or false']
  ] as [string, Field, string][])("rejects %j with a message naming it", (text, field, message) => {
    expect(parseField(text, field, "depth")).toEqual({error: message});
  });

  it("shortens a long bad value in its message", () => {
    expect(parseField("x".repeat(100), act, "a").error).toBe(`a: "${"x".repeat(40)}…" is not one of relu, tanh`);
  });
});

describe("formatState(values, table)", () => {
  const table = {depth, act, skip};
  it("lists only values that differ from the defaults, in table order", () => {
    expect(formatState({skip: false, depth: 56, act: "tanh"}, table)).toBe("?act=tanh&skip=false");
    expect(formatState({depth: 56}, table)).toBe("");
  });
  it("keeps other parameters and round-trips through initialValue", () => {
    const query = formatState({depth: 20}, table, new URLSearchParams("present=&hide=seed"));
    expect(query).toBe("?present=&hide=seed&depth=20");
    expect(initialValue(query, "depth", depth, "depth")).toEqual({value: 20});
    expect(hiddenNames(query)).toEqual(new Set(["seed"]));
  });
});

describe("initialValue(search, name, field, label)", () => {
  it("falls back to the default with a message when the URL holds garbage", () => {
    expect(initialValue("?depth=%3Cb%3Ehi", "depth", depth, "depth")).toEqual({
      value: 56,
      error: `Ignored the link's depth: "<b>hi" is not a number; expected a whole number from 1 to 200`
    });
    expect(initialValue("?other=1", "depth", depth, "depth")).toEqual({value: 56});
  });
});

describe("writeUrl(name, value, field) and writeParam(name, value)", () => {
  // A stand-in for the browser's location and history: the two writers only read href and call replaceState.
  const address = (href: string) => {
    const history = {state: null, replaceState: vi.fn((_state: unknown, _title: string, url: string) => void (location.href = new URL(url, location.href).href))};
    const location = {href};
    vi.stubGlobal("window", {location, history});
    return {location, history};
  };
  afterEach(() => void vi.unstubAllGlobals());

  it("writeUrl sets a knob and keeps presenter mode's slide and the hash", () => {
    const {location, history} = address("http://x/paths?present=3&hide=seed#figure");
    writeUrl("depth", 20, depth);
    expect(location.href).toBe("http://x/paths?present=3&hide=seed&depth=20#figure");
    expect(history.replaceState).toHaveBeenCalledTimes(1);
  });

  it("writeUrl removes a knob set back to its default", () => {
    const {location} = address("http://x/?depth=20&present=2");
    writeUrl("depth", 56, depth);
    expect(location.href).toBe("http://x/?present=2");
  });

  it("writeParam sets and removes a raw parameter, keeping the knobs", () => {
    const {location} = address("http://x/?depth=20");
    writeParam("present", "4");
    expect(location.href).toBe("http://x/?depth=20&present=4");
    writeParam("present", null);
    expect(location.href).toBe("http://x/?depth=20");
    writeParam("depth", null);
    expect(location.href).toBe("http://x/");
  });
});
