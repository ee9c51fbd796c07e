// Forward and backward of each layer against numbers PyTorch computed (fixtures/pytorch, format in
// its README), on every backend in float32.
import { readdirSync } from "node:fs";
import { tensor, withBackend, type FloatArray, type Tensor } from "@chainrule/tensor";
import { describe, it } from "vitest";
import { fixtureBackends } from "../../../fixtures/pytorch/backends.js";
import { expectClose, loadFixture, type Fixture } from "../../../fixtures/pytorch/fixture.js";
import { AvgPool2D } from "./avg-pool2d.js";
import { BatchNorm, type BatchNormOptions } from "./batch-norm.js";
import { Conv2D, type Conv2DOptions } from "./conv2d.js";
import { Dense, type DenseOptions } from "./dense.js";
import type { Layer } from "./layer.js";
import { MaxPool2D } from "./max-pool2d.js";
import type { Pool2DOptions } from "./pool2d.js";

const groups: Record<string, (config: Fixture["config"]) => Layer> = {
  dense: (c) => new Dense(c as unknown as DenseOptions),
  conv2d: (c) => new Conv2D(c as unknown as Conv2DOptions),
  maxpool2d: (c) => new MaxPool2D(c as Pool2DOptions),
  avgpool2d: (c) => new AvgPool2D(c as Pool2DOptions),
  batchnorm: (c) => new BatchNorm(c as BatchNormOptions),
};

/** Fixture tensor names of each layer's parameters and state, in `parameters()` then `buffers()` order. */
const stateNames: Record<string, { params: [string, string][]; buffers: string[] }> = {
  dense: { params: [["weight", "dweight"], ["bias", "dbias"]], buffers: [] },
  conv2d: { params: [["weight", "dweight"], ["bias", "dbias"]], buffers: [] },
  maxpool2d: { params: [], buffers: [] },
  avgpool2d: { params: [], buffers: [] },
  batchnorm: { params: [["gamma", "dgamma"], ["beta", "dbeta"]], buffers: ["running_mean", "running_var"] },
};

const root = new URL("../../../fixtures/pytorch/", import.meta.url);

/** A pending read of a result, the fixture tensor it must match and that tensor's name. */
type Check = [read: Promise<FloatArray>, expected: ArrayLike<number>, what: string];

describe.each(fixtureBackends)("PyTorch fixtures on $name", ({ backend, tol }) => {
  for (const [group, make] of Object.entries(groups)) {
    describe(group, () => {
      for (const file of readdirSync(new URL(`${group}/`, root)).filter((f) => f.endsWith(".json"))) {
        const name = file.replace(/\.json$/, "");
        it(name, async () => {
          const { config, tensors: t } = loadFixture(group, name);
          const load = (target: Tensor, key: string) => target.backend.write(target.dataId, t[key].data);
          // Each read is asked for right after the kernels that wrote it and awaited afterwards:
          // every backend takes its copy then (a GPU queues it behind those kernels).
          const checks = withBackend(backend, (): Check[] => {
            const layer = make(config);
            layer.build(t.x.shape.slice(1));
            const names = stateNames[group];
            const params = names.params.filter(([value]) => t[value]);
            layer.parameters().forEach((p, i) => load(p.value, params[i][0]));
            layer.buffers?.().forEach((b, i) => load(b.tensor, names.buffers[i]));

            const x = tensor(t.x.data, t.x.shape, backend);
            const y = layer.forward(x, (config.training as boolean | undefined) ?? true).data();
            const dx = layer.backward(tensor(t.dy.data, t.dy.shape, backend)).data();
            return [
              [y, t.y.data, "y"],
              [dx, t.dx.data, "dx"],
              ...layer.parameters().map((p, i): Check => [p.grad.data(), t[params[i][1]].data, params[i][1]]),
              ...(layer.buffers?.() ?? []).map((b, i): Check => [b.tensor.data(), t[`${names.buffers[i]}_after`].data, `${names.buffers[i]}_after`]),
            ];
          });
          for (const [read, expected, what] of checks) expectClose(await read, expected, tol, what);
        });
      }
    });
  }
});
