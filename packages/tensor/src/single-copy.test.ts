import { describe, expect, it } from "vitest";
import { registerCopy, twoCopiesMessage, version, type TensorCopy } from "./single-copy.js";

const esm010: TensorCopy = { version: "0.1.0", format: "ESM", url: "file:///app/node_modules/@chainrule/tensor/dist/index.js" };
const nested020: TensorCopy = {
  version: "0.2.0",
  format: "ESM",
  url: "file:///app/node_modules/@chainrule/layers/node_modules/@chainrule/tensor/dist/index.js",
};
const cjs010: TensorCopy = { ...esm010, format: "CommonJS", url: "file:///app/node_modules/@chainrule/tensor/dist/index.cjs" };

describe("one copy of @chainrule/tensor per process", () => {
  it("registers a copy once and accepts the same copy again", () => {
    const registry: Record<symbol, unknown> = {};
    registerCopy(registry, esm010);
    registerCopy(registry, esm010);
    expect(registry[Symbol.for("chainrule.tensor")]).toBe(esm010);
  });

  it("refuses a second copy of another version, naming both and how to find and dedupe them", () => {
    const registry: Record<symbol, unknown> = {};
    registerCopy(registry, esm010);
    expect(() => registerCopy(registry, nested020)).toThrow(/^Two copies of @chainrule\/tensor are loaded/);
    const message = twoCopiesMessage(esm010, nested020);
    expect(message).toContain(`0.1.0 (ESM, ${esm010.url})`);
    expect(message).toContain(`0.2.0 (ESM, ${nested020.url})`);
    expect(message).toContain("npm ls @chainrule/tensor");
    expect(message).toContain("npm dedupe");
    // The first copy stays the registered one.
    expect(registry[Symbol.for("chainrule.tensor")]).toBe(esm010);
  });

  it("tells one version loaded with import and with require to load it one way", () => {
    const message = twoCopiesMessage(esm010, cjs010);
    expect(message).toContain("loaded once with import (ESM) and once with require (CommonJS)");
    expect(message).not.toContain("npm dedupe");
  });

  it("throws when the module itself is evaluated a second time", async () => {
    expect(version).toBe("source");
    // The query makes the module loader evaluate the file again: a second module instance, as a
    // second installed copy would be.
    const secondCopy = "./single-copy.js?second-copy";
    await expect(import(/* @vite-ignore */ secondCopy)).rejects.toThrow(
      /^Two copies of @chainrule\/tensor are loaded in this process: source \(source, file:\/\/\S*single-copy\.ts\) and source \(source, file:\/\/\S*single-copy\.ts\)/,
    );
  });
});
