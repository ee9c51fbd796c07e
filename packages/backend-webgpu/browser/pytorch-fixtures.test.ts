// The PyTorch fixtures (fixtures/pytorch, format in its README) on WebGPU in the browser: every layer
// case's forward and backward pass, every loss and its gradient, every optimizer's steps, against
// PyTorch's numbers. The cases are the ones the packages' own fixture tests run in Node on every
// backend (fixtures/pytorch/layer-cases.ts, loss-cases.ts, optimizer-cases.ts); only the loading
// differs: those read the files with node:fs, which a page has not, and here they come in through
// Vite's import.meta.glob.
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectChecks, type Fixture } from "../../../fixtures/pytorch/fixture.js";
import { LAYER_GROUPS, layerChecks } from "../../../fixtures/pytorch/layer-cases.js";
import { lossChecks } from "../../../fixtures/pytorch/loss-cases.js";
import { optimizerChecks } from "../../../fixtures/pytorch/optimizer-cases.js";
import { createWebGpuBackend, type WebGpuBackend } from "../src/index.js";

/**
 * |a − e| ≤ 1e-5·(1 + |e|), the fixture tolerance of every backend (fixtures/pytorch/backends.ts).
 * The worst |a − e| / (1 + |e|) measured over every case was 7.8e-7 (conv2d stride1_valid, y) both
 * on lavapipe and on SwiftShader, as on WASM; a wrong kernel is off by O(1).
 */
const TOL = 1e-5;

/** Every fixture file by group, read when the test loads, so a new case is checked here too. */
const FILES = import.meta.glob<Fixture>("../../../fixtures/pytorch/*/*.json", { eager: true, import: "default" });
const casesOf = (group: string): Fixture[] =>
  Object.entries(FILES).filter(([path]) => path.includes(`/${group}/`)).map(([, fixture]) => fixture);

describe("PyTorch fixtures on WebGPU", () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await createWebGpuBackend();
  });
  afterAll(() => gpu.dispose());

  for (const group of LAYER_GROUPS) {
    it.each(casesOf(group))(`${group} $case: y, dx, parameter gradients, running statistics`, async (fixture) => {
      await expectChecks(layerChecks(group, fixture, gpu), TOL);
    });
  }

  it.each(casesOf("losses"))("losses $case: the loss and its gradient", async (fixture) => {
    await expectChecks(lossChecks(fixture, gpu), TOL);
  });

  it.each(casesOf("optim"))("optim $case: the parameter after each step", async (fixture) => {
    await expectChecks(optimizerChecks(fixture, gpu), TOL);
  });
});
