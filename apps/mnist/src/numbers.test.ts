import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UsageError } from "./errors.js";
import { parseDecimal, parseInteger } from "./numbers.js";
import { numberLike } from "./test-arbitraries.js";

const runs = { seed: 20261128, numRuns: 2000 };

/** What parse(s) did: the number, or the error message (anything but a UsageError is rethrown). */
function outcome(parse: () => number): number | string {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return e.message;
  }
}

describe("parseInteger", () => {
  it("gives a number only for decimal digits in range, equal to what the digits say; otherwise the flag's error", () => {
    fc.assert(fc.property(numberLike, (s) => {
      const got = outcome(() => parseInteger("--epochs", s, 1, 1000));
      if (typeof got === "string") return got === `--epochs: expected an integer from 1 to 1000, got '${s}'`;
      // parseInt reads '1e3' as 1 and '0x10' as 0, Number reads them as 1000 and 16: both must agree.
      return got === Number(s) && got === parseInt(s, 10) && !/\s/.test(s) && Number.isInteger(got) && got >= 1 && got <= 1000;
    }), runs);
  });

  it("reads back every integer in range and refuses every one outside it", () => {
    fc.assert(fc.property(fc.integer({ min: -5000, max: 5000 }), (k) => {
      const got = outcome(() => parseInteger("--seed", String(k), 0, 4096));
      return k >= 0 && k <= 4096 ? got === k : got === `--seed: expected an integer from 0 to 4096, got '${k}'`;
    }), runs);
    expect(parseInteger("--seed", "4294967295", 0, 2 ** 32 - 1)).toBe(4294967295);
    expect(Object.is(parseInteger("--seed", "-0", 0, 9), 0)).toBe(true);
  });

  it.each(["0x10", "1e3", "1.5", "", " 5", "Infinity", "1_000", "-1", "0", "1001"])("refuses '%s' for --epochs", (s) => {
    expect(() => parseInteger("--epochs", s, 1, 1000)).toThrow(new UsageError(`--epochs: expected an integer from 1 to 1000, got '${s}'`));
  });
});

describe("parseDecimal", () => {
  const positive = (s: string) => parseDecimal("--lr", s, (n) => n > 0, "a positive number");

  it("gives a number only for decimal notation that the range accepts, equal to what it says; otherwise the flag's error", () => {
    fc.assert(fc.property(numberLike, (s) => {
      const got = outcome(() => positive(s));
      if (typeof got === "string") return got === `--lr: expected a positive number, got '${s}'`;
      // parseFloat reads '0x10' as 0 and '' as NaN where Number gives 16 and 0: both must agree.
      return got === Number(s) && got === parseFloat(s) && !/\s/.test(s) && Number.isFinite(got) && got > 0;
    }), runs);
  });

  it("reads back every finite double the way JavaScript prints it", () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
      const got = outcome(() => parseDecimal("--x", String(d), () => true, "a number"));
      return Object.is(got, d || 0);
    }), runs);
  });

  it.each(["0x10", "Infinity", "1e400", "NaN", "", "1,5", "0", "-0.1"])("refuses '%s' for --lr", (s) => {
    expect(() => positive(s)).toThrow(new UsageError(`--lr: expected a positive number, got '${s}'`));
  });

  it("takes decimal and exponent forms", () => {
    expect(["0.05", "1e-3", "2E-4", ".5", "3.", "+0.25"].map(positive)).toEqual([0.05, 0.001, 0.0002, 0.5, 3, 0.25]);
  });
});
