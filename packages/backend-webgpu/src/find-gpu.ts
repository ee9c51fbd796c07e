// Where WebGPU comes from: `navigator.gpu` in browsers and workers, the npm package `webgpu`
// (Dawn's Node bindings) in Node, imported only there and only when asked for.

/** The `webgpu` package's entry: `create(flags)` makes a GPU object like `navigator.gpu`. */
interface DawnModule {
  create(flags: string[]): GPU;
}

/**
 * Where Node's GPU object is kept: made once per process and held for its whole life, on
 * globalThis so that a second copy of this package (its ESM and CommonJS builds, a test runner's
 * fresh module graph) finds the same one. Dawn's instance must outlive every device made from it
 * (Node crashes when a collected instance takes a live device with it), and a kept instance does
 * not keep Node running (the process exits when its devices are destroyed and nothing else is
 * pending).
 */
const NODE_GPU = Symbol.for("chainrule.backend-webgpu.dawn");
const held = globalThis as { [NODE_GPU]?: Promise<GPU> };

const NO_WEBGPU_IN_NODE =
  "WebGPU in Node needs the npm package webgpu (Dawn's bindings, binary included): npm i webgpu";

const NO_WEBGPU_IN_BROWSER =
  "this JavaScript environment has no WebGPU (navigator.gpu is missing): use a browser with WebGPU " +
  "(Chrome or Edge 113+, Safari 26+, Firefox 141+ on Windows; on Linux, Chrome with --enable-unsafe-webgpu " +
  "--enable-features=Vulkan), on a page served over HTTPS or from localhost (WebGPU needs a secure context)";

/** Whether this is Node (or a runtime that says it is, such as Bun). */
export function isNode(): boolean {
  return typeof process === "object" && typeof process.versions?.node === "string";
}

/** The GPU object of this environment, or an error saying what to install or enable. */
export async function findGpu(): Promise<GPU> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  if (!isNode()) throw new Error(`createWebGpuBackend: ${NO_WEBGPU_IN_BROWSER}`);
  held[NODE_GPU] ??= importDawn().catch((e: unknown) => {
    delete held[NODE_GPU]; // installing the package later in the same process may still work
    throw e;
  });
  return held[NODE_GPU];
}

async function importDawn(): Promise<GPU> {
  // A variable, so bundlers do not pull a Node package into a browser build; the comments tell
  // webpack 5 and Vite to leave this import alone.
  const specifier = "webgpu";
  let dawn: DawnModule;
  try {
    dawn = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as DawnModule;
  } catch (e) {
    throw new Error(`createWebGpuBackend: ${NO_WEBGPU_IN_NODE} (importing it failed: ${e instanceof Error ? e.message : String(e)})`);
  }
  return dawn.create([]);
}

/** What to do when the environment has WebGPU but no adapter. */
export function noAdapterHint(): string {
  return isNode()
    ? "Dawn found no usable GPU driver. Install your GPU's Vulkan driver (Linux), or software Vulkan: " +
        "Mesa's lavapipe 24 or later (Debian/Ubuntu package mesa-vulkan-drivers; on Debian 12, whose Mesa 22 " +
        "Dawn rejects, chainrule's scripts/setup-lavapipe.sh DIR fetches Mesa 25 and prints the VK_DRIVER_FILES to export)"
    : "the browser offers no GPU adapter: WebGPU may be blocked for this GPU or driver (see chrome://gpu), " +
        "or disabled (chrome://flags/#enable-unsafe-webgpu)";
}
