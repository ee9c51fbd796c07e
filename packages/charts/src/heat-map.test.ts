import { describe, expect, it } from "vitest";
import { viridis } from "./color-scale.js";
import { heatMap } from "./heat-map.js";
import { elements, texts } from "./test-svg.js";

const cells = (svg: string) => elements(svg, "rect").filter((r) => r.width !== "12");

describe("viridis", () => {
  it("runs from dark blue through teal to yellow", () => {
    expect([viridis(0), viridis(0.5), viridis(1)]).toEqual(["#440154", "#21918c", "#fde725"]);
    expect(viridis(1 / 16)).toBe("#461768"); // half way between the first two stops
    expect([viridis(-1), viridis(2)]).toEqual(["#440154", "#fde725"]);
  });
});

describe("heatMap", () => {
  it("colours each cell by its place on the (log) scale, row r top to bottom", () => {
    const svg = heatMap("g", ["fc1", "fc2"], [1, 2], [[1, 10], [100, null]], { log: true, xLabel: "step" });
    const c = cells(svg);
    // 2 columns over 476 px, 2 rows over 200 px.
    expect(c.slice(0, 4).map((r) => [Number(r.x), Number(r.y), r.fill])).toEqual([
      [64, 36, viridis(0)], [302, 36, viridis(0.5)], [64, 136, viridis(1)], [302, 136, "#eeeeee"],
    ]);
    expect(texts(svg)).toEqual(expect.arrayContaining(["fc1", "fc2", "1", "10", "100", "no value"]));
    expect(svg).toContain("<title>fc1, step 2: 10</title>");
  });

  it("shares a given range: values beyond it get the end colours", () => {
    const svg = heatMap("g", ["a"], [1, 2, 3], [[0.5, 5, 50]], { range: [1, 10] });
    expect(cells(svg).map((r) => r.fill)).toEqual([viridis(0), viridis(4 / 9), viridis(1)]);
    expect(svg).not.toContain("no value");
  });

  it("labels at most eight columns, evenly spaced, under the cells", () => {
    const steps = Array.from({ length: 40 }, (_, i) => 10 * (i + 1));
    const svg = heatMap("g", ["a"], steps, [steps]);
    const under = [...svg.matchAll(/<text x="[^"]*" y="250" text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(under).toEqual(["10", "60", "110", "160", "210", "260", "310", "360"]);
  });

  it("draws a colour bar of 24 segments and says when there is nothing to draw", () => {
    const svg = heatMap("g", ["a"], [1], [[3]]);
    expect(elements(svg, "rect").filter((r) => r.width === "12")).toHaveLength(24);
    expect(texts(heatMap("g", ["a"], [1], [[null]]))).toContain("no data");
  });
});
