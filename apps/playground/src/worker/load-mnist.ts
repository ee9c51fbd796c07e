// MNIST for a worker, fetched from the page's own server, with a line for each new megabyte.
import { fetchMnist, type MnistData } from "@chainrule/data-mnist";
import { MNIST_SUFFIX } from "../mnist-location.js";

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/**
 * Fetches the four MNIST files under `baseUrl`, telling `progress` at each new megabyte.
 *
 * @example
 * const data = await loadMnist("http://localhost:5173/mnist/", (line) => console.log(line));
 */
export function loadMnist(baseUrl: string, progress: (detail: string) => void): Promise<MnistData> {
  // The download reports every chunk; the page hears of each new megabyte.
  let shown = "";
  return fetchMnist(baseUrl, {
    suffix: MNIST_SUFFIX,
    onProgress: (p) => {
      const key = `${p.file} ${Math.floor(p.loaded / 1e6)}`;
      if (key === shown) return;
      shown = key;
      progress(`Loading ${p.file}: ${mb(p.loaded)}${p.total === null ? "" : ` of ${mb(p.total)}`} MB`);
    },
  });
}
