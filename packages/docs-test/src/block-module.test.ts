import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { blockModule, blockModuleId } from "./block-module.js";
import { extractBlocks } from "./extract-blocks.js";

const file = fileURLToPath(new URL("fixtures/examples.md", import.meta.url));
const markdown = readFileSync(file, "utf8");
const [withCheck, failingCheck, throwing, relativeImport] = extractBlocks(file, markdown);

describe("blockModule", () => {
  it("puts preamble, code and check on the lines they have in the markdown", () => {
    const readme = markdown.split("\n");
    const module = blockModule(withCheck).split("\n");
    for (const text of ["const a = 20;", 'import { tensor } from "@chainrule/tensor";', "expect(Array.from(await t.data())).toEqual([20, 22]);"]) {
      expect(module.indexOf(text)).toBe(readme.indexOf(text));
    }
    expect(module[readme.indexOf("<!-- docs-test: check")]).toBe('import { expect } from "vitest";');
  });
});

describe("readmeBlocks plugin", () => {
  it("runs a block with its preamble and check", async () => {
    await expect(import(/* @vite-ignore */ blockModuleId(withCheck))).resolves.toBeDefined();
  });

  it("fails when a check does not hold", async () => {
    await expect(import(/* @vite-ignore */ blockModuleId(failingCheck))).rejects.toThrow("expected 41 to be 42");
  });

  it("fails when the example throws, and the stack points at the markdown's line", async () => {
    const error = await import(/* @vite-ignore */ blockModuleId(throwing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("example broke after 3 lines");
    const line = markdown.split("\n").indexOf("throw new Error(`example broke after ${first + second} lines`);") + 1;
    expect(error.stack).toContain(`examples.md.line-${throwing.line}.ts:${line}:`);
  });

  it("resolves an example's imports from the markdown file's folder", async () => {
    const module = await import(/* @vite-ignore */ blockModuleId(relativeImport));
    expect(module.found).toBe(1);
  });
});
