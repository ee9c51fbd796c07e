import { describe, expect, it } from "vitest";
import { lineChart } from "./line-chart.js";
import { elements, polylinePoints, texts } from "./test-svg.js";

// The plot area runs from x 64 to 604 and from y 236 (bottom) to 36 (top).
describe("lineChart", () => {
  it("maps the data's span onto the plot area", () => {
    const svg = lineChart("Loss", "step", "loss", [{ name: "a", color: "#36c", points: [[0, 0], [5, 0.5], [10, 1]] }]);
    expect(polylinePoints(elements(svg, "polyline")[0])).toEqual([[64, 236], [334, 136], [604, 36]]);
    expect(elements(svg, "circle").map((c) => [Number(c.cx), Number(c.cy)])).toEqual([[64, 236], [334, 136], [604, 36]]);
  });

  it("places points by log10 on log axes and labels the ticks 10^t", () => {
    const svg = lineChart("Final loss", "learning rate", "loss", [{ name: "a", color: "#36c", points: [[1e-4, 0.1], [1e-2, 1], [10, 10]] }], { logX: true, logY: true });
    // x: log10 from −4 to 1, so 1e-2 is 2/5 of the way; y: log10 from −1 to 1, so 1 is half way.
    expect(polylinePoints(elements(svg, "polyline")[0])).toEqual([[64, 236], [280, 136], [604, 36]]);
    expect(texts(svg)).toEqual(expect.arrayContaining(["1e-4", "0.001", "0.01", "0.1", "1", "10"]));
  });

  it("leaves out points a log axis cannot show", () => {
    const svg = lineChart("t", "x", "y", [{ name: "a", color: "#36c", points: [[1, 1], [2, 0], [3, -1], [4, NaN], [5, 10]] }], { logY: true });
    expect(polylinePoints(elements(svg, "polyline")[0]).map((p) => p[0])).toEqual([64, 604]);
  });

  it("draws points beyond yRange at its edge", () => {
    const svg = lineChart("t", "x", "y", [{ name: "a", color: "#36c", points: [[0, 1], [1, 1e20]] }], { logY: true, yRange: [0.1, 10] });
    expect(polylinePoints(elements(svg, "polyline")[0])).toEqual([[64, 136], [604, 36]]);
  });

  it("draws crosses without a line, dashed lines, and dots only on short series by default", () => {
    const long = Array.from({ length: 31 }, (_, i) => [i / 30, i / 30] as const);
    const svg = lineChart("t", "x", "y", [
      { name: "scatter", color: "#c00", points: [[0, 0], [1, 1]], line: false, marker: "cross" },
      { name: "dashed", color: "#36c", points: [[0, 1], [1, 0]], dashed: true },
      { name: "long", color: "#090", points: long },
    ]);
    const lines = elements(svg, "polyline");
    expect(lines.map((l) => l.stroke)).toEqual(["#36c", "#090"]);
    expect(lines[0]["stroke-dasharray"]).toBe("6 4");
    expect(lines[1]["stroke-dasharray"]).toBeUndefined();
    expect(elements(svg, "path").map((p) => p.d)).toEqual(["M60.0 232.0L68.0 240.0M60.0 240.0L68.0 232.0", "M600.0 32.0L608.0 40.0M600.0 40.0L608.0 32.0"]);
    expect(elements(svg, "circle").map((c) => c.fill)).toEqual(["#36c", "#36c"]);
  });

  it("escapes names and titles, and says when there is nothing to draw", () => {
    const svg = lineChart("a < b", "x", "y", [{ name: "<script>", color: "#36c", points: [[0, 1]] }]);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("a &lt; b");
    expect(texts(lineChart("t", "x", "y", [{ name: "a", color: "#36c", points: [[1, 0]] }], { logY: true }))).toContain("no data");
  });

  it("wraps a long legend onto more rows and grows taller for them", () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ name: `lr ${i}e-4 long name`, color: "#36c", points: [[i, i] as const] }));
    const one = lineChart("t", "x", "y", many.slice(0, 1));
    const all = lineChart("t", "x", "y", many);
    expect(elements(one, "svg")[0].height).toBe("300");
    const rows = new Set(elements(all, "rect").map((r) => r.y));
    expect(Number(elements(all, "svg")[0].height)).toBe(300 + 16 * (rows.size - 1));
    expect(rows.size).toBeGreaterThan(2);
    expect(Math.max(...elements(all, "rect").map((r) => Number(r.x)))).toBeLessThan(604);
  });
});
