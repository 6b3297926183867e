import {describe, expect, it} from "vitest";
import {withoutPlotStyle} from "../../src/components/plot-style.js";

// Just enough of the DOM for withoutPlotStyle: elements with a tag, classes, children, text and an
// inline style. (The browser tests see Plot's real charts: tests/browser/pages.test.ts.)
class FakeStyle {
  props = new Map<string, string>();
  whiteSpace = "";
  getPropertyValue(name: string): string {
    return this.props.get(name) ?? "";
  }
  setProperty(name: string, value: string): void {
    this.props.set(name, value);
  }
}
class FakeElement {
  children: FakeElement[] = [];
  parent: FakeElement | null = null;
  style = new FakeStyle();
  classList: string[];
  constructor(
    public tagName: string,
    {className = "", textContent = ""}: {className?: string; textContent?: string} = {}
  ) {
    this.classList = className.split(" ").filter(Boolean);
    this.textContent = textContent;
  }
  textContent: string;
  append(...nodes: FakeElement[]): this {
    for (const node of nodes) {
      node.parent = this;
      this.children.push(node);
    }
    return this;
  }
  remove(): void {
    this.parent?.children.splice(this.parent.children.indexOf(this), 1);
    this.parent = null;
  }
  private descendants(): FakeElement[] {
    return this.children.flatMap((child) => [child, ...child.descendants()]);
  }
  querySelectorAll(selector: string): FakeElement[] {
    if (selector === ":scope > style") return this.children.filter((child) => child.tagName === "style");
    return this.descendants().filter((node) => node.tagName === selector);
  }
}

/** A chart as Plot 0.6.17 draws it: its class, its <style> first, then the marks. */
const plotSvg = () =>
  new FakeElement("svg", {className: "plot-d6a7b5"}).append(
    new FakeElement("style", {textContent: ":where(.plot-d6a7b5) {\n  --plot-background: white;\n  display: block;\n}\n:where(.plot-d6a7b5 text),\n:where(.plot-d6a7b5 tspan) {\n  white-space: pre;\n}"}),
    new FakeElement("g", {className: "dots"})
  );
const run = (chart: FakeElement) => withoutPlotStyle(chart as unknown as Element) as unknown as FakeElement;

describe("withoutPlotStyle(chart)", () => {
  it("takes Plot's <style> out of its svg and keeps its inherited rules as the svg's inline style", () => {
    const svg = plotSvg();
    expect(run(svg)).toBe(svg);
    expect(svg.children.map((child) => child.tagName)).toEqual(["g"]);
    expect(svg.style.whiteSpace).toBe("pre");
    expect(svg.style.getPropertyValue("--plot-background")).toBe("white");
  });

  it("finds Plot's svgs inside a figure, and leaves other <style> elements and inline styles alone", () => {
    const svg = plotSvg();
    svg.style.whiteSpace = "normal";
    const legend = new FakeElement("div").append(new FakeElement("style", {textContent: ".plot-d6a7b5-swatches {display: flex}"}));
    run(new FakeElement("figure").append(legend, svg));
    expect(svg.children.map((child) => child.tagName)).toEqual(["g"]);
    expect(svg.style.whiteSpace).toBe("normal");
    expect(legend.children.map((child) => child.tagName)).toEqual(["style"]);
  });

  it("leaves an svg that is not Plot's, or a <style> that is not Plot's own rules, as it is", () => {
    const other = new FakeElement("svg", {className: "diagram"}).append(new FakeElement("style", {textContent: ":where(.plot-d6a7b5) {}"}));
    run(other);
    expect(other.children.length).toBe(1);
    const extra = new FakeElement("svg", {className: "plot-d6a7b5"}).append(new FakeElement("style", {textContent: "circle {fill: red}"}));
    run(extra);
    expect(extra.children.length).toBe(1);
    expect(extra.style.whiteSpace).toBe("");
  });
});
