// How many threads a backend may start, and why it may not share memory with workers at all.

/**
 * Hardware threads of this machine: `navigator.hardwareConcurrency` in browsers (and Node ≥ 21),
 * `os.availableParallelism()` in older Node, imported at run time so that browsers never see
 * `node:os`; 1 where neither exists.
 */
export async function hardwareThreads(): Promise<number> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  if (typeof process === "object" && process.versions?.node) {
    // A variable, so bundlers do not pull a Node module into a browser build; the comments tell
    // webpack 5 and Vite to leave this import alone instead of warning that it is an expression.
    const specifier = "node:os";
    const os = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as typeof import("node:os");
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  return 1;
}

/** Why a WebAssembly memory cannot be shared with workers here, or null when it can. */
export function sharedMemoryUnavailable(): string | null {
  if (typeof SharedArrayBuffer !== "function") return "SharedArrayBuffer is unavailable in this environment";
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    return "the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)";
  }
  return null;
}

/** "1 thread", "2 threads". */
export function threadsText(n: number): string {
  return `${n} thread${n === 1 ? "" : "s"}`;
}
