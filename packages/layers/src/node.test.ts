import { randomNormal, Rng } from "@chainrule/tensor";
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchNorm } from "./batch-norm.js";
import { Conv2D } from "./conv2d.js";
import { Dense } from "./dense.js";
import { Flatten } from "./flatten.js";
import { MaxPool2D } from "./max-pool2d.js";
import { loadModel, saveModel } from "./node.js";
import { ReLU } from "./relu.js";
import { Sequential } from "./sequential.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chainrule-layers-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cnn = () => {
  const rng = new Rng(1);
  return new Sequential([
    new Conv2D({ filters: 4, kernelSize: 3, name: "conv1", rng }), new BatchNorm({ name: "bn1" }), new ReLU(), new MaxPool2D(),
    new Flatten(), new Dense({ units: 10, name: "fc1", rng }),
  ], { inputShape: [12, 12, 1] });
};

describe("saveModel / loadModel", () => {
  it("saves a CNN that loads and predicts bit-identically, leaving no temporary file", async () => {
    const model = cnn();
    model.forward(randomNormal([8, 12, 12, 1], 0, 1, { rng: new Rng(2) }), true); // move the BatchNorm statistics
    const path = join(dir, "cnn.safetensors");
    await saveModel(model, path);
    expect(await readdir(dir)).toEqual(["cnn.safetensors"]);
    const loaded = await loadModel(path);
    const x = randomNormal([5, 12, 12, 1], 0, 1, { rng: new Rng(3) });
    expect(loaded.forward(x, false).dataSync()).toEqual(model.forward(x, false).dataSync());
    expect(loaded.summary().text).toBe(model.summary().text);
  });

  it("leaves the previous file whole when saving fails", async () => {
    const path = join(dir, "keep.safetensors");
    await saveModel(cnn(), path);
    const before = await readFile(path);
    const broken = new Sequential([{ name: "opaque", build: (s) => s, forward: (x) => x, backward: (d) => d, parameters: () => [] }], { inputShape: [2] });
    await expect(saveModel(broken, path)).rejects.toThrow("layer 'opaque' (Object) has no config() and cannot be serialized");
    await expect(saveModel(cnn(), join(dir, "no-such-dir", "m.safetensors"))).rejects.toThrow(/ENOENT/);
    expect(await readFile(path)).toEqual(before);
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("removes the temporary file a killed save left beside the target", async () => {
    const sub = await mkdtemp(join(dir, "stale-"));
    const deadPid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    const stale = `.model.safetensors.${deadPid}.0badcafe.tmp`;
    await writeFile(join(sub, stale), "half a model");
    expect(await readdir(sub)).toEqual([stale]);
    await saveModel(cnn(), join(sub, "model.safetensors"));
    expect(await readdir(sub)).toEqual(["model.safetensors"]);
  });

  it("names the file and the problem for truncated and corrupt files", async () => {
    const path = join(dir, "good.safetensors");
    await saveModel(cnn(), path);
    const bytes = await readFile(path);
    const cases: [string, Uint8Array, RegExp][] = [
      ["cut.safetensors", bytes.subarray(0, bytes.length - 100), /cut\.safetensors: tensor '[\w.]+' needs data bytes .* the file is truncated/],
      ["tiny.safetensors", bytes.subarray(0, 3), /tiny\.safetensors: truncated: 3 bytes/],
      ["header.safetensors", bytes.subarray(0, 200), /header\.safetensors: header claims \d+ bytes but only 192 follow/],
      ["absurd.safetensors", Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0x7f, 1, 2]), /absurd\.safetensors: header length \d+ bytes is absurd/],
      ["text.safetensors", new TextEncoder().encode("not a model file at all"), /text\.safetensors: header length \d+ bytes is absurd/],
    ];
    for (const [name, content, message] of cases) {
      await writeFile(join(dir, name), content);
      await expect(loadModel(join(dir, name))).rejects.toThrow(message);
    }
    await expect(loadModel(join(dir, "missing.safetensors"))).rejects.toThrow(/ENOENT.*missing\.safetensors/);
  });
});
