// What createWebGpuBackend gives and how a backend ends: its label and memory, a device passed in
// (which dispose leaves alive), a lost device (every pending and later call fails with the reason,
// nothing hangs), storage larger than the device binds, and dispose.
import { afterAll, describe, expect, it } from "vitest";
import { createWebGpuBackend, type WebGpuBackend } from "./create-webgpu-backend.js";

describe("createWebGpuBackend", () => {
  const made: WebGpuBackend[] = [];
  const create = async (device?: GPUDevice) => {
    const b = await createWebGpuBackend({ device });
    made.push(b);
    return b;
  };
  afterAll(() => made.forEach((b) => b.dispose()));

  it("names the adapter in its label, counts live storage apart from the GPU memory it holds", async () => {
    const b = await create();
    expect(b.name).toBe("webgpu");
    expect(b.dtype).toBe("float32");
    expect(b.readSync).toBeUndefined();
    // lavapipe here; any adapter reports at least a vendor or an architecture
    expect(b.label).toMatch(/^webgpu, (?!unknown adapter)\S/);
    const x = b.alloc(100);
    expect(b.memory()).toEqual({ buffers: 1, bytes: 400 });
    expect(b.gpuMemory().bytes).toBeGreaterThanOrEqual(448); // 400 bytes round up to the 448-byte class
    b.free(x);
    const y = b.alloc(90); // the same class: the same buffer, cleared
    expect(b.memory()).toEqual({ buffers: 1, bytes: 360 });
    expect(Array.from(await b.read(y)).every((v) => v === 0)).toBe(true);
  });

  it("frees storage that queued work still reads: its next owner's writes land after that work", async () => {
    const b = await create();
    const n = 1 << 14;
    const a = b.alloc(n);
    b.write(a, new Float32Array(n).fill(3));
    const y = b.alloc(n);
    b.unary("square", a, y, n); // recorded, not yet submitted
    b.free(a);
    const held = b.gpuMemory();
    const next = b.alloc(n); // the same buffer again
    expect(b.gpuMemory()).toEqual(held);
    b.write(next, new Float32Array(n).fill(7));
    expect((await b.read(y)).every((v) => v === 9)).toBe(true);
    expect((await b.read(next)).every((v) => v === 7)).toBe(true);
  });

  it("refuses storage larger than the device binds, with a RangeError giving the limit", async () => {
    const b = await create();
    const limit = Math.min(b.device.limits.maxStorageBufferBindingSize, b.device.limits.maxBufferSize);
    expect(() => b.alloc(limit / 4 + 1)).toThrow(new RegExp(`webgpu backend alloc: .* more than this device binds \\(${limit} bytes\\)`));
    expect(b.memory()).toEqual({ buffers: 0, bytes: 0 });
  });

  it("fails every pending and later call with the reason when the device is lost", async () => {
    const b = await create();
    const x = b.alloc(1 << 16);
    const y = b.alloc(1 << 16);
    b.fill(x, 2, 1 << 16);
    for (let i = 0; i < 20; i++) b.binary("mul", x, [1 << 16], x, [1 << 16], y, [1 << 16]);
    const pending = b.read(y);
    b.device.destroy();
    const lost = /webgpu backend: the GPU device was lost \(destroyed/;
    await expect(pending).rejects.toThrow(lost);
    expect(() => b.fill(x, 1, 4)).toThrow(lost);
    expect(() => b.alloc(4)).toThrow(lost);
    await expect(b.read(x)).rejects.toThrow(lost);
    b.free(x); // still harmless
    b.dispose();
  });

  it("runs on a device passed in, and leaves it alive at dispose", async () => {
    const owner = await create();
    const b = await create(owner.device);
    const x = b.alloc(3);
    b.write(x, [1, 2, 3]);
    b.unary("square", x, x, 3);
    expect(Array.from(await b.read(x))).toEqual([1, 4, 9]);
    b.dispose();
    await expect(b.read(x)).rejects.toThrow(/used after dispose\(\)/);
    const z = owner.alloc(2); // the device still runs
    owner.write(z, [5, 6]);
    expect(Array.from(await owner.read(z))).toEqual([5, 6]);
  });

  it("after dispose holds no GPU memory and refuses calls; pending reads reject", async () => {
    const b = await create();
    const x = b.alloc(8);
    const pending = b.read(x);
    b.dispose();
    await expect(pending).rejects.toThrow(/used after dispose\(\)/);
    expect(b.gpuMemory()).toEqual({ buffers: 0, bytes: 0 });
    expect(b.memory()).toEqual({ buffers: 0, bytes: 0 });
    expect(() => b.write(x, [1])).toThrow(/used after dispose\(\)/);
  });
});
