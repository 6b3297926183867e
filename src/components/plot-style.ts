// plot-style: take Plot's <style> element out of a chart that is redrawn often. Plot (0.6.17) puts a
// <style> inside every chart it draws (`:where(.plot-d6a7b5) {display: block; ...}` and
// `:where(.plot-d6a7b5 text) {white-space: pre}`). A <style> added to or removed from the page changes
// the page's style sheets, and Chrome then recomputes the style of every element and lays the whole
// page out again: a training figure redrawn four times a second re-lays out the whole page of prose
// and math each time (issue 7: about a third of /projection's redraw task). The rules themselves are
// kept, written on the chart: white-space and --plot-background inherit from the svg, and a Frame's
// svg is a block as wide as its box by style.css (figure.px-figure svg), so the chart looks the same,
// and its SVG export (a copy of the svg) still carries them.

/**
 * Removes Plot's own <style> from each Plot svg in `chart` (the svg itself or a figure holding some),
 * keeping its rules as the svg's inline style; returns `chart`. Other <style> elements (a legend's) are
 * left alone. Frame calls it on every chart it holds (style.css sizes Frame's svgs as Plot's rules
 * would), so a figure component need not.
 */
export function withoutPlotStyle<T extends Element>(chart: T): T {
  const svgs = chart.tagName.toLowerCase() === "svg" ? [chart, ...chart.querySelectorAll("svg")] : [...chart.querySelectorAll("svg")];
  for (const svg of svgs) {
    const className = [...svg.classList].find((name) => /^plot-[0-9a-f]+$/.test(name));
    if (!className) continue;
    for (const style of svg.querySelectorAll(":scope > style")) {
      if (!(style.textContent ?? "").startsWith(`:where(.${className})`)) continue; // not Plot's own rules
      style.remove();
      const inline = (svg as SVGElement).style;
      // Plot's rules, inherited by every text and tspan of the chart (an inline style outranks the
      // zero-specificity :where() rules, so set only what the page does not set otherwise).
      if (!inline.whiteSpace) inline.whiteSpace = "pre";
      if (!inline.getPropertyValue("--plot-background")) inline.setProperty("--plot-background", "white");
    }
  }
  return chart;
}
