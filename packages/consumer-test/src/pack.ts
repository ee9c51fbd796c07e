import { fileURLToPath } from "node:url";
import { run } from "./run.js";

const packagesDir = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Packs each `@chainrule/<folder>` with `pnpm pack` (which turns `workspace:` ranges into the
 * versions npm users get) into `dest`, and returns the tarball path of each package.
 */
export async function packPackages(names: readonly string[], dest: string): Promise<Record<string, string>> {
  const tarballs: Record<string, string> = {};
  for (const name of names) {
    const out = await run("pnpm", ["pack", "--json", "--pack-destination", dest], `${packagesDir}${name.replace("@chainrule/", "")}`);
    tarballs[name] = (JSON.parse(out) as { filename: string }).filename;
  }
  return tarballs;
}
