import type { Shape } from "@chainrule/tensor";

/**
 * One row of a model summary.
 *
 * @example
 * model.summary().rows.map((r: SummaryRow) => `${r.name}: ${r.params}`);
 */
export interface SummaryRow {
  name: string;
  type: string;
  /** One sample's output shape (the batch axis is left out). */
  outputShape: Shape;
  /** Trainable parameter count (non-trainable state such as running statistics is not counted, as in PyTorch). */
  params: number;
}

/**
 * A model summary: the rows, the total and the printable table.
 *
 * @example
 * const { rows, totalParams }: ModelSummary = model.summary();
 */
export interface ModelSummary {
  rows: SummaryRow[];
  totalParams: number;
  text: string;
}

/**
 * Lays out summary rows as a fixed-width table with a total line.
 *
 * @example
 * summarize([{ name: "fc1", type: "Dense", outputShape: [10], params: 7850 }]).text;
 */
export function summarize(rows: SummaryRow[]): ModelSummary {
  const totalParams = rows.reduce((n, r) => n + r.params, 0);
  const header = ["Layer", "Type", "Output shape", "Params"];
  const cells = rows.map((r) => [r.name, r.type, `[batch, ${r.outputShape.join(", ")}]`, r.params.toLocaleString("en-US")]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((v, c) => (c === 3 ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join("  ").trimEnd();
  const rule = "-".repeat(line(header).length);
  const text = [line(header), rule, ...cells.map(line), rule, `Total params: ${totalParams.toLocaleString("en-US")}`].join("\n");
  return { rows, totalParams, text };
}
