import { describe, expect, it } from "vitest";
import { formatNumber, linearTicks, logTicks, tickLabels } from "./ticks.js";

describe("linearTicks", () => {
  it("steps by 1, 2 or 5 times a power of ten, at most about five steps", () => {
    expect(linearTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(0.93, 0.975)).toEqual([0.93, 0.94, 0.95, 0.96, 0.97]);
    expect(linearTicks(3, 938)).toEqual([200, 400, 600, 800]);
    expect(linearTicks(-7, 7)).toEqual([-5, 0, 5]);
  });
});

describe("logTicks", () => {
  it("puts one tick per decade over many decades, and thins them beyond eight", () => {
    expect(logTicks(-4, 1)).toEqual([-4, -3, -2, -1, 0, 1]);
    expect(logTicks(-11, 1)).toEqual([-10, -8, -6, -4, -2, 0]);
    expect(logTicks(-20.5, 3.2)).toEqual([-18, -15, -12, -9, -6, -3, 0, 3]);
  });

  it("adds 3s over a few decades and 2s and 5s within one", () => {
    expect(logTicks(0, 2).map((t) => Number((10 ** t).toPrecision(6)))).toEqual([1, 3, 10, 30, 100]);
    expect(logTicks(-1, -0.2).map((t) => Number((10 ** t).toPrecision(6)))).toEqual([0.1, 0.2, 0.5]);
  });

  it("falls back to linear ticks (in log10 units) inside a narrow span", () => {
    expect(logTicks(0.31, 0.36)).toEqual(linearTicks(0.31, 0.36));
  });
});

describe("tickLabels", () => {
  it("labels a log axis with 10^t", () => {
    expect(tickLabels([-4, -1, 0, 1, 4], true)).toEqual(["1e-4", "0.1", "1", "10", "1e+4"]);
  });

  it("adds digits until neighbouring labels differ", () => {
    expect(tickLabels([0.9701, 0.9702, 0.9703], false)).toEqual(["0.9701", "0.9702", "0.9703"]);
  });
});

describe("formatNumber", () => {
  it("uses exponents only outside [1e-3, 1e4)", () => {
    expect(formatNumber(0.000125)).toBe("1e-4");
    expect(formatNumber(0.000125, 5)).toBe("1.25e-4");
    expect(formatNumber(2.30259)).toBe("2.3");
    expect(formatNumber(43210)).toBe("4e+4");
    expect(formatNumber(0)).toBe("0");
  });
});
