import { describe, expect, it } from "vitest";
import { barChart } from "./bar-chart.js";
import { elements, texts } from "./test-svg.js";

const bars = (svg: string) => elements(svg, "rect").filter((r) => r.width !== "12").map((r) => ({ x: Number(r.x), y: Number(r.y), h: Number(r.height), fill: r.fill }));

describe("barChart", () => {
  it("grows linear bars from 0, one slot per category, one bar per series", () => {
    const svg = barChart("t", ["a", "b"], [{ name: "s1", color: "#36c", values: [1, 2] }, { name: "s2", color: "#c00", values: [null, 0.5] }]);
    // Slots are 270 px wide; bars take 80% of a slot, split between the two series.
    expect(bars(svg)).toEqual([
      { x: 91, y: 136, h: 100, fill: "#36c" },
      { x: 361, y: 36, h: 200, fill: "#36c" },
      { x: 469, y: 186, h: 50, fill: "#c00" },
    ]);
    expect(texts(svg)).toEqual(expect.arrayContaining(["a", "b", "layer"]));
  });

  it("grows log bars from the decade below the smallest value, so a value on a decade still shows", () => {
    const svg = barChart("t", ["fc1", "fc2"], [{ name: "s", color: "#36c", values: [1e-4, 0.1] }], { logY: true, xLabel: "tensor" });
    // Axis from 1e-5 to 1e-1: four decades of 50 px.
    expect(bars(svg).map((b) => b.h)).toEqual([50, 200]);
    expect(texts(svg)).toEqual(expect.arrayContaining(["1e-5", "0.1", "tensor"]));
  });

  it("leaves out values a log axis cannot show, and says when none is left", () => {
    expect(bars(barChart("t", ["a", "b"], [{ name: "s", color: "#36c", values: [0, 10] }], { logY: true }))).toHaveLength(1);
    expect(texts(barChart("t", ["a"], [{ name: "s", color: "#36c", values: [null] }]))).toContain("no data");
  });
});
