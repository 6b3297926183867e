// One palette for every figure: Okabe & Ito (2008), distinguishable with the common colour-vision
// deficiencies. Line and mark colours are the palette's own; text variants are darkened to reach
// 4.5:1 contrast on white (WCAG AA for small text). src/style.css repeats them as CSS variables.

/** Okabe–Ito colours. */
export const okabeIto = {
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7"
} as const;

/** The two networks every chapter compares, with a stroke colour, a text colour and a dash. */
export const series = {
  plain: {label: "plain", stroke: okabeIto.vermillion, text: "#B34F00", dash: "6,4", symbol: "triangle"},
  residual: {label: "residual", stroke: okabeIto.blue, text: okabeIto.blue, dash: null, symbol: "circle"}
} as const;
