import type { DeviceState } from "./device-state.js";
import { COMPUTE_STAGE } from "./gpu-flags.js";
import { wgslSource, type Shader } from "./shader.js";
import { UniformRing } from "./uniform-ring.js";

/** A compiled variant of a shader (one per set of in-place inputs) and the layout of its bindings. */
interface Compiled {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
  layoutKey: string;
  aliased: ReadonlyMap<string, string>;
}

/** Uniform slots per submission: a full ring submits the commands recorded so far. */
const RING_SLOTS = 1024;
/** The most parameters a shader has (the ring's slot holds them all). */
export const MAX_PARAMS = 64;
/** Bind groups kept for reuse before the cache starts over (a training step uses a few hundred). */
const MAX_BIND_GROUPS = 4096;
const NO_ALIASES: ReadonlyMap<string, string> = new Map();

/**
 * Records kernels into one command encoder and submits them together: at a read, a write, when the
 * uniform ring is full, or in a microtask after the first command (so queued work starts while the
 * host computes the next step). Pipelines are compiled once per shader variant, and bind groups
 * are kept per set of buffers: the pool hands a steady workload the same buffers every step, so
 * after the first step a dispatch creates no WebGPU object.
 */
export class Dispatcher {
  private readonly ring: UniformRing;
  private readonly compiled = new Map<string, Compiled>();
  private readonly layouts = new Map<string, { bindGroup: GPUBindGroupLayout; pipeline: GPUPipelineLayout }>();
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private readonly ids = new WeakMap<GPUBuffer, number>();
  private nextId = 1;
  private commands: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly offsets = new Uint32Array(1);
  private readonly maxGroups: number;

  constructor(
    private readonly device: GPUDevice,
    private readonly state: DeviceState,
    private readonly backendName: string,
  ) {
    this.ring = new UniformRing(device, RING_SLOTS, MAX_PARAMS);
    this.maxGroups = device.limits.maxComputeWorkgroupsPerDimension;
  }

  /**
   * Records one dispatch of `shader` over `groups` workgroups, with `values` for its parameters and
   * `buffers` for its storage slots (in order). An input that is the output's storage runs on the
   * shader's in-place variant where the slot allows it, and is an error otherwise.
   */
  run(kernel: string, shader: Shader, values: readonly number[], buffers: readonly GPUBuffer[], groups: number): void {
    if (groups === 0) return;
    if (shader.params.length > MAX_PARAMS) {
      throw new RangeError(`${this.backendName} backend ${kernel}: the shapes need ${shader.params.length} parameters, more than the ${MAX_PARAMS} a dispatch holds`);
    }
    const x = Math.min(groups, this.maxGroups);
    const y = Math.ceil(groups / x);
    if (y > this.maxGroups) throw new RangeError(`${this.backendName} backend ${kernel}: ${groups} workgroups are more than one dispatch can run`);
    const aliased = this.aliasesOf(kernel, shader, buffers);
    const variant = aliased.size === 0 ? shader.key : `${shader.key}|${[...aliased].map(([i, o]) => `${i}=${o}`).join(",")}`;
    const compiled = this.compiled.get(variant) ?? this.compile(variant, shader, aliased);
    if (this.ring.full) this.flush();
    const offset = this.ring.put(shader.params, values);
    const bound = buffers.filter((_, i) => !compiled.aliased.has(shader.buffers[i].name));
    const pass = this.computePass();
    pass.setPipeline(compiled.pipeline);
    this.offsets[0] = offset;
    pass.setBindGroup(0, this.bindGroup(compiled, bound), this.offsets, 0, 1);
    pass.dispatchWorkgroups(x, y);
  }

  /** Records dst[dstByte …] = src[srcByte …] (`bytes` bytes) after the commands before it. */
  copy(src: GPUBuffer, srcByte: number, dst: GPUBuffer, dstByte: number, bytes: number): void {
    if (bytes > 0) this.encoder().copyBufferToBuffer(src, srcByte, dst, dstByte, bytes);
  }

  /** Records zeros over the first `bytes` bytes of `buffer`. */
  clear(buffer: GPUBuffer, bytes: number): void {
    if (bytes > 0) this.encoder().clearBuffer(buffer, 0, bytes);
  }

  /** Submits what has been recorded, with its uniforms. */
  flush(): void {
    if (!this.commands) return;
    this.pass?.end();
    this.pass = null;
    this.ring.upload(this.device.queue);
    this.device.queue.submit([this.commands.finish()]);
    this.commands = null;
  }

  /** Forgets what has been recorded and not submitted, and destroys the uniform buffer (the backend is ending). */
  destroy(): void {
    this.pass?.end();
    this.pass = null;
    this.commands = null;
    this.bindGroups.clear();
    this.ring.buffer.destroy();
  }

  /** Bytes of the uniform buffer. */
  get bytes(): number {
    return this.ring.buffer.size;
  }

  /** Which inputs of this call are its output's storage, by slot name; throws where the rule forbids it. */
  private aliasesOf(kernel: string, shader: Shader, buffers: readonly GPUBuffer[]): ReadonlyMap<string, string> {
    let aliased: Map<string, string> | null = null;
    const slots = shader.buffers;
    for (let i = 0; i < buffers.length; i++) {
      for (let j = i + 1; j < buffers.length; j++) {
        if (buffers[i] !== buffers[j] || (slots[i].access === "read" && slots[j].access === "read")) continue;
        const input = slots[i].access === "read" ? slots[i] : slots[j].access === "read" ? slots[j] : null;
        const output = input === slots[i] ? slots[j] : slots[i];
        if (!input?.inPlace) {
          throw new Error(
            `${this.backendName} backend ${kernel}: ${slots[i].name} and ${slots[j].name} are the same storage, which this kernel does not allow ` +
              "(the in-place rule of Backend: a GPU cannot bind one buffer as an output and as another argument of the same dispatch)",
          );
        }
        (aliased ??= new Map()).set(input.name, output.name);
      }
    }
    return aliased ?? NO_ALIASES;
  }

  private compile(variant: string, shader: Shader, aliased: ReadonlyMap<string, string>): Compiled {
    const access = shader.buffers.filter((b) => !aliased.has(b.name)).map((b) => (b.access === "read" ? "r" : "w"));
    const layoutKey = access.join("");
    let layout = this.layouts.get(layoutKey);
    if (!layout) {
      const bindGroup = this.device.createBindGroupLayout({
        label: `chainrule ${layoutKey}`,
        entries: [
          { binding: 0, visibility: COMPUTE_STAGE, buffer: { type: "uniform", hasDynamicOffset: true } },
          ...access.map((a, i): GPUBindGroupLayoutEntry => ({
            binding: i + 1, visibility: COMPUTE_STAGE, buffer: { type: a === "r" ? "read-only-storage" : "storage" },
          })),
        ],
      });
      layout = { bindGroup, pipeline: this.device.createPipelineLayout({ bindGroupLayouts: [bindGroup] }) };
      this.layouts.set(layoutKey, layout);
    }
    // a shader that does not compile is a bug of this package: end the backend with the compiler's message
    this.device.pushErrorScope("validation");
    const module = this.device.createShaderModule({ label: variant, code: wgslSource(shader, aliased) });
    const pipeline = this.device.createComputePipeline({ label: variant, layout: layout.pipeline, compute: { module, entryPoint: "main" } });
    this.state.watch(this.device.popErrorScope(), (e) => new Error(`${this.backendName} backend: shader ${variant} failed to compile: ${e.message}`));
    const compiled: Compiled = { pipeline, layout: layout.bindGroup, layoutKey, aliased };
    this.compiled.set(variant, compiled);
    return compiled;
  }

  private bindGroup(compiled: Compiled, buffers: readonly GPUBuffer[]): GPUBindGroup {
    let key = compiled.layoutKey;
    for (const b of buffers) key += `,${this.idOf(b)}`;
    let group = this.bindGroups.get(key);
    if (!group) {
      if (this.bindGroups.size >= MAX_BIND_GROUPS) this.bindGroups.clear();
      group = this.device.createBindGroup({
        layout: compiled.layout,
        entries: [
          { binding: 0, resource: { buffer: this.ring.buffer, size: this.ring.stride } },
          ...buffers.map((buffer, i): GPUBindGroupEntry => ({ binding: i + 1, resource: { buffer } })),
        ],
      });
      this.bindGroups.set(key, group);
    }
    return group;
  }

  private idOf(buffer: GPUBuffer): number {
    let id = this.ids.get(buffer);
    if (id === undefined) this.ids.set(buffer, (id = this.nextId++));
    return id;
  }

  private encoder(): GPUCommandEncoder {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    return this.commands ?? this.begin();
  }

  private computePass(): GPUComputePassEncoder {
    if (!this.pass) this.pass = (this.commands ?? this.begin()).beginComputePass();
    return this.pass;
  }

  private begin(): GPUCommandEncoder {
    this.commands = this.device.createCommandEncoder();
    queueMicrotask(() => {
      if (!this.state.over) this.flush();
    });
    return this.commands;
  }
}
