// Where the page finds MNIST: shared by the Vite plugin that serves the files and the code that fetches them.

/** The folder, under the page's base URL, that holds the four files. */
export const MNIST_URL_DIR = "mnist";

/** Appended to each standard file name: the files are served gzip-compressed (55 MB → 11.5 MB). */
export const MNIST_SUFFIX = ".gz";
