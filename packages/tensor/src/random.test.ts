import { describe, expect, it } from "vitest";
import { getRng, mixSeeds, Rng, setSeed } from "./random.js";

const M32 = (1n << 32n) - 1n;

/**
 * xoshiro128** written from Blackman & Vigna's reference C with BigInt arithmetic (no Math.imul or
 * sign tricks), seeded the way random.ts documents: four outputs of a splitmix32-style mixer of
 * seed + k·0x9e3779b9.
 */
function referenceStream(seed: number, count: number): number[] {
  let x = BigInt(seed >>> 0);
  const mix = (): bigint => {
    x = (x + 0x9e3779b9n) & M32;
    let z = x;
    z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & M32;
    z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & M32;
    return z ^ (z >> 16n);
  };
  const s = [mix(), mix(), mix(), mix()];
  const rotl = (v: bigint, k: bigint): bigint => ((v << k) | (v >> (32n - k))) & M32;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number((rotl((s[1] * 5n) & M32, 7n) * 9n) & M32));
    const t = (s[1] << 9n) & M32;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11n);
  }
  return out;
}

/** Sample mean and variance. */
function moments(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return { mean, variance };
}

const N = 100_000;

describe("Rng", () => {
  it("matches an independent BigInt xoshiro128** for several seeds", () => {
    for (const seed of [0, 1, 42, 0xdeadbeef]) {
      const rng = new Rng(seed);
      const got = Array.from({ length: 1000 }, () => rng.nextUint32());
      expect(got).toEqual(referenceStream(seed, 1000));
    }
  });

  it("is deterministic per seed, differs across seeds, and seed() restarts (normal's spare too)", () => {
    const a = new Rng(123);
    const first = [a.next(), a.normal(), a.normal(), a.int(10)];
    a.normal(); // leaves a spare normal behind
    a.seed(123);
    expect([a.next(), a.normal(), a.normal(), a.int(10)]).toEqual(first);
    const b = new Rng(124);
    expect(b.next()).not.toBe(new Rng(123).next());
    setSeed(7);
    const g = getRng().next();
    setSeed(7);
    expect(getRng().next()).toBe(g);
  });

  // bounds are 5 standard errors: a correct generator fails one in ~3.5 million runs
  it("uniform: mean 1/2 and variance 1/12 on 100k samples, all in [0, 1)", () => {
    const rng = new Rng(1);
    const u = Array.from({ length: N }, () => rng.next());
    const { mean, variance } = moments(u);
    // se(mean) = sqrt(1/12 / N) = 9.1e-4; se(variance) = sqrt((1/80 − 1/144) / N) = 2.4e-4
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * 9.1e-4);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * 2.4e-4);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const scaled = Array.from({ length: 1000 }, () => rng.uniform(-3, 5));
    expect(Math.min(...scaled)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...scaled)).toBeLessThan(5);
  });

  it("normal(μ, σ): mean and std on 100k samples", () => {
    const rng = new Rng(2);
    const z = Array.from({ length: N }, () => rng.normal(3, 2));
    const { mean, variance } = moments(z);
    // se(mean) = σ/√N = 6.3e-3; se(std) ≈ σ/√(2N) = 4.5e-3
    expect(Math.abs(mean - 3)).toBeLessThan(5 * 6.3e-3);
    expect(Math.abs(Math.sqrt(variance) - 2)).toBeLessThan(5 * 4.5e-3);
    // about 68.27% within one σ: se = sqrt(p(1−p)/N) = 1.5e-3
    const within = z.filter((v) => Math.abs(v - 3) < 2).length / N;
    expect(Math.abs(within - 0.6827)).toBeLessThan(5 * 1.5e-3);
  });

  it("int(n) covers 0..n−1 evenly", () => {
    const rng = new Rng(3);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.int(7)]++;
    // each count ~ Binomial(70000, 1/7): mean 10000, sd 92.6
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(5 * 92.6);
  });

  it("permutation is a permutation, and shuffles differently per seed", () => {
    const p = new Rng(4).permutation(1000);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(new Rng(5).permutation(1000))).not.toEqual(Array.from(p));
    expect(Array.from(new Rng(4).permutation(1000))).toEqual(Array.from(p));
  });
});

describe("mixSeeds", () => {
  it("gives distinct seeds for nearby pairs and is deterministic", () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 20; seed++) for (let epoch = 0; epoch < 20; epoch++) seen.add(mixSeeds(seed, epoch));
    expect(seen.size).toBe(400);
    expect(mixSeeds(1, 3)).toBe(mixSeeds(1, 3));
    expect(mixSeeds(1, 3)).not.toBe(mixSeeds(3, 1));
    // the formula, computed independently with BigInt arithmetic mod 2^32
    const m = (a: bigint, b: bigint) => (a * b) & 0xffffffffn;
    expect(mixSeeds(42, 5)).toBe(Number(m(42n, 0x9e3779b1n) ^ m(6n, 0x85ebca77n)));
  });
});
