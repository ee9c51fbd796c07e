// Each example runs as a module of its own, served by a vite plugin from the README itself, so
// nothing is written to disk. Its imports resolve from the README's folder: a package's example
// finds what that package depends on (onnxruntime-node for onnx), as the package's own code would.
import { readFileSync } from "node:fs";
import type { Plugin } from "vitest/config";
import { extractBlocks, type ReadmeBlock } from "./extract-blocks.js";

const MODULE_ID = /\.md\.line-(\d+)\.(ts|js)$/;

/** The id under which `readmeBlocks()` serves a block: `<file>.line-<fence line>.<lang>`. */
export function blockModuleId(block: ReadmeBlock): string {
  return `${block.file}.line-${block.line}.${block.lang}`;
}

/**
 * A block's module: preamble, code and check, each at its own README lines and blank lines
 * between, so a line in a stack trace is the README's line.
 */
export function blockModule(block: ReadmeBlock): string {
  const lines: string[] = [];
  const place = (firstLine: number, code: string) =>
    code.split("\n").forEach((text, i) => { lines[firstLine - 1 + i] = text; });
  if (block.preamble) place(block.preamble.line, block.preamble.code);
  place(block.line + 1, block.code);
  if (block.check) place(block.check.line, `import { expect } from "vitest";${block.check.code}`);
  return Array.from(lines, (text) => text ?? "").join("\n");
}

/** Vite plugin: loads `blockModuleId(block)` as `blockModule(block)`, reading the markdown file anew. */
export function readmeBlocks(): Plugin {
  return {
    name: "chainrule:readme-blocks",
    enforce: "pre",
    resolveId(source, importer) {
      if (MODULE_ID.test(source)) return source;
      // Vite resolves bare imports from its root when the importer is not a file on disk.
      if (importer && MODULE_ID.test(importer)) return this.resolve(source, markdownFile(importer), { skipSelf: true });
      return null;
    },
    load(id) {
      const match = MODULE_ID.exec(id);
      if (!match) return null;
      const file = markdownFile(id);
      const line = Number(match[1]);
      const block = extractBlocks(file, readFileSync(file, "utf8")).find((b) => b.line === line);
      if (!block) throw new Error(`${file}: no ts or js fence opens on line ${line}`);
      return blockModule(block);
    },
  };
}

function markdownFile(moduleId: string): string {
  return moduleId.replace(MODULE_ID, ".md");
}
