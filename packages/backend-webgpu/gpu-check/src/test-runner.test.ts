import { describe as vitestDescribe, expect, it as vitestIt } from "vitest";
import { afterAll, beforeAll, describe, it, runTests } from "./test-runner.js";

vitestDescribe("the GPU check's test runner", () => {
  vitestIt("runs hooks and tests in order, counts passes, names failures by their path, and forgets what it ran", async () => {
    const order: string[] = [];
    describe("outer", () => {
      beforeAll(() => void order.push("before outer"));
      afterAll(() => void order.push("after outer"));
      it("passes", async () => void order.push("passes"));
      describe("inner", () => {
        beforeAll(() => void order.push("before inner"));
        it("throws", () => {
          order.push("throws");
          throw new Error("wrong value at [3]");
        });
      });
      it("after the inner suite", () => void order.push("last"));
    });
    const run = await runTests(1_000);
    expect(order).toEqual(["before outer", "passes", "before inner", "throws", "last", "after outer"]);
    expect(run.passed).toBe(2);
    expect(run.failed).toEqual([{ test: "outer > inner > throws", error: "wrong value at [3]" }]);
    expect((await runTests(1_000)).passed).toBe(0);
  });

  vitestIt("fails every test of a suite whose beforeAll fails, and a test that outlives the timeout", async () => {
    describe("no backend", () => {
      beforeAll(() => Promise.reject(new Error("no adapter")));
      it("a", () => undefined);
      describe("b", () => it("c", () => undefined));
    });
    it("hangs", () => new Promise(() => undefined));
    const run = await runTests(50);
    expect(run.passed).toBe(0);
    expect(run.failed).toEqual([
      { test: "no backend > a", error: "beforeAll failed: no adapter" },
      { test: "no backend > b > c", error: "beforeAll failed: no adapter" },
      { test: "hangs", error: "timed out after 50 ms" },
    ]);
  });
});
