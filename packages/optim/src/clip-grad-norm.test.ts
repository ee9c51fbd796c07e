import { JsBackend, Parameter, type Backend } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { expectClose } from "../../../fixtures/pytorch/fixture.js";
import { clipGradNorm, clipGradNormSync } from "./clip-grad-norm.js";

const gradsA = [3, -4, 1, 2, 0, -1];
const gradsB = [2, 5];
/** ‖g‖ over both parameters, computed here: sqrt(9+16+1+4+0+1 + 4+25) = sqrt(60). */
const norm = Math.sqrt([...gradsA, ...gradsB].reduce((s, g) => s + g * g, 0));

function params(backend: Backend): Parameter[] {
  const a = Parameter.fromValues("a", [2, 3], undefined, backend);
  const b = Parameter.fromValues("b", [2], undefined, backend);
  backend.write(a.grad.dataId, gradsA);
  backend.write(b.grad.dataId, gradsB);
  return [a, b];
}

/** A JS backend that, like a GPU one, reads only asynchronously. */
function asyncOnly(): Backend {
  const b = new JsBackend();
  return new Proxy(b, {
    get: (target, key) => {
      if (key === "readSync") return undefined;
      const value: unknown = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("clipGradNormSync", () => {
  it("returns the global norm and leaves gradients below maxNorm alone", () => {
    const ps = params(new JsBackend());
    expect(clipGradNormSync(ps, 10)).toBeCloseTo(norm, 5);
    expect(Array.from(ps[0].grad.dataSync())).toEqual(gradsA);
    expect(Array.from(ps[1].grad.dataSync())).toEqual(gradsB);
  });

  it("scales every gradient by maxNorm / (‖g‖ + 1e-6) when above, as PyTorch does", () => {
    const ps = params(new JsBackend({ dtype: "float64" }));
    expect(clipGradNormSync(ps, 2)).toBeCloseTo(norm, 12);
    const scale = 2 / (norm + 1e-6);
    expectClose(ps[0].grad.dataSync(), gradsA.map((g) => g * scale), 1e-14);
    expectClose(ps[1].grad.dataSync(), gradsB.map((g) => g * scale), 1e-14);
    expect(clipGradNormSync(ps, 2)).toBeCloseTo(2, 5); // now within bounds
  });

  it("sums the norm over parameters on different backends", () => {
    const [a] = params(new JsBackend());
    const [, b] = params(new JsBackend({ dtype: "float64" }));
    expect(clipGradNormSync([a, b], 100)).toBeCloseTo(norm, 5);
  });

  it("reuses one stats buffer per backend", () => {
    const backend = new JsBackend();
    const ps = params(backend);
    clipGradNormSync(ps, 100);
    const buffers = backend.memory().buffers;
    clipGradNormSync(ps, 100);
    clipGradNormSync(ps.slice(0, 1), 100);
    expect(backend.memory().buffers).toBe(buffers);
  });

  it("returns a non-finite norm without touching the gradients", () => {
    const backend = new JsBackend();
    const ps = params(backend);
    backend.write(ps[1].grad.dataId, [NaN, 1]);
    expect(clipGradNormSync(ps, 1)).toBeNaN();
    expect(Array.from(ps[0].grad.dataSync())).toEqual(gradsA);
    backend.write(ps[1].grad.dataId, [Infinity, 1]);
    expect(clipGradNormSync(ps, 1)).toBe(Infinity);
    expect(Array.from(ps[0].grad.dataSync())).toEqual(gradsA);
  });

  it("rejects maxNorm ≤ 0 and a backend without synchronous reads", () => {
    expect(() => clipGradNormSync(params(new JsBackend()), 0)).toThrow("clipGradNormSync: maxNorm must be > 0, got 0");
    expect(() => clipGradNormSync(params(asyncOnly()), 1)).toThrow(/reads only asynchronously; use await clipGradNorm/);
  });
});

describe("clipGradNorm", () => {
  it("clips the same way, reading the norm asynchronously", async () => {
    const backend = asyncOnly();
    const ps = params(backend);
    expect(await clipGradNorm(ps, 1)).toBeCloseTo(norm, 5);
    const scale = 1 / (norm + 1e-6);
    expectClose(await ps[0].grad.data(), gradsA.map((g) => g * scale));
    expectClose(await ps[1].grad.data(), gradsB.map((g) => g * scale));
  });
});
