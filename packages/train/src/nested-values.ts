import type { NestedArray } from "@chainrule/tensor";

/**
 * Flattens nested arrays of numbers (one entry per sample, e.g. `[[0, 1], [1, 0]]`) in row-major
 * order and reads their shape off them, `[samples, ...sampleShape]`. Every entry at one depth must
 * have the length of the first one there: a ragged array or a leaf that is not a number throws an
 * error naming its path (`x[3][1]`), where counting values alone would blame a wrong count.
 *
 * @example
 * flattenNested("arrayDataset", "x", [[1, 2], [3, 4], [5, 6]]); // { values: Float64Array [1, 2, 3, 4, 5, 6], shape: [3, 2] }
 */
export function flattenNested(where: string, field: string, rows: readonly NestedArray[]): { values: Float64Array; shape: number[] } {
  const shape: number[] = [];
  for (let cur: NestedArray = rows; Array.isArray(cur); cur = cur[0] as NestedArray) shape.push(cur.length);
  const values = new Float64Array(shape.reduce((n, d) => n * d, 1));
  let k = 0;
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== "number") throw new TypeError(`${where}: ${path} is ${show(v)}, not a number`);
      values[k++] = v;
      return;
    }
    const first = `${field}${"[0]".repeat(depth)}`;
    if (!Array.isArray(v)) throw new TypeError(`${where}: ${path} is ${show(v)}, where ${first} is an array of ${shape[depth]}`);
    if (v.length !== shape[depth]) {
      throw new RangeError(`${where}: ${path} holds ${entries(v.length)} where ${first} holds ${shape[depth]}; nested arrays must be rectangular (every sample the same shape)`);
    }
    // An index loop, not forEach: a hole in a sparse array must be reported, not skipped.
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${path}[${i}]`);
  };
  walk(rows, 0, field);
  return { values, shape };
}

/** How an error shows a value that is out of place: "an array", "\"a\"", "undefined". */
function show(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return JSON.stringify(v);
  return typeof v === "object" && v !== null ? "an object" : String(v);
}

function entries(n: number): string {
  return `${n} ${n === 1 ? "entry" : "entries"}`;
}
