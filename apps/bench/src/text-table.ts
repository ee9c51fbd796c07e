/**
 * Lays out rows of cells in columns padded to their widest cell. `align` holds one letter per
 * column: "l" for names and notes, "r" for numbers.
 *
 * @example
 * textTable(["system", "GFLOPS"], [["tfjs-cpu", "1.5"]], "lr");
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], align: string): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const line = (r: readonly string[]) =>
    widths.map((w, c) => (align[c] === "r" ? (r[c] ?? "").padStart(w) : (r[c] ?? "").padEnd(w))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
