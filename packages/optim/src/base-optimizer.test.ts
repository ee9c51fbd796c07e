import { JsBackend, Parameter, tidy } from "@chainrule/tensor";
import { describe, expect, it } from "vitest";
import { expectClose } from "../../../fixtures/pytorch/fixture.js";
import { Adam } from "./adam.js";
import { SGD } from "./sgd.js";

// What every optimizer inherits, exercised through SGD (p −= lr·g without momentum) and Adam.
describe("BaseOptimizer", () => {
  it("counts steps and applies the learning rate set between them", () => {
    const b = new JsBackend({ dtype: "float64" });
    const p = Parameter.fromValues("w", [2], [1, 2], b);
    b.write(p.grad.dataId, [1, -2]);
    const opt = new SGD([p], { lr: 0.5 });
    expect(opt.steps).toBe(0);
    opt.step();
    opt.lr = 0.25;
    opt.step();
    expect(opt.steps).toBe(2);
    expect(Array.from(p.value.dataSync())).toEqual([1 - 0.5 - 0.25, 2 + 1 + 0.5]);
  });

  it("zeroGrad clears every parameter's gradient", () => {
    const b = new JsBackend();
    const ps = [Parameter.fromValues("a", [3], [1, 2, 3], b), Parameter.fromValues("b", [2], [4, 5], b)];
    for (const p of ps) b.write(p.grad.dataId, new Array(p.size).fill(7));
    new Adam(ps).zeroGrad();
    for (const p of ps) expect(Array.from(p.grad.dataSync())).toEqual(new Array(p.size).fill(0));
  });

  it("keeps its state on each parameter's backend, past any tidy, until dispose", () => {
    const b64 = new JsBackend({ dtype: "float64" });
    const p = Parameter.fromValues("w", [4], [1, 2, 3, 4], b64);
    const made: Adam[] = [];
    tidy(() => {
      made.push(new Adam([p]));
    });
    const [opt] = made;
    expect(b64.memory().buffers).toBe(4); // value, grad, m, v
    b64.write(p.grad.dataId, [1, 1, 1, 1]);
    opt.step();
    // The first Adam step moves each weight by lr·m̂/(sqrt(v̂) + eps) = lr·1/(1 + 1e-8) against the gradient.
    expectClose(p.value.dataSync(), [1, 2, 3, 4].map((v) => v - 0.001 / (1 + 1e-8)), 1e-14);
    opt.dispose();
    expect(b64.memory().buffers).toBe(2);
  });

  it("rejects an empty parameter list and a bad learning rate", () => {
    expect(() => new SGD([])).toThrow(
      "SGD: the parameter list is empty. If you passed model.parameters(), the model has no parameters yet: " +
        "build it first (give Sequential an inputShape, or call model.build(shape)) before creating the optimizer",
    );
    const opt = new Adam([Parameter.fromValues("w", [1], [0], new JsBackend())]);
    expect(() => {
      opt.lr = Infinity;
    }).toThrow("Adam: lr must be ≥ 0, got Infinity");
  });

  it("moves its state with to() and steps on as if it had never moved; a step with the state left behind says what to do", async () => {
    const grads = [[1, -2, 0.5], [0.3, 0.1, -4], [2, 2, 2], [-1, 0, 1]];
    const run = async (moveAfter: number | null) => {
      const home = new JsBackend({ dtype: "float64" });
      const away = new JsBackend({ dtype: "float64" });
      const p = Parameter.fromValues("w", [3], [1, 2, 3], home);
      const opt = new Adam([p], { lr: 0.1 });
      for (let i = 0; i < grads.length; i++) {
        if (i === moveAfter) {
          await Promise.all([p.value.moveTo(away), p.grad.moveTo(away)]);
          expect(() => opt.step()).toThrow(
            "Adam: parameter 'w' and its optimizer state live on different backends (js-f64 and js-f64): after model.to(backend), move the state too with await optimizer.to(backend)",
          );
          expect(await opt.to(away)).toBe(opt);
          expect(home.memory().buffers).toBe(0); // value, grad, m and v all left
          expect(away.memory().buffers).toBe(4);
        }
        p.grad.backend.write(p.grad.dataId, grads[i]);
        opt.step();
      }
      return { values: Array.from(p.value.dataSync()), steps: opt.steps };
    };
    // Adam's moments and step count (its bias correction) carry over, so the bits are those of the run that stayed.
    expect(await run(2)).toEqual(await run(null));
  });
});
