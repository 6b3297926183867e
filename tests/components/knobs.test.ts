// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {Range} from "../../src/components/knobs.js";

/** Types `text` into a number knob's box and presses `key` there. */
function type(knob: HTMLElement, text: string, key: string) {
  const box = knob.querySelector<HTMLInputElement>(".px-knob-box")!;
  box.value = text;
  box.dispatchEvent(new Event("input", {bubbles: true}));
  box.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true}));
  return {box, message: knob.querySelector("[role=status]")!.textContent};
}

// Each test its own knob name: a knob writes its value into the (shared) address.
describe("Range(name, options)", () => {
  it("refuses an entry that is not a plain decimal number, naming it, and keeps its value", () => {
    const knob = Range("depth", {label: "depth", min: 1, max: 40, value: 20});
    for (const text of ["0x10", "0o7", "+5", "5."]) {
      expect(type(knob, text, "Enter").message).toBe(`depth: "${text}" is not a plain decimal number (such as 12, -0.5 or 1e-3); expected a whole number from 1 to 40. Still showing 20.`);
      expect(knob.value).toBe(20);
    }
    expect(type(knob, "16", "Enter").message).toBe("");
    expect(knob.value).toBe(16);
  });

  it("gives up an entry on Escape: the box shows the value in use, and no message names an older entry", () => {
    const knob = Range("blocks", {label: "depth", min: 1, max: 40, value: 20});
    expect(type(knob, "99", "Enter").message).toContain('"99" is out of range');
    const {box, message} = type(knob, "77", "Escape");
    expect(message).toBe("");
    expect(box.value).toBe("20");
    expect(type(knob, "55", "Enter").message).toContain('"55" is out of range');
  });
});
