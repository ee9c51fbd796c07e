// Module hooks (node:module register) that let a plain `node` process import this workspace's
// TypeScript sources the way vitest's aliases do, so a test can run the package from source in a
// fresh process without a build: `@chainrule/<pkg>` resolves to packages/<pkg>/src/index.ts, a
// relative `./x.js` imported from a .ts file to `./x.ts`, and .ts files are transpiled (types
// stripped, nothing checked) by the workspace's TypeScript.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const packages = new URL("../../", import.meta.url);

export async function resolve(specifier, context, next) {
  const pkg = /^@chainrule\/([^/]+)$/.exec(specifier);
  if (pkg) return { url: new URL(`${pkg[1]}/src/index.ts`, packages).href, shortCircuit: true };
  if (specifier.startsWith(".") && specifier.endsWith(".js") && context.parentURL?.endsWith(".ts")) {
    const url = new URL(specifier.replace(/\.js$/, ".ts"), context.parentURL);
    if (existsSync(url)) return { url: url.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith(".ts")) return next(url, context);
  const { outputText } = ts.transpileModule(readFileSync(new URL(url), "utf8"), {
    fileName: fileURLToPath(url),
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return { format: "module", source: outputText, shortCircuit: true };
}
