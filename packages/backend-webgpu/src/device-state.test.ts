// How a backend ends: the first reason wins, pending waits reject with it at once, and an error
// scope that reports (out of memory on a new buffer) ends the backend by the next read.
import { describe, expect, it } from "vitest";
import { DeviceState } from "./device-state.js";

const never = new Promise<never>(() => {});

describe("DeviceState", () => {
  it("rejects pending waits with the first reason, and throws it from then on", async () => {
    const state = new DeviceState();
    const pending = state.waitFor(never);
    state.end(new Error("the GPU device was lost"));
    state.end(new Error("used after dispose()"));
    await expect(pending).rejects.toThrow("the GPU device was lost");
    expect(() => state.check()).toThrow("the GPU device was lost");
    await expect(state.waitFor(Promise.resolve(1))).rejects.toThrow("the GPU device was lost");
  });

  it("ends with an error scope's described error, which waits see once the scopes have settled", async () => {
    const state = new DeviceState();
    state.watch(Promise.resolve(null), () => new Error("not this one"));
    state.watch(Promise.resolve({ message: "Out of memory" } as GPUError), (e) => new Error(`out of GPU memory (${e.message})`));
    await expect(state.waitFor(state.settled())).rejects.toThrow("out of GPU memory (Out of memory)");
    expect(state.over).toBe(true);
  });

  it("passes results through while the backend runs", async () => {
    const state = new DeviceState();
    state.watch(Promise.resolve(null), () => new Error("no error"));
    await state.settled();
    await expect(state.waitFor(Promise.resolve(42))).resolves.toBe(42);
    expect(state.over).toBe(false);
  });
});
