// The API reference: `pnpm docs` writes it to docs/api/ (git-ignored); packages/docs-test builds it
// in every `pnpm test`, where a TypeDoc warning is an error. One module per public entry point
// (`@chainrule/layers`, `@chainrule/layers/node`, ...), read from each public package's exports map.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Absolute paths: TypeDoc reads some relative ones from the working folder, and CI runs this from packages/docs-test.
const root = new URL("./", import.meta.url);
const path = (relative) => fileURLToPath(new URL(relative, root));

const packages = readdirSync(new URL("packages/", root))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(new URL(`packages/${dir}/package.json`, root), "utf8")) }))
  .filter(({ pkg }) => !pkg.private);

/** [import specifier, source file] for every code entry (not ./package.json) of every public package. */
const entries = packages.flatMap(({ dir, pkg }) =>
  Object.keys(pkg.exports)
    .filter((subpath) => !subpath.endsWith(".json"))
    .map((subpath) => [pkg.name + subpath.slice(1), path(`packages/${dir}/src/${subpath === "." ? "index" : subpath.slice(2)}.ts`)]),
);

// The module's name in the reference is the one users import, from the entry file's own comment.
for (const [name, file] of entries) {
  const opening = /^\/\*\*[^]*?\*\//.exec(readFileSync(file, "utf8"))?.[0] ?? "";
  if (!opening.includes(`@module ${name}\n`)) {
    throw new Error(`${file}: open it with a doc comment that says what the entry holds and ends in "@module ${name}"`);
  }
}

// "git+https://github.com/owner/repo.git", as the packages declare it → https://github.com/owner/repo
const repository = packages[0].pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  name: "chainrule",
  entryPoints: entries.map(([, file]) => file),
  tsconfig: path("tsconfig.typedoc.json"),
  // Packages import each other by name: read those imports from source too, so a type from
  // @chainrule/tensor in a layers signature links to its page instead of to a dist/ .d.ts.
  compilerOptions: { paths: Object.fromEntries(entries.map(([name, file]) => [name, [file]])) },
  // Source links to the repository the packages name, without asking git (a CI clone may have no remote).
  disableGit: true,
  displayBasePath: path("."),
  sourceLinkTemplate: `${repository}/blob/main/{path}#L{line}`,
  out: path("docs/api"),
  readme: "none",
  excludePrivate: true,
  excludeInternal: true,
  treatWarningsAsErrors: true,
};
