/** A column: header, alignment, and how wide it must at least be. */
export interface Column {
  header: string;
  align?: "left" | "right";
  width?: number;
}

/**
 * Fixed-width text rows: header, rule, then each row padded to its column (right-aligned by
 * default, for numbers).
 *
 * @example
 * formatTable([{ header: "epoch" }, { header: "loss" }], [["1", "0.2345"]]);
 */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.width ?? 0, c.header.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (columns[i].align === "left" ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
