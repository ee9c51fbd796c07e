/**
 * Offers WebGPU in the backend choice where this browser gives an adapter, naming it ("WebGPU
 * (google swiftshader)": SwiftShader is Chromium's software fallback, slower than WebAssembly), and
 * elsewhere keeps the option disabled, saying why. The training worker asks its own `navigator.gpu`
 * when a run starts, and the run's backend label names the adapter it got.
 *
 * @example
 * await offerWebGpu(form.querySelector<HTMLOptionElement>('option[value="webgpu"]')!);
 */
export async function offerWebGpu(option: HTMLOptionElement): Promise<void> {
  const gpu = navigator.gpu;
  const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  option.disabled = !adapter;
  option.dataset.available = String(!!adapter);
  if (adapter) {
    const { vendor, architecture } = adapter.info;
    option.textContent = `WebGPU (${[vendor, architecture].filter(Boolean).join(" ") || "unnamed adapter"})`;
    option.title = "compute shaders on this adapter";
  } else {
    option.textContent = gpu ? "WebGPU (no adapter)" : "WebGPU (not in this browser)";
    option.title = gpu
      ? "the browser has WebGPU but offers no adapter: it may be blocked for this GPU or driver, or turned off"
      : "this browser has no WebGPU, or the page is not a secure context (HTTPS or localhost)";
  }
}
