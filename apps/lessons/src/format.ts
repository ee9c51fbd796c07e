// How the lessons write numbers in their conclusions and tables.

/** "97.02%" */
export function pct(v: number): string {
  return `${(100 * v).toFixed(2)}%`;
}

/** "0.4 points above" / "1.2 points below": the gap between two accuracies. */
export function pointsFrom(v: number, reference: number): string {
  const d = 100 * (v - reference);
  return `${Math.abs(d).toFixed(1)} points ${d >= 0 ? "above" : "below"}`;
}

/** "2.1e-5" */
export function sci(v: number): string {
  return v.toExponential(1);
}

/** "1,200" */
export function whole(v: number): string {
  return Math.round(v).toLocaleString("en-US");
}

/** A factor: one decimal below 10 ("1.5"), whole above ("15,029"). */
export function factor(v: number): string {
  return v < 10 ? v.toFixed(1) : whole(v);
}

/** A learning rate as written in the lessons: "1e-4", "0.003", "0.3", "10". */
export function rate(v: number): string {
  return v < 1e-3 ? v.toExponential(0) : String(Number(v.toPrecision(1)));
}

/** A loss, four significant digits: "2.303", "0.1874". */
export function lossText(v: number): string {
  return Number(v.toPrecision(4)).toString();
}

/** "a, b and c" */
export function listing(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * Text broken into lines of at most `width` characters at spaces; a blank line between paragraphs stays.
 *
 * @example
 * wrap("one two three", 7); // "one two\nthree"
 */
export function wrap(text: string, width = 100): string {
  return text
    .split("\n\n")
    .map((para) => {
      const lines: string[] = [];
      let line = "";
      for (const word of para.split(/\s+/).filter(Boolean)) {
        if (line && line.length + 1 + word.length > width) {
          lines.push(line);
          line = word;
        } else {
          line = line ? `${line} ${word}` : word;
        }
      }
      return [...lines, line].join("\n");
    })
    .join("\n\n");
}
