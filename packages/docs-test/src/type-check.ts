// TypeScript examples are type-checked as well as run: an option renamed in the API is ignored at
// run time, silently, but is an error here. One program holds every block, the packages' sources
// and their types, so checking costs one compile however many blocks there are.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { blockModule, blockModuleId } from "./block-module.js";
import type { ReadmeBlock } from "./extract-blocks.js";

/** Type errors of each block, as `README.md:line:column: message`; empty for a block that checks. */
export type BlockTypeErrors = (block: ReadmeBlock) => string[];

/**
 * Compiles `blocks` (ts blocks that run, each as the module `blockModule` gives) with the
 * repository's compiler options and `@chainrule/*` read from `<root>/packages/<dir>/src`, as the
 * tests' aliases do.
 */
export function typeCheckBlocks(root: string, blocks: ReadmeBlock[]): BlockTypeErrors {
  const config = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile);
  const options: ts.CompilerOptions = {
    ...ts.parseJsonConfigFileContent(config.config, ts.sys, root).options,
    noEmit: true,
    // A block without imports is still a module of its own: top-level await, no shared globals.
    moduleDetection: ts.ModuleDetectionKind.Force,
    paths: Object.fromEntries(
      readdirSync(join(root, "packages")).flatMap((dir) => [
        [`@chainrule/${dir}`, [join(root, "packages", dir, "src/index.ts")]],
        [`@chainrule/${dir}/*`, [join(root, "packages", dir, "src/*.ts")]],
      ]),
    ),
  };
  const modules = new Map(blocks.map((block) => [blockModuleId(block), blockModule(block)]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => modules.has(file) || fileExists.call(host, file);
  host.readFile = (file) => modules.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = modules.get(file);
    return text === undefined ? getSourceFile.call(host, file, language, ...rest) : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram([...modules.keys()], options, host);

  return (block) => {
    const source = program.getSourceFile(blockModuleId(block));
    if (!source) throw new Error(`${block.file}:${block.line}: not among the blocks given to typeCheckBlocks`);
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
      const { line, character } = source.getLineAndCharacterOfPosition(d.start ?? 0);
      const where = `${relative(root, block.file)}:${line + 1}:${character + 1}`;
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
  };
}
