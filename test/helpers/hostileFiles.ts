/** Crafted files for the hostile inputs: FIFOs, PNG bombs, IDX and NPY headers, deeply nested JSON. */
import { execFileSync } from "node:child_process";
import { deflateSync } from "node:zlib";
import { PNG } from "pngjs";

/** Makes a FIFO at `path` (Node has no mkfifo of its own). */
export function mkfifo(path: string): void {
  execFileSync("mkfifo", [path]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Uint8Array) => {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
};

/**
 * A PNG of a few kilobytes whose header declares `width`×`height` grey pixels, with valid CRCs: a decoder that
 * trusts the header allocates width·height·4 bytes before it reads a pixel.
 */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc(200 * (width + 1));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A real 2×2 PNG. */
export function smallPng(): Buffer {
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(128);
  return PNG.sync.write(png);
}

/** The header of an IDX file of value type `type` (0x08 uint8) and `shape`. */
export function idxHeader(type: number, shape: readonly number[]): Buffer {
  const b = Buffer.alloc(4 + 4 * shape.length);
  b.set([0, 0, type, shape.length]);
  shape.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
}

/** An NPY version 1 file of zeros of dtype `descr` and `shape`. */
export function npyBytes(descr: string, shape: readonly number[]): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const prefix = Buffer.alloc(10);
  prefix.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  prefix.writeUInt16LE(header.length, 8);
  const size = Number(/\d+$/.exec(descr)?.[0] ?? 1);
  return Buffer.concat([prefix, Buffer.from(header, "latin1"), Buffer.alloc(shape.reduce((a, b) => a * b, 1) * size)]);
}

/** `open` `depth` times, then `close` `depth` times: JSON nested `depth` deep. */
export function deepJson(open: string, close: string, depth: number): string {
  return open.repeat(depth) + (open.startsWith("{") ? "0" : "") + close.repeat(depth);
}
