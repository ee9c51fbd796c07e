import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { extractBlocks } from "./extract-blocks.js";
import { typeCheckBlocks } from "./type-check.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const file = fileURLToPath(new URL("fixtures/examples.md", import.meta.url));
const blocks = extractBlocks(file, readFileSync(file, "utf8"));
const [withCheck, , , , misspelt] = blocks;
const typeErrors = typeCheckBlocks(root, [withCheck, misspelt]);

it("passes a block whose preamble, code and check type-check against the sources", () => {
  expect(typeErrors(withCheck)).toEqual([]);
});

it("reports a misspelt option at its markdown line and column", () => {
  const line = readFileSync(file, "utf8").split("\n").indexOf("new Dense({ unit: 3 });") + 1;
  expect(typeErrors(misspelt)).toEqual([
    expect.stringMatching(new RegExp(`^packages/docs-test/src/fixtures/examples\\.md:${line}:13: .*'unit' does not exist in type 'DenseOptions'`)),
  ]);
});
