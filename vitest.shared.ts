// Tests import sibling packages from their sources, so a test run needs no build and never races one.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Options } from "tsup";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * `@chainrule/<folder>` → packages/<folder>/src/index.ts, and a subpath entry such as
 * `@chainrule/layers/node` → packages/layers/src/node.ts, for every package of the workspace.
 */
export const sourceAliases = readdirSync(`${root}packages`).flatMap((dir) => [
  { find: new RegExp(`^@chainrule/${dir}$`), replacement: `${root}packages/${dir}/src/index.ts` },
  { find: new RegExp(`^@chainrule/${dir}/(.+)$`), replacement: `${root}packages/${dir}/src/$1.ts` },
]);

/**
 * An esbuild plugin (for tsup's `esbuildPlugins`) resolving `@chainrule/*` through
 * {@link sourceAliases}: a bundle built from the packages' sources, as the tests see them, with no
 * build of theirs needed. Pair it with `noExternal: [/^@chainrule\//]` so esbuild bundles them.
 *
 * @example
 * await build({ entry: ["src/cli.ts"], noExternal: [/^@chainrule\//], esbuildPlugins: [sourcesPlugin] });
 */
export const sourcesPlugin: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "chainrule-sources",
  setup(build) {
    build.onResolve({ filter: /^@chainrule\// }, ({ path }) => {
      const alias = sourceAliases.find((a) => a.find.test(path));
      return alias ? { path: path.replace(alias.find, alias.replacement) } : undefined;
    });
  },
};

/** The vitest config every package uses: tests beside the code, siblings from source. */
export function packageTestConfig(extra: { testTimeout?: number } = {}) {
  return defineConfig({
    resolve: { alias: sourceAliases },
    // Hooks (a beforeAll that trains) get the same time as tests.
    test: { include: ["src/**/*.test.ts"], testTimeout: extra.testTimeout ?? 30_000, hookTimeout: extra.testTimeout ?? 30_000 },
  });
}
