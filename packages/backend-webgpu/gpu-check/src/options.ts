import { parseArgs } from "node:util";

/** What a GPU check runs; the defaults are the real GPU's, tests pass tiny ones. */
export interface CheckOptions {
  /** Matmul sizes n of the sweep. */
  sizes: number[];
  /** A folder of the four MNIST IDX files (raw or .gz) for the CNN epoch. */
  mnist: string;
  /** Stop the epoch after this many batches and extrapolate (Infinity: the whole epoch). */
  maxBatches: number;
  /** Test images scored after the epoch. */
  testSamples: number;
  /** Where the JSON goes besides stdout; null: stdout only. */
  out: string | null;
}

export const USAGE =
  "usage: node gpu-check.mjs --mnist DIR [--sizes 256,512,1024,2048,4096] [--max-batches N] [--test-samples 10000] [--out FILE]";

function count(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`gpu-check: ${flag} takes whole numbers from 1, got '${value}'\n${USAGE}`);
  return n;
}

/**
 * The check's options from its command line; a bad or missing one throws with the usage.
 *
 * @example
 * parseCheckOptions(["--mnist", "mnist", "--sizes", "64,128", "--max-batches", "3"]);
 */
export function parseCheckOptions(argv: string[]): CheckOptions {
  const { values: v } = parseArgs({
    args: argv,
    options: { sizes: { type: "string" }, mnist: { type: "string" }, "max-batches": { type: "string" }, "test-samples": { type: "string" }, out: { type: "string" } },
  });
  if (!v.mnist) throw new Error(`gpu-check: --mnist DIR is required (the four MNIST IDX files, raw or .gz)\n${USAGE}`);
  return {
    sizes: (v.sizes ?? "256,512,1024,2048,4096").split(",").map((s) => count("--sizes", s)),
    mnist: v.mnist,
    maxBatches: v["max-batches"] === undefined ? Infinity : count("--max-batches", v["max-batches"]),
    testSamples: v["test-samples"] === undefined ? 10_000 : count("--test-samples", v["test-samples"]),
    out: v.out ?? null,
  };
}
