// Forward and backward of each layer against numbers PyTorch computed (fixtures/pytorch, format in
// its README), on every backend in float32. The case itself (fixtures/pytorch/layer-cases.ts) is the
// one backend-webgpu's browser test runs too; here the files are read with node:fs.
import { describe, it } from "vitest";
import { fixtureBackends } from "../../../fixtures/pytorch/backends.js";
import { expectChecks } from "../../../fixtures/pytorch/fixture.js";
import { LAYER_GROUPS, layerChecks } from "../../../fixtures/pytorch/layer-cases.js";
import { fixtureNames, loadFixture } from "../../../fixtures/pytorch/load-fixture.js";

describe.each(fixtureBackends)("PyTorch fixtures on $name", ({ backend, tol }) => {
  describe.each(LAYER_GROUPS)("%s", (group) => {
    it.each(fixtureNames(group))("%s: y, dx, parameter gradients, running statistics", async (name) => {
      await expectChecks(layerChecks(group, loadFixture(group, name), backend), tol);
    });
  });
});
