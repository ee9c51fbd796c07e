// Shared by the tests only (not exported by either entry): hand-written IDX files, small synthetic
// data sets, gzip bombs, a memory gauge, and a local HTTP server.
import { createServer, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { constants as zlibConstants, crc32, deflateRawSync, gzipSync } from "node:zlib";
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
  return serveWith((req, res) => {
    const name = (req.url ?? "/").slice(1);
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
}

/** A server on 127.0.0.1 answering with `handler`; it records the paths asked for, and closing it cuts open connections. */
export async function serveWith(handler: RequestListener): Promise<TestServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push((req.url ?? "/").slice(1));
    handler(req, res);
  });
  const url = await listen(server);
  return {
    url,
    requests,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** Sends zeros, 64 KiB at a time, until the client goes away. */
export function endless(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/octet-stream" });
  const block = new Uint8Array(64 * 1024);
  const more = () => {
    while (!res.destroyed && res.write(block));
  };
  res.on("drain", more);
  more();
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

/**
 * A gzip bomb: the gzip of a ubyte IDX header declaring `dims`, followed by `zeros` zero bytes
 * (200 MiB make about 200 KB). One mebibyte of zeros is compressed once and its deflate blocks
 * repeated: each piece ends with a full flush, so it refers to nothing before it and pieces chain.
 */
export function gzipBomb(dims: number[], zeros: number): Uint8Array {
  const piece = (data: Uint8Array) => deflateRawSync(data, { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH });
  const header = writeIdx("ubyte", dims, []);
  const mebibyte = new Uint8Array(1 << 20);
  const whole = piece(mebibyte);
  const parts: Uint8Array[] = [Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255), piece(header)];
  let crc = crc32(header);
  for (let left = zeros; left > 0; left -= mebibyte.length) {
    const part = left >= mebibyte.length ? mebibyte : mebibyte.subarray(0, left);
    parts.push(part === mebibyte ? whole : piece(part));
    crc = crc32(part, crc);
  }
  const trailer = new DataView(new ArrayBuffer(8));
  trailer.setUint32(0, crc, true);
  trailer.setUint32(4, (header.length + zeros) % 2 ** 32, true);
  parts.push(deflateRawSync(new Uint8Array(0)), new Uint8Array(trailer.buffer)); // the final, empty block
  return Buffer.concat(parts);
}

/** What a call cost: wall time, and growth of the process's peak RSS and of its ArrayBuffer memory (sampled every millisecond). */
export interface Cost {
  ms: number;
  peakRssMB: number;
  arrayBuffersMB: number;
}

/**
 * Runs `fn` (sync or async) and measures it. The peak RSS is the kernel's high-water mark, so it
 * also catches memory held only in the middle of a synchronous call; it only grows when `fn` goes
 * above every earlier peak of the process, which is what a bound on it checks.
 */
export async function measure(fn: () => unknown): Promise<Cost> {
  const peakBefore = process.resourceUsage().maxRSS;
  const buffersBefore = process.memoryUsage().arrayBuffers;
  let buffersPeak = buffersBefore;
  const sample = setInterval(() => (buffersPeak = Math.max(buffersPeak, process.memoryUsage().arrayBuffers)), 1);
  const start = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(sample);
  }
  const ms = performance.now() - start;
  buffersPeak = Math.max(buffersPeak, process.memoryUsage().arrayBuffers);
  const MB = 2 ** 20;
  return { ms, peakRssMB: ((process.resourceUsage().maxRSS - peakBefore) * 1024) / MB, arrayBuffersMB: (buffersPeak - buffersBefore) / MB };
}

/** `gz` with a file name of `length` bytes in its gzip header (FNAME, RFC 1952), as some tools write. */
export function withLongName(gz: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(gz.length + length + 1);
  out.set(gz.subarray(0, 10));
  out[3] |= 0x08;
  out.fill(0x61, 10, 10 + length);
  out.set(gz.subarray(10), 11 + length);
  return out;
}
