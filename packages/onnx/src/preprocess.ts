import type { GraphBuilder } from "./graph-builder.js";
import { OnnxExportError } from "./onnx-export-error.js";

/**
 * Input normalisation run in the graph, x' = (x·scale − mean) / std, so a deployed model takes raw pixels.
 *
 * @example
 * const unit: OnnxPreprocess = { scale: 1 / 255 }; // data-mnist's normalize: "unit"
 * const standard: OnnxPreprocess = { scale: 1 / 255, mean: split.stats.mean, std: split.stats.std }; // normalize: "standard"
 */
export interface OnnxPreprocess {
  /** Multiplies the raw input first (default 1). */
  scale?: number;
  /** Subtracted after scaling (default 0). */
  mean?: number;
  /** Divides last; positive (default 1). */
  std?: number;
}

const KEYS = ["scale", "mean", "std"];

/** The preprocessing options, checked: finite numbers, a positive std, no unknown keys. */
function checked(p: OnnxPreprocess): Required<OnnxPreprocess> {
  const unknown = Object.keys(p).filter((k) => !KEYS.includes(k));
  if (unknown.length) throw new OnnxExportError(`exportOnnx: unknown preprocess option(s) ${unknown.join(", ")}; expected scale, mean, std`);
  const { scale = 1, mean = 0, std = 1 } = p;
  for (const [key, v] of Object.entries({ scale, mean, std })) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new OnnxExportError(`exportOnnx: preprocess.${key} must be a finite number, got ${String(v)}`);
  }
  if (!(std > 0)) throw new OnnxExportError(`exportOnnx: preprocess.std must be positive, got ${std}`);
  return { scale, mean, std };
}

/**
 * Appends Mul, Sub and Div nodes (each left out where it would be the identity) on `input`;
 * returns the normalised value's name.
 */
export function preprocessNodes(input: string, options: OnnxPreprocess, g: GraphBuilder): string {
  const { scale, mean, std } = checked(options);
  let x = input;
  if (scale !== 1) x = g.node("Mul", `${input}/scaled`, [x, g.floats("preprocess.scale", [], [scale])]);
  if (mean !== 0) x = g.node("Sub", `${input}/centred`, [x, g.floats("preprocess.mean", [], [mean])]);
  if (std !== 1) x = g.node("Div", `${input}/standardised`, [x, g.floats("preprocess.std", [], [std])]);
  return x;
}
