// How a kernel describes its compute shader, and the WGSL declarations built from that description.
//
// Every shader has the same frame: binding 0 is a uniform block `p` of scalar parameters (one slot
// of the uniform ring, chosen by a dynamic offset), bindings 1… are f32 storage arrays, and the
// entry point `main` runs one workgroup per linear group index. Kernel code reads an input buffer
// `x` only through its accessor `x_at(i)`: for a call in place (out = x, which the Backend's in-place
// rule allows for elementwise kernels) the declaration of x is left out and `x_at` reads `out`,
// because WebGPU refuses one buffer bound as writable storage and as another binding of the same
// dispatch.

/** The type of one uniform parameter: every field of `p` is a 4-byte scalar. */
export type ParamType = "u32" | "i32" | "f32";

/** One storage buffer of a shader, in binding order. */
export interface BufferSlot {
  readonly name: string;
  /** `read`: an input, read through `<name>_at(i)`; `read_write`: an output (or in-out state). */
  readonly access: "read" | "read_write";
  /** An input that may be the same storage as the call's output (the in-place rule of Backend). */
  readonly inPlace?: boolean;
  /** An input read four floats at a time, through `<name>_at4(i)` (elements 4i … 4i+3). */
  readonly vec4?: boolean;
}

/**
 * A compute shader: `code` holds its helper functions and its entry point (see {@link entryPoint});
 * `key` names the source exactly, so equal keys share one compiled pipeline.
 */
export interface Shader {
  readonly key: string;
  readonly params: readonly (readonly [name: string, type: ParamType])[];
  readonly buffers: readonly BufferSlot[];
  readonly code: string;
}

/** Threads per workgroup of the one-dimensional kernels. */
export const GROUP_SIZE = 256;

/**
 * The entry point: `group` is the linear workgroup index (dispatches wider than the 65,535
 * workgroups a dimension may hold are folded into a second dimension), `lid` the thread's index
 * within its workgroup.
 */
export function entryPoint(workgroupSize: number, body: string): string {
  return `@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let group = wid.x + wid.y * groups.x;
${body}
}`;
}

/** A one-dimensional kernel body run for every i < p.n: `i` is the thread's element. */
export function perElement(body: string): string {
  return entryPoint(GROUP_SIZE, `  let i = group * ${GROUP_SIZE}u + lid;
  if (i >= p.n) { return; }
${body}`);
}

/**
 * The WGSL source of `shader` with the inputs in `aliased` read from the named output: the uniform
 * block, the storage bindings that are bound, an accessor per input, then the kernel's code.
 */
export function wgslSource(shader: Shader, aliased: ReadonlyMap<string, string>): string {
  const fields = shader.params.map(([name, type]) => `${name}: ${type}`).join(", ");
  const lines = [`struct Params { ${fields} }`, "@group(0) @binding(0) var<uniform> p: Params;"];
  let binding = 1;
  for (const b of shader.buffers) {
    if (aliased.has(b.name)) continue;
    lines.push(`@group(0) @binding(${binding++}) var<storage, ${b.access}> ${b.name}: array<${b.vec4 ? "vec4<f32>" : "f32"}>;`);
  }
  for (const b of shader.buffers) {
    if (b.vec4) lines.push(`fn ${b.name}_at4(i: u32) -> vec4<f32> { return ${b.name}[i]; }`);
    else if (b.access === "read") lines.push(`fn ${b.name}_at(i: u32) -> f32 { return ${aliased.get(b.name) ?? b.name}[i]; }`);
  }
  return `${lines.join("\n")}\n${shader.code}\n`;
}

/** Workgroups for `n` elements at one per thread. */
export function groupsFor(n: number): number {
  return Math.ceil(n / GROUP_SIZE);
}

/** `make` memoized by its key: each shader's source is built once per process. */
export function memoized<K, V>(make: (key: K) => V): (key: K) => V {
  const made = new Map<K, V>();
  return (key) => {
    let v = made.get(key);
    if (v === undefined) made.set(key, (v = make(key)));
    return v;
  };
}
