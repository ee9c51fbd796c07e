import { readdirSync } from "node:fs";
import { join } from "node:path";

// Build output, installed packages and tool state hold READMEs that are not ours.
const SKIP = new Set(["node_modules", "dist", "coverage"]);

/** Every README.md under `root` (the root's own included), sorted; skips dot-folders, node_modules and dist. */
export function findReadmes(root: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory() && !SKIP.has(entry.name) && !entry.name.startsWith(".")) found.push(...findReadmes(path));
    else if (entry.isFile() && entry.name === "README.md") found.push(path);
  }
  return found.sort();
}
