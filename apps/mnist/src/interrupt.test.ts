import { EventEmitter } from "node:events";
import type { BatchLog, TrainContext } from "@chainrule/train";
import { describe, expect, it } from "vitest";
import { InterruptHandler } from "./interrupt.js";

function setup() {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const warnings: string[] = [];
  const stops: string[] = [];
  const handler = new InterruptHandler({ signals, exit: (code) => exits.push(code), warn: (line) => warnings.push(line) });
  const ctx: TrainContext = { model: { forward: (x) => x, backward: (d) => d, parameters: () => [] }, epochs: 3, stepsPerEpoch: 10, samplesPerEpoch: 100, stop: (r) => void stops.push(r) };
  const batch = (epoch: number, b: number): BatchLog => ({ epoch, batch: b, step: epoch * 10 + b + 1, loss: 1, accuracy: 0.5, lr: 0.1, size: 10, seen: 10 * (b + 1) });
  return { signals, exits, warnings, stops, handler, ctx, batch };
}

describe("InterruptHandler", () => {
  it("lets training run until Ctrl-C, then stops it after the current step and remembers where", () => {
    const { signals, stops, warnings, exits, handler, ctx, batch } = setup();
    handler.onBatchEnd(batch(0, 0), ctx);
    expect(stops).toEqual([]);
    signals.emit("SIGINT");
    expect(warnings).toEqual(["chainrule-mnist: Ctrl-C: stopping after this step, then testing and writing what was trained (Ctrl-C again quits at once)"]);
    handler.onBatchEnd(batch(1, 6), ctx);
    expect(stops).toEqual(["interrupted (Ctrl-C)"]);
    expect(handler.stoppedAt).toEqual({ epoch: 2, step: 7 });
    // the step fit was already running when it was asked to stop still trains and reports: it is where training stopped
    handler.onBatchEnd(batch(1, 7), ctx);
    expect(handler.stoppedAt).toEqual({ epoch: 2, step: 8 });
    expect(exits).toEqual([]);
  });

  it("exits at once with 130 on the second Ctrl-C", () => {
    const { signals, exits } = setup();
    signals.emit("SIGINT");
    expect(exits).toEqual([]);
    signals.emit("SIGINT");
    expect(exits).toEqual([130]);
  });

  it("stops listening when disposed, so Ctrl-C ends the process again", () => {
    const { signals, handler } = setup();
    expect(signals.listenerCount("SIGINT")).toBe(1);
    handler.dispose();
    expect(signals.listenerCount("SIGINT")).toBe(0);
  });
});
