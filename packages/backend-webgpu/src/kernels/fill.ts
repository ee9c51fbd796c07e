import type { Dispatcher } from "../dispatcher.js";
import { groupsFor, perElement, type Shader } from "../shader.js";

const FILL: Shader = {
  key: "fill",
  params: [["n", "u32"], ["value", "f32"]],
  buffers: [{ name: "out", access: "read_write" }],
  code: perElement("  out[i] = p.value;"),
};

/** out[0..size) = value. */
export function fill(gpu: Dispatcher, out: GPUBuffer, value: number, size: number): void {
  gpu.run("fill", FILL, [size, value], [out], groupsFor(size));
}
