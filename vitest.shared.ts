// Tests import sibling packages from their sources, so a test run needs no build and never races one.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
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

/** The vitest config every package uses: tests beside the code, siblings from source. */
export function packageTestConfig(extra: { testTimeout?: number } = {}) {
  return defineConfig({
    resolve: { alias: sourceAliases },
    // Hooks (a beforeAll that trains) get the same time as tests.
    test: { include: ["src/**/*.test.ts"], testTimeout: extra.testTimeout ?? 30_000, hookTimeout: extra.testTimeout ?? 30_000 },
  });
}
