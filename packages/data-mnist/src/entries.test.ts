import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = dirname(fileURLToPath(import.meta.url));

/** Every module specifier imported (statically, not type-only) by `file` and the files it reaches. */
function importsReachedFrom(file: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(file)) return seen;
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/^(?:import|export)(?! type)[^;]*? from "([^"]+)";/gms)].map((m) => m[1]);
  seen.set(file, specs);
  for (const spec of specs) if (spec.startsWith(".")) importsReachedFrom(resolve(dirname(file), spec.replace(/\.js$/, ".ts")), seen);
  return seen;
}

describe("entries", () => {
  it("the main entry reaches no Node built-in, so it bundles for browsers", () => {
    const reached = importsReachedFrom(join(src, "index.ts"));
    const nodeOnly = [...reached].flatMap(([file, specs]) => specs.filter((s) => s.startsWith("node:") || s.includes("/node/")).map((s) => `${file}: ${s}`));
    expect(nodeOnly).toEqual([]);
    expect(reached.size).toBeGreaterThan(10);
  });

  it("the node entry is where node:fs, node:zlib and node:crypto are used", () => {
    const specs = new Set([...importsReachedFrom(join(src, "node.ts")).values()].flat());
    for (const builtin of ["node:fs", "node:zlib", "node:crypto"]) expect(specs.has(builtin)).toBe(true);
  });
});
