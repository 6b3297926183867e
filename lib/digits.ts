/**
 * The UCI 8×8 handwritten digits (Alpaydin & Kaynak 1998), as shipped in data/digits.csv (see
 * data/README.md): one image a line, 64 pixel counts from 0 to 16 in row-major order, then the label.
 * Pages read the file with FileAttachment("data/digits.csv").text() and pass the text here.
 */
import {split, type Dataset} from "./datasets.js";
import {deriveSeed, randomSeeded} from "./random.js";

export const DIGITS_SIDE = 8;
export const DIGITS_PIXELS = DIGITS_SIDE * DIGITS_SIDE;
export const DIGITS_CLASSES = 10;
/** The largest pixel value: each pixel counts the on pixels of a 4×4 block of the 32×32 scan. */
const MAX_COUNT = 16;

/**
 * Parses the digits CSV (no header; 65 integer fields a line) into a dataset whose inputs are the
 * pixel counts divided by 16, so in [0, 1], laid out as one channel of 8×8 (shape [1, 8, 8]).
 * Throws, naming the line, on a line of the wrong length, a pixel outside 0..16 or a label outside 0..9.
 */
export function parseDigits(csvText: string): Dataset {
  if (typeof csvText !== "string") throw new TypeError(`invalid digits text: ${typeof csvText} (expected the CSV file's text)`);
  const lines = csvText.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop(); // the trailing newline
  const n = lines.length;
  if (n === 0) throw new RangeError("invalid digits text: no lines (expected one image a line)");
  const x = new Float64Array(n * DIGITS_PIXELS), y = new Int32Array(n);
  // Each line is read by scanning its characters (a page parses all 1,797 lines at load: splitting
  // every line into strings cost about 90 ms of main thread); a line the scan does not accept
  // (anything but digits and commas, a field out of range) is read again field by field, which
  // accepts exactly what Number() does and names the bad field.
  for (let i = 0; i < n; ++i) if (!scanLine(lines[i], x, y, i)) readLine(lines[i], x, y, i);
  return {x, y, n, inputSize: DIGITS_PIXELS, outputSize: DIGITS_CLASSES, classes: DIGITS_CLASSES, shape: [1, DIGITS_SIDE, DIGITS_SIDE]};
}

export interface DigitsSplitOptions {
  /** Seeds the shuffle before the cut. Default 0. */
  seed?: number;
  /** The fraction held out for testing. Default 0.2 (359 of the 1,797 images). */
  testFraction?: number;
}

/** The fixed, seeded train/test split every chapter uses: the same seed gives the same images in each part. */
export function digitsSplit(data: Dataset, {seed = 0, testFraction = 0.2}: DigitsSplitOptions = {}): {train: Dataset; test: Dataset} {
  // A stream of its own ("digits"), so the split does not share numbers with a model seeded the same.
  return split(data, {testFraction, random: randomSeeded(deriveSeed(seed, 0x64696769))});
}

/** Reads line i of plain digits and commas into x and y; false (x and y maybe half written) for any other line. */
function scanLine(line: string, x: Float64Array, y: Int32Array, i: number): boolean {
  let j = 0; // the field being read
  let v = 0; // its value so far
  let digits = 0; // its digits so far
  for (let c = 0; c <= line.length; ++c) {
    const code = c < line.length ? line.charCodeAt(c) : 44; // the line's end closes its last field like a comma
    if (code >= 48 && code <= 57) {
      v = v * 10 + (code - 48);
      ++digits;
    } else if (code === 44) {
      if (digits === 0 || j > DIGITS_PIXELS || v > (j < DIGITS_PIXELS ? MAX_COUNT : DIGITS_CLASSES - 1)) return false;
      if (j < DIGITS_PIXELS) x[i * DIGITS_PIXELS + j] = v / MAX_COUNT;
      else y[i] = v;
      ++j;
      v = 0;
      digits = 0;
    } else {
      return false;
    }
  }
  return j === DIGITS_PIXELS + 1;
}

/** Reads line i field by field into x and y, or throws naming what is wrong with it. */
function readLine(line: string, x: Float64Array, y: Int32Array, i: number): void {
  const fields = line.split(",");
  if (fields.length !== DIGITS_PIXELS + 1) {
    throw new RangeError(`invalid digits line ${i + 1}: ${fields.length} fields (expected ${DIGITS_PIXELS + 1}: 64 pixels and a label)`);
  }
  for (let j = 0; j <= DIGITS_PIXELS; ++j) {
    const v = Number(fields[j]);
    const max = j < DIGITS_PIXELS ? MAX_COUNT : DIGITS_CLASSES - 1;
    if (fields[j].trim() === "" || !Number.isInteger(v) || v < 0 || v > max) {
      const what = j < DIGITS_PIXELS ? `pixel ${j}` : "label";
      throw new RangeError(`invalid digits line ${i + 1}: ${what} is ${JSON.stringify(fields[j])} (expected an integer from 0 to ${max})`);
    }
    if (j < DIGITS_PIXELS) x[i * DIGITS_PIXELS + j] = v / MAX_COUNT;
    else y[i] = v;
  }
}
