import { describe, expect, it } from "vitest";
import { terminalProgress } from "./progress.js";

describe("terminalProgress", () => {
  it("redraws one line in a terminal and clears it before a line that stays", () => {
    const out: string[] = [];
    const p = terminalProgress((t) => void out.push(t), true);
    p.update("relu", 1, 10, "loss 2.3");
    p.update("relu", 2, 10, "loss 2.2"); // within 100 ms of the last redraw: skipped
    p.update("relu", 10, 10, "loss 0.5"); // the last step is always drawn
    p.done("relu: 97%");
    expect(out).toEqual(["\rrelu  step 1/10  loss 2.3\x1b[K", "\rrelu  step 10/10  loss 0.5\x1b[K", "\r\x1b[Krelu: 97%\n"]);
  });

  it("prints a plain line at each quarter of a run elsewhere", () => {
    const out: string[] = [];
    const p = terminalProgress((t) => void out.push(t), false);
    for (let step = 1; step <= 8; step++) p.update("lr 0.1", step, 8, `loss ${step}`);
    p.done("lr 0.1: done");
    expect(out).toEqual(["lr 0.1  step 2/8  loss 2\n", "lr 0.1  step 4/8  loss 4\n", "lr 0.1  step 6/8  loss 6\n", "lr 0.1: done\n"]);
  });
});
