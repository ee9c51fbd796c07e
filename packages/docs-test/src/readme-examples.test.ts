// Every ts / js example of every README is type-checked (ts) and run, so the docs cannot rot. How
// to mark a block (preamble, check, no-run) is in this package's README.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { blockModuleId } from "./block-module.js";
import { extractBlocks } from "./extract-blocks.js";
import { findReadmes } from "./find-readmes.js";
import { typeCheckBlocks, type BlockTypeErrors } from "./type-check.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const readmes = findReadmes(root).map((file) => ({ file, blocks: extractBlocks(file, readFileSync(file, "utf8")) }));

// Compiled once, by the first block that needs it.
let typeErrors: BlockTypeErrors | undefined;
const typed = readmes.flatMap(({ blocks }) => blocks.filter((b) => b.lang === "ts" && b.noRun === null));

test("finds the root README and every package's", () => {
  const names = readmes.map(({ file }) => relative(root, file));
  expect(names).toContain("README.md");
  for (const dir of ["tensor", "layers", "losses", "optim", "train", "data-mnist", "onnx", "backend-wasm", "backend-webgpu"]) {
    expect(names).toContain(join("packages", dir, "README.md"));
  }
});

for (const { file, blocks } of readmes.filter((readme) => readme.blocks.length > 0)) {
  // A README's blocks run in order in one empty folder, as a reader would run them: a file one
  // writes, a later one may read. Each gets fresh modules, so no backend or seed leaks between them.
  describe(relative(root, file), () => {
    const home = process.cwd();
    let folder = "";
    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), "chainrule-docs-"));
      process.chdir(folder);
    });
    // A preamble may stand in for a browser's globals (document, fetch) with vi.stubGlobal.
    afterEach(() => {
      vi.unstubAllGlobals();
    });
    afterAll(() => {
      process.chdir(home);
      rmSync(folder, { recursive: true, force: true });
    });

    for (const block of blocks) {
      if (block.noRun !== null) {
        test.skip(`line ${block.line} (no-run: ${block.noRun})`, () => {});
        continue;
      }
      test(`line ${block.line}`, async () => {
        if (block.lang === "ts") {
          typeErrors ??= typeCheckBlocks(root, typed);
          expect(typeErrors(block)).toEqual([]);
        }
        // As in a fresh process: the packages are evaluated anew. @chainrule/tensor takes a second
        // evaluation for a second installed copy (single-copy.ts) unless its registration goes too.
        vi.resetModules();
        delete (globalThis as Record<symbol, unknown>)[Symbol.for("chainrule.tensor")];
        await import(/* @vite-ignore */ blockModuleId(block));
      });
    }
  });
}
