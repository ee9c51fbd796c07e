// Shared by the tests only (not exported by either entry): hand-written IDX files, small synthetic
// data sets, and a local HTTP server.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { Rng } from "@chainrule/tensor";
import type { IdxType } from "./idx.js";
import { MNIST_FILE_NAMES, perFile, type MnistFileKey } from "./mnist-files.js";

// LeCun's layout: 0, 0, type code, rank, rank big-endian uint32 dimensions, then big-endian values.
const CODES: Record<IdxType, [number, number, (v: DataView, o: number, x: number) => void]> = {
  ubyte: [0x08, 1, (v, o, x) => v.setUint8(o, x)],
  byte: [0x09, 1, (v, o, x) => v.setInt8(o, x)],
  short: [0x0b, 2, (v, o, x) => v.setInt16(o, x)],
  int: [0x0c, 4, (v, o, x) => v.setInt32(o, x)],
  float: [0x0d, 4, (v, o, x) => v.setFloat32(o, x)],
  double: [0x0e, 8, (v, o, x) => v.setFloat64(o, x)],
};

/** An IDX file written byte by byte with DataView. */
export function writeIdx(type: IdxType, shape: number[], values: ArrayLike<number>): Uint8Array {
  const [code, size, set] = CODES[type];
  const header = 4 + 4 * shape.length;
  const bytes = new Uint8Array(header + values.length * size);
  const view = new DataView(bytes.buffer);
  bytes[2] = code;
  bytes[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  for (let i = 0; i < values.length; i++) set(view, header + i * size, values[i]);
  return bytes;
}

/** A small random data set: the pixels and labels, and the four IDX files made from them. */
export interface Synthetic {
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
  /** The four raw IDX files. */
  raw: Record<MnistFileKey, Uint8Array>;
  /** The same, gzip-compressed. */
  gz: Record<MnistFileKey, Uint8Array>;
}

export function synthetic(trainCount: number, testCount: number, seed: number, rows = 28, cols = 28): Synthetic {
  const rng = new Rng(seed);
  const bytes = (n: number, range: number) => Uint8Array.from({ length: n }, () => rng.int(range));
  const values = {
    trainImages: bytes(trainCount * rows * cols, 256),
    trainLabels: bytes(trainCount, 10),
    testImages: bytes(testCount * rows * cols, 256),
    testLabels: bytes(testCount, 10),
  };
  const raw = perFile((key) =>
    key.endsWith("Images")
      ? writeIdx("ubyte", [values[key].length / (rows * cols), rows, cols], values[key])
      : writeIdx("ubyte", [values[key].length], values[key]),
  );
  return { ...values, raw, gz: perFile((key) => gzipSync(raw[key])) };
}

/** The gz files of a synthetic set under their standard names, as a server would hold them. */
export function gzByName(set: Synthetic): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(set.gz).map(([key, bytes]) => [`${MNIST_FILE_NAMES[key as MnistFileKey]}.gz`, bytes]));
}

/** A server on 127.0.0.1 that serves `files` by name, records the paths asked for, and 404s the rest. */
export interface TestServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** `breakOff`: a file name whose body stops halfway and whose connection is then cut. */
export async function serve(files: Record<string, Uint8Array>, breakOff?: string): Promise<TestServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const name = (req.url ?? "/").slice(1);
    requests.push(name);
    const body = files[name];
    if (!body) {
      res.writeHead(404, "Not Found").end();
      return;
    }
    res.writeHead(200, { "content-length": body.length, "content-type": "application/octet-stream" });
    if (name === breakOff) {
      res.write(body.subarray(0, body.length >> 1), () => res.destroy());
      return;
    }
    res.end(body);
  });
  const url = await listen(server);
  return { url, requests, close: () => new Promise((done) => server.close(() => done())) };
}

/** A URL on 127.0.0.1 where nothing listens: a port that was just opened and closed again. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await new Promise((done) => server.close(done));
  return url;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}
