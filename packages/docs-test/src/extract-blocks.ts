// A README's TypeScript and JavaScript examples as runnable blocks, with the directives that
// say how to run them. A markdown parser (not a regex) finds the fences, so indented fences in
// list items and fences inside HTML comments are read the way GitHub renders them.
import type { Code, Html, Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";

/** Code placed in the example's module at the lines of the README comment that holds it. */
export interface Snippet {
  /** 1-based README line of the comment's first line (`<!-- docs-test: …`). */
  line: number;
  /** The comment with its `<!-- docs-test: kind` and `-->` cut out; line breaks kept. */
  code: string;
}

/** One fenced example of a README. */
export interface ReadmeBlock {
  /** The markdown file, as given to `extractBlocks`. */
  file: string;
  /** 1-based line of the opening fence; the code starts on the next line. */
  line: number;
  /** `ts` runs as TypeScript, `js` as JavaScript. */
  lang: "ts" | "js";
  code: string;
  /** Why the block must not run (fence info `ts no-run: reason`), or null: it runs. */
  noRun: string | null;
  /** `<!-- docs-test: preamble … -->` directly before the fence: runs first, in the same module. */
  preamble: Snippet | null;
  /** `<!-- docs-test: check … -->` directly after the fence: runs last, with `expect` from vitest. */
  check: Snippet | null;
}

const LANGS: Record<string, "ts" | "js"> = { ts: "ts", typescript: "ts", js: "js", javascript: "js", mjs: "js" };
const DIRECTIVE = /^<!--\s*docs-test:\s*(\S*)([\s\S]*?)-->\s*$/;
const NO_RUN = /^no-run(?::\s*(.*\S))?\s*$/;

/** Every ts / js fence of a markdown file, in order; throws on a malformed directive, naming its line. */
export function extractBlocks(file: string, markdown: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  walk(fromMarkdown(markdown), (siblings) => {
    siblings.forEach((node, i) => {
      const directive = node.type === "html" ? parseDirective(file, node) : null;
      if (directive) {
        // A directive belongs to the example next to it; anywhere else it would silently do nothing.
        const target = directive.kind === "preamble" ? siblings[i + 1] : siblings[i - 1];
        if (target?.type !== "code" || !(target.lang && target.lang in LANGS)) {
          const where = directive.kind === "preamble" ? "directly before" : "directly after";
          throw new Error(`${file}:${directive.line}: docs-test ${directive.kind} must stand ${where} a ts or js fence`);
        }
      }
      if (node.type === "code" && node.lang && node.lang in LANGS) {
        blocks.push(toBlock(file, node, siblings[i - 1], siblings[i + 1]));
      }
    });
  });
  // The walk meets a list item's fences after its parent's siblings; readers meet them in line order.
  return blocks.sort((a, b) => a.line - b.line);
}

function toBlock(file: string, node: Code, before: Nodes | undefined, after: Nodes | undefined): ReadmeBlock {
  const line = node.position!.start.line;
  const preamble = before?.type === "html" ? parseDirective(file, before) : null;
  const check = after?.type === "html" ? parseDirective(file, after) : null;
  const block: ReadmeBlock = {
    file, line, lang: LANGS[node.lang!], code: node.value, noRun: parseNoRun(file, line, node.meta),
    preamble: preamble?.kind === "preamble" ? { line: preamble.line, code: preamble.code } : null,
    check: check?.kind === "check" ? { line: check.line, code: check.code } : null,
  };
  if (block.noRun !== null && (block.preamble || block.check)) {
    throw new Error(`${file}:${line}: a no-run block has a docs-test preamble or check, which would never run`);
  }
  return block;
}

function parseNoRun(file: string, line: number, meta: string | null | undefined): string | null {
  if (!meta) return null;
  const match = NO_RUN.exec(meta);
  if (!match) throw new Error(`${file}:${line}: unknown fence info "${meta}"; the only one is "no-run: <reason>"`);
  if (!match[1]) throw new Error(`${file}:${line}: "no-run" needs a reason: \`\`\`ts no-run: <why it cannot run>`);
  return match[1];
}

function parseDirective(file: string, node: Html): (Snippet & { kind: "preamble" | "check" }) | null {
  const line = node.position!.start.line;
  if (!/^<!--\s*docs-test\b/.test(node.value)) return null;
  const match = DIRECTIVE.exec(node.value);
  const kind = match?.[1];
  if (kind !== "preamble" && kind !== "check") {
    throw new Error(`${file}:${line}: unknown docs-test directive; write <!-- docs-test: preamble … --> or <!-- docs-test: check … -->`);
  }
  return { kind, line, code: match![2] };
}

/** Calls `visit` with the children of every node that has children, depth first. */
function walk(node: Nodes, visit: (siblings: Nodes[]) => void): void {
  if (!("children" in node)) return;
  visit(node.children);
  for (const child of node.children) walk(child, visit);
}
